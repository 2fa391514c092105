"""The form glossary terms are compared in, shared by matching (`glossary`) and the row checks (`checks`).

``term_key(s)``: `normalize.fold` (full-width → half-width, Traditional → Simplified, lower
case), the corner quotes of Traditional texts as plain quotes, and without the layout
`GAP` — whitespace next to a Chinese character and zero-width characters — so ``李　强``,
``首台 (套)`` and ``首臺（套）`` are the keys of ``李强`` and ``首台（套）``.
"""

from __future__ import annotations

import bisect
import re
from array import array

from bipub.text.normalize import HAN_ASTRAL, HAN_CHARS, fold

#: whitespace next to a Chinese character, and zero-width characters anywhere (text copied from web
#: pages): layout, not part of a term (李　强, 首台 (套), 5G 基站, 首台\u200b（套）)
GAP = re.compile(f"[\u200b-\u200d\u2060\ufeff]+|\\s+(?=[{HAN_CHARS}{HAN_ASTRAL}])|(?<=[{HAN_CHARS}{HAN_ASTRAL}])\\s+")


#: corner quotes of Traditional texts (「小巨人」) are the quotes of a Simplified glossary (“小巨人”)
QUOTES = str.maketrans("「」『』", '""""')


def fold_term(text: str) -> str:
    """``normalize.fold`` and corner quotes as plain ones: the form terms are compared in (same length)."""
    return fold(text).translate(QUOTES)


class Offsets:
    """Squeezed offset → offset in the folded text: ``offsets[i]``.  Kept as the start of each run of
    kept characters (one pair per gap, not one number per character)."""

    def __init__(self):
        self.starts = array("q", [0])  # where each run begins in the squeezed text …
        self.origins = array("q", [0])  # … and in the folded text

    def __getitem__(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origins[k] + i - self.starts[k]


def squeeze(folded: str) -> tuple[str, Offsets]:
    """``folded`` without the layout `GAP`, and where each character kept stands in ``folded``."""
    offsets = Offsets()
    removed = 0
    for m in GAP.finditer(folded):
        removed += m.end() - m.start()
        offsets.starts.append(m.end() - removed)
        offsets.origins.append(m.end())
    return GAP.sub("", folded), offsets


def term_key(text: str) -> str:
    """The key a Chinese term (or a text looked up as one) is known by."""
    return squeeze(fold_term(text).strip())[0]
