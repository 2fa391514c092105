"""Text normalization shared by glossary matching, translation memory and the cache.

``fold(text)`` maps a string to its comparison form one character at a time,
so the result always has the same length and a match found in the folded text
points at the same offsets in the original:

* full-width ASCII (``（`` ``１`` ``Ａ`` and the ideographic space) → half-width,
  typographic quotes and dashes → ``'`` ``"`` ``-``;
* Traditional → Simplified with OpenCC ``t2s``, character by character (so the
  length never changes; phrase-level conversion is used only for publishing);
* lower case, per character: a letter whose lower case is two characters keeps
  the first (``İ`` → ``i``), and ``Σ`` is always ``σ`` (no final-sigma rule).

The work is a precomputed translation table.  Computing it takes about 0.15 s
(OpenCC converts every CJK character in one call, and every cased letter is
lowered), so it ships with bipub (``fold_tables.json``, written by
``python -m bipub.text.normalize``) and is read in a few milliseconds when it was
made by the OpenCC and Unicode versions installed; otherwise it is computed
once per process, as before.  ``tests/unit/test_fold_tables.py`` checks that
the shipped table is what the installed versions compute.  Long
mostly-Simplified texts only touch the characters that change, so a million
characters fold in a few hundredths of a second.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

import opencc

_t2s = None


def _converter() -> opencc.OpenCC:
    global _t2s
    if _t2s is None:
        _t2s = opencc.OpenCC("t2s")
    return _t2s


_WIDTH = {0x3000: " "}
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})
# typographic quotes and dashes that OCR and web copies mix freely
_WIDTH.update({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2014: "-", 0x2015: "-", 0x2013: "-"})
_WIDTH_TABLE = str.maketrans(_WIDTH)

# where OpenCC t2s has single characters to convert: CJK radicals to the end of the
# BMP (before the surrogates), compatibility ideographs and forms, and the
# supplementary ideograph planes (extensions B to H)
_CJK_RANGES = ((0x2E80, 0xD800), (0xF900, 0x10000), (0x20000, 0x323B0))

_T2S_TABLE: dict[int, str] = {}  # code point → its Simplified character (only those that change)
_FOLD_TABLE: dict[int, str] = {}  # code point → its folded character (non-ASCII ones that change)
_FOLD_RUNS: list[re.Pattern[str]] = []  # one pattern: a run of characters _FOLD_TABLE changes, captured


def _lower1(ch: str) -> str:
    """Lower case of one character, always one character (``İ`` → ``i``)."""
    low = ch.lower()
    return low if len(low) == 1 else low[0]


#: the shipped tables, and what made them: another OpenCC or Unicode version computes them afresh
TABLES_FILE = Path(__file__).with_name("fold_tables.json")


def tables_stamp() -> dict[str, str]:
    return {"opencc": str(getattr(opencc, "__version__", "?")), "unicode": unicodedata.unidata_version,
            "width": hashlib.sha256(json.dumps(sorted(_WIDTH.items())).encode()).hexdigest()[:16]}


def compute_tables() -> tuple[dict[int, str], dict[int, str]]:
    """(Traditional → Simplified, fold) for single characters, from OpenCC and Python's Unicode data."""
    chars = [chr(cp) for a, b in _CJK_RANGES for cp in range(a, b)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # not seen with OpenCC 1.1; convert one by one then
        converted = [_converter().convert(c) for c in chars]
    t2s = {ord(c): o for c, o in zip(chars, converted) if len(o) == 1 and o != c}

    fold: dict[int, str] = {}
    # letters with case: every cased script is in planes 0 and 1
    cased = [chr(cp) for cp in range(0x80, 0x20000)]
    domain = set(_WIDTH) | set(t2s) | {ord(c) for c, low in zip(cased, map(str.lower, cased)) if low != c}
    for cp in domain:
        ch = _WIDTH.get(cp, chr(cp))
        ch = t2s.get(ord(ch), ch)
        ch = _lower1(ch)
        if ch != chr(cp):
            fold[cp] = ch
    # ``fold`` finishes with str.lower() for ASCII; it must find nothing else to change
    assert all(v.lower() == v for v in fold.values())
    return t2s, fold


def _pairs(table: dict[int, str]) -> list[str]:
    keys = sorted(table)
    return ["".join(map(chr, keys)), "".join(table[k] for k in keys)]


def write_tables(path: Path = TABLES_FILE) -> None:
    t2s, fold = compute_tables()
    data = {"stamp": tables_stamp(), "t2s": _pairs(t2s), "fold": _pairs(fold)}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def shipped_tables(path: Path = TABLES_FILE) -> tuple[dict[int, str], dict[int, str]] | None:
    """The shipped tables when the installed OpenCC and Unicode made them, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["stamp"] != tables_stamp():
            return None
        (t2s_from, t2s_to), (fold_from, fold_to) = data["t2s"], data["fold"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(t2s_from) != len(t2s_to) or len(fold_from) != len(fold_to):
        return None
    return dict(zip(map(ord, t2s_from), t2s_to)), dict(zip(map(ord, fold_from), fold_to))


def _tables() -> tuple[dict[int, str], dict[int, str]]:
    if not _FOLD_TABLE:
        t2s, fold = shipped_tables() or compute_tables()
        _T2S_TABLE.update(t2s)
        _FOLD_TABLE.update(fold)
    return _T2S_TABLE, _FOLD_TABLE


def _runs() -> re.Pattern[str]:
    """A run of characters the fold changes (compiled when a long text first needs it: ~40 ms)."""
    if not _FOLD_RUNS:
        bmp = "".join(re.escape(chr(cp)) for cp in sorted(_tables()[1]) if cp < 0x10000)
        # astral characters as one range: a class listing them would lose sre's fast BMP bitmap
        _FOLD_RUNS.append(re.compile("([" + bmp + "\U00010000-\U0010ffff]+)"))
    return _FOLD_RUNS[0]


# What counts as a Chinese character is written here once; other modules build their
# patterns from these class bodies (``f"[{HAN_CHARS}{CJK_PUNCT}]"``), never their own ranges.
#: the body of a character class: CJK Unified Ideographs, Extension A, Compatibility Ideographs
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: the ideographs outside the BMP (Extensions B to F, Compatibility Supplement): rare names and places
HAN_ASTRAL = "\U00020000-\U0002fa1f"
#: CJK Symbols and Punctuation (、。「」〇) and the full-width forms (，：（）０-９)
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
#: every wide East Asian character that joins without spaces: radicals, kana, ideographs,
#: the punctuation and full-width forms
CJK_WIDE = "\u2e80-\u9fff\uf900-\ufaff" + CJK_PUNCT
#: one Chinese ideograph of the BMP
HAN = re.compile(f"[{HAN_CHARS}]")


def has_chinese(text: str) -> bool:
    """True when ``text`` holds a Chinese ideograph."""
    return HAN.search(text) is not None


def fold_width(text: str) -> str:
    """Full-width forms and typographic quotes to their ASCII twins, length preserved."""
    return text.translate(_WIDTH_TABLE)


def to_simplified_chars(text: str) -> str:
    """Traditional → Simplified one character at a time (length preserved)."""
    if text.isascii():
        return text
    return text.translate(_tables()[0])


_SHORT = 4096  # below this many characters one str.translate is as fast as anything


def fold(text: str) -> str:
    """The comparison form of ``text``: same length, same offsets (see the module docstring)."""
    if text.isascii():
        return text.lower()
    table = _tables()[1]
    if len(text) <= _SHORT:
        return text.translate(table).lower()
    runs = _runs()
    if len(runs.findall(text, 0, _SHORT)) * 8 > _SHORT:
        return text.translate(table).lower()
    # mostly Simplified text: translate only the runs of characters that change
    # (full-width punctuation, the odd Traditional form); str.translate alone looks up
    # every character in the table and is three times slower on such text
    parts = runs.split(text)  # [unchanged, changing, unchanged, …]
    parts[1::2] = [p.translate(table) for p in parts[1::2]]
    return "".join(parts).lower()


def squash(text: str) -> str:
    """``fold`` plus whitespace removed: the identity of a segment for memory and cache."""
    return "".join(fold(unicodedata.normalize("NFC", text)).split())


def segment_key(text: str) -> str:
    """Content key of a Chinese segment (12 hex digits of SHA-1 over ``squash``)."""
    return hashlib.sha1(squash(text).encode("utf-8")).hexdigest()[:12]



if __name__ == "__main__":  # python -m bipub.text.normalize: write the shipped tables afresh
    write_tables()
    print(f"wrote {TABLES_FILE} for {tables_stamp()}", file=sys.stderr)
