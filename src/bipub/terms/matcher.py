"""Finding glossary terms in a text: one Aho-Corasick automaton over the folded keys.

The rule (``Matcher.match``): of all places where a key occurs in the folded
text, the longest is taken first, then the longest that does not overlap it,
and so on; of two equally long ones the leftmost wins.  A key that begins (ends)
with an ASCII letter or digit only counts where it begins (ends) a word, so
``360`` is not found in ``1360``.

Cost: building is linear in the total length of the keys (pyahocorasick, in C);
matching is linear in the text plus the number of occurrences, whatever the
size of the glossary.  Occurrences that overlap nothing (nearly all) are taken
as they are; only a cluster of overlapping ones is settled by the rule above,
on its own, since nothing outside it can touch it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")

_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")  # folded ASCII letters and digits
_GC_PAUSE = 100_000  # on longer texts the garbage collector waits until the matches are made


class Matcher(Generic[T]):
    """Keys (already folded) → values; ``spans(folded)`` finds them by the rule above."""

    def __init__(self, entries: Iterable[tuple[str, T]]):
        self._auto = ahocorasick.Automaton()
        self._guarded = False  # does any key begin or end with a letter or digit?
        for key, value in entries:
            edges = (key[0] in _WORD) | (key[-1] in _WORD) << 1
            self._guarded |= bool(edges)
            self._auto.add_word(key, (len(key), edges, value))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def __len__(self) -> int:
        return len(self._auto)

    def spans(self, folded: str) -> list[tuple[int, int, T]]:
        """``(start, end, value)`` of every match in ``folded``, in text order."""
        if self._empty or not folded:
            return []
        paused = len(folded) > _GC_PAUSE and gc.isenabled()
        if paused:
            gc.disable()
        try:
            return _settle(self.occurrences(folded))
        finally:
            if paused:
                gc.enable()

    def occurrences(self, folded: str) -> list[tuple[int, int, T]]:
        """Every occurrence of every key (overlapping ones too) that stands as a word where it must,
        sorted by start then end."""
        if self._empty or not folded:
            return []
        found = [(i + 1 - n, i + 1, v) for i, (n, _, v) in self._auto.iter(folded)] if not self._guarded else [
            (i + 1 - n, i + 1, v) for i, (n, edges, v) in self._auto.iter(folded)
            if not edges or _whole(folded, i + 1 - n, i + 1, edges)]
        found.sort()  # by start, then end: no two occurrences share both (keys are distinct)
        return found


def _span(occ: tuple) -> tuple[int, int]:
    return occ[0], occ[1]


def _whole(folded: str, s: int, e: int, edges: int) -> bool:
    if edges & 1 and s and folded[s - 1] in _WORD:
        return False
    return not (edges & 2 and e < len(folded) and folded[e] in _WORD)


def _settle(occ: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """Occurrences sorted by start → the matches: clusters of overlapping ones settled apart."""
    out: list[tuple[int, int, T]] = []
    i, n = 0, len(occ)
    while i < n:
        j, reach = i + 1, occ[i][1]
        while j < n and occ[j][0] < reach:
            reach = max(reach, occ[j][1])
            j += 1
        if j == i + 1:
            out.append(occ[i])
        else:
            out.extend(_longest_first(occ[i:j]))
        i = j
    return out


def _longest_first(cluster: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """Longest first, leftmost on ties, never overlapping one already taken."""
    base = cluster[0][0]
    taken = bytearray(max(e for _, e, _ in cluster) - base)
    kept = []
    for occ in sorted(cluster, key=lambda o: (o[0] - o[1], o[0])):
        s, e = occ[0] - base, occ[1] - base
        if taken.find(1, s, e) < 0:
            taken[s:e] = b"\x01" * (e - s)
            kept.append(occ)
    kept.sort(key=_span)
    return kept
