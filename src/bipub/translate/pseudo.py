"""Pseudo-translation, as localisation teams use to test layout before real text exists.

Every Chinese character becomes an accented Latin syllable (deterministic, by
code point), Chinese punctuation becomes its English form, and the segment is
wrapped in ``[…]``.  The result is about as long as an English translation
(≈3 Latin letters per Chinese character), breaks and hyphenates like English,
and cannot be mistaken for a translation: renderers also print a banner
whenever a document contains pseudo text.  ASCII (the placeholders that protect
glossary terms and numbers) passes through untouched, so terms and numbers
reach the English column in their approved form even without a model.
"""

from __future__ import annotations

from dataclasses import dataclass

from bipub.text.normalize import has_chinese

_ONSETS = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "q", "r", "s", "t", "w", "x", "y", "z", "zh", "sh", "ch"]
_RIMES = ["á", "é", "í", "ó", "ú", "ài", "ào", "éi", "óu", "án", "én", "áng", "óng", "íng", "üé"]
_PUNCT = {
    "，": ", ", "。": ". ", "、": ", ", "；": "; ", "：": ": ", "！": "! ", "？": "? ",
    "（": " (", "）": ") ", "《": '"', "》": '"',
    "—": "-", "…": "...", "·": " ", "　": " ", "「": '"', "」": '"',
}


def _syllable(ch: str) -> str:
    cp = ord(ch)
    return _ONSETS[cp % len(_ONSETS)] + _RIMES[(cp // len(_ONSETS)) % len(_RIMES)]


def pseudo_translate(text: str) -> str:
    out: list[str] = []
    word = 0  # syllables in the current pseudo-word
    for ch in text:
        if has_chinese(ch):
            if word and word % 2 == 0:
                out.append(" ")
            out.append(_syllable(ch))
            word += 1
            continue
        word = 0
        out.append(_PUNCT.get(ch, ch))
    body = " ".join("".join(out).split())
    for a, b in ((" ,", ","), (" .", "."), ("( ", "("), (" )", ")"), (" ”", "”"), (" ’", "’"), ("“ ", "“")):
        body = body.replace(a, b)
    if body[:1].isalpha():
        body = body[0].upper() + body[1:]
    return f"[{body}]"


class PseudoEngine:
    """The ``pseudo`` engine: layout text, never a translation (not publishable: not cached,
    not kept in the memory, not checked by QA, and marked by a banner)."""

    name = "pseudo"
    origin = "pseudo"
    publishable = False
    protection = "placeholders"  # placeholders are ASCII: they pass through untouched

    @dataclass(frozen=True)
    class Config:
        """No settings."""

    @classmethod
    def open(cls, config, project) -> "PseudoEngine":
        return cls()

    def close(self) -> None:
        pass

    def translate_batch(self, texts: list[str]) -> list[str]:
        return [pseudo_translate(t) for t in texts]

    def signature(self) -> str:
        return "pseudo|v1"
