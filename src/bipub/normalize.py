"""Text normalization shared by glossary matching, translation memory and the cache.

``fold(text)`` maps a string to its comparison form while keeping a 1:1
character mapping (same length), so a match found in the folded text points at
the same offsets in the original:

* full-width ASCII (``（`` ``１`` ``Ａ`` and the ideographic space) → half-width;
* Traditional → Simplified with OpenCC ``t2s`` (character by character, so the
  length never changes; phrase-level conversion is used only for publishing);
* ASCII letters lower-cased.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

import opencc

_t2s = None


def _converter():
    global _t2s
    if _t2s is None:
        _t2s = opencc.OpenCC("t2s")
    return _t2s


_WIDTH = {0x3000: " "}
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})
# typographic quotes and dashes that OCR and web copies mix freely
_WIDTH.update({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2014: "-", 0x2015: "-", 0x2013: "-"})
_WIDTH_TABLE = str.maketrans(_WIDTH)


def fold_width(text: str) -> str:
    """Full-width forms and typographic quotes to their ASCII twins, length preserved."""
    return text.translate(_WIDTH_TABLE)


@lru_cache(maxsize=65536)
def _t2s_char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def to_simplified_chars(text: str) -> str:
    """Traditional → Simplified one character at a time (length preserved)."""
    if text.isascii():
        return text
    return "".join(_t2s_char(c) if ord(c) > 0x2E80 else c for c in text)


def fold(text: str) -> str:
    """The comparison form of ``text``: same length, same offsets."""
    return to_simplified_chars(fold_width(text)).lower()


def squash(text: str) -> str:
    """``fold`` plus whitespace removed: the identity of a segment for memory and cache."""
    return "".join(fold(unicodedata.normalize("NFC", text)).split())


def segment_key(text: str) -> str:
    """Content key of a Chinese segment (12 hex digits of SHA-1 over ``squash``)."""
    return hashlib.sha1(squash(text).encode("utf-8")).hexdigest()[:12]


def has_traditional(text: str) -> bool:
    """True when OpenCC would change some character of ``text``."""
    return to_simplified_chars(text) != text
