"""Suggestions for one segment: similar sentences of the memory, and the machine draft.

* **Memory**: units of every memory of the project whose Chinese is most like the
  segment's, with the differences of the Chinese.  Each goes through the build's
  number rule (`memory.number_repair.repair`): when the Chinese changed only in
  its figures, the suggestion is the English *with the new figures* (labelled
  ``number-repaired``, the changed figures of the English marked); when figures
  changed and cannot be carried over, it says why and offers the old English only
  for the editor to rewrite.  Applying a reuse is `edits.reuse_unit`.
* **Machine draft** (`Drafter`): the project's configured engine (``[build]
  engine``: ``auto`` or a named one), called through the build's own drafting
  step (`translate.draft.draft`: terms and numbers masked and restored, the MT
  cache) for one segment, on request, in one worker thread; the engine is opened
  on the first request and kept until bipub.toml changes.  With no model
  installed, with ``engine = "memory"``, or with an engine whose output is no
  translation (``pseudo``) the answer says so: no draft is ever made up.
"""

from __future__ import annotations

import asyncio
import dataclasses
import difflib
import re
import threading
from concurrent.futures import ThreadPoolExecutor

from bipub.desk.docs import readable_sources
from bipub.desk.watch import Watch
from bipub.findings import BipubError, Finding, Reporter
from bipub.memory.number_repair import repair
from bipub.memory.store import FUZZY_THRESHOLD, Unit
from bipub.model import Block, Document, Segment
from bipub.project import Project
from bipub.text.normalize import squash
from bipub.translate.cache import Cache
from bipub.translate.draft import draft
from bipub.translate.engines import EngineChoice


def similar(project: Project, watch: Watch, key: str, zh: str, *, limit: int = 3) -> list[tuple[float, str, Unit]]:
    """``(score, document, unit)`` of the memory units most like ``zh`` (not the unit ``key`` itself, no drafts)."""
    q = squash(zh)
    threshold = min(project.config.memory.fuzzy_threshold, FUZZY_THRESHOLD) - 0.15
    found = []
    for src in readable_sources(project):
        for u in watch.memory(project.memory_path(src.stem)).units():
            if u.key == key or u.state == "draft":
                continue
            sm = difflib.SequenceMatcher(None, squash(u.source), q, autojunk=False)
            if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
                continue
            score = sm.ratio()
            if score >= threshold:
                found.append((score, src.stem, u))
    found.sort(key=lambda t: -t[0])
    return found[:limit]


def _diff(a: str, b: str, *, words: bool = False) -> list[list[str]]:
    """``[op, a-part, b-part]`` runs (op: equal, replace, delete, insert); by word with ``words``."""
    sa, sb = (re.findall(r"\s+|[^\s]+", t) for t in (a, b)) if words else (a, b)
    sm = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
    return [[op, "".join(sa[a1:a2]), "".join(sb[b1:b2])] for op, a1, a2, b1, b2 in sm.get_opcodes()]


def memory_suggestions(project: Project, watch: Watch, key: str, zh: str) -> list[dict]:
    """The similar units as the panel shows them (see the module doc)."""
    out = []
    for score, doc_name, u in similar(project, watch, key, zh):
        fixed = repair(u.source, zh, u.target, project.pair.find_numbers)
        row = {"score": round(score, 3), "document": doc_name, "key": u.key, "zh": u.source, "en": u.target,
               "state": u.state, "diff": _diff(u.source, zh), "figures": fixed.outcome}
        if fixed.outcome == "repaired":
            row.update(repaired=fixed.target, changes=fixed.changes_text(),
                       en_diff=_diff(u.target, fixed.target, words=True))
        elif fixed.outcome == "refused":
            row["why"] = fixed.why
        out.append(row)
    return out


def find_reuse(project: Project, watch: Watch, seg: dict, from_doc: str, from_key: str):
    """``(unit, score, Repair)`` for reusing unit ``from_key`` of ``from_doc``'s memory on ``seg``,
    recomputed here (never the English a client sends); ``None`` when it is no suggestion."""
    for score, doc_name, u in similar(project, watch, seg["key"], seg["zh"], limit=50):
        if doc_name == from_doc and u.key == from_key:
            return u, score, repair(u.source, seg["zh"], u.target, project.pair.find_numbers)
    return None


class Drafter:
    """The machine draft of one segment at a time, in one worker thread (module doc)."""

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-mt")
        self._lock = threading.Lock()
        self._project: Project | None = None
        self._choice: EngineChoice | None = None
        self._findings: list[Finding] = []
        self.opened = 0  # engines opened so far (the tests see it is once)

    async def draft(self, project: Project, seg: Segment) -> dict:
        return await asyncio.wrap_future(self._pool.submit(self.draft_now, project, seg))

    def draft_now(self, project: Project, seg: Segment) -> dict:
        with self._lock:
            mode = project.config.build.engine
            if mode == "memory":
                return {"available": False, "why": "bipub.toml [build] engine is \"memory\": no machine drafts"}
            try:
                engine = self._engine(project, mode)
            except BipubError as e:
                return {"available": False, "why": str(e)}
            if engine is None:
                why = "; ".join(f.message.removeprefix("segments left untranslated: ")  # the build's wording
                                for f in self._findings if f.code == "translate.no-model")
                self._close()  # a model installed meanwhile is found at the next request
                return {"available": False, "why": why or "no translation model is installed"}
            if not engine.publishable:
                return {"available": False,
                        "why": f"the engine {engine.name!r} gives placeholder text, not a translation"}
            return self._translate(project, engine, seg)

    def _engine(self, project: Project, mode: str):
        if self._project is not project:  # bipub.toml changed (Watch opened the project again)
            self._close()
            self._project = project
        if self._choice is None:
            self._findings = []
            self._choice = EngineChoice(mode, project, self._findings)
            try:
                engine = self._choice.get()
            except BipubError:
                self._close()
                raise
            self.opened += engine is not None
            return engine
        return self._choice.get()

    def _translate(self, project: Project, engine, seg: Segment) -> dict:
        one = dataclasses.replace(seg, target=None, origin="untranslated", state=None)
        doc = Document(name="desk", path=project.show(project.sources_dir), meta={},
                       front=(Block("paragraph", "desk", (one,)),))
        report = Reporter(project.show(project.sources_dir))
        with Cache(project.cache_path, shown=project.show(project.cache_path)) as cache:
            out = next(draft(doc, engine, cache=cache, report=report).segments())
        notes = [f.message for f in (*self._findings, *report.findings) if f.code != "translate.no-model"]
        return {"available": True, "engine": engine.signature(), "origin": out.origin, "en": out.target or "",
                "notes": notes}

    def _close(self) -> None:
        if self._choice is not None:
            self._choice.close()
        self._choice = None

    def close(self) -> None:
        with self._lock:
            self._close()
        self._pool.shutdown(wait=False)
