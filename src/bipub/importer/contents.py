"""A table of contents copied at the top of a document: removed and listed.

The edition makes its own contents, so a copied one would only print as empty
headings and duplicate the real ones.  A contents block is recognised when

* a line that says ``目录`` / ``目  录`` / ``目次`` (Traditional ``目錄`` too) stands within the
  first ``TOP`` pieces and is followed by entries, or
* at least ``LEADERS_MIN`` lines in a row near the top end in a leader and a page
  number (``第一章　总则……3``, ``一、总体要求 ........ 12``);

an **entry** is a line whose text (without its leader and page number) is printed
again later as a line of its own (the real heading), or a line that ends in a
leader and a page number.  The block ends at the first line that is neither, or
at a line printed earlier in the block (the real headings have begun).  A real
heading is never removed: an entry is removed only while its text is still to come.
Each removed line is listed (``import.contents``) and its page numbers counted as
removed for the number check.
"""

from __future__ import annotations

import re

from bipub.importer.fold import on_simplified
from bipub.importer.pieces import Piece
from bipub.importer.report import Report

#: how far from the top a contents block may start (in pieces)
TOP = 12
#: lines ending in a leader and page number that make a contents block without a ``目录`` line
LEADERS_MIN = 3
_HEADER = re.compile("^目[ \u3000]*(?:录|次)$")
#: a leader (dots, ellipses, middle dots, dashes or spaces) then a page number at the end of a line
_PAGE = re.compile(r"(?:[.．…·•\-—─ \u3000]{2,}|…+)\s*[0-9０-９]{1,4}\s*$")


@on_simplified
def is_header(text: str) -> bool:
    return bool(_HEADER.match(text.strip()))


def _key(text: str) -> str:
    return re.sub("[ \u3000]+", "", _PAGE.sub("", text))


def strip(pieces: list[Piece], report: Report) -> list[Piece]:
    """``pieces`` without the contents block (see the module docstring)."""
    start = next((i for i, p in enumerate(pieces[:TOP]) if p.kind == "paragraph" and is_header(p.text)), None)
    first = start + 1 if start is not None else _leaders_start(pieces)
    if first is None:
        return pieces
    seen: set[str] = set()
    end = first
    while end < len(pieces) and pieces[end].kind == "paragraph":
        key = _key(pieces[end].text)
        later = {_key(q.text) for q in pieces[end + 1:]}
        if not key or key in seen or (key not in later and not _PAGE.search(pieces[end].text)):
            break
        seen.add(key)
        end += 1
    if end - first < (1 if start is not None else LEADERS_MIN):
        return pieces
    drop = pieces[start if start is not None else first: end]
    for p in drop:
        report.remove(p.line, p.text)
    entries = "；".join(_key(p.text) for p in drop[1 if start is not None else 0:][:6])
    more = "…" if end - first > 6 else ""
    report.add("contents", "repaired", f"removed a table of contents ({end - first} entries: {entries}{more}) "
               f"on lines {drop[0].line}–{drop[-1].end}; the edition makes its own contents", drop[0].line)
    return [p for p in pieces if not any(p is d for d in drop)]


def _leaders_start(pieces: list[Piece]) -> int | None:
    """The first of ``LEADERS_MIN`` lines in a row near the top that end in a leader and a page number."""
    for i in range(min(TOP, len(pieces))):
        run = pieces[i: i + LEADERS_MIN]
        if len(run) == LEADERS_MIN and all(p.kind == "paragraph" and _PAGE.search(p.text) for p in run):
            return i
    return None
