"""Repairs across paragraphs: duplicates removed, broken paragraphs joined.

* A paragraph (or caption) printed twice, exactly or nearly (whitespace,
  full/half-width punctuation, Traditional/Simplified forms), keeps its first
  copy; the second is removed and reported with both line numbers.
* A paragraph that ends without closing punctuation and is continued by the
  next paragraph is joined to it.  The join is a *broken word* when the two
  characters at the break form a word the text uses elsewhere (``实|施`` where
  ``实施`` occurs in the text), otherwise a *broken sentence*.  A character
  printed on both sides of the break (``大数据|据中心``) is kept once when the
  doubled form occurs nowhere else in the text.
* A break with a digit on either side (``174915|5.0``, ``增长|5.2%``) is never
  joined: figures are sacred, a join there is reported as a suspicion
  (``import.digit-break``), never made.
* The next paragraph does *not* continue it when a fragment elsewhere nearby
  fits the break better: one that starts with the character the paragraph ends
  with, or with punctuation no sentence starts with.  Those are left for the
  editor (see ``suspect.py``).
"""

from __future__ import annotations

import re
from collections import Counter

from bipub.text.normalize import squash
from bipub.importer.patterns import DOC_NUMBER, byline, item_start
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import NEVER_STARTS, cjk_count, head, is_cjk, is_terminated, tail, touches_digit

#: paragraphs shorter than this (in characters, spaces and punctuation folded) are never duplicates
DUPLICATE_MIN = 12
#: how many pieces around a broken paragraph are searched for the fragment that continues it
FRAGMENT_WINDOW = 12

_PUNCT = re.compile(r"[\W_]+")


def duplicate_key(text: str) -> str:
    """What two printings of one paragraph share: text without spaces or punctuation, width and script folded."""
    return _PUNCT.sub("", squash(text))


def remove_duplicates(pieces: list[Piece], report: Report) -> list[Piece]:
    seen: dict[str, Piece] = {}
    out: list[Piece] = []
    for p in pieces:
        if p.kind in ("paragraph", "figure"):
            key = duplicate_key(p.text) + "\x00" + p.credit
            if len(key) > DUPLICATE_MIN and key in seen:
                first = seen[key]
                how = "exactly" if first.text == p.text else "nearly (spacing/punctuation differ)"
                report.remove(p.line, " ".join(p.texts()))
                report.add("duplicate", "repaired", f"{p.kind} at line {p.line} repeats line {first.line} {how} "
                           f"({head(p.text, 14)}); second copy removed", p.line)
                continue
            seen.setdefault(key, p)
        out.append(p)
    return out


def fragment_candidates(pieces: list[Piece], i: int, a: Piece | None = None) -> list[Piece]:
    """Paragraphs near ``pieces[i]`` (not the next one) that may continue it: they start mid-sentence.

    ``a`` is the paragraph being continued when it is no longer ``pieces[i]`` itself (a join in progress).
    Looks at a fixed window around ``i``: constant work per call.
    """
    a = a if a is not None else pieces[i]
    lo, hi = max(0, i - FRAGMENT_WINDOW), min(len(pieces), i + FRAGMENT_WINDOW + 1)
    n = _next_index(pieces, i)
    out = []
    for k in range(lo, hi):
        q = pieces[k]
        if k == i or k == n or q is a or q.kind != "paragraph" or not q.text:
            continue
        before = _prev_index(pieces, k)
        if before is not None and pieces[before].kind == "paragraph" and not is_terminated(pieces[before].text):
            continue  # it has its own candidate before it
        if starts_mid_sentence(q.text) or (is_cjk(q.text[0]) and q.text[0] == a.text[-1]):
            out.append(q)
    return out


def starts_mid_sentence(text: str) -> bool:
    """Starts with punctuation no sentence starts with (``，`` ``、`` ``。`` ``”``), or a lower-case Latin word."""
    return bool(text) and (text[0] in NEVER_STARTS or (text[0].isascii() and text[0].islower()))


def join_broken(pieces: list[Piece], report: Report) -> list[Piece]:
    """Join paragraphs broken mid-sentence (see the module docstring); linear in the number of pieces.

    A break with a digit on either side is never joined: ``174915`` + ``5.0`` could be one figure or
    two, and only the editor can tell (``import.digit-break``, reported by :mod:`suspect`).
    """
    words = _Words("\n".join(p.text for p in pieces))
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        a = pieces[i]
        out.append(a)
        j = i
        while True:
            n = _next_index(pieces, j)
            nxt = pieces[n] if n is not None else None
            if (a.kind != "paragraph" or not a.text or is_terminated(a.text) or nxt is None
                    or nxt.kind != "paragraph" or n != j + 1 or not nxt.text or a.fixed or nxt.fixed):
                break
            if _latin_beside_chinese(a.text, nxt.text) or touches_digit(a.text, nxt.text):
                break  # a Latin scrap, or a figure at the break: suspect.py reports it
            if item_start(nxt.text) or DOC_NUMBER.match(a.text) or byline(a.text) is not None:
                break  # a list item (``1.`` ``- `` ``①``), a document number (``第722号``), a byline
                # (``湖南省省长　毛伟明`` above ``各位代表：``) stands on its own line
            competing = fragment_candidates(pieces, j, a)
            doubled_next = is_cjk(nxt.text[0]) and nxt.text[0] == a.text[-1]
            if competing and not doubled_next and not starts_mid_sentence(nxt.text):
                break  # left for the editor: suspect.py reports both
            a.text, code, msg = _join(a.text, nxt.text, words)
            report.add(code, "repaired", f"{msg} (lines {a.end} and {nxt.line})", a.end)
            a.end = nxt.end
            j = n  # stay on the joined paragraph: it may still end mid-sentence
        i = j + 1
    return out


class _Words:
    """The two-character sequences a text uses, counted once (so each join costs constant time)."""

    def __init__(self, whole: str) -> None:
        self.pairs = Counter(whole[k: k + 2] for k in range(len(whole) - 1) if is_cjk(whole[k]))

    def count(self, pair: str) -> int:
        return self.pairs.get(pair, 0)


def _latin_beside_chinese(left: str, right: str) -> bool:
    """One side has Latin letters and no Chinese character, the other has Chinese."""
    def latin_only(t: str) -> bool:
        return cjk_count(t) == 0 and any(c.isascii() and c.isalpha() for c in t)
    return (latin_only(left) and cjk_count(right) > 0) or (latin_only(right) and cjk_count(left) > 0)


def _join(left: str, right: str, words: _Words) -> tuple[str, str, str]:
    a, b = left[-1], right[0]
    if is_cjk(a) and a == b and words.count(a + a) == 0:
        return left + right[1:], "broken-word", f"joined {a}|{b}; {a} was printed on both sides of the break, kept once"
    if a == "-" and len(left) > 1 and left[-2].isascii() and left[-2].isalpha() and b.isascii() and b.islower():
        return left[:-1] + right, "broken-word", f"joined {left.split()[-1]}|{right.split()[0]} (hyphen removed)"
    if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
        return left + " " + right, "broken-sentence", f"joined {tail(left, 8)}|{head(right, 8)} with a space"
    if is_cjk(a) and is_cjk(b) and words.count(a + b) > 0:
        return left + right, "broken-word", f"joined {a}|{b}"
    return left + right, "broken-sentence", f"joined {tail(left, 4)}|{head(right, 4)}"


BODY = ("paragraph", "heading", "figure", "table", "footnote", "verbatim")


def _next_index(pieces: list[Piece], i: int) -> int | None:
    for k in range(i + 1, len(pieces)):
        if pieces[k].kind in BODY:
            return k
    return None


def _prev_index(pieces: list[Piece], i: int) -> int | None:
    for k in range(i - 1, -1, -1):
        if pieces[k].kind in BODY:
            return k
    return None
