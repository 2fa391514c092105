"""Finding glossary renderings in an English text in time linear in the text.

QA asks, for every term of a segment, whether the English holds its approved
rendering (and none of its forbidden ones).  Searching the whole English once
per term costs terms × length, which a long segment with many terms (a table
row, a long paragraph) makes quadratic.  :class:`Phrases` reads the English
once into words and an index of where each word stands, so each question costs
only the places where the phrase's first word occurs.

The comparison is ``qa._plain``'s: width folded, lower case, hyphens as spaces,
words and ``% $ & +``; a phrase may drop a leading ``the`` and inflect its last
word (plural ``chains``, ``industries``; possessive ``Hunan's``).
"""

from __future__ import annotations


def _last_forms(last: str) -> set[str]:
    """The last word as a sentence may inflect it: ``chain`` → chains, chain's; ``industry`` → industries."""
    stems = [last]
    if last.endswith("y") and len(last) > 2:
        stems.append(last[:-1] + "ies")
    forms = set()
    for stem in stems:
        forms.update({stem, stem + "s", stem + "es", stem + "'s", stem + "s'"})
    return forms


class Phrases:
    """The words of one English text (its ``qa._plain`` form), indexed by runs of n words.

    A phrase of n words is looked up in the index of the text's n-word runs (built once per n the
    segment's terms need): one hash look-up per form of the phrase, whatever the length of the text
    and however common its words are."""

    def __init__(self, plain: str):
        self.words = plain.split()
        self.grams: dict[int, dict[tuple[str, ...], list[int]]] = {}

    def _runs(self, n: int) -> dict[tuple[str, ...], list[int]]:
        runs = self.grams.get(n)
        if runs is None:
            runs = self.grams[n] = {}
            w = self.words
            for k in range(len(w) - n + 1):
                runs.setdefault(tuple(w[k:k + n]), []).append(k)
        return runs

    def spans(self, phrase_plain: str) -> list[tuple[int, int]]:
        """Where the phrase (a ``qa._plain`` form) stands, as word ranges; a leading ``the`` is optional
        and the last word may be inflected."""
        p = phrase_plain.split()
        if p[:1] == ["the"] and len(p) > 1:
            p = p[1:]
        if not p:
            return []
        runs, head = self._runs(len(p)), tuple(p[:-1])
        return sorted((k, k + len(p)) for form in _last_forms(p[-1]) for k in runs.get(head + (form,), ()))

    def exact(self, phrase_plain: str) -> list[tuple[int, int]]:
        """Where the phrase stands word for word (no inflection, ``the`` as written)."""
        p = tuple(phrase_plain.split())
        return [(k, k + len(p)) for k in self._runs(len(p)).get(p, ())] if p else []

    def has(self, phrase_plain: str) -> bool:
        return not phrase_plain.split() or bool(self.spans(phrase_plain))
