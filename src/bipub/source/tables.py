"""A Markdown table → one ``table`` block.

* Each text cell is one segment (ids ``s1-b4-N`` like any other), so it goes
  through the memory, MT, review export and QA.
* A cell that is only a figure (``5.2``, ``-0.3%``, ``1,234``, ``—``) is no
  segment: it is kept exactly as written and printed once for both languages
  (``attrs["literal"]``: per row, per cell, the text or ``None``).  Figures are
  sacred: nothing converts or translates them.
* ``attrs["align"]``: per column ``"left"``, ``"right"``, ``"center"`` or ``""``
  (from ``---:``); a figure-only column with no alignment is set right.
* A caption: a paragraph right before the table that starts ``表1`` / ``表 1`` /
  ``表一`` (how statistical communiqués number their tables) becomes the
  table's caption, its first segments (``attrs["caption"]`` = how many).
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from bipub.findings import Finding
from bipub.model import Block, Segment
from bipub.source.inline import dropped_findings, inline_text, unsafe_links
from bipub.text.normalize import segment_key

#: a cell that is only a figure: sign, digits with separators, a decimal part, % or ‰; or a dash for "none"
FIGURE_CELL = re.compile(r"^\s*(?:[+\-−±]?\(?\d[\d,，]*(?:[.．]\d+)?\)?\s*[%‰％]?|[—–\-－…·]{1,2})\s*$")
#: a caption paragraph: 表1 2023年… / 表 3 / 表一
CAPTION = re.compile(r"^\s*表\s*[0-9０-９一二三四五六七八九十]+")
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")
_PIPE = re.compile(r"(?<!\\)\|")


def cells_written(line: str) -> list[str]:
    """The cells of a table row's source line (GFM: split at unescaped pipes, the outer ones optional)."""
    row = re.sub(r"^[\s>]*", "", line).strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return _PIPE.split(row)


def read_table(tokens: list[Token], i: int, b) -> int:
    """Read the table starting at ``tokens[i]`` into ``b`` (the parse builder); the index after it."""
    line = b.line(tokens[i])
    rows: list[list[tuple[str, list[str]]]] = []
    align: list[str] = []
    header_rows = 0
    in_head = False
    written: list[tuple[list[str], int | None]] = []  # each row's cells as its source line writes them
    while tokens[i].type != "table_close":
        tok = tokens[i]
        t = tok.type
        if t == "thead_open":
            in_head = True
        elif t == "thead_close":
            in_head = False
        elif t == "tr_open":
            rows.append([])
            header_rows += in_head
            written.append((cells_written(b.lines[tok.map[0]]) if tok.map else [], b.line(tok)))
        elif t in ("th_open", "td_open") and len(rows) == 1:
            m = _ALIGN.search(str(tok.attrs.get("style", "")))
            align.append(m.group(1) if m else "")
        elif t == "inline":
            links: list[str] = []
            dropped: list[str] = []
            rows[-1].append((inline_text(tok, dropped, links), links))
            b.findings += dropped_findings(dropped, b.path, line) + unsafe_links(tok, b.path, line)
        i += 1
    for cells, row_line in written:  # the Markdown table sets as many cells as its header row has
        if rows and len(cells) > len(rows[0]):
            extra = ", ".join(repr(c.strip()) for c in cells[len(rows[0]):])[:80]
            b.findings.append(Finding("parse.table-cells-dropped", "error", f"this row has {len(cells)} cells and "
                                      f"the header row {len(rows[0])}: {extra} would not be set; add the "
                                      "column to the header row", b.path, row_line))
    caption: tuple[Segment, ...] = ()
    prev = b._blocks[-1] if b._blocks else None
    if prev is not None and prev.kind == "paragraph" and CAPTION.match(prev.source):
        b._blocks.pop()
        caption = prev.segments
    bid = b.next_id()
    segs: list[Segment] = [Segment(f"{bid}-{n}", s.key, s.source, line=s.line, marks=s.marks)
                           for n, s in enumerate(caption, 1)]
    seg_rows, literal = [], []
    for r, row in enumerate(rows):
        cells, lits = [], []
        for text, links in row:
            pieces = b.pieces(text, links, None, line)
            plain = pieces[0][0] if pieces else ""
            if plain and FIGURE_CELL.match(plain) and not pieces[0][1]:
                cells.append(())
                lits.append(plain.strip())
                continue
            cell = tuple(Segment(f"{bid}-{len(segs) + k}", segment_key(p), p, line=line, marks=m)
                         for k, (p, m) in enumerate(pieces, 1))
            segs += cell
            cells.append(cell)
            lits.append(None)
        seg_rows.append(tuple(cells))
        literal.append(tuple(lits))
    width = max((len(r) for r in rows), default=0)
    align += [""] * (width - len(align))
    for c in range(width):  # a column of figures reads right-aligned even when the source forgot ---:
        body = [lit[c] for lit in literal[header_rows:] if c < len(lit)]
        if not align[c] and body and all(x is not None for x in body):
            align[c] = "right"
    attrs = {"header_rows": header_rows, "align": tuple(align), "literal": tuple(literal), "caption": len(caption)}
    b._blocks.append(Block("table", bid, tuple(segs), line, attrs=attrs, rows=tuple(seg_rows)))
    return i + 1
