"""What a reader hands the importer, and how the reader for an input is chosen.

One reader per input format (``importer.READERS``).  A reader has

* ``extensions``: the file name endings it takes (``(".docx",)``);
* ``sniff(data) -> bool``: does the content look like its format (magic bytes,
  markup)?  Content wins over the name: a PDF saved as ``.txt`` is read as a PDF;
* ``read(data, name, report, options) -> Intake``.

A reader of loose text returns ``lines`` (the text pipeline finds page numbers,
boilerplate, paragraphs, title, byline and headings); a reader of a structured
format (Word, PDF, HTML) returns ``pieces`` it already knows the kind of.  Both
return the front matter they found and ``source``: the input's text, line by line,
as the number check counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Protocol

from bipub.importer.clean import Line
from bipub.importer.pieces import Piece
from bipub.importer.report import Report


@dataclass(frozen=True)
class Options:
    to_simplified: bool = False
    pinyin: str = "flag"  # "flag" | "remove"
    #: folder name (beside the output) that images taken out of a document are written to
    assets_dir: str = ""
    #: the folder the input was read from (a saved page's images are read there); None for bytes from memory
    base: Path | None = None


@dataclass
class Intake:
    encoding: str
    meta: dict = field(default_factory=dict)
    lines: list[Line] | None = None  # loose text: run through the text pipeline
    pieces: list[Piece] | None = None  # structured: kinds already known
    source: list[tuple[int | None, str]] = field(default_factory=list)  # the input's text, for the number check
    assets: dict[str, bytes] = field(default_factory=dict)  # images to write beside the output: name → bytes
    lang: str = ""  # "zh-Hant" when the reader knows the document is Traditional
    #: the format marks paragraphs itself (Word, HTML, Markdown): they are never joined, only reported
    explicit_paragraphs: bool = False
    #: a bipub source read back: its notes are already footnotes, its references the editor's (never taken out)
    own_source: bool = False


class Reader(Protocol):
    name: str
    extensions: tuple[str, ...]

    def sniff(self, data: bytes) -> bool: ...

    def read(self, data: bytes, name: str, report: Report, options: Options) -> Intake: ...


def choose(readers, data: bytes, name: str):
    """The reader for ``data``: the first whose ``sniff`` recognises the content, else the one
    that takes the file's extension, else the ``text`` reader."""
    items = list(readers.items())
    for _, reader in items:
        if reader.sniff(data):
            return reader
    suffix = PurePath(name).suffix.lower()
    for _, reader in items:
        if suffix in reader.extensions:
            return reader
    return readers.get("text")
