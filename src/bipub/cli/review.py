"""`bipub review export|import`: the project-level I/O around `review.py`."""

from __future__ import annotations

from pathlib import Path

from bipub.findings import ConfigError, Finding
from bipub.memory.review import export_review, import_review
from bipub.memory.store import Memory
from bipub.memory.apply import apply_memory
from bipub.project import Project
from bipub.source.parse import parse_path
from bipub.terms.glossary import load_glossary


def _documents(project: Project):
    return [parse_path(src, display_path=project.show(src)).document for src in project.sources(required=True)]


def export(project: Project, fmt: str, out: Path | None, document: str | None) -> list[Path]:
    docs = _documents(project)
    if document:
        docs = [d for d in docs if d.name == document]
        if not docs:
            raise ConfigError(f"no source document named {document!r} in {project.config.project.sources}/")
    if out is not None and len(docs) > 1:
        raise ConfigError("-o needs a single document: add --document NAME")
    glossary, _ = load_glossary(project.glossary_dir)
    ext = {"xliff": "xlf", "tmx": "tmx", "po": "po"}[fmt]
    written = []
    for doc in docs:
        memory = Memory.load(project.memory_path(doc.name))
        doc = apply_memory(doc, memory, threshold=project.config.memory.fuzzy_threshold)
        # machine drafts kept in the memory go out too, marked as drafts, so editors review them
        doc = doc.map_segments(lambda s: _with_draft(s, memory))
        path = out or project.output_dir / f"{doc.name}.{ext}"
        written.append(export_review(doc, memory, fmt, path, glossary=glossary))
    return written


def _with_draft(seg, memory: Memory):
    import dataclasses

    if seg.target is not None:
        return seg
    hit = memory.lookup(seg.key, seg.source, threshold=1.0)
    if hit and hit.kind == "exact":
        return dataclasses.replace(seg, target=hit.unit.target, origin="mt", state=hit.unit.state)
    return seg


def import_(project: Project, file: Path) -> tuple[dict[str, int], list[Finding]]:
    return import_review(file, project.root, _documents(project), folder=project.config.project.translations)
