"""The importer's working data: the raw text as a list of pieces.

A ``Piece`` is one thing the Markdown will hold (a paragraph, a heading, a
figure) or one front-matter field (title, subtitle, byline, date line), with
the raw line range it came from, so every finding can point at the raw file.
"""

from __future__ import annotations

from dataclasses import dataclass

#: piece kinds that become front matter
FRONT_KINDS = ("title", "subtitle", "byline", "dateline")
#: piece kinds that stay in the body
BODY_KINDS = ("heading", "paragraph", "figure", "table", "footnote", "verbatim")


@dataclass
class Piece:
    kind: str  # "paragraph", "heading", "figure", "table", "title", "subtitle", "byline", "dateline"
    text: str  # the text (the caption for a figure); Markdown escaping is the writer's job
    line: int  # first raw line
    end: int  # last raw line
    block: int = 0  # index of the blank-line-separated block it came from
    level: int = 0  # heading level 2..6 (set by the heading mapping)
    numbering: str = ""  # heading numbering kind: "chapter", "cn1" (一、), "cn2" (（一）), "ar1" (1.), "plain" ...
    credit: str = ""  # figure: the photographer credit as printed ("唐俊 摄")
    fields: dict | None = None  # front matter this piece gives ({"authors": [...]}, {"date": ...})
    src: str = ""  # figure: the image file, relative to the source ("" when the text had none)
    rows: list | None = None  # table: rows of cell texts, the first row the header
    fixed: bool = False  # never joined to a neighbour (a cell of a suspected table)

    def texts(self) -> list[str]:
        """Every text the piece puts in the document (caption and credit, table cells)."""
        if self.rows is not None:
            return [c for row in self.rows for c in row]
        return [self.text, self.credit] if self.credit else [self.text]

    def span(self) -> str:
        """``line 57`` or ``lines 57–59``."""
        return f"line {self.line}" if self.end == self.line else f"lines {self.line}–{self.end}"
