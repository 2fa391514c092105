"""`build(project)`: every source through the stages, in the order `STAGES` gives.

Each stage is a function ``stage(doc, part, report) -> Document``: it gets the
document, *its part* of the build context (nothing else) and the findings
`Reporter` of the document, and returns a new document.  Reading happens in
the first stage (``parse`` reads ``source/NAME.md``; the memory is loaded
before the stages run) and writing in the last (``render`` writes
``output/``); the memory and the report are written after it.

To add a stage: write its function in the package it belongs to, give it a
part here (a field of `Context`, or an existing one), and put one `Stage`
line in `STAGES`.  See docs/DESIGN.md.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bipub.check.qa import check_segment
from bipub.check.renderings import rendering_changed
from bipub.findings import BipubError, ConfigError, Finding, Reporter
from bipub.gate import assess_project
from bipub.memory.apply import apply_memory, remember_drafts
from bipub.memory.store import Memory, utc_now
from bipub.model import Document
from bipub.pair import ZH_EN, LangPair
from bipub.project import Project
from bipub.render import WRITERS, RenderOptions, convert_variant, output_stem
from bipub.render.limits import NotTypeset
from bipub.render.html import files_of
from bipub.render.resources import check_figures
from bipub.progress import RunProgress
from bipub.report import (BuildResult, DocResult, count_origins, report_path, signature, stored_result,
                           why_outdated, write_report)
from bipub.render.blocks import inline_findings
from bipub.source.parse import parse_path
from bipub.terms.annotate import annotate
from bipub.terms.glossary import Glossary, load_glossary
from bipub.translate.cache import Cache
from bipub.translate.draft import draft
from bipub.translate.engines import EngineChoice

# ---------------------------------------------------------------- the parts a stage may get


@dataclass(frozen=True)
class SourcePart:
    path: Path  # source/NAME.md
    pair: LangPair


@dataclass(frozen=True)
class MemoryPart:
    memory: Memory  # translations/NAME.jsonl, loaded before the stages, saved after them
    fuzzy_threshold: float  # [memory] fuzzy_threshold
    pair: LangPair = ZH_EN  # its number rules repair the figures of reused English


@dataclass(frozen=True)
class TermsPart:
    glossary: Glossary
    pair: LangPair


@dataclass(frozen=True)
class EnginePart:
    engines: EngineChoice  # opens the engine once per build, when a segment first needs it
    cache: Cache
    memory: Memory  # machine drafts are kept for review
    progress: Callable[[int], None] | None  # told the number of segments just translated


@dataclass
class OutputPart:
    project: Project  # output folder, [build] formats, how a path is shown
    options: RenderOptions
    progress: bool
    written: list[str] = field(default_factory=list)  # project-relative paths, filled by `render`


@dataclass
class Context:
    """One document's build: every part, and the reporter all stages share."""

    source: SourcePart
    memory: MemoryPart
    terms: TermsPart
    engine: EnginePart
    output: OutputPart
    report: Reporter


# ---------------------------------------------------------------- the stages


def parse(doc: Document, part: SourcePart, report: Reporter) -> Document:
    """source/NAME.md → the document (front matter, sections, blocks, segments split by the pair)."""
    parsed = parse_path(part.path, display_path=doc.path, pair=part.pair)
    report.extend(parsed.findings)
    return parsed.document


def memory(doc: Document, part: MemoryPart, report: Reporter) -> Document:
    return apply_memory(doc, part.memory, threshold=part.fuzzy_threshold, report=report,
                        find_numbers=part.pair.find_numbers)


def annotate_terms(doc: Document, part: TermsPart, report: Reporter) -> Document:
    return annotate(doc, part.glossary, part.pair)


def translate(doc: Document, part: EnginePart, report: Reporter) -> Document:
    """Machine drafts for what the memory did not give (cache, then the engine); the rest is reported."""
    missing = sum(1 for s in doc.segments() if s.target is None)
    engine = part.engines.get() if missing else None
    report.count("engine_needed", 1 if missing else 0)
    if engine is not None:
        doc = draft(doc, engine, cache=part.cache, report=report, progress=part.progress)
        remember_drafts(doc, part.memory, engine)
    for s in doc.segments():
        if s.target is None:
            report.add("translate.untranslated", "warning", f"no translation: {s.source[:30]}", s)
    return doc


def check(doc: Document, part: TermsPart, report: Reporter) -> Document:
    """QA on every translated segment, reviewed ones included (pseudo text is no translation)."""
    for s in doc.segments():
        if s.target is not None and s.origin != "pseudo":
            report.extend(check_segment(s, glossary=part.glossary, file=report.file))
    report.extend(rendering_changed(doc.segments(), part.glossary, report.file))
    return doc


def render(doc: Document, part: OutputPart, report: Reporter) -> Document:
    """Every configured writer, in registry order, on the edition's script (converted once), marked
    as the publish gate says (a draft, machine translated); written again as a draft when a writer
    could not typeset the edition (fonts, an overlong paragraph) and so it cannot be published."""
    project, opts = part.project, part.options
    if doc.variant != "zh-Hans" and opts.variant == "zh-Hans":  # a Traditional source: its own script, fonts and labels
        opts = dataclasses.replace(opts, variant="zh-Hant", hant_config="s2hk" if doc.variant == "zh-Hant-HK" else "s2tw")
    report.extend(check_figures(doc, files_of(doc, opts), report.file, project.config.build.formats))
    for code, severity, message, seg in inline_findings(doc):
        report.add(code, severity, message, seg)
    project.output_dir.mkdir(parents=True, exist_ok=True)
    edition = convert_variant(doc, opts)
    mark = assess_project(project, doc, report.findings).mark
    failed = _write(edition, part, opts, report, mark, skip=set())
    if mark != "draft" and assess_project(project, doc, report.findings).mark == "draft":
        _write(edition, part, opts, report, "draft", skip=failed)
    return doc


def _write(edition: Document, part: OutputPart, opts: RenderOptions, report: Reporter, mark: str, *,
           skip: set[str]) -> set[str]:
    """The writers of the build's formats (but ``skip``) with the gate's ``mark``; returns those that failed."""
    project, opts = part.project, dataclasses.replace(opts, mark=mark)
    out_dir = project.output_dir
    stem = output_stem(edition.name, opts)
    done: list[str] = []
    failed: set[str] = set()
    for name, writer in WRITERS.items():
        outputs = [project.show(out_dir / f) for f in writer.outputs(stem)]
        if name not in project.config.build.formats or name in skip or all(p in done for p in outputs):
            continue  # not asked for, failed, or its files are written already (html holds the fragment)
        if writer.slow and part.progress and sys.stderr.isatty():
            print(f"writing {', '.join(writer.outputs(stem))} …", file=sys.stderr, flush=True)
        try:
            done += map(project.show, writer.write(edition, opts, out_dir))
            part.written += [p for p in done if p not in part.written]
        except NotTypeset as e:  # missing fonts, an overlong paragraph: the other outputs and the report are written
            report.add(e.code, "error", e.message, line=e.line, file=e.file or outputs[0])
            failed.add(name)
    return failed


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Document, Any, Reporter], Document]
    part: str  # the field of `Context` the stage gets


#: THE stage order.  Reading is the first stage, writing the last.
STAGES: list[Stage] = [
    Stage("parse", parse, "source"),  # source/NAME.md → Document
    Stage("apply_memory", memory, "memory"),  # reviewed English from translations/NAME.jsonl
    Stage("annotate", annotate_terms, "terms"),  # glossary terms and numbers → Segment.spans
    Stage("translate", translate, "engine"),  # the rest: MT cache, then the engine
    Stage("check", check, "terms"),  # QA on every translated segment
    Stage("render", render, "output"),  # output/NAME.html, NAME.fragment.html, NAME.pdf
]


def run_stages(ctx: Context, shown: str, stages: list[Stage] = STAGES) -> Document:
    """The document after ``stages`` (a golden test stops before ``render``)."""
    doc = Document(name=ctx.source.path.stem, path=shown, meta={})
    for stage in stages:
        doc = stage.run(doc, getattr(ctx, stage.part), ctx.report)
    return doc


# ---------------------------------------------------------------- the build


def build(project: Project, *, progress: bool = True, force: bool = False, jobs: int = 1,
          runner: Callable | None = None) -> BuildResult:
    """Build the sources of ``project`` that are outdated (all with ``force``), ``jobs`` at a time
    (worker processes, `bipub.jobs`), or by ``runner(project, todo, glossary, result, meter)``
    (a cluster: `bipub.cluster`).  Command-line overrides: ``project.with_build(...)``.

    A document whose signature is unchanged and whose outputs exist is not built again: its
    stored report gives its counts and findings (`report.stored_result`), so the summary and
    the exit code are those of the build that wrote them."""
    result = BuildResult()
    glossary, gfindings = load_glossary(project.glossary_dir)
    result.findings += gfindings
    todo: list[Path] = []
    for src in project.sources(required=True):
        why = "--force" if force else why_outdated(project, src, glossary)
        if why is None:
            result.documents.append(stored_result(project, src))
        else:
            result.reasons[project.show(src)] = why
            todo.append(src)
    meter = RunProgress(todo, enabled=progress)
    if runner is not None and todo:
        runner(project, todo, glossary, result, meter)
    elif jobs > 1 and len(todo) > 1:
        from bipub.jobs import build_parallel

        build_parallel(project, todo, glossary, result, jobs, meter, Steps(run_document, finish_document, guarded, failure))
    else:
        build_serial(project, todo, glossary, result, meter)
    meter.close()
    result.findings += orphaned_editions(project)
    order = {project.show(s): i for i, s in enumerate(project.sources())}
    result.documents.sort(key=lambda d: order.get(d.source, len(order)))
    return result


@dataclass(frozen=True)
class Steps:
    """The steps of one document's build, for `bipub.jobs` (it sits below this module); they pickle by name."""

    run: Callable
    finish: Callable
    guarded: Callable
    failure: Callable


def build_serial(project: Project, todo: list[Path], glossary: Glossary, result: BuildResult,
                 meter: RunProgress) -> None:
    """One document after the other, in this process."""
    engines = EngineChoice(project.config.build.engine, project, result.findings)
    cache = Cache(project.cache_path, shown=project.show(project.cache_path))
    result.findings += cache.findings
    try:
        for src in todo:
            with guarded(project, src, result):
                built = run_document(project, src, glossary, engines, cache, progress=meter.segments_bar)
                result.documents.append(finish_document(project, built, glossary))
                meter.done(built)
    finally:
        cache.close()
        engines.close()


@contextmanager
def guarded(project: Project, src: Path, result: BuildResult):
    """A document that cannot be built is reported and the others are built (a ConfigError stops all)."""
    try:
        yield
    except ConfigError:
        raise
    except (BipubError, OSError) as e:
        result.findings.append(failure(project, src, e))


def failure(project: Project, src: Path, e: BipubError | OSError) -> Finding:
    if isinstance(e, BipubError):
        return e.finding("build.source-error", file=project.show(src))
    # e.g. an output path that is a folder, a full disk, no permission
    where = project.show(Path(e.filename)) if e.filename else project.show(src)
    return Finding("build.write-error", "error", f"cannot write: {e.strerror or e}", where)


def refuse_links_out(project: Project, src: Path) -> None:
    """BipubError when the source or its memory is a link to a file outside the project (a symlink
    committed in the project may lead anywhere): the build and the desk read only project files."""
    root = project.root.resolve()
    for path in (src, project.memory_path(src.stem)):
        if path.exists() and not path.resolve().is_relative_to(root):
            raise BipubError(f"{project.show(path)} is a link to a file outside the project; only project files "
                             "are read (replace the link with the file itself)", file=project.show(src))


def context(project: Project, src: Path, glossary: Glossary, engines: EngineChoice, cache: Cache, *,
            progress: Callable[[int], None] | None) -> Context:
    """The parts of one document's build (reads the document's memory)."""
    cfg = project.config
    refuse_links_out(project, src)
    mem = Memory.load(project.memory_path(src.stem))
    opts = RenderOptions(variant=cfg.build.variant, hant_config=cfg.build.hant_config,
                         tagged_pdf=cfg.build.tagged_pdf, page_size=cfg.build.page_size, base_dir=src.parent,
                         root=project.root, fragment_css=cfg.build.fragment_css, id_prefix=cfg.build.id_prefix,
                         fragment_heading=cfg.build.fragment_heading)
    return Context(
        source=SourcePart(src, project.pair),
        memory=MemoryPart(mem, cfg.memory.fuzzy_threshold, project.pair),
        terms=TermsPart(glossary, project.pair),
        engine=EnginePart(engines, cache, mem, progress),
        output=OutputPart(project, opts, progress is not None),
        report=Reporter(project.show(src)),
    )


@dataclass
class Built:
    """What the stages leave of one document (in this process or a worker), before its
    memory and report are written (by the one owner of the project's files: `finish_document`)."""

    src: Path
    name: str
    counts: dict[str, int]  # segments by origin
    keys: set[str]  # the segment keys (the memory keeps these)
    memory: Memory  # as the stages left it (machine drafts added), not yet saved
    findings: list[Finding]
    written: list[str]
    model_calls: int
    cache_hits: int
    seconds: float
    engine: str  # the engine signature, "memory" when no engine was needed
    doc: Document | None = None  # for the signature; a worker sends only what the parent needs


def run_document(project: Project, src: Path, glossary: Glossary, engines: EngineChoice,
                 cache, *, progress) -> Built:
    """The stages on one document: reads its source and memory, writes its outputs."""
    t0 = time.perf_counter()
    ctx = context(project, src, glossary, engines, cache, progress=progress)
    return built_of(ctx, run_stages(ctx, project.show(src)), engines, t0)


def built_of(ctx: Context, doc: Document, engines: EngineChoice, t0: float) -> Built:
    """What the stages of ``ctx`` left of ``doc`` (started at ``time.perf_counter()`` ``t0``)."""
    counts = ctx.report.counts
    return Built(ctx.source.path, doc.name, count_origins(doc), {s.key for s in doc.segments()},
                 ctx.memory.memory, ctx.report.findings, ctx.output.written, counts["model_calls"],
                 counts["cache_hits"], round(time.perf_counter() - t0, 3),
                 engines.signature if counts["engine_needed"] else "memory", doc)


def finish_document(project: Project, built: Built, glossary: Glossary) -> DocResult:
    """Saves the document's memory (locked, merged) and writes its report."""
    src, mem = built.src, built.memory
    mem.prune(built.keys)  # stale machine drafts go; human work stays
    findings = built.findings + mem.save()  # merged into what is on disk now: a review import meanwhile is kept
    findings += leftover_editions(project, built.name, built.written)
    findings = sorted(findings, key=lambda f: (f.file or "", f.line or 0))
    res = DocResult(built.name, project.show(src), built.counts, findings, list(built.written),
                    built.model_calls, built.cache_hits, built.seconds,
                    # what `bipub import` repaired and suspected: shown in the report; the publish
                    # gate counts those an editor has not marked handled
                    import_findings(project, src), signature(project, src, built.doc, glossary, mem),
                    assess_project(project, built.doc, findings))
    path = report_path(project, built.name)
    write_report(path, res, engine=built.engine, built_at=utc_now())
    res.outputs.append(project.show(path))
    return res


def editions_of(name: str) -> list[str]:
    """The file names in output/ that any build of document ``name`` may write (every writer, variant)."""
    return [f for stem in (name, f"{name}.zh-Hant", f"{name}.zh-Hant-HK")
            for f in [*(f for _, w in WRITERS.items() for f in w.outputs(stem)), stem + ".fragment.css"]]


def orphaned_editions(project: Project) -> list[Finding]:
    """Editions and reports in output/ of a document whose source is gone (deleted or renamed): no build
    checks them any more, and a portal that takes output/ as it is would publish them (``build.orphaned-output``)."""
    out = project.output_dir
    if not out.is_dir():
        return []
    ours = {f for src in project.sources() for f in [*editions_of(src.stem), report_path(project, src.stem).name]}
    endings = tuple(dict.fromkeys([*editions_of(""), report_path(project, "").name]))
    return [Finding("build.orphaned-output", "warning",
                    "no source/ document builds this any more (deleted or renamed): it shows text and figures "
                    "nobody checks; delete it before publishing", project.show(path))
            for path in sorted(out.iterdir())
            if path.name not in ours and path.name.endswith(endings) and (path.is_file() or path.is_symlink())]


def leftover_editions(project: Project, name: str, written: list[str]) -> list[Finding]:
    """Editions of document ``name`` in output/ that this build did not write (another format or variant,
    from an earlier build): they may show old text and figures, so each is named (``build.stale-output``)."""
    out = project.output_dir
    files = editions_of(name)
    return [Finding("build.stale-output", "warning",
                    "not written by this build: an edition left by an earlier build, it may show old text and "
                    "figures; build its format and variant again, or delete it before publishing", shown)
            for shown in dict.fromkeys(project.show(out / f) for f in files)
            if shown not in written and (out / Path(shown).name).is_file()]


def build_document(project: Project, src: Path, glossary: Glossary, engines: EngineChoice,
                   cache: Cache, *, progress) -> DocResult:
    return finish_document(project, run_document(project, src, glossary, engines, cache, progress=progress),
                           glossary)


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
