"""Page numbers and running heads left in text copied out of a PDF or a printed page.

A line that is only a page number, in the shapes Chinese documents print them,
is removed and listed (its number goes to the number check as *removed*):

    — 2 —    - 12 -    －3－    第 2 页    第2页 共15页    2/15    Page 2 of 15

A page number copied into the middle of a sentence (``增收— 2 —困难``:
dashes round a number, Chinese on both sides, or after a complete figure as in
``增长8.4%— 3 —，``) is cut out the same way.  One spliced between two digits
(``1,234- 4 -567``) is never cut and never joined: ``import.page-number-suspect``
(warning) names the line and the editor decides.  A bare
number on its own line is **not** taken for a page number: in a table copied
one cell per line it is a figure.

A running head or footer is a short line printed on the same side of the page
numbers (the nearest line after one, or before one) at three page breaks or more
and at least half of them: those printings are removed and each listed with its line; the same text
elsewhere stays.  A repeated section heading (``二、农业`` in a table of contents
and again in the text) is never taken for one by repetition alone.  Nothing here ever touches a digit it does not remove whole.
"""

from __future__ import annotations

import re
from collections import Counter

from bipub.importer import patterns
from bipub.importer.clean import Line
from bipub.importer.report import Report
from bipub.importer.text import head
from bipub.text.normalize import HAN_CHARS

_D = "[—–－\\-─―]"
_N = "[0-9０-９]{1,4}"
_S = "[ \u3000]*"
PAGE_LINE = re.compile(
    f"^(?:{_D}{{1,2}}{_S}{_N}{_S}{_D}{{1,2}}"
    f"|第{_S}{_N}{_S}页(?:{_S}[,，/／]?{_S}共{_S}{_N}{_S}页)?"
    f"|{_N}{_S}[/／]{_S}{_N}"
    f"|(?:page|p\\.){_S}{_N}(?:{_S}(?:of|/){_S}{_N})?)$",
    re.IGNORECASE,
)
_HAN = HAN_CHARS
#: ``增收— 2 —困难``: Chinese (or its punctuation) on both sides, wide dashes round the number
SPLICED = re.compile(f"(?<=[{_HAN}，。；、“”%％‰])[ \u3000]*[—–－─―]{{1,2}}{_S}{_N}{_S}[—–－─―]{{1,2}}[ \u3000]*(?=[{_HAN}，。；、“”])")
#: ``1,234- 4 -567``: a page-number shape between two digits: one figure or two? never removed, never joined
BETWEEN_DIGITS = re.compile(f"(?<=[0-9０-９])[ \u3000]*{_D}{{1,2}}[ \u3000]+{_N}[ \u3000]+{_D}{{1,2}}[ \u3000]*(?=[0-9０-９])")
#: a running head is at most this long, and printed at least this often near page numbers
HEAD_MAX = 40
HEAD_MIN_REPEATS = 3


def is_page_number(text: str) -> bool:
    return bool(PAGE_LINE.match(text.strip()))


def strip(lines: list[Line], report: Report) -> list[Line]:
    """``lines`` without page-number lines, spliced page numbers and running heads (each listed)."""
    page_idx = [i for i, ln in enumerate(lines) if ln.text and is_page_number(ln.text)]
    heads = running_heads(lines, page_idx)
    drop = set(page_idx) | {i for found in heads.values() for i in found}
    out: list[Line] = []
    pages = []
    for i, ln in enumerate(lines):
        if i in drop:
            report.remove(ln.no, ln.text)
            if i in page_idx:
                pages.append(ln.no)
            report.page_breaks.append(ln.no)
            if out and out[-1].text:
                out.append(Line(ln.no, ""))  # one blank line: paragraphs around it keep their breaks
            continue
        for found in BETWEEN_DIGITS.finditer(ln.text):
            report.add("page-number-suspect", "warning", f"a page number may be printed inside a figure: "
                       f"{ln.text[max(0, found.start() - 8):found.end() + 8]}; left as written: remove the page number "
                       "by hand and check the figure against the original", ln.no)
        m = SPLICED.search(ln.text)
        if m is not None:
            new = SPLICED.sub("", ln.text)
            for found in SPLICED.finditer(ln.text):
                report.remove(ln.no, found.group())
            a, b = max(0, m.start() - 4), m.end() + 4
            report.add("page-number", "repaired", f"removed a page number printed inside the text: "
                       f"{ln.text[a:b]} → {new[a:m.start() + 4]}", ln.no)
            ln = Line(ln.no, new, ln.indented)
        out.append(ln)
    if pages:
        examples = ", ".join(list(dict.fromkeys(lines[i].text.strip() for i in page_idx))[:3])
        report.add_lines("page-number", "repaired", f"removed page-number lines ({examples})", pages)
    for text, found in heads.items():
        shown = ", ".join(str(lines[i].no) for i in found)
        report.add("running-head", "repaired", f"removed the running head/footer {head(text, 20)} printed beside "
                   f"{len(found)} of the {len(page_idx)} page numbers (lines {shown})", lines[found[0]].no)
    return out


def running_heads(lines: list[Line], page_idx: list[int]) -> dict[str, list[int]]:
    """Running heads and footers: text → indexes of the lines removed.

    A line is one only with strong evidence: it stands on the same side of a page number
    (the nearest line after it: a head; before it: a footer) at no fewer than
    ``HEAD_MIN_REPEATS`` page breaks and at least half of them.  Only those printings go;
    the same text elsewhere (the title on page 1) stays.  A numbered heading (``二、农业``)
    is taken for one only when every printing of it stands there.
    """
    if len(page_idx) < HEAD_MIN_REPEATS:
        return {}
    pages = set(page_idx)
    edges: dict[tuple[str, int], list[int]] = {}
    for i in page_idx:
        for step in (-1, 1):
            k = i + step
            while 0 <= k < len(lines) and not lines[k].text:
                k += step
            if 0 <= k < len(lines) and k not in pages and len(lines[k].text) <= HEAD_MAX:
                found = edges.setdefault((lines[k].text, step), [])
                if not found or found[-1] != k:
                    found.append(k)
    need = max(HEAD_MIN_REPEATS, (len(page_idx) + 1) // 2)
    out: dict[str, list[int]] = {}
    for (text, _), found in edges.items():
        if len(found) >= need and len(found) > len(out.get(text, [])):
            out[text] = found
    if out:
        every = Counter(ln.text for ln in lines if ln.text in out)
        out = {t: found for t, found in out.items()
               if every[t] == len(found) or (every[t] == len(found) + 1 and not patterns.heading_number(t))}
    return out
