"""Reading bipub's own source format back, so that importing an imported file changes nothing.

A text that starts with a ``+++`` TOML front matter is taken for a bipub
source: its front matter, ``#`` headings (levels kept), figures and paragraphs
are read as they are; the repairs and checks then run on them as on raw text.
"""

from __future__ import annotations

import re
import tomllib

from bipub.importer import patterns
from bipub.importer.clean import Line
from bipub.importer.decode import ImportRefused
from bipub.importer.pieces import Piece
from bipub.importer.write import unescape

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FIGURE = re.compile(r'^!\[(?P<cap>(?:[^\]\\]|\\.)*)\]\(<>(?:\s+"(?P<credit>(?:[^"\\]|\\.)*)")?\)$')


def is_source(lines: list[Line]) -> bool:
    """Does the text start with a ``+++`` front matter that is closed?"""
    return bool(lines) and lines[0].text == "+++" and any(ln.text == "+++" for ln in lines[1:])


def read_source(lines: list[Line], name: str) -> tuple[dict, list[Piece]]:
    end = next(i for i in range(1, len(lines)) if lines[i].text == "+++")
    try:
        meta = tomllib.loads("\n".join(ln.text for ln in lines[1:end]))
    except tomllib.TOMLDecodeError as e:
        raise ImportRefused(f"{name}:{lines[0].no}: front matter is not valid TOML: {e}") from None
    pieces: list[Piece] = []
    cur: Piece | None = None
    block = 0
    for ln in lines[end + 1:]:
        if not ln.text:
            cur = None
            block += 1
            continue
        h = _HEADING.match(ln.text)
        f = _FIGURE.match(ln.text)
        if h:
            num = patterns.heading_number(unescape(h.group(2)))
            pieces.append(Piece("heading", unescape(h.group(2)), ln.no, ln.no, block=block, level=len(h.group(1)),
                                numbering=num.kind if num else "plain"))
            cur = None
        elif f and cur is None:
            credit = (f.group("credit") or "").replace('\\"', '"').replace("\\\\", "\\")
            pieces.append(Piece("figure", unescape(f.group("cap")), ln.no, ln.no, block=block, credit=credit))
        elif cur is not None:
            cur.text += ("" if _cjk_edge(cur.text, ln.text) else " ") + unescape(ln.text)
            cur.end = ln.no
        else:
            cur = Piece("paragraph", unescape(ln.text), ln.no, ln.no, block=block)
            pieces.append(cur)
    return meta, pieces


def _cjk_edge(left: str, right: str) -> bool:
    """Soft line breaks between Chinese characters join without a space."""
    return not (left[-1:].isascii() and right[:1].isascii())
