"""The number invariant: an import never invents, changes or silently loses a figure.

Every import ends with this check and states its result in the report
(``import.numbers``):

* each number in the output (body, front matter, figure captions and credits,
  table cells) appears in the input at least as many times;
* each number of the input appears in the output, or in text the import
  removed and listed with its line (a page number, a footer, a boilerplate
  block, a repeated paragraph).

A *number* is a run of digits with its inner separators (``1,244``
``5.2`` ``2024``); full-width digits count as their ASCII values, so a
full-width ``２０２４`` kept as it is still matches.  A note reference's label
(``[^1]``) is not a number; marks taken out of the text to make one are listed.  A violation is an
``error`` naming the number and its line: the editor must see it before
anything is published.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from bipub.importer.report import Report

_NUMBER = re.compile(r"[0-9\uff10-\uff19]+(?:[.,\uff0e][0-9\uff10-\uff19]+)*")
#: characters a reader does not see: a figure reads across them (``12<ZWSP>34`` is read 1234)
#: a note reference while importing (``notes.REF``): its label is not a figure
_NOTE_REF = re.compile("\ue000[^\ue000\ue001]*\ue001")
_UNSEEN = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def numbers(text: str) -> list[str]:
    """The numbers in ``text`` as a reader sees them: full-width digits and separators folded to ASCII,
    invisible and bidirectional control characters ignored."""
    text = _NOTE_REF.sub(" ", text)  # a note reference's label is not a figure
    return [unicodedata.normalize("NFKC", m.group()) for m in _NUMBER.finditer(_UNSEEN.sub("", text))]


@dataclass
class Tally:
    """Numbers with the first line each was seen on."""

    count: Counter
    where: dict

    @classmethod
    def of(cls, texts) -> "Tally":
        """``texts``: ``(line, text)`` pairs."""
        count: Counter = Counter()
        where: dict = {}
        for line, text in texts:
            for n in numbers(text):
                count[n] += 1
                where.setdefault(n, line)
        return cls(count, where)


def check(source: list[tuple[int | None, str]], output: list[tuple[int | None, str]],
          removed: list[tuple[int | None, str]], report: Report) -> bool:
    """Compare the numbers of the input, the output and the removed text; report the result.

    Returns True when the invariant holds.
    """
    src, out, gone = Tally.of(source), Tally.of(output), Tally.of(removed)
    invented = out.count - src.count
    lost = src.count - out.count - gone.count
    for n, k in sorted(invented.items(), key=lambda x: (out.where.get(x[0]) or 0, x[0])):
        report.add("numbers", "error", f"the output has {n}{_times(k)} more than the input: a figure was made or changed "
                   "by the import; compare with the original", out.where.get(n))
    for n, k in sorted(lost.items(), key=lambda x: (src.where.get(x[0]) or 0, x[0])):
        report.add("numbers", "error", f"{n} of the input{_times(k)} is missing from the output and was not listed as "
                   "removed: a figure was lost by the import; compare with the original", src.where.get(n))
    total = sum(src.count.values())
    removed = sum(min(gone.count[n], src.count[n]) for n in gone.count)
    if not invented and not lost:
        note = f" ({removed} in text removed and listed: page numbers, footers, repeats)" if removed else ""
        report.add("numbers", "info", f"number check passed: the {total} numbers of the input are in the output{note}, "
                   "and the output has no number the input does not have", None)
        return True
    return False


def _times(k: int) -> str:
    return f" ({k} times)" if k > 1 else ""
