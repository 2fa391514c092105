"""The document model every stage reads and returns.  No I/O here.

    Document(name, path, meta, front, sections, variant)
      front:    Blocks made from the front matter (title, subtitle, byline, ...)
      Section(id, heading, blocks)   heading is a Block of kind "heading" or None
        Block(kind, id, segments, line, level, attrs, rows)
          Segment(id, key, source, target, origin, state, line, spans, marks, target_marks)
            Span(start, end, kind, target, ref)   a glossary term or a number in the source
            Mark(start, end, kind, ref)           inline markup of the source: b, i, link, fn, br

* ``id`` is positional and stable while the structure stays the same:
  ``s2`` (section), ``s2-b3`` (block), ``s2-b3-1`` (segment, 1-based).  It is
  the HTML anchor and the XLIFF unit id.  Front-matter blocks are ``s0-...``.
* ``key`` is a content hash of the *normalized* Chinese (see
  ``normalize.segment_key``): the translation memory and the MT cache use it.
* ``spans`` are set once, by the annotate stage (``terms.annotate``): every
  glossary term and number of the source with the English it must have.
  Protection, QA, review notes and the report all read them; nothing matches
  the glossary or recognises numbers a second time.
* ``variant`` is the script of the source column: ``zh-Hans`` as written, or
  the tag ``render.variant.convert_variant`` gave it (so converting twice is a
  no-op, without a mark in the user's front matter).
* ``target_marks`` is the emphasis (bold, italic: ``EMPHASIS``) of the English
  where a person placed it (a memory unit's ``marks``, from a review file's
  inline codes): it wins over the automatic placement of ``marks`` on the
  English (``render.blocks.english_marks``).  Empty: not known, placed automatically.

Stages never mutate: they return new objects (``dataclasses.replace``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

#: where a segment's English came from
ORIGINS = ("memory", "cache", "mt", "pseudo", "untranslated")
#: translation-memory states, from weakest to strongest
STATES = ("draft", "needs-review", "reviewed", "approved")

#: what a span marks: a glossary term or a number expression
SPAN_KINDS = ("term", "number")
#: inline markup of the source: bold, italic, a link (ref: its URL), a footnote
#: reference (zero width, ref: its number) and a hard line break (zero width, at the end)
MARK_KINDS = ("b", "i", "link", "fn", "br")
#: the marks that are emphasis: carried through the memory and review files as inline codes
EMPHASIS = ("b", "i")


@dataclass(frozen=True)
class Mark:
    """Inline markup over ``source[start:end]`` of a segment (the text itself holds no markup,
    so its key, the memory, the glossary and the number rules see exactly the words)."""

    start: int
    end: int
    kind: str  # one of MARK_KINDS
    ref: str = ""


@dataclass(frozen=True)
class Span:
    """A glossary term or a number in a segment's source: ``source[start:end]``.

    ``target`` is the English it must have (the approved rendering, or the
    number rule's wording); ``ref`` names where that came from: the glossary
    entry's source text for a term, the number rule's kind for a number.
    """

    start: int
    end: int
    kind: str  # one of SPAN_KINDS
    target: str
    ref: str


@dataclass(frozen=True)
class Segment:
    id: str
    key: str
    source: str  # Chinese as written in the source
    target: str | None = None  # English, None until translated
    origin: str = "untranslated"
    state: str | None = None  # memory state when origin == "memory"
    line: int | None = None  # line in the source file
    spans: tuple[Span, ...] = ()  # terms and numbers of the source, in text order (annotate stage)
    marks: tuple[Mark, ...] = ()  # inline markup of the source (parse stage)
    target_marks: tuple[Mark, ...] = ()  # emphasis of the English placed by a person (apply_memory)

    def surface(self, span: Span) -> str:
        """The source text a span covers, as written."""
        return self.source[span.start:span.end]


@dataclass(frozen=True)
class Block:
    kind: str
    id: str
    segments: tuple[Segment, ...] = ()
    line: int | None = None
    level: int = 0  # heading level (1..6), list nesting depth
    # e.g. figure: {"src","credit"}; list_item: {"ordered","number"}; footnote: {"number"};
    # table: {"header_rows", "align" per column, "literal": cells that are only a figure, "caption": segments}
    attrs: dict = field(default_factory=dict)
    # tables: rows of cells, each cell a tuple of segments; ``segments`` then holds all cells in order
    rows: tuple[tuple[tuple[Segment, ...], ...], ...] = ()

    @property
    def source(self) -> str:
        return "".join(s.source for s in self.segments)

    @property
    def target(self) -> str | None:
        parts = [s.target for s in self.segments]
        if any(p is None for p in parts):
            return None
        return join_english(parts)


@dataclass(frozen=True)
class Section:
    id: str
    heading: Block | None
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Document:
    name: str  # file stem: output/NAME.pdf
    path: str  # source path relative to the project
    meta: dict  # raw front matter (title, subtitle, authors, publication, date, place, lang ...)
    front: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    variant: str = "zh-Hans"  # script of the source column (render.variant)

    def blocks(self):
        """Every block in reading order: front matter, then each heading and its blocks."""
        yield from self.front
        for sec in self.sections:
            if sec.heading is not None:
                yield sec.heading
            yield from sec.blocks

    def segments(self):
        for block in self.blocks():
            yield from block.segments

    def map_segments(self, fn) -> "Document":
        """A new document with ``fn(segment) -> segment`` applied to every segment."""

        def do_block(b: Block) -> Block:
            if b.rows:
                caption = tuple(fn(s) for s in b.segments[:int(b.attrs.get("caption", 0) or 0)])
                rows = tuple(tuple(tuple(fn(s) for s in cell) for cell in row) for row in b.rows)
                segs = caption + tuple(s for row in rows for cell in row for s in cell)
                return dataclasses.replace(b, rows=rows, segments=segs)
            return dataclasses.replace(b, segments=tuple(fn(s) for s in b.segments))

        return dataclasses.replace(
            self,
            front=tuple(do_block(b) for b in self.front),
            sections=tuple(
                dataclasses.replace(
                    s,
                    heading=do_block(s.heading) if s.heading else None,
                    blocks=tuple(do_block(b) for b in s.blocks),
                )
                for s in self.sections
            ),
        )

    def to_json(self) -> dict:
        """The text form of the model (snapshots, debugging)."""
        return dataclasses.asdict(self)


def join_english(parts) -> str:
    """Join translated sentences of one block with single spaces."""
    return " ".join(p.strip() for p in parts if p and p.strip())
