"""`bipub review export|import`: the project-level I/O around `review.py`."""

from __future__ import annotations

from pathlib import Path

from bipub.config import load_config
from bipub.findings import ConfigError, Finding
from bipub.terms.glossary import load_glossary
from bipub.memory.store import Memory, memory_path
from bipub.source.parse import parse_path
from bipub.pipeline import apply_memory, rel, source_files
from bipub.memory.review import export_review, import_review, review_units


def _documents(project: Path):
    cfg = load_config(project)
    docs = [parse_path(src, display_path=rel(project, src)).document for src in source_files(cfg)]
    return cfg, docs


def export(project: Path, fmt: str, out: Path | None, document: str | None) -> list[Path]:
    cfg, docs = _documents(project)
    if document:
        docs = [d for d in docs if d.name == document]
        if not docs:
            raise ConfigError(f"no source document named {document!r} in {cfg['project']['sources']}/")
    glossary, _ = load_glossary(cfg.path("glossary"))
    prepared = [_prepare(project, cfg, doc) for doc in docs]
    if fmt == "omegat":  # one OmegaT project folder for every document
        from bipub.formats.omegat import write_project

        units = [(doc.path, doc.name, review_units(doc, memory, glossary=glossary)) for doc, memory in prepared]
        return write_project(units, out or cfg.path("output") / "omegat-review", terms=glossary.terms)
    if out is not None and len(docs) > 1:
        raise ConfigError("-o needs a single document: add --document NAME")
    ext = {"xliff": "xlf", "tmx": "tmx", "po": "po"}[fmt]
    written = []
    for doc, memory in prepared:
        path = out or cfg.path("output") / f"{doc.name}.{ext}"
        written.append(export_review(doc, memory, fmt, path, glossary=glossary))
    return written


def _prepare(project: Path, cfg, doc):
    """The document with the memory's English applied, and its memory."""
    memory = Memory.load(memory_path(project, doc.name, cfg["project"]["translations"]))
    doc, _ = apply_memory(doc, memory, cfg["memory"]["fuzzy_threshold"], doc.path)
    # machine drafts kept in the memory go out too, marked as drafts, so editors review them
    return doc.map_segments(lambda s: _with_draft(s, memory)), memory


def _with_draft(seg, memory: Memory):
    import dataclasses

    if seg.target is not None:
        return seg
    hit = memory.lookup(seg.key, seg.source, threshold=1.0)
    if hit and hit.kind == "exact":
        return dataclasses.replace(seg, target=hit.unit.target, origin="mt", state=hit.unit.state)
    return seg


def import_(project: Path, file: Path) -> tuple[dict[str, int], list[Finding]]:
    cfg, docs = _documents(project)
    folder = cfg["project"]["translations"]
    from bipub.formats import omegat

    if not omegat.is_project(file):
        return import_review(file, project, docs, folder=folder)
    files, findings = omegat.read_project(file, str(file))
    counts = {"updated": 0, "unchanged": 0, "orphaned": 0}
    for rf in files:
        c, f = import_review(file, project, docs, folder=folder, review_file=rf)
        counts = {k: counts[k] + c[k] for k in counts}
        findings += f
    return counts, findings
