"""`bipub review export|import`: the project-level I/O around `review.py`."""

from __future__ import annotations

from pathlib import Path

from bipub.findings import ConfigError, Finding
from bipub.formats import FORMATS
from bipub.memory.qa_notes import qa_notes
from bipub.memory.review import ONLY, export_review, review_units
from bipub.memory.review_import import ImportResult, review_import
from bipub.memory.store import Memory
from bipub.pipeline import apply_memory
from bipub.project import Project
from bipub.source.parse import parse_path
from bipub.terms.glossary import load_glossary


def _documents(project: Project):
    return [parse_path(src, display_path=project.show(src)).document for src in project.sources(required=True)]


def export(project: Project, fmt: str, out: Path | None, document: str | None,
           report: list[Finding] | None = None, only: str | None = None) -> list[Path]:
    """Write review files; ``only`` (a key of ``memory.review.ONLY``) exports just the work to do.

    Each unit carries the last build's findings about its segment as notes (`bipub.memory.qa_notes`).
    """
    report = report if report is not None else []
    docs = _documents(project)
    if document:
        docs = [d for d in docs if d.name == document]
        if not docs:
            raise ConfigError(f"no source document named {document!r} in {project.config.project.sources}/")
    glossary, _ = load_glossary(project.glossary_dir)
    prepared = [_prepare(project, doc, report) for doc in docs]
    if fmt == "omegat":  # one OmegaT project folder for every document
        from bipub.formats.omegat import write_project

        keep = ONLY[only] if only else (lambda u: True)
        units = [(doc.path, doc.name, [u for u in review_units(doc, memory, glossary=glossary, qa=qa) if keep(u)])
                 for doc, memory, qa in prepared]
        return write_project(units, out or project.output_dir / "omegat-review", terms=glossary.terms)
    if out is not None and len(docs) > 1:
        raise ConfigError("-o needs a single document: add --document NAME")
    ext = FORMATS.get(fmt).extensions[0]
    written = []
    for doc, memory, qa in prepared:
        path = out or project.output_dir / f"{doc.name}{ext}"
        written.append(export_review(doc, memory, fmt, path, glossary=glossary, report=report, qa=qa, only=only))
    return written


def _prepare(project: Project, doc, report: list[Finding]):
    """The document with the memory's English applied, its memory and the last build's notes per segment."""
    memory = Memory.load(project.memory_path(doc.name))
    qa, found = qa_notes(project.output_dir, doc.name, project.root / doc.path, doc.path)
    report.extend(found)
    doc, _ = apply_memory(doc, memory, project.config.memory.fuzzy_threshold, doc.path)
    # machine drafts kept in the memory go out too, marked as drafts, so editors review them
    return doc.map_segments(lambda s: _with_draft(s, memory)), memory, qa


def _with_draft(seg, memory: Memory):
    import dataclasses

    if seg.target is not None:
        return seg
    hit = memory.lookup(seg.key, seg.source, threshold=1.0)
    if hit and hit.kind == "exact":
        return dataclasses.replace(seg, target=hit.unit.target, origin="mt", state=hit.unit.state)
    return seg


def import_(project: Project, file: Path, **options) -> ImportResult:
    """Merge a review file or an OmegaT project folder; ``options``: ``dry_run``, ``reviewer``,
    ``accept_approved`` (see `bipub.memory.review_import`)."""
    docs = _documents(project)
    folder = project.config.project.translations
    from bipub.formats import omegat

    if not omegat.is_project(file):
        return review_import(file, project.root, docs, folder=folder, **options)
    files, findings = omegat.read_project(file, str(file))
    total = ImportResult({"updated": 0, "unchanged": 0, "orphaned": 0}, findings, dry_run=options.get("dry_run", False))
    for rf in files:
        one = review_import(file, project.root, docs, folder=folder, review_file=rf, **options)
        for k, v in one.counts.items():
            total.counts[k] = total.counts.get(k, 0) + v
        total.findings += one.findings
        total.changes += one.changes
    return total
