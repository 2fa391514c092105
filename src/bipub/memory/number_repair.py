"""Number repair of reused English, as CAT tools do it for fuzzy matches.

When a sentence changed only in its figures (``同比增长8.4%`` → ``8.6%``), the
English of the old sentence is right except for those figures.  The number
rules (the pair's ``find_numbers``) read both Chinese sentences; the figures
are paired by position, and each changed figure's old English (``8.4 percent``)
is replaced in the reused English by its new English (``8.6 percent``).

:func:`repair` says one of three things:

* ``same``: the figures did not change (the same number expressions; in
  another order only when the words changed too): the English is reused as it is;
* ``repaired``: the English with the new figures (``changes`` lists them);
* ``refused``: figures changed and cannot be carried over (``why``): the
  sentence changed in more than its figures, or a changed figure's old English
  is not in the old English exactly once (an editor wrote it another way, or
  the same figure twice), or the old Chinese has it twice.  The caller must not
  reuse the English then.

No digit is ever guessed: every English figure written comes from a rule.  A figure that opens
a sentence is capitalised (``Over 750,000 new urban jobs``), and found there capitalised.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

_MASK = "\x00"


@dataclass(frozen=True)
class Repair:
    outcome: str  # "same" | "repaired" | "refused"
    target: str | None = None  # the English to reuse ("same", "repaired")
    changes: tuple[tuple[str, str], ...] = ()  # (old Chinese figure, new Chinese figure)
    why: str = ""  # "refused": why the figures cannot be carried over

    def changes_text(self) -> str:
        """``8.4% → 8.6%; 2020年 → 2021年``."""
        return "; ".join(f"{a} → {b}" for a, b in self.changes)


def _skeleton(text: str, matches) -> str:
    out, last = [], 0
    for m in matches:
        out += [text[last:m.start], _MASK]
        last = m.end
    out.append(text[last:])
    return "".join(out)


def _occurrences(english: str, text: str) -> list[re.Match]:
    """Where ``english`` stands in ``text`` as a whole figure (not inside ``18.4 percent`` or ``8.45``); a
    rendering that starts with a lower-case word also where a sentence opens with it capitalised (``Over 750,000``)."""
    head = english[:1]
    first = f"[{head}{head.upper()}]" if head.islower() else re.escape(head)
    found = re.finditer(r"(?<![0-9A-Za-z.])" + first + re.escape(english[1:]) + r"(?![0-9A-Za-z]|\.[0-9])", text)
    return [m for m in found if m.group()[0] == head or _opens_sentence(text, m.start())]


_ABBREVIATION = re.compile(r"(?i)\b(?:no|nos|e\.g|i\.e|vs|mr|mrs|ms|dr|st|art|arts|para|approx|cf|etc)\.\s+$")
_SENTENCE_END = re.compile(r"(?:^|[.!?。！？]['\"’”)]*\s+|\n)['\"‘“(]*$")


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a sentence: at the start, or after ``.`` ``!`` ``?`` (and quotes) and a space."""
    if _ABBREVIATION.search(text, 0, start):
        return False  # No. 1, e.g. over 750,000
    return _SENTENCE_END.search(text, 0, start) is not None or not text[:start].strip()


def _cased(english: str, text: str, start: int) -> str:
    """``english`` as it must stand at ``start`` of ``text``: capitalised where it opens a sentence."""
    return english[:1].upper() + english[1:] if _opens_sentence(text, start) else english


def repair(old_source: str, new_source: str, old_target: str, find_numbers: Callable[[str], list]) -> Repair:
    """The English of ``old_source`` (``old_target``) carried over to ``new_source`` (module doc)."""
    old, new = find_numbers(old_source), find_numbers(new_source)
    if [m.english for m in old] == [m.english for m in new]:
        return Repair("same", old_target)
    only_figures = len(old) == len(new) and _skeleton(old_source, old) == _skeleton(new_source, new)
    if not only_figures and Counter(m.english for m in old) == Counter(m.english for m in new):
        return Repair("same", old_target)  # reworded around the same figures
    changes = tuple((o.surface, n.surface) for o, n in zip(old, new) if o.english != n.english)
    if not only_figures:
        shown = "; ".join(f"{a} → {b}" for a, b in changes) if len(old) == len(new) else "figures added or removed"
        return Repair("refused", changes=changes, why=f"the sentence changed in more than its figures ({shown})")
    edits = []
    old_count = Counter(m.english for m in old)
    for o, n in zip(old, new):
        if o.english == n.english:
            continue
        found = _occurrences(o.english, old_target)
        if len(found) != 1 or old_count[o.english] != 1:
            where = "the old Chinese has it more than once" if old_count[o.english] != 1 else \
                f"the old English has it {len(found)} times"
            return Repair("refused", changes=changes,
                          why=f"“{o.english}” ({o.surface}) cannot be replaced: {where}")
        edits.append((found[0].start(), found[0].end(), _cased(n.english, old_target, found[0].start())))
    edits.sort()
    if any(a[1] > b[0] for a, b in zip(edits, edits[1:])):
        return Repair("refused", changes=changes, why="the old figures overlap in the English")
    out, last = [], 0
    for start, end, english in edits:
        out += [old_target[last:start], english]
        last = end
    out.append(old_target[last:])
    return Repair("repaired", "".join(out), changes)
