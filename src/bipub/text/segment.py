"""Sentence segmentation: Chinese source and English target.

Chinese sentences end at 。！？；… (and ``……``), together with any closing
quotes or brackets that follow (``。”`` ``！）``).  A sentence end inside
quotation marks does not split the quotation: quoted speech stays one segment
with the sentence around it.  Full stops between digits (``1.148``) are never
ends.  English sentences end at . ! ? followed by a space and an upper-case
letter or an opening quote, with common abbreviations and decimals kept whole.
"""

from __future__ import annotations

import re

ZH_ENDS = "。！？；!?"
ZH_ELLIPSIS = "…"
CLOSERS = "”’」』）)》〉】〕\"'"
OPEN_QUOTES = "“‘「『"
CLOSE_QUOTES = "”’」』"


def split_zh(text: str) -> list[str]:
    """Split Chinese text into sentences; ``"".join(result) == text``."""
    out: list[str] = []
    start = 0
    depth = 0  # nesting of Chinese quotation marks
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        is_end = ch in ZH_ENDS or (ch == ZH_ELLIPSIS and (i + 1 >= n or text[i + 1] != ZH_ELLIPSIS))
        if ch == "." or ch == "．":
            is_end = False  # ASCII/full-width full stops are decimals or abbreviations in Chinese text
        if is_end and depth == 0:
            j = i + 1
            while j < n and (text[j] in CLOSERS or text[j] in ZH_ENDS or text[j] == ZH_ELLIPSIS):
                j += 1
            # swallow trailing spaces into this sentence
            while j < n and text[j] in " \u3000\t":
                j += 1
            if text[start:j].strip():
                out.append(text[start:j])
                start = j
            i = j
            continue
        i += 1
    rest = text[start:]
    if rest.strip() or not out:
        if rest:
            out.append(rest)
    else:
        out[-1] += rest  # trailing whitespace belongs to the last sentence
    return out


_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "no", "nos", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "st", "u.s", "approx", "fig"}
_EN_END = re.compile(r"""[.!?…]["'”’)\]]*\s+(?=["“‘(\[]?[A-Z0-9])""")


def split_en(text: str) -> list[str]:
    """Split English text into sentences (used for target-side QA and alignment)."""
    out: list[str] = []
    start = 0
    for m in _EN_END.finditer(text):
        end = m.end()
        candidate = text[start:m.start() + 1]
        last_word = re.findall(r"([A-Za-z.]+)\.$", candidate.rstrip("\"'”’)]"))
        if last_word and last_word[0].lower().rstrip(".") in _ABBREV:
            continue
        if re.search(r"\b[A-Z]\.$", candidate):  # initials: "J. Smith"
            continue
        out.append(text[start:end])
        start = end
    if start < len(text):
        out.append(text[start:])
    return [s.strip() for s in out if s.strip()]
