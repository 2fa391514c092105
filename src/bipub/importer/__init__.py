"""``bipub import``: raw scraped or legacy-encoded text → clean Markdown source + findings.

    result = import_text(data, name="raw.txt")      # pure: bytes in, result out
    result = import_file(Path("raw.txt"), None)     # writes source/raw.md and source/raw.import.json

The stages, in order (each one a module of this package):

1. ``decode``     bytes → text; encoding detected and reported, or the input refused
2. ``clean``      line ends, invisible characters, trailing spaces, Traditional Chinese;
   ``boilerplate``  site licence notices and navigation at the start or end removed
3. ``wrap``       lines → pieces; hard-wrapped lines joined, blank-line runs collapsed
4. ``structure``  figures (captions + credits), byline, date line, title block, headings
5. ``repairs``    duplicate paragraphs removed, broken words and sentences joined
6. ``suspect``    what cannot be repaired: reported for the editor
7. ``write``      front matter + Markdown

Every change is a finding with the raw file's line number: ``repaired`` for a
fix, ``warning``/``error`` for a suspicion, ``info`` for a detection.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from bipub.findings import SEVERITIES, Finding, count_by_severity
from bipub.importer import boilerplate, clean, markdown_in, repairs, structure, suspect, wrap, write
from bipub.importer.decode import ImportRefused, decode
from bipub.importer.pieces import Piece
from bipub.importer.report import Report

__all__ = ["ImportResult", "ImportRefused", "import_text", "import_file", "default_output", "exit_code", "relative_to"]


@dataclass
class ImportResult:
    markdown: str  # the source file's text
    findings: list[Finding]  # sorted by raw line
    encoding: str  # "UTF-8", "UTF-8 with BOM", "UTF-16LE with BOM", "GB2312", "GBK", "GB18030"
    meta: dict  # the front matter written
    pieces: list[Piece] = field(default_factory=list)  # body pieces written, with their raw line ranges

    def to_json(self, raw: str, source: str) -> dict:
        """What ``source/NAME.import.json`` holds.

        ``raw`` and ``source`` are paths relative to the JSON file's folder (``../raw/x.txt``, ``x.md``);
        every finding's ``file`` is ``raw`` too, so the JSON reads the same wherever it is used from.
        """
        return {
            "raw": raw,
            "source": source,
            "encoding": self.encoding,
            "counts": count_by_severity(self.findings),
            "findings": [{**f.to_json(), "file": raw} for f in self.findings],
            "blocks": [{"kind": p.kind, "lines": [p.line, p.end], "text": p.text[:40]} for p in self.pieces],
        }


def import_text(data: bytes, *, name: str, to_simplified: bool = False) -> ImportResult:
    """Import raw bytes; ``name`` is the raw file as findings show it.  Raises ``ImportRefused``."""
    decoded = decode(data, name)
    report = Report(name)
    if decoded.codec != "utf-8" or decoded.encoding != "UTF-8":
        report.add("encoding", "info", f"decoded as {decoded.encoding}"
                   + (" (GB18030 decoder, a superset)" if decoded.codec == "gb18030" else ""), None)
    lines = clean.clean_lines(decoded.text, report, to_simplified=to_simplified)
    if not any(ln.text for ln in lines):
        raise ImportRefused(f"{name}: byte 0: holds only whitespace ({len(data)} bytes); nothing to import")

    if markdown_in.is_source(lines):
        meta, pieces = markdown_in.read_source(lines, name)
        body = pieces
    else:
        lines = boilerplate.strip(lines, report)
        pieces = wrap.pieces(lines, report)
        pieces = structure.classify(pieces, report)
        meta = _front_matter(pieces, report)
        body = [p for p in pieces if p.kind in ("paragraph", "heading", "figure")]
    body = repairs.remove_duplicates(body, report)
    body = repairs.join_broken(body, report)
    suspect.check(body, report)
    if sum(1 for ln in lines if ln.text) == 1:
        report.add("one-line", "warning", "the file has a single line: if it holds a whole article, its paragraph breaks were lost", 1)
    if not any(p.kind in ("paragraph", "figure") for p in body):
        report.add("no-text", "warning", "no body text found (only front matter or headings)", None)
    return ImportResult(write.markdown(meta, body), report.sorted(), decoded.encoding, meta, body)


def _front_matter(pieces: list[Piece], report: Report) -> dict:
    meta: dict = {}
    for p in pieces:
        if p.kind in ("title", "subtitle"):
            meta[p.kind] = p.text
        elif p.kind in ("byline", "dateline") and p.fields:
            meta.update({k: v for k, v in p.fields.items() if k != "role" and k not in meta})
    if "title" not in meta:
        report.add("front-matter", "warning", 'no title found; add title = "…" to the front matter', None)
    for key, what in (("authors", 'authors = ["…"]'), ("publication", 'publication = "…"'), ("date", 'date = "YYYY-MM-DD"')):
        if key not in meta:
            report.add("front-matter", "info", f"no {key} found in the text; add {what} by hand if it is known", None)
    return meta


def default_output(raw: Path) -> Path:
    """``source/<raw stem>.md`` (relative to the working directory)."""
    return Path("source") / (raw.stem + ".md")


def import_file(raw: Path, out: Path | None, *, to_simplified: bool = False) -> ImportResult:
    """Read ``raw``, write ``out`` (default :func:`default_output`) and ``out.with_suffix(".import.json")``.

    Both files are written or neither, with the mode of a newly created file (``0o666 & ~umask``).
    Paths inside the JSON are relative to its own folder.  Importing a source in place
    (``raw`` is ``out``) keeps the findings of the original raw import in the JSON and
    adds the new ones (see :func:`merged_json`).  Raises ``ImportRefused`` (a ``BipubError``,
    exit code 2) when the input is not text, with nothing written.
    """
    raw = Path(raw)
    try:
        data = raw.read_bytes()
    except OSError as e:
        raise ImportRefused(f"{raw}: cannot read: {e.strerror or e}") from None
    result = import_text(data, name=str(raw), to_simplified=to_simplified)
    out = Path(out) if out is not None else default_output(raw)
    json_path = out.with_suffix(".import.json")
    record = result.to_json(relative_to(raw, json_path.parent), out.name)
    if _same_file(raw, out):
        record = merged_json(record, json_path, result, str(raw))
    write.write_both(out, result.markdown, json_path, record)
    return result


def relative_to(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` (``../../shared/corpus/x.txt``), with ``/`` separators."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(path).resolve().as_posix()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def merged_json(record: dict, json_path: Path, result: ImportResult, name: str) -> dict:
    """The JSON of an in-place re-import: the earlier raw import's findings kept, this run's added.

    ``record`` is this run's JSON (its findings point at the source itself); ``name`` is the
    source as the user typed it.  When ``json_path``
    holds the record of an import from another (raw) file, its ``raw``, ``encoding``, ``blocks``
    and the findings pointing at that raw file are kept and this run's findings follow them;
    findings of earlier in-place runs are replaced.  An info finding
    ``import.reimport`` (added to ``result.findings`` too, so the user sees it) says so.
    Without a readable earlier record, ``record`` is returned as it is.
    """
    try:
        old = json.loads(json_path.read_text(encoding="utf-8"))
        old_raw = old["raw"]
        kept = [f for f in old["findings"] if f.get("file") == old_raw]
    except (OSError, ValueError, KeyError, TypeError):
        return record
    if not isinstance(old_raw, str) or old_raw == record["raw"]:
        return record
    note = Finding("import.reimport", "info",
                   f"imported in place: the {len(kept)} findings of the raw import ({old_raw}) are kept "
                   f"in {json_path.name}, this run's findings are added", name, None)
    result.findings.insert(0, note)
    new = [{**note.to_json(), "file": record["raw"]}] + record["findings"]
    merged = {**record, "raw": old_raw, "encoding": old.get("encoding", record["encoding"]),
              "blocks": old.get("blocks", record["blocks"]), "findings": kept + new}
    merged["counts"] = {s: sum(1 for f in merged["findings"] if f.get("severity") == s) for s in SEVERITIES}
    return merged


def exit_code(result: ImportResult) -> int:
    """0 when the source was written, 1 when there are also findings of severity ``error``."""
    return 1 if any(f.severity == "error" for f in result.findings) else 0
