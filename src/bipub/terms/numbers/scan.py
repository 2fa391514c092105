"""Scanning a text for number expressions: every rule of ``zh_rules``, the longest expression wins.

Matching is done on ``prepare(text)`` (``normalize.fold``: same length, same
offsets), so full-width digits (``１２３``), full-width ``％`` ``．`` ``－`` ``～`` and
Traditional characters (``億`` ``萬`` ``兩`` ``個``) behave like their plain forms;
``surface`` is always the original text.  Overlapping candidates are resolved
longest first (``2021年9月7日`` beats ``2021年`` beats ``2021``), the earlier rule on ties.

A figure written in a shape no rule can read exactly (:func:`unreadable_figures`: ``3.4.5``,
``1,2345``, digits and points of mixed widths such as ``1２%`` or ``12．5``) is never read in part:
no expression that touches it is matched, so QA reports it (``qa.number-unread``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from bipub.terms.numbers import en
from bipub.terms.numbers.readings import Quantity, Reading, Signed
from bipub.terms.numbers.zh import CN_CHARS, num
from bipub.terms.numbers.zh_rules import RULES, UNREADABLE
from bipub.text.normalize import fold


@dataclass(frozen=True)
class NumberMatch:
    start: int  # offset in the input text
    end: int
    surface: str  # text[start:end]
    english: str  # the English rendering, by rule (``en.word(reading)``)
    #: amount (with a unit), count (counter, multiplier or Chinese numeral), number (bare digits),
    #: percent, permille, points, fraction, date, year, range, ordinal, ranking, anniversary, plan, label
    kind: str
    reading: Reading | None = None  # what the expression says, apart from any language


# Latin-letter codes (W12000-450, C919, PM2.5, 5G): nothing inside them is a number.
_CODE = re.compile(r"[0-9a-z][0-9a-z.\-_/]*")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds Latin-letter codes with digits (``C919``, ``5G``, ``PM2.5``, a URL): kept as written."""
    return _code_spans(prepare(text))


def _code_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    for m in _CODE.finditer(folded):
        s = m.group()
        if any(c.isalpha() for c in s) and any(c.isdigit() for c in s):
            spans.append((m.start(), m.end()))
    return spans


_HAS_LATIN = re.compile("[a-z]")
# Every match lies within _LEFT characters before and _RIGHT after a run of these (a ranking verb and
# scope before 第, a multiplier, 多, a unit and a parenthesis after the digits), so only those windows
# are scanned: a whole Government Work Report has about 400 windows covering a quarter of its text.
_ANCHOR = re.compile(r"[0-9〇零一二三四五六七八九两十百千万亿]+|半年|季度|第|前")
_LEFT, _RIGHT = 8, 20
_SEP = "\x00\x00"
_ASCII_ALNUM = re.compile("[0-9a-z]")
_SIGNED = {"percent", "permille", "points", "amount", "number"}
_MINUS = "-－−"  # hyphen-minus, full-width minus, minus sign; never the dashes — –
# A quoted phrase that starts with a Chinese numeral is a slogan name (“两个确立” “四个意识”
# “两个一百年”): the glossary renders it, numbers inside it are not counts.
_SLOGAN = re.compile(r"“[〇零一二三四五六七八九两十百千][^“”\n]{0,10}”")  # between windows; no rule matches it or across it


def prepare(text: str) -> str:
    """The matching form of ``text``: ``normalize.fold`` (same length, same offsets), except
    that a full-width comma becomes ``、``: it separates list items, never thousands."""
    return fold(text.replace("，", "、"))


def _windows(folded: str, windowed: bool = True) -> tuple[str, list[int], list[int]]:
    """The windows of ``folded`` joined by _SEP, with each window's start in the joined text and its shift.

    ``windowed=False`` gives the whole text as one window (the tests check both give the same matches)."""
    if not windowed:
        return folded, [0], [0]
    spans: list[list[int]] = []
    for m in _ANCHOR.finditer(folded):
        s, e = max(0, m.start() - _LEFT), m.end() + _RIGHT
        if spans and s <= spans[-1][1]:
            spans[-1][1] = e
        else:
            spans.append([s, e])
    starts, shifts, pieces, pos = [], [], [], 0
    for s, e in spans:
        e = min(e, len(folded))
        starts.append(pos)
        shifts.append(s - pos)
        pieces.append(folded[s:e])
        pos += e - s + len(_SEP)
    return _SEP.join(pieces), starts, shifts


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) meets one of ``spans`` (sorted, disjoint; ``starts`` their starts): a bisection."""
    i = bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


#: a figure as written: digit runs joined by single points or commas (either width)
FIGURE = re.compile(r"[0-9０-９]+(?:[.,．][0-9０-９]+)*")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def unreadable_figures(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a figure in a shape no rule reads exactly (*decided*: flagged, never guessed):
    more than one decimal point (``3.4.5``, ``2021.9.7``), commas that are not thousands groups
    (``1,2345``, ``3,4,5``), or digits and points of both widths in one figure (``1２``, ``12．5``, ``１２.５``)."""
    out = []
    for m in FIGURE.finditer(text):
        s = m.group()
        wide = any("０" <= c <= "９" or c == "．" for c in s)
        narrow = any("0" <= c <= "9" or c == "." for c in s)
        plain = fold(s)
        points = plain.count(".")
        bad = (wide and narrow) or points > 1 or ("," in plain and not _GROUPED.fullmatch(plain))
        if bad:
            out.append(m.span())
    return out


def find_numbers(text: str, *, _windowed: bool = True) -> list[NumberMatch]:
    """Every number expression in Chinese text, non-overlapping, sorted by start (longest expression wins)."""
    if not text:
        return []
    folded = prepare(text)
    compact, starts, shifts = _windows(folded, _windowed)
    codes = _code_spans(compact) if _HAS_LATIN.search(compact) else []
    candidates: list[tuple[int, int, str, str, object]] = []
    slogans = [m.span() for m in _SLOGAN.finditer(text)] if "“" in text else []
    code_starts, slogan_starts = [s for s, _ in codes], [s for s, _ in slogans]
    for kind, pattern, handler in RULES:
        for m in pattern.finditer(compact):
            start, end = m.span()
            if start == end:
                continue
            if codes and _overlaps(codes, code_starts, start, end):
                continue
            try:
                reading = handler(m)
                if reading is UNREADABLE:  # a figure that cannot be read exactly: no piece of it either
                    shift = shifts[bisect_right(starts, start) - 1]
                    candidates.append((start + shift, end + shift, kind, None, None))
                    continue
                english = en.word(reading) if reading is not None else None
            except (ValueError, ArithmeticError):
                english = None
            if english and kind == "count" and slogans:
                shifted = start + shifts[bisect_right(starts, start) - 1]
                if _overlaps(slogans, slogan_starts, shifted, shifted + 1):
                    english = None
            if english:
                shift = shifts[bisect_right(starts, start) - 1]
                start, end = start + shift, end + shift
                if kind in _SIGNED and start and text[start - 1] in _MINUS and not _ASCII_ALNUM.match(folded, max(start - 2, 0)):
                    start, reading = start - 1, Signed(reading)  # 增长-2.7% (a minus sign, not a dash)
                    english = en.word(reading)
                candidates.append((start, end, kind, english, reading))
    # longest first; among equal lengths the earlier rule (more specific) wins
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = bytearray(len(text))
    for start, end in unreadable_figures(text):  # no reading of any part of such a figure
        taken[start:end] = b"\x01" * (end - start)
    chosen = []
    for start, end, kind, english, reading in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if english is None:
            continue  # UNREADABLE: left unmatched, so the QA check flags whatever the English says
        chosen.append(NumberMatch(start, end, text[start:end], english, kind, reading))
    chosen.sort(key=lambda m: m.start)
    return chosen


def render(surface: str) -> str:
    """The English of one number expression (raises ValueError if it is not one)."""
    matches = find_numbers(surface)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(surface):
        return matches[0].english
    folded = prepare(surface)
    if folded and all(c in CN_CHARS for c in folded) and folded not in ("〇", "零"):
        try:
            return en.word(Quantity(num(folded), counted=True))
        except ValueError:
            pass
    found = ", ".join(m.surface for m in matches) or "none"
    raise ValueError(f"not one number expression: {surface!r} (number expressions found: {found})")
