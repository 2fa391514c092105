"""`build()`: the whole path from `source/` to `output/`, as one straight script.

    config → glossary → for each source: parse → memory → draft (cache, engine)
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
from bipub.config import Config, load_config
from bipub.findings import BipubError, ConfigError, Finding, Reporter
from bipub.terms.annotate import annotate
from bipub.terms.glossary import Glossary, load_glossary
from bipub.memory.store import Memory, Unit, memory_path, utc_now
from bipub.model import ORIGINS, Document, Segment
from bipub.source.parse import parse_path
from bipub.check.qa import check_segment
from bipub.render.limits import NotTypeset
from bipub.render.html import files_of
from bipub.render.resources import check_figures
from bipub.render import RenderOptions, convert_variant, output_stem, render_html, render_pdf
from bipub.translate import PseudoEngine
from bipub.translate.draft import draft


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


def rel(root: Path, path: Path) -> str:
    """``path`` as a user of the project reads it: relative to the project, else absolute."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path.resolve())


def document_files(folder: Path) -> list[Path]:
    """The documents in a source folder: every NAME.md; NAME.notes.md and other NAME.*.md are companions."""
    return sorted(p for p in folder.glob("*.md") if "." not in p.stem) if folder.is_dir() else []


def source_files(cfg: Config) -> list[Path]:
    folder = cfg.path("sources")
    if not folder.is_dir():
        raise ConfigError(f"{rel(cfg.root, folder)}: source folder not found (set [project] sources in bipub.toml)")
    files = document_files(folder)
    if not files:
        raise ConfigError(f"{rel(cfg.root, folder)}: no Markdown sources (*.md) to build")
    return files


def build(root: Path, *, engine: str | None = None, variant: str | None = None, hant_config: str | None = None,
          tagged_pdf: bool | None = None, formats: list[str] | None = None, progress: bool = True) -> BuildResult:
    cfg = load_config(root).with_overrides("build", engine=engine, variant=variant, hant_config=hant_config,
                                           tagged_pdf=tagged_pdf, formats=formats)
    result = BuildResult()
    glossary, gfindings = load_glossary(cfg.path("glossary"))
    result.findings += gfindings
    engines = _EngineChooser(cfg, result.findings)
    cache = Cache(root / ".bipub" / "cache.sqlite")
    result.findings += cache.findings
    try:
        for src in source_files(cfg):
            try:
                result.documents.append(build_document(cfg, src, glossary, engines, cache, progress=progress))
            except ConfigError:
                raise
            except BipubError as e:  # this document cannot be built: report it and build the others
                result.findings.append(e.finding("build.source-error", file=rel(cfg.root, src)))
            except OSError as e:  # e.g. an output path that is a folder, a full disk, no permission
                where = rel(cfg.root, Path(e.filename)) if e.filename else rel(cfg.root, src)
                result.findings.append(Finding("build.write-error", "error",
                                               f"cannot write: {e.strerror or e}", where))
    finally:
        cache.close()
    return result


def build_document(cfg: Config, src: Path, glossary: Glossary, engines: "_EngineChooser",
                   cache: Cache, *, progress: bool) -> DocResult:
    t0 = time.perf_counter()
    root = cfg.root
    shown = rel(root, src)
    parsed = parse_path(src, display_path=shown)
    doc, findings = parsed.document, list(parsed.findings)
    # what `bipub import` repaired and suspected: shown in the report, but it does not fail the
    # build (an editor has acted on it when the source was edited)
    from_import = import_findings(root, src)

    # 1. memory: reviewed work first
    memory = Memory.load(memory_path(root, doc.name, cfg["project"]["translations"]))
    doc, mem_findings = apply_memory(doc, memory, cfg["memory"]["fuzzy_threshold"], shown)
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
    opts = RenderOptions(variant=cfg["build"]["variant"], hant_config=cfg["build"]["hant_config"],
                         tagged_pdf=cfg["build"]["tagged_pdf"], page_size=cfg["build"]["page_size"],
                         base_dir=src.parent, root=root)
    findings += check_figures(doc, files_of(doc, opts), shown)
    outputs = write_outputs(cfg, doc, opts, progress=progress, findings=findings)
    memory.prune({s.key for s in doc.segments()})  # stale machine drafts go; human work stays
    findings += memory.save()  # merged into what is on disk now: a review import made meanwhile is kept
    counts = Counter({o: 0 for o in ORIGINS})
    counts.update(s.origin for s in doc.segments())
    findings.sort(key=lambda f: (f.file or "", f.line or 0))
    res = DocResult(doc.name, shown, dict(counts), findings, outputs, model_calls, cache_hits,
                    round(time.perf_counter() - t0, 3), from_import)
    report = cfg.path("output") / f"{output_stem(doc.name, opts)}.report.json"
    write_atomic(report, json.dumps(report_json(res, engines), ensure_ascii=False, indent=2) + "\n")
    res.outputs.append(rel(root, report))
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
    if engine.name == "pseudo":
        return
    for s in doc.segments():
        if s.origin in ("mt", "cache") and s.target:
            memory.put(Unit(s.id, s.key, s.source, s.target, "draft", engine.signature(), utc_now()))


def import_findings(root: Path, src: Path) -> list[Finding]:
    """Findings `bipub import` left beside the source (source/NAME.import.json), with their
    file paths (stored relative to the JSON's folder) shown relative to the project."""
    path = src.with_suffix(".import.json")
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["findings"] if isinstance(data, dict) else data
        return [Finding(f["code"], f["severity"], f["message"],
                        rel(root, path.parent / f["file"]) if f.get("file") else None, f.get("line"))
                for f in items]
    except (ValueError, KeyError, TypeError) as e:
        return [Finding("import.report-unreadable", "warning", f"cannot read {path.name}: {e}", rel(root, path), None)]


def write_outputs(cfg: Config, doc: Document, opts: RenderOptions, *, progress: bool,
                  findings: list[Finding]) -> list[str]:
    out_dir = cfg.path("output")
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = convert_variant(doc, opts)
    stem = output_stem(doc.name, opts)
    written = []
    formats = cfg["build"]["formats"]
    if "html" in formats:
        for path, fragment in ((out_dir / f"{stem}.html", False), (out_dir / f"{stem}.fragment.html", True)):
            write_atomic(path, render_html(doc, opts, fragment=fragment))
            written.append(rel(cfg.root, path))
    if "pdf" in formats:
        path = out_dir / f"{stem}.pdf"
        if progress and sys.stderr.isatty():
            print(f"typesetting {path.name} …", file=sys.stderr, flush=True)
        try:
            render_pdf(doc, opts, path)
            written.append(rel(cfg.root, path))
        except NotTypeset as e:  # missing fonts, an overlong paragraph: the other outputs and the report are written
            findings.append(e.finding(e.code, file=rel(cfg.root, path)))
    return written


def report_json(res: DocResult, engines: "_EngineChooser") -> dict:
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


class _EngineChooser:
    """Picks the engine once per build, only when some segment needs one."""

    def __init__(self, cfg: Config, findings: list[Finding]):
        self.cfg, self.findings = cfg, findings
        self.name = cfg["build"]["engine"]
        self._engine = None
        self._chosen = False
        self.signature = "memory"

    def get(self):
        if self._chosen:
            return self._engine
        self._chosen = True
        if self.name == "pseudo":
            self._engine = PseudoEngine()
        elif self.name in ("argos", "auto"):
            from bipub.translate.packages import find_zh_en, packages_dir
            from bipub.translate.argos import ArgosEngine

            directory = packages_dir(self.cfg["translate"]["packages_dir"] or None, self.cfg.root)
            try:
                package = find_zh_en(directory, self.findings)
            except BipubError as e:
                if self.name == "argos":
                    raise ConfigError(str(e)) from e
                self.findings.append(Finding("translate.no-model", "warning",
                                             f"segments left untranslated: {e}", "bipub.toml", None))
                return None
            t = self.cfg["translate"]
            self._engine = ArgosEngine(package, beam_size=t["beam_size"], inter_threads=t["inter_threads"],
                                       intra_threads=t["intra_threads"], compute_type=t["compute_type"],
                                       max_batch_size=t["max_batch_size"])
        if self._engine is not None:
            self.signature = "memory+" + self._engine.signature()
        return self._engine


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
