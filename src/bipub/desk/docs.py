"""What the desk shows of a document: its segments after the stages up to ``check``, its progress.

A document is checked again only when one of its inputs changed (`watch`): its
source, its memory, the glossary or bipub.toml; so a CLI build or review import
made while the desk is open is seen at the next request.  The stages are the
build's own (``pipeline.STAGES``) without ``translate`` (machine drafts are asked
for one segment at a time: `suggest`) and ``render``.
"""

from __future__ import annotations

import json
from pathlib import Path

from bipub.desk.watch import Watch
from bipub.findings import Reporter
from bipub.memory.store import Memory, Unit
from bipub.model import STATES, Document
from bipub.findings import BipubError
from bipub.pipeline import STAGES, Context, MemoryPart, SourcePart, TermsPart, refuse_links_out, run_stages
from bipub.project import Project
from bipub.report import report_path

DESK_STAGES = [s for s in STAGES if s.name not in ("translate", "render")]
#: the progress columns, weakest first
PROGRESS = ("untranslated", *STATES)


def source_of(project: Project, name: str) -> Path:
    """``source/NAME.md`` of a document the project has (a name from a URL is never a path).

    A source or memory that is a link to a file outside the project is refused as the build
    refuses it (`BipubError`, the build's ``build.source-error``): never shown, never written."""
    for src in project.sources():
        if src.stem == name:
            refuse_links_out(project, src)
            return src
    raise KeyError(name)


def readable_sources(project: Project) -> list[Path]:
    """The sources whose file and memory are project files (those `source_of` does not refuse)."""
    out = []
    for src in project.sources():
        try:
            refuse_links_out(project, src)
        except BipubError:
            continue
        out.append(src)
    return out


def checked(project: Project, name: str, watch: Watch) -> tuple[Document, Reporter, Memory]:
    """The document after parse, memory, annotate and check; its findings; its memory (as on disk).
    Kept by ``watch`` until the source, the memory, the glossary or bipub.toml changes."""
    src = source_of(project, name)

    def make():
        glossary, _ = watch.glossary(project)
        mem = Memory.load(project.memory_path(src.stem))  # apply_memory puts fuzzy reuses in this copy
        ctx = Context(source=SourcePart(src, project.pair),
                      memory=MemoryPart(mem, project.config.memory.fuzzy_threshold, project.pair),
                      terms=TermsPart(glossary, project.pair), engine=None, output=None,
                      report=Reporter(project.show(src)))
        doc = run_stages(ctx, project.show(src), DESK_STAGES)
        return doc, ctx.report, watch.memory(project.memory_path(src.stem))

    return watch.document(project, src, make)


def progress(doc: Document, mem: Memory) -> dict[str, int]:
    """Segments by state: the memory unit's state, ``untranslated`` when there is none."""
    out = dict.fromkeys(PROGRESS, 0)
    for s in doc.segments():
        u = mem.get(s.key)
        out[u.state if u else "untranslated"] += 1
    return out


def gate(project: Project, name: str) -> dict:
    """The publish gate of the last build (``output/NAME.report.json``), or that there is none."""
    path = report_path(project, name)
    if not path.is_file():
        return {"built": False, "publishable": None, "why": "not built yet"}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return {"built": True, "publishable": None, "why": f"report unreadable: {e}"}
    pub = data.get("publishable")  # bipub.gate: "publishable": bool, "reasons": [{code, count, message}]
    reasons = [r.get("message", str(r)) if isinstance(r, dict) else str(r) for r in data.get("reasons") or []]
    if not isinstance(pub, bool):
        return {"built": True, "publishable": None, "why": "this build's report has no publish gate"}
    return {"built": True, "publishable": pub, "why": "; ".join(reasons)}


def documents(project: Project, watch: Watch) -> list[dict]:
    out = []
    for src in project.sources():
        try:
            doc, report, mem = checked(project, src.stem, watch)
        except BipubError as e:  # listed with why it is refused, as the build reports it
            out.append({"name": src.stem, "source": project.show(src), "title": src.stem, "refused": str(e),
                        "progress": dict.fromkeys(PROGRESS, 0), "gate": gate(project, src.stem), "errors": 1})
            continue
        out.append({"name": src.stem, "source": project.show(src), "title": doc.meta.get("title", src.stem),
                    "progress": progress(doc, mem), "gate": gate(project, src.stem),
                    "errors": sum(f.severity == "error" for f in report.findings)})
    return out


def _sections(doc: Document) -> dict[str, str]:
    """segment id → the title of its section (front matter: "front")."""
    out = {}
    for b in doc.front:
        for s in b.segments:
            out[s.id] = "front"
    for sec in doc.sections:
        title = sec.heading.source if sec.heading else sec.id
        for b in ((sec.heading,) if sec.heading else ()) + sec.blocks:
            for s in b.segments:
                out[s.id] = f"{sec.id} {title}"
    return out


def unit_json(u: Unit | None) -> dict | None:
    if u is None:
        return None
    return {"en": u.target, "state": u.state, "by": u.by, "at": u.at, "history": [dict(e) for e in u.history]}


def segments(project: Project, name: str, watch: Watch) -> dict:
    """Every segment with its spans, memory unit (the version an edit is based on), findings, section."""
    doc, report, mem = checked(project, name, watch)
    by_seg: dict[str, list] = {}
    for f in report.findings:
        sid = f.segment or _prefix_id(f.message)
        if sid:
            by_seg.setdefault(sid, []).append({"code": f.code, "severity": f.severity, "message": f.message})
    sections = _sections(doc)
    rows = []
    for s in doc.segments():
        rows.append({"id": s.id, "key": s.key, "zh": s.source, "en": s.target, "origin": s.origin,
                     "section": sections.get(s.id, ""), "line": s.line,
                     "spans": [{"start": p.start, "end": p.end, "kind": p.kind, "target": p.target, "ref": p.ref}
                               for p in s.spans],
                     "unit": unit_json(mem.get(s.key)), "findings": by_seg.get(s.id, [])})
    return {"name": name, "title": doc.meta.get("title", name), "segments": rows,
            "progress": progress(doc, mem), "gate": gate(project, name)}


def _prefix_id(message: str) -> str | None:
    head = message.split(": ", 1)[0]
    return head if head[:1] == "s" and "-" in head and " " not in head else None

