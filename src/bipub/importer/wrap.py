"""Cleaned lines → pieces, undoing hard line wraps.

Lines separated by blank lines are blocks.  Inside a block every line is its
own piece (text copied from web pages and old systems puts one paragraph on a
line), except in *hard-wrapped* text: when most lines that are followed by
another line in their block share one width (the wrap width), a line that
fills that width continues on the next line, and the two are joined.

A join needs evidence on both sides: the line fills the width **and** breaks off
mid-sentence (it does not end with ``。！？；：``), and the next line does not start
a piece of its own (an indent, an enumerator or bullet such as ``1.`` ``（2）``
``①`` ``- `` ``第五条``, a numbered heading, a photo credit).  Two digits on both
sides of the line end are never joined (one figure or two?).  A list of
equal-length numbered items is never joined.  Linear in the number of lines.
"""

from __future__ import annotations

from collections import Counter

from bipub.importer import patterns
from bipub.importer.clean import Line
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import is_digit, is_terminated, width

#: a wrapped line may fall this many columns short of the wrap width (a hanging punctuation mark, a Latin word)
WRAP_SLACK = 4
#: the smallest width taken for a wrap width
MIN_WRAP = 16


def blocks(lines: list[Line], report: Report) -> list[list[Line]]:
    """Blank-line-separated groups of non-blank lines; runs of blank lines reported."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    runs: list[int] = []
    blank_run = 0
    first_blank = 0
    for ln in lines:
        if not ln.text:
            if blank_run == 0:
                first_blank = ln.no
            blank_run += 1
            if cur:
                out.append(cur)
                cur = []
            continue
        # a run of blank lines in the raw file (not one left where a page number or footer was removed)
        if blank_run >= 2 and (out or cur) and ln.no - first_blank == blank_run:
            runs.append(first_blank)
        blank_run = 0
        cur.append(ln)
    if cur:
        out.append(cur)
    report.add_lines("whitespace", "repaired", "collapsed runs of blank lines", runs)
    return out


def wrap_width(groups: list[list[Line]]) -> int | None:
    """The hard-wrap width in columns, or None when the text is not hard-wrapped."""
    widths = [width(ln.text) for g in groups for ln in g[:-1]]
    if len(widths) < 3:
        return None
    common = Counter(widths)
    best, best_n = None, 0
    for w in sorted(common, reverse=True):
        if w < MIN_WRAP:
            break
        n = sum(c for x, c in common.items() if w - WRAP_SLACK <= x <= w)
        if n > best_n:
            best, best_n = w, n
    if best is None or best_n < 3 or best_n < len(widths) / 2:
        return None
    return best


def pieces(lines: list[Line], report: Report) -> list[Piece]:
    """Pieces of text in reading order (kind ``paragraph`` until the structure pass)."""
    groups = blocks(lines, report)
    wrap = wrap_width(groups)
    indents = sum(1 for g in groups for ln in g if ln.indented) >= 2
    out: list[Piece] = []
    joined: list[int] = []
    for bi, g in enumerate(groups):
        cur = Piece("paragraph", g[0].text, g[0].no, g[0].no, block=bi)
        for prev, ln in zip(g, g[1:]):
            if wrap and _continues(prev, ln, wrap, indents):
                if not joined or joined[-1] != cur.line:
                    joined.append(cur.line)
                cur.text = _join_wrapped(cur.text, ln.text)
                cur.end = ln.no
            else:
                out.append(cur)
                cur = Piece("paragraph", ln.text, ln.no, ln.no, block=bi)
        out.append(cur)
    if wrap:
        report.add_lines("hard-wrap", "repaired", f"joined lines hard-wrapped at {wrap} columns into paragraphs", joined)
    return out


def _continues(prev: Line, ln: Line, wrap: int, indents: bool) -> bool:
    if width(prev.text) < wrap - WRAP_SLACK:
        return False  # a short line ends its paragraph
    if indents and ln.indented:
        return False
    if is_terminated(prev.text) or is_digit(prev.text[-1]) and is_digit(ln.text[0]):
        return False  # a full sentence ends the line; two figures are never fused (reported by the repairs)
    return not (patterns.item_start(ln.text) or patterns.heading_number(ln.text) or patterns.credit_line(ln.text))


def _join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines: no space between Chinese, one space between Latin words."""
    if left and right and left[-1].isascii() and right[0].isascii() and left[-1].isalnum() and right[0].isalnum():
        return left + " " + right
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right  # hyphenated English word
    return left + right
