"""`bipub review export|import`: the project-level I/O around `review.py`."""

from __future__ import annotations

from pathlib import Path

from bipub.config import load_config
from bipub.findings import ConfigError, Finding
from bipub.formats import FORMATS
from bipub.terms.glossary import load_glossary
from bipub.memory.store import Memory, memory_path
from bipub.source.parse import parse_path
from bipub.pipeline import apply_memory, rel, source_files
from bipub.memory.qa_notes import qa_notes
from bipub.memory.review import export_review
from bipub.memory.review_import import ImportResult, review_import


def _documents(project: Path):
    cfg = load_config(project)
    docs = [parse_path(src, display_path=rel(project, src)).document for src in source_files(cfg)]
    return cfg, docs


def export(project: Path, fmt: str, out: Path | None, document: str | None,
           report: list[Finding] | None = None, only: str | None = None) -> list[Path]:
    cfg, docs = _documents(project)
    if document:
        docs = [d for d in docs if d.name == document]
        if not docs:
            raise ConfigError(f"no source document named {document!r} in {cfg['project']['sources']}/")
    if out is not None and len(docs) > 1:
        raise ConfigError("-o needs a single document: add --document NAME")
    glossary, _ = load_glossary(cfg.path("glossary"))
    ext = FORMATS.get(fmt).extensions[0]
    written = []
    for doc in docs:
        memory = Memory.load(memory_path(project, doc.name, cfg["project"]["translations"]))
        doc, _ = apply_memory(doc, memory, cfg["memory"]["fuzzy_threshold"], doc.path)
        # machine drafts kept in the memory go out too, marked as drafts, so editors review them
        doc = doc.map_segments(lambda s: _with_draft(s, memory))
        path = out or cfg.path("output") / f"{doc.name}{ext}"
        qa, qa_findings = qa_notes(cfg.path("output"), doc.name, project / doc.path, doc.path)
        if report is not None:
            report.extend(qa_findings)
        written.append(export_review(doc, memory, fmt, path, glossary=glossary, report=report, qa=qa, only=only))
    return written


def _with_draft(seg, memory: Memory):
    import dataclasses

    if seg.target is not None:
        return seg
    hit = memory.lookup(seg.key, seg.source, threshold=1.0)
    if hit and hit.kind == "exact":
        return dataclasses.replace(seg, target=hit.unit.target, origin="mt", state=hit.unit.state)
    return seg


def import_(project: Path, file: Path, **options) -> ImportResult:
    """``options``: ``dry_run``, ``reviewer``, ``accept_approved`` (see `bipub.memory.review_import`)."""
    cfg, docs = _documents(project)
    return review_import(file, project, docs, folder=cfg["project"]["translations"], **options)
