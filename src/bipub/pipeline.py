"""`build()`: the whole path from `source/` to `output/`, as one straight script.

    project → glossary → for each source: parse → memory → draft (cache, engine)
           → QA → render (HTML page, fragment, PDF) → report

Each stage is a function over the document model; this module only wires them
and does the file I/O.  Problems in content become findings; only what stops
the run raises (`BipubError`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bipub import __version__
from bipub.atomic import write_atomic
from bipub.translate.cache import Cache
from bipub.findings import BipubError, ConfigError, Finding, Reporter
from bipub.terms.annotate import annotate
from bipub.terms.glossary import Glossary, load_glossary
from bipub.memory.store import Memory, Unit, utc_now
from bipub.model import ORIGINS, Document, Segment
from bipub.source.parse import parse_path
from bipub.check.qa import check_segment
from bipub.project import Project
from bipub.render import WRITERS, RenderOptions, convert_variant, output_stem
from bipub.render.fonts import FontsMissing
from bipub.render.html import files_of
from bipub.render.resources import check_figures
from bipub.translate.draft import draft
from bipub.translate.engines import EngineChoice


@dataclass
class DocResult:
    name: str
    source: str
    counts: dict[str, int]
    findings: list[Finding]
    outputs: list[str]
    model_calls: int = 0
    cache_hits: int = 0
    seconds: float = 0.0
    import_findings: list[Finding] = field(default_factory=list)  # from source/NAME.import.json


@dataclass
class BuildResult:
    documents: list[DocResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # project-level (glossary, engine)

    def all_findings(self) -> list[Finding]:
        return self.findings + [f for d in self.documents for f in d.findings]

    def counts(self) -> dict[str, int]:
        total = Counter({o: 0 for o in ORIGINS})
        for d in self.documents:
            total.update(d.counts)
        return dict(total)


def build(project: Project, *, progress: bool = True) -> BuildResult:
    """Build every source of ``project`` (command-line overrides: ``project.with_build(...)``)."""
    result = BuildResult()
    glossary, gfindings = load_glossary(project.glossary_dir)
    result.findings += gfindings
    engines = EngineChoice(project.config.build.engine, project, result.findings)
    cache = Cache(project.cache_path)
    result.findings += cache.findings
    try:
        for src in project.sources(required=True):
            try:
                result.documents.append(build_document(project, src, glossary, engines, cache, progress=progress))
            except ConfigError:
                raise
            except BipubError as e:  # this document cannot be built: report it and build the others
                result.findings.append(e.finding("build.source-error", file=project.show(src)))
            except OSError as e:  # e.g. an output path that is a folder, a full disk, no permission
                where = project.show(Path(e.filename)) if e.filename else project.show(src)
                result.findings.append(Finding("build.write-error", "error",
                                               f"cannot write: {e.strerror or e}", where))
    finally:
        cache.close()
        engines.close()
    return result


def build_document(project: Project, src: Path, glossary: Glossary, engines: EngineChoice,
                   cache: Cache, *, progress: bool) -> DocResult:
    t0 = time.perf_counter()
    cfg = project.config
    shown = project.show(src)
    parsed = parse_path(src, display_path=shown)
    doc, findings = parsed.document, list(parsed.findings)
    # what `bipub import` repaired and suspected: shown in the report, but it does not fail the
    # build (an editor has acted on it when the source was edited)
    from_import = import_findings(project, src)

    # 1. memory: reviewed work first
    memory = Memory.load(project.memory_path(doc.name))
    doc, mem_findings = apply_memory(doc, memory, cfg.memory.fuzzy_threshold, shown)
    findings += mem_findings

    doc = annotate(doc, glossary)
    # 2. machine drafts for the rest (cache, then the engine)
    missing = [s for s in doc.segments() if s.target is None]
    report = Reporter(shown)
    engine = engines.get() if missing else None
    if engine is not None:
        with _progress(len(missing), f"translating {doc.name}", progress) as bar:
            doc = draft(doc, engine, cache=cache, report=report, progress=bar)
        findings += report.findings
        remember_drafts(doc, memory, engine)
    model_calls, cache_hits = report.counts["model_calls"], report.counts["cache_hits"]
    for s in doc.segments():
        if s.target is None:
            findings.append(Finding("translate.untranslated", "warning",
                                    f"{s.id} has no translation: {s.source[:30]}", shown, s.line))

    # 3. QA on every translated segment, reviewed ones included
    for s in doc.segments():
        if s.target is not None and s.origin != "pseudo":
            findings += check_segment(s, glossary=glossary, file=shown)

    # 4. render and write
    opts = RenderOptions(variant=cfg.build.variant, hant_config=cfg.build.hant_config,
                         tagged_pdf=cfg.build.tagged_pdf, page_size=cfg.build.page_size, base_dir=src.parent,
                         root=project.root)
    findings += check_figures(doc, files_of(doc, opts), shown)
    outputs = write_outputs(project, doc, opts, progress=progress, findings=findings)
    memory.prune({s.key for s in doc.segments()})  # stale machine drafts go; human work stays
    findings += memory.save()  # merged into what is on disk now: a review import made meanwhile is kept
    counts = Counter({o: 0 for o in ORIGINS})
    counts.update(s.origin for s in doc.segments())
    findings.sort(key=lambda f: (f.file or "", f.line or 0))
    res = DocResult(doc.name, shown, dict(counts), findings, outputs, model_calls, cache_hits,
                    round(time.perf_counter() - t0, 3), from_import)
    report = project.output_dir / f"{output_stem(doc.name, opts)}.report.json"
    write_atomic(report, json.dumps(report_json(res, engines), ensure_ascii=False, indent=2) + "\n")
    res.outputs.append(project.show(report))
    return res


def apply_memory(doc: Document, memory: Memory, threshold: float, shown: str) -> tuple[Document, list[Finding]]:
    """Reviewed English from the memory; a fuzzy hit is reused as needs-review and reported.

    Machine drafts stored in the memory are not reused here: they are re-derived
    through the MT cache, so a changed glossary or model refreshes them."""
    findings: list[Finding] = []

    def one(seg: Segment) -> Segment:
        hit = memory.lookup(seg.key, seg.source, threshold=threshold)
        if hit is None or hit.unit.state == "draft":
            return seg
        if hit.kind == "exact":
            if hit.unit.state == "needs-review":  # reported on every build until an editor has looked at it
                findings.append(Finding("memory.needs-review", "warning",
                                        f"{seg.id}: English kept from a changed sentence awaits review "
                                        f"({hit.unit.by})", shown, seg.line))
            return dataclasses.replace(seg, target=hit.unit.target, origin="memory", state=hit.unit.state)
        findings.append(Finding("memory.fuzzy-match", "warning",
                                f"{seg.id}: Chinese changed ({hit.score:.0%} similar), English kept for review; "
                                f"was {hit.unit.source!r}, now {seg.source!r}", shown, seg.line))
        now = utc_now()
        memory.put(Unit(seg.id, seg.key, seg.source, hit.unit.target, "needs-review", "fuzzy match from " + hit.unit.key,
                        now).record("fuzzy-reuse", by="bipub", at=now, source=f"{hit.unit.key} ({hit.score:.0%})"))
        return dataclasses.replace(seg, target=hit.unit.target, origin="memory", state="needs-review")

    return doc.map_segments(one), findings


def remember_drafts(doc: Document, memory: Memory, engine) -> None:
    """Store machine drafts so editors can review them (never over human work: Memory.put refuses)."""
    if not engine.publishable:  # pseudo text is never a draft of a translation
        return
    for s in doc.segments():
        if s.origin in ("mt", "cache") and s.target:
            memory.put(Unit(s.id, s.key, s.source, s.target, "draft", engine.signature(), utc_now()))


def import_findings(project: Project, src: Path) -> list[Finding]:
    """Findings `bipub import` left beside the source (source/NAME.import.json), with their
    file paths (stored relative to the JSON's folder) shown relative to the project."""
    path = src.with_suffix(".import.json")
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["findings"] if isinstance(data, dict) else data
        return [Finding(f["code"], f["severity"], f["message"],
                        project.show(path.parent / f["file"]) if f.get("file") else None, f.get("line"))
                for f in items]
    except (ValueError, KeyError, TypeError) as e:
        return [Finding("import.report-unreadable", "warning", f"cannot read {path.name}: {e}", project.show(path), None)]


def write_outputs(project: Project, doc: Document, opts: RenderOptions, *, progress: bool,
                  findings: list[Finding]) -> list[str]:
    """Every configured writer, in registry order; a file two writers would write is written once.
    A PDF that cannot be typeset for missing fonts is a finding; the other outputs are still written."""
    out_dir = project.output_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = convert_variant(doc, opts)
    stem = output_stem(doc.name, opts)
    formats = project.config.build.formats
    written: list[str] = []
    for name, writer in WRITERS.items():
        if name not in formats or all(project.show(out_dir / f) in written for f in writer.outputs(stem)):
            continue
        if writer.slow and progress and sys.stderr.isatty():
            print(f"writing {', '.join(writer.outputs(stem))} …", file=sys.stderr, flush=True)
        try:
            paths = writer.write(doc, opts, out_dir)
        except FontsMissing as e:
            findings.append(Finding("render.fonts-missing", "error", str(e),
                                    project.show(out_dir / writer.outputs(stem)[0])))
            continue
        written += [p for p in map(project.show, paths) if p not in written]
    return written


def report_json(res: DocResult, engines: EngineChoice) -> dict:
    return {
        "bipub": __version__,
        "document": res.name,
        "source": res.source,
        "built_at": utc_now(),
        "engine": engines.signature,
        "counts": res.counts,
        "model_calls": res.model_calls,
        "cache_hits": res.cache_hits,
        "outputs": res.outputs,
        "findings": [f.to_json() for f in res.findings],
        "import_findings": [f.to_json() for f in res.import_findings],
    }


class _progress:
    """A tqdm bar on a terminal; silent in CI logs and pipes."""

    def __init__(self, total: int, desc: str, enabled: bool):
        self.bar = None
        if enabled and sys.stderr.isatty() and not os.environ.get("CI"):
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, unit="seg", leave=False)

    def __enter__(self):
        return self

    def __call__(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
