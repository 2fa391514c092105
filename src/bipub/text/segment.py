"""Sentence segmentation of the Chinese source (the zh→en pair's ``split_source``).

Chinese sentences end at 。！？；… (and ``……``), together with any closing
quotes or brackets that follow (``。”`` ``！）``).  A sentence end inside
quotation marks does not split the quotation: quoted speech stays one segment
with the sentence around it.  Full stops between digits (``1.148``) are never
ends.
"""

from __future__ import annotations


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
