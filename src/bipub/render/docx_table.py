"""How wide each column of a data table is in the Word edition, and at what size it is set.

Word gives every column of a new table the same width, so in a statistics
table of eleven columns a figure such as ``12345678`` or ``3456.78`` was broken
across two lines of its cell (``3456.7`` / ``8``: two numbers to a reader).
:func:`plan` gives each column that holds figures the width of its longest
figure (Times New Roman digits are half an em; ``FIGURE_EM`` leaves a margin),
the text columns share what is left (by the length of their text, at least four
ideographs each), and the table's type is made smaller (10.5 → 8 → 7 pt) until
the figures fit.  Only when even 7 pt cannot hold every figure on one line
(some fifteen columns of eight-digit figures on A4) are the widths scaled down
and the figures wrap.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bipub.model import Block

#: the width of one character of a figure, in ems (digits are 0.5 em in Times New Roman; %, - and . vary)
FIGURE_EM = 0.56
#: a cell's left and right margins together (Word's default 0.19 cm each), in twentieths of a point
CELL_MARGINS = 216
#: the type sizes tried, largest first: the body size (五号), then the sizes of a dense statistics table
SIZES = (10.5, 8.0, 7.0)
#: the narrowest a text column may be, in ems (four ideographs)
TEXT_MIN_EM = 4
#: the narrowest a figure column may be, in ems: room for its heading (比上年增长（%）) three ideographs a line
FIGURE_MIN_EM = 3
#: a text column's share of the free width grows with its text up to this many characters
TEXT_WEIGHT_CAP = 40


@dataclass(frozen=True)
class Plan:
    size: float  # points
    widths: tuple[int, ...]  # twips, one per column, summing to the usable width


def _text_length(cells) -> int:
    return max((sum(len(s.source) for s in cell) for cell in cells), default=0)


def plan(b: Block, usable: int) -> Plan:
    """Column widths (twips, together ``usable``) and the type size for the data table ``b``."""
    ncols = max((len(r) for r in b.rows), default=0)
    literal = tuple(b.attrs.get("literal") or ())
    figure = [0] * ncols  # the longest figure of each column, in characters
    text = [0] * ncols  # the longest text cell of each column, in characters
    for i, row in enumerate(b.rows):
        for j, cell in enumerate(row):
            lit = literal[i][j] if i < len(literal) and j < len(literal[i]) else None
            if lit is not None:
                figure[j] = max(figure[j], len(lit))
            else:
                text[j] = max(text[j], _text_length([cell]))
    for size in SIZES:
        twips = size * 20
        need = [round(max(figure[j] * FIGURE_EM, FIGURE_MIN_EM) * twips + CELL_MARGINS) if figure[j]
                else round(min(TEXT_MIN_EM, max(text[j], 1)) * twips + CELL_MARGINS) for j in range(ncols)]
        if sum(need) <= usable:
            break
    if sum(need) > usable:  # even the smallest size cannot hold every figure on one line
        scale = usable / sum(need)
        widths = [int(w * scale) for w in need]
        return Plan(size, tuple(widths[:-1] + [usable - sum(widths[:-1])]) if widths else ())
    weights = [min(text[j], TEXT_WEIGHT_CAP) if not figure[j] else 0 for j in range(ncols)]
    if not any(weights):  # figures only: every column shares what is left
        weights = [1] * ncols
    free = usable - sum(need)
    widths = [need[j] + free * weights[j] // sum(weights) for j in range(ncols)]
    if widths:
        widths[-1] += usable - sum(widths)
    return Plan(size, tuple(widths))


def repeat_header(row) -> None:
    """Mark a table row as a header row: Word and LibreOffice repeat it on every page the table runs over."""
    rep = OxmlElement("w:tblHeader")
    rep.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(rep)
