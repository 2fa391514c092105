"""What a build reports: `BuildResult`, `DocResult`, ``output/NAME.report.json`` and build signatures.

A document's build **signature** names everything its outputs depend on, in
the style of sacreBLEU's signatures (one line a person can read and compare)::

    source:3f2a9c0d1e4b|glossary:9e1f0a2b3c4d|memory:0c1d2e3f4a5b|engine:argos|config:77aa01bb22cc|bipub:0.4.0

* ``source``: the bytes of ``source/NAME.md``, of the images its figures use,
  and of ``source/NAME.import.json`` (its findings go into the report);
* ``glossary``: the glossary entries the document uses (the terms of its
  spans, every column an editor writes), so an edit to an unrelated entry does
  not make the document outdated, and a new entry that matches in it does;
* ``memory``: the units of ``translations/NAME.jsonl`` (key, source, target,
  state; who and when do not change the outputs), as the build left them;
* ``engine``: the ``[build] engine`` and its ``[ENGINE]`` table;
* ``config``: the ``[build]`` and ``[memory]`` tables;
* ``bipub``: the version of bipub (its rules, styles and fonts).

The report stores the signature; :func:`outdated` computes it again for each
source and says which documents are up to date (``None``) and, for the others,
why (the first part that changed, or the outputs that are missing).  The
engine part does not see a model package upgraded in place with the same
settings: rebuild with ``--force`` then (issue 16 adds it).

The report carries project-relative paths only (``Project.show``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bipub import __version__
from bipub.atomic import write_atomic
from bipub.findings import BipubError, Finding
from bipub.gate import Reason, Verdict
from bipub.memory.store import Memory
from bipub.model import ORIGINS, Document
from bipub.render.variant import output_stem
from bipub.source.parse import parse_path
from bipub.terms.annotate import annotate
from bipub.terms.glossary import load_glossary
from bipub.terms.model import COLUMNS

#: the parts of a signature, in the order they are written and compared
PARTS = ("source", "glossary", "memory", "engine", "config", "bipub")


@dataclass
class DocResult:
    name: str
    source: str  # project-relative path of the source
    counts: dict[str, int]  # segments by origin
    findings: list[Finding]
    outputs: list[str]  # project-relative paths written
    model_calls: int = 0
    cache_hits: int = 0
    seconds: float = 0.0
    import_findings: list[Finding] = field(default_factory=list)  # from source/NAME.import.json
    signature: dict[str, str] = field(default_factory=dict)  # PARTS → digest
    gate: Verdict = field(default_factory=Verdict)  # the publish gate's verdict (bipub.gate)
    up_to_date: bool = False  # not built by this run: read back from its report (`stored_result`)


@dataclass
class BuildResult:
    documents: list[DocResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # project-level (glossary, engine)
    reasons: dict[str, str] = field(default_factory=dict)  # source built by this run → why (`why_outdated`)

    def all_findings(self) -> list[Finding]:
        return self.findings + [f for d in self.documents for f in d.findings]

    def counts(self) -> dict[str, int]:
        total = Counter({o: 0 for o in ORIGINS})
        for d in self.documents:
            total.update(d.counts)
        return dict(total)


def count_origins(doc: Document) -> dict[str, int]:
    counts = Counter({o: 0 for o in ORIGINS})
    counts.update(s.origin for s in doc.segments())
    return dict(counts)


# ---------------------------------------------------------------- signature


def digest(*chunks: bytes | str) -> str:
    """12 hex digits of SHA-256 over the chunks (each length-prefixed, so chunks cannot run together)."""
    h = hashlib.sha256()
    for c in chunks:
        b = c.encode("utf-8") if isinstance(c, str) else c
        h.update(len(b).to_bytes(8, "big"))
        h.update(b)
    return h.hexdigest()[:12]


def source_digest(src: Path, doc: Document, root: Path) -> str:
    """The source file, the image files its figures name (inside the project ``root``), and its import report."""
    chunks: list[bytes | str] = [src.read_bytes()]
    for block in doc.blocks():
        image = block.attrs.get("src") if block.kind == "figure" else None
        if image:
            path = (src.parent / image).resolve()
            inside = path.is_relative_to(root.resolve()) and path.is_file()  # a build reads nothing outside
            chunks += [image, path.read_bytes() if inside else b"(not read)"]
    report = src.with_suffix(".import.json")
    if report.is_file():
        chunks += ["import.json", report.read_bytes()]
    return digest(*chunks)


def glossary_digest(doc: Document, glossary) -> str:
    """The entries of the terms the document's spans use, each as an editor wrote it."""
    refs = sorted({sp.ref for s in doc.segments() for sp in s.spans if sp.kind == "term"})
    rows = []
    for ref in refs:
        term = glossary.lookup(ref) if glossary is not None else None
        rows.append(json.dumps([ref, *([getattr(term, c) for c in COLUMNS] if term else [])], ensure_ascii=False))
    return digest(*rows)


def memory_digest(memory) -> str:
    """The units of a document's memory as they change its outputs (not who wrote them or when)."""
    return digest(*(json.dumps([u.key, u.source, u.target, u.state] + ([[m.kind, m.start, m.end] for m in u.marks]
                                                                     if u.marks else []), ensure_ascii=False)
                    for u in memory.units()))


def settings_digest(*tables) -> str:
    """Configuration tables (frozen dataclasses or plain values) as one digest."""
    return digest(*(json.dumps(dataclasses.asdict(t) if dataclasses.is_dataclass(t) else t,
                               sort_keys=True, default=str) for t in tables))


def engine_digest(config) -> str:
    """``[build] engine`` and the settings of the engine(s) it may open (``auto``: every engine)."""
    mode = config.build.engine
    names = [mode] if mode in config.engines else (list(config.engines) if mode == "auto" else [])
    return f"{mode}@" + settings_digest(*({"engine": n, **dataclasses.asdict(config.engine(n))} for n in names))


def signature(project, src: Path, doc: Document, glossary, memory) -> dict[str, str]:
    """The build signature of ``doc`` (an annotated document) with ``memory`` as the build leaves it."""
    cfg = project.config
    return {
        "source": source_digest(src, doc, project.root),
        "glossary": glossary_digest(doc, glossary),
        "memory": memory_digest(memory),
        "engine": engine_digest(cfg),
        "config": settings_digest(cfg.build, cfg.memory),
        "bipub": __version__,
    }


def signature_text(sig: dict[str, str]) -> str:
    """``source:…|glossary:…|…|bipub:0.4.0`` (sacreBLEU style)."""
    return "|".join(f"{p}:{sig.get(p, '')}" for p in PARTS)


def changed_part(old: dict, new: dict[str, str]) -> str | None:
    """The first part (in `PARTS` order) whose value differs, or None."""
    return next((p for p in PARTS if old.get(p) != new.get(p)), None)


# ---------------------------------------------------------------- report.json


def report_json(res: DocResult, *, engine: str, built_at: str) -> dict:
    return {
        "bipub": __version__,
        "document": res.name,
        "source": res.source,
        "built_at": built_at,
        "engine": engine,
        "signature": {**res.signature, "text": signature_text(res.signature)},
        **res.gate.to_json(),
        "counts": res.counts,
        "model_calls": res.model_calls,
        "cache_hits": res.cache_hits,
        "outputs": res.outputs,
        "findings": [f.to_json() for f in res.findings],
        "import_findings": [f.to_json() for f in res.import_findings],
    }


def write_report(path: Path, res: DocResult, *, engine: str, built_at: str) -> None:
    write_atomic(path, json.dumps(report_json(res, engine=engine, built_at=built_at), ensure_ascii=False, indent=2) + "\n")


def read_report(path: Path) -> dict:
    """A report written by `write_report`; BipubError when it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BipubError(f"cannot read the report: {e}", file=str(path)) from e
    if not isinstance(data, dict):
        raise BipubError("not a bipub report", file=str(path))
    return data


def report_path(project, name: str) -> Path:
    """``output/NAME.report.json`` (``NAME.zh-Hant.report.json`` for a Traditional edition)."""
    return project.output_dir / f"{output_stem(name, project.config.build)}.report.json"


# ---------------------------------------------------------------- outdated


def outdated(project) -> dict[str, str | None]:
    """For each source document: ``None`` when its outputs are up to date, else why it needs a build.

    Up to date: its report exists and can be read, every output it lists
    exists, and the signature computed now (the source parsed and annotated
    with today's glossary, its memory as it is on disk) equals the stored one.
    Reading the sources and the glossary is all this costs: nothing is translated or typeset.
    """
    glossary, _ = load_glossary(project.glossary_dir)
    out: dict[str, str | None] = {}
    for src in project.sources():
        out[src.stem] = why_outdated(project, src, glossary)
    return out


def why_outdated(project, src: Path, glossary) -> str | None:
    """None when ``src`` is up to date, else why not (a document whose last build had errors is
    never up to date: fonts installed or a disk freed since may let it build now)."""
    path = report_path(project, src.stem)
    if not path.is_file():
        return "not built yet"
    try:
        data = read_report(path)
        stored = data.get("signature")
        if any(f.get("severity") == "error" for f in data.get("findings", []) if isinstance(f, dict)):
            return "its last build had errors"
        doc = parse_path(src, display_path=project.show(src), pair=project.pair).document
        memory = Memory.load(project.memory_path(src.stem))
    except BipubError as e:
        return f"cannot compare: {e}"
    if not isinstance(stored, dict):
        return "the report has no signature"
    missing = [o for o in data.get("outputs", []) if not (project.root / o).exists()]
    if missing:
        return "output missing: " + ", ".join(missing)
    now = signature(project, src, annotate(doc, glossary, project.pair), glossary, memory)
    part = changed_part(stored, now)
    return None if part is None else f"{part} changed"


def stored_result(project, src: Path) -> DocResult:
    """An up-to-date document as its report tells it (`why_outdated` has read that report)."""
    path = report_path(project, src.stem)
    data = read_report(path)

    def findings(key):
        return [Finding(**f) for f in data.get(key, [])]

    return DocResult(src.stem, project.show(src), data.get("counts", {}), findings("findings"),
                     list(data.get("outputs", [])) + [project.show(path)],
                     import_findings=findings("import_findings"),
                     signature={p: v for p, v in data.get("signature", {}).items() if p in PARTS},
                     gate=Verdict(tuple(Reason(**r) for r in data.get("reasons", [])),
                                  data.get("machine_translated", 0), data.get("states", {})),
                     up_to_date=True)
