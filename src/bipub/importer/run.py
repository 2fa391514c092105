"""One import, whatever the format: reader → text pipeline (loose text) → repairs → checks → Markdown.

    result = import_text(data, name="raw.txt")

The stages, in order:

1. the **reader** chosen for the input (``intake.choose``) decodes it and hands over
   lines (loose text) or pieces (Word, PDF, HTML, Markdown), front matter and the
   input's text for the number check;
2. loose text: ``pagenum`` (page numbers, running heads), ``debris`` (editor lines,
   app promotions), ``boilerplate`` (site licence blocks), ``wrap`` (paragraphs),
   ``structure`` (title, byline, date line, figures, headings), ``tables``
   (a table copied one cell per line);
   every reader: ``notes`` (a notes section under the text → footnotes);
3. ``repairs`` (duplicates, broken paragraphs; never at a digit), ``suspect``;
4. the Traditional check (front matter ``lang = "zh-Hant"``) and the **number check**
   (``figures``): every import states it;
5. ``write``: front matter and Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bipub.findings import Finding, count_by_severity
from bipub.importer import boilerplate, debris, figures, notes, repairs, structure, suspect, tables, wrap, write
from bipub.importer.clean import Marks, is_traditional
from bipub.importer.decode import ImportRefused
from bipub.importer.intake import Intake, Options, choose
from bipub.importer.pieces import BODY_KINDS, FRONT_KINDS, Piece
from bipub.importer.readers import READERS
from bipub.importer.report import Report


@dataclass
class ImportResult:
    markdown: str  # the source file's text
    findings: list[Finding]  # sorted by raw line
    encoding: str  # "UTF-8", "GB2312", "DOCX", "PDF (text layer)", "HTML (UTF-8)" ...
    meta: dict  # the front matter written
    pieces: list[Piece] = field(default_factory=list)  # body pieces written, with their raw line ranges
    assets: dict[str, bytes] = field(default_factory=dict)  # images to write beside the source
    reader: str = "text"

    def to_json(self, raw: str, source: str) -> dict:
        """What ``source/NAME.import.json`` holds.

        ``raw`` and ``source`` are paths relative to the JSON file's folder (``../raw/x.txt``, ``x.md``);
        every finding's ``file`` is ``raw`` too, so the JSON reads the same wherever it is used from.
        Every finding starts ``"handled": false`` (see :mod:`bipub.importer.handled`).
        """
        return {
            "raw": raw,
            "source": source,
            "reader": self.reader,
            "encoding": self.encoding,
            "counts": count_by_severity(self.findings),
            "findings": [{**f.to_json(), "file": raw, "handled": False} for f in self.findings],
            "blocks": [{"kind": p.kind, "lines": [p.line, p.end], "text": p.text[:40]} for p in self.pieces],
        }


def import_text(data: bytes, *, name: str, to_simplified: bool = False, pinyin: str = "flag",
                assets_dir: str = "", base: Path | None = None) -> ImportResult:
    """Import the bytes of file ``name`` (as findings show it).  Raises ``ImportRefused``.

    ``base``: the folder the file was read from, where a saved page's images are (``import_file`` gives it).
    """
    options = Options(to_simplified=to_simplified, pinyin=pinyin, assets_dir=assets_dir, base=base)
    report = Report(name)
    reader = choose(READERS, data, name)
    intake = reader.read(data, name, report, options)
    if intake.lines is not None:
        if not any(ln.text for ln in intake.lines):
            raise ImportRefused(f"{name}: byte 0: holds only whitespace ({len(data)} bytes); nothing to import")
        meta, pieces = _text_pipeline(intake, report)
    else:
        meta = dict(intake.meta)
        pieces = _clean_pieces(intake.pieces or [], report, options, meta)
        if not intake.own_source:
            pieces = notes.lift(pieces, report)
        pieces = structure.top_lines(pieces, meta, report)
        structure.assign_levels(pieces)  # headings known by their numbering only
    front = [p for p in pieces if p.kind in FRONT_KINDS]
    body = [p for p in pieces if p.kind in BODY_KINDS]
    body = repairs.remove_duplicates(body, report)
    if not intake.explicit_paragraphs:
        body = repairs.join_broken(body, report)
    suspect.check(body, report)
    if intake.lines is not None and sum(1 for ln in intake.lines if ln.text) == 1:
        report.add("one-line", "warning", "the file has a single line: if it holds a whole article, its paragraph breaks were lost", 1)
    if not any(p.kind in ("paragraph", "figure", "table") for p in body):
        report.add("no-text", "warning", "no body text found (only front matter or headings)", None)
    _language(meta, intake, body, report, to_simplified)
    _front_matter_notes(meta, report)
    output = [(p.line, t) for p in front + body for t in p.texts()]
    if intake.lines is None:  # a structured reader's front matter is its own (in loose text it is the front pieces)
        output += [(None, _as_input(k, v, intake.source)) for k, v in meta.items() if not isinstance(v, dict)]
    figures.check(intake.source, output, report.removed, report)
    return ImportResult(write.markdown(meta, body), report.sorted(), intake.encoding, meta, body,
                        intake.assets, reader.name)


def _as_input(key: str, value, source) -> str:
    """A front-matter value as the number check counts it.  An ISO date read from a date line
    (``2024年2月29日`` → ``2024-02-29``) counts as the figures the input wrote (``2024-2-29``)
    unless the input wrote it with the zeros."""
    text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    if key == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        written = {n for _, line in source for n in figures.numbers(line)}
        if not all(n in written for n in text.split("-")):
            return "-".join(str(int(n)) for n in text.split("-"))
    return text


def _text_pipeline(intake: Intake, report: Report) -> tuple[dict, list[Piece]]:
    from bipub.importer import pagenum

    meta = dict(intake.meta)
    lines = pagenum.strip(intake.lines, report)
    lines = boilerplate.strip(lines, report)
    lines = debris.strip_lines(lines, report, meta)
    pieces = wrap.pieces(lines, report)
    pieces = tables.rebuild(pieces, report)
    pieces = notes.lift(pieces, report)
    pieces = structure.classify(pieces, report)
    for p in pieces:
        if p.kind in ("title", "subtitle") and p.kind not in meta:
            meta[p.kind] = p.text
        elif p.kind in ("byline", "dateline") and p.fields:
            meta.update({k: v for k, v in p.fields.items() if k != "role" and k not in meta})
    return meta, pieces


def _clean_pieces(pieces: list[Piece], report: Report, options: Options, meta: dict) -> list[Piece]:
    """Structured pieces get the character checks loose text gets line by line."""
    marks = Marks(report, options.pinyin)
    for p in pieces:
        if p.rows is not None:
            p.rows = [[marks.clean(c, p.line) for c in row] for row in p.rows]
        else:
            p.text = marks.clean(p.text, p.line)
    marks.finish()
    return debris.strip_pieces(pieces, report, meta)


def _language(meta: dict, intake: Intake, body: list[Piece], report: Report, to_simplified: bool) -> None:
    """A Traditional source is published as Traditional: ``lang = "zh-Hant"`` in its front matter."""
    if "lang" in meta or to_simplified:
        return
    text = "".join(t for p in body for t in p.texts())
    if intake.lang == "zh-Hant" or is_traditional(text):
        meta["lang"] = "zh-Hant"
        report.add("lang", "info", 'Traditional Chinese source: lang = "zh-Hant" set in the front matter, so it is '
                   "published in Traditional (its fonts and labels); import with --to-simplified to convert it instead", None)


def _front_matter_notes(meta: dict, report: Report) -> None:
    if "title" not in meta:
        report.add("front-matter", "warning", 'no title found; add title = "…" to the front matter', None)
    for key, what in (("authors", 'authors = ["…"]'), ("publication", 'publication = "…"'), ("date", 'date = "YYYY-MM-DD"')):
        if key not in meta:
            report.add("front-matter", "info", f"no {key} found in the text; add {what} by hand if it is known", None)
