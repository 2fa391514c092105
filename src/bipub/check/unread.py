"""``qa.number-unread``: every figure of the Chinese is read by a rule or reported.

The number check (``qa.number-missing``) can only check what the number rules
read.  A figure written in a shape they cannot read exactly (``12 3456``,
``1,2345``, ``3.4.5``, ``1２%`` or ``12．5`` in mixed widths, digits with stray
spaces, ``75.3 万``, ``1.2万 亿`` or ``5. 2%`` split from their magnitude or decimals) would otherwise reach the English unchecked, and could be lost or
garbled silently.  So every digit run of the Chinese is one of:

* inside a number span (a rule read it; ``qa.number-missing`` checks it) or a
  glossary term (its approved English carries it);
* inside a Latin-letter code (``C919``, ``5G``, ``PM2.5``, ``W12000-450``): kept as
  written, so the English must hold the code as written (``qa.number-missing``);
* a label or enumerator (``表1``, ``图2``, ``附件3``; ``（1）``, ``1.`` ``2、`` at the
  start of the segment): the English must hold the same number (``qa.number-missing``);
* anything else: ``qa.number-unread`` with the whole figure as written.  It blocks
  the publish gate (the English cannot be checked by rule) until a person has
  reviewed the segment's English (then it is ``info``, a note of what they checked)
  or the Chinese is written in a shape the rules read.
"""

from __future__ import annotations

import re

from bipub.findings import Finding
from bipub.model import Segment
from bipub.terms.numbers.scan import code_spans
from bipub.text.normalize import fold_width

_D = "[0-9０-９]"
#: a figure as written: digit runs joined by one point, comma or space (``12 3456``, ``3.4.5``, ``1,2345``)
FIGURE = re.compile(rf"{_D}+(?:[.,．  \u2009\u202f]{_D}+)*")
#: a figure split by a space from its magnitude (``75.3 万人``) or its decimals (``5. 2%``): the rules would read
#: another figure (75.3, or 5 and 2%), so it is unread even where spans cover its parts
SPLIT = re.compile(rf"{_D}+(?:[.,．]{_D}+)?(?:[.．][ \t\u3000\u2009\u202f]+{_D}+|万?[ \t\u3000\u2009\u202f]+(?=[万亿]))")
#: an enumerator at the start of a segment: ``（1）`` ``(2)`` ``3.`` ``4、`` ``5．``
ENUMERATOR = re.compile(rf"^\s*(?:[（(]\s*({_D}{{1,3}})\s*[)）]|({_D}{{1,3}})\s*[.、．](?!{_D}))")
#: a label: 表1 图2 附表3 附图4 附件5 注6 (how reports number tables, figures, annexes and notes)
LABEL = re.compile(rf"(?:附表|附图|附件|图表|表|图|注)\s*({_D}{{1,3}})(?!{_D}|[.．]{_D})")
#: memory states a person set: their review is the check the rules could not make
HUMAN = ("reviewed", "approved")


def _covered(seg: Segment) -> bytearray:
    mask = bytearray(len(seg.source))
    for sp in seg.spans:
        mask[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
    return mask


def _as_written(seg: Segment, mask: bytearray) -> list[tuple[str, str]]:
    """(what, the text the English must hold) for the codes, labels and enumerators of the source,
    each marked in ``mask`` as accounted for."""
    src = seg.source
    out = []
    for start, end in code_spans(src):
        if not all(mask[start:end]):
            out.append(("code", src[start:end]))
            mask[start:end] = b"\x01" * (end - start)
    found = [m for m in [ENUMERATOR.match(src)] if m] + list(LABEL.finditer(src))
    for m in found:
        g = 1 if m.group(1) is not None else 2
        start, end = m.span(g)
        if not any(mask[start:end]):
            out.append(("number", fold_width(m.group(g))))
            mask[start:end] = b"\x01" * (end - start)
    return out


def _holds(english: str, what: str, text: str) -> bool:
    plain = fold_width(english).lower()
    want = fold_width(text).lower()
    if what == "code":
        return re.search(rf"(?<![0-9a-z]){re.escape(want)}(?![0-9a-z])", plain) is not None
    return re.search(rf"(?<![\d.]){re.escape(str(int(want)))}(?![\d]|\.\d)", plain) is not None


def check_number_unread(seg: Segment, ctx) -> list[Finding]:
    mask = _covered(seg)
    out = []
    for what, text in _as_written(seg, mask):
        if not _holds(seg.target, what, text):
            shown = f"the code {text}" if what == "code" else f"the number {text}"
            out.append(Finding("qa.number-missing", "warning",
                               f"{shown} of the source (kept as written) is not in the English"))
    unread = []
    for m in FIGURE.finditer(seg.source):
        if all(mask[m.start():m.end()]) or m.group() in unread:
            continue
        digits = [k for k in range(m.start(), m.end()) if seg.source[k].isdigit()]
        if any(not mask[k] for k in digits):
            unread.append(m.group())
    for m in SPLIT.finditer(seg.source):  # shown with the magnitude it is split from: “75.3 万”
        text = seg.source[m.start():m.end() + (1 if m.group()[-1].isspace() else 0)]
        if text not in unread:
            unread.append(text)
    if not unread:
        return out
    shown = ", ".join(f"“{u}”" for u in unread)
    if seg.origin == "memory" and seg.state in HUMAN:
        out.append(Finding("qa.number-unread", "info", f"figure {shown} cannot be read by the number rules; "
                           f"its English was checked by a person ({seg.state})"))
    else:
        out.append(Finding("qa.number-unread", "warning", f"figure {shown} is written in a shape the number rules "
                           "cannot read (mixed digit widths, stray spaces or separators?), so its English cannot be "
                           "checked: correct the Chinese, or check the English by hand and mark the segment reviewed"))
    return out
