"""Character classes the importer's rules are written in.

Chinese text ends sentences with 。！？…； (and a closing quote or bracket may
follow); a paragraph whose last sentence-ending character is missing was cut
off somewhere.  These helpers are pure functions over strings.
"""

from __future__ import annotations

import re
import unicodedata

from bipub.text.normalize import HAN_ASTRAL, HAN_CHARS

#: characters that end a sentence (full-width and ASCII); ``：`` ends an
#: introduction (``各位代表：``) and counts as an end too
SENTENCE_ENDS = "。！？…；：!?;:．."
#: closing quotes and brackets that may follow a sentence end (``。”`` ``！）``)
CLOSERS = "”’」』）)》〉】〕\"'"
#: characters a sentence never starts with: these mark a fragment cut from its sentence
NEVER_STARTS = "，、。；：！？）」』》〉】〕,;:!?)”’"
#: paired marks checked for balance: opener → closer
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】", "〔": "〕"}
#: spaces that may stand in raw text (ASCII, ideographic, no-break, thin...)
SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u202f"
#: invisible characters removed from raw text
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: a no-break or thin space between digit groups (``1\u00a0234.5``): one figure or two? reported, kept
GROUPING_SPACE = re.compile("(?<=[0-9\uff10-\uff19])[\u00a0\u202f\u2009\u2007](?=[0-9\uff10-\uff19]{3}(?![0-9\uff10-\uff19]))")

_CJK_RE = re.compile(f"[{HAN_CHARS}{HAN_ASTRAL}]")


def is_cjk(ch: str) -> bool:
    """True for a Chinese character (CJK unified ideographs and extensions)."""
    return _CJK_RE.match(ch) is not None


def is_cjk_punct(ch: str) -> bool:
    """Full-width punctuation (``，。“”（）`` ...)."""
    cp = ord(ch)
    return 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF65 or ch in "“”‘’…—·"


def is_digit(ch: str) -> bool:
    """An ASCII or full-width digit (the characters a figure is written with)."""
    return "0" <= ch <= "9" or "\uff10" <= ch <= "\uff19"


def touches_digit(left: str, right: str) -> bool:
    """A break with a digit (ASCII or full-width) on either side: joining it could make or change a figure."""
    return bool(left) and bool(right) and (is_digit(left[-1]) or is_digit(right[0]))


def cjk_count(text: str) -> int:
    return len(_CJK_RE.findall(text))


def width(text: str) -> int:
    """Display width in columns: Chinese and full-width forms count 2, the rest 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def strip_closers(text: str) -> str:
    return text.rstrip(CLOSERS + SPACES)


def is_terminated(text: str) -> bool:
    """Does ``text`` end a sentence (``…。`` ``…！”`` ``…：``)?"""
    core = strip_closers(text.rstrip(SPACES))
    if not core:
        return True
    if core.endswith("——"):  # a dash at the end: the sentence runs on
        return False
    return core[-1] in SENTENCE_ENDS


def has_sentence_end_inside(text: str) -> bool:
    """True when a sentence ends somewhere in ``text`` (not counting the ASCII full stop)."""
    return any(c in "。！？；!?" for c in text)


def unbalanced(text: str) -> list[tuple[str, int]]:
    """Paired marks left open or closed without an opener: ``[(mark, index), ...]``.

    Straight double quotes ``"`` count as unbalanced when their number is odd.
    """
    closers = {v: k for k, v in PAIRS.items()}
    stack: list[tuple[str, int]] = []
    bad: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in PAIRS and not (ch == "‘" and _apostrophe(text, i)):
            stack.append((ch, i))
        elif ch in closers:
            if ch == "’" and _apostrophe(text, i) and not (stack and stack[-1][0] == "‘"):
                continue
            if stack and stack[-1][0] == closers[ch]:
                stack.pop()
            elif any(o == closers[ch] for o, _ in stack):
                # close the nearest matching opener; the ones above it were never closed
                while stack and stack[-1][0] != closers[ch]:
                    bad.append(stack.pop())
                stack.pop()
            else:
                bad.append((ch, i))
    bad.extend(stack)
    if text.count('"') % 2:
        bad.append(('"', text.rfind('"')))
    return sorted(bad, key=lambda b: b[1])


def _apostrophe(text: str, i: int) -> bool:
    """An apostrophe between two Latin letters (``China's``) is not a quote."""
    return 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha() and text[i + 1].isascii() and text[i + 1].isalpha()


def excerpt(text: str, at: int, before: int = 6, after: int = 6) -> str:
    """A short piece of ``text`` around index ``at`` (``…节能装备产品…``)."""
    lo, hi = max(0, at - before), min(len(text), at + after)
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def head(text: str, n: int = 12) -> str:
    """The first ``n`` characters, with ``…`` when cut."""
    return text if len(text) <= n else text[:n] + "…"


def tail(text: str, n: int = 12) -> str:
    return text if len(text) <= n else "…" + text[-n:]


_SPACE_RE = re.compile(f"[{SPACES}]+")


def collapse_spaces(text: str) -> str:
    """Runs of any space → one ASCII space, ends stripped."""
    return _SPACE_RE.sub(" ", text).strip()
