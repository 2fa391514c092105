"""The apply-memory stage: reviewed English from the translation memory, before any machine.

``apply_memory(doc, memory, threshold=..., report=...)`` gives every segment
the memory has a human unit for its English (origin ``memory``, the unit's
state).  An exact hit is used as it is, with the emphasis an editor placed on
its English (``Unit.marks`` → ``Segment.target_marks``; a ``needs-review`` unit is reported
on every build until an editor has looked at it); a fuzzy hit (the Chinese
changed a little) reuses the English as ``needs-review``, stores that unit,
and is reported.  Figures are never carried over silently
(:mod:`bipub.memory.number_repair`): when only the figures changed, the
reused English gets the new figures by the number rules (history
``number-repair``, still ``needs-review``); when they changed and cannot be
carried over, the old English is *not* reused (``memory.fuzzy-figures``: the
segment goes to the engine, or stays untranslated) and stays in the memory
under its own sentence for the editor.  Machine drafts stored in the memory are not reused here:
they are re-derived through the MT cache, so a changed glossary or model
refreshes them.  ``remember_drafts`` stores the machine drafts of a build.
"""

from __future__ import annotations

import dataclasses

from bipub.findings import Reporter
from bipub.memory.number_repair import repair
from bipub.memory.store import FUZZY_THRESHOLD, Memory, Unit, utc_now
from bipub.model import Document, Segment
from bipub.pair import ZH_EN
from bipub.render.blocks import kept_exactly


def apply_memory(doc: Document, memory: Memory, *, threshold: float = FUZZY_THRESHOLD,
                 report: Reporter | None = None, find_numbers=ZH_EN.find_numbers) -> Document:
    """``doc`` with the memory's human English (see the module doc); findings go to ``report``."""
    report = report if report is not None else Reporter(doc.path)

    def one(seg: Segment) -> Segment:
        hit = memory.lookup(seg.key, seg.source, threshold=threshold)
        if hit is None or hit.unit.state == "draft":
            return seg
        if hit.kind == "exact":
            if hit.unit.state == "needs-review":  # reported on every build until an editor has looked at it
                report.add("memory.needs-review", "warning",
                           f"English kept from a changed sentence awaits review ({hit.unit.by})", seg)
            return dataclasses.replace(seg, target=hit.unit.target, origin="memory", state=hit.unit.state,
                                       target_marks=hit.unit.marks)
        fixed = repair(hit.unit.source, seg.source, hit.unit.target, find_numbers)
        if fixed.outcome == "refused":
            report.add("memory.fuzzy-figures", "warning",
                       f"English of a similar sentence ({hit.score:.0%}) not reused: its figures changed and "
                       f"{fixed.why}; it stays in the memory (key {hit.unit.key}): {hit.unit.target!r}", seg)
            return seg
        now = utc_now()
        marks = kept_exactly(hit.unit.marks, hit.unit.target, fixed.target)  # the editor's emphasis, if its words stay
        unit = Unit(seg.id, seg.key, seg.source, fixed.target, "needs-review", "fuzzy match from " + hit.unit.key,
                    now, marks=marks).record("fuzzy-reuse", by="bipub", at=now, source=f"{hit.unit.key} ({hit.score:.0%})")
        if fixed.outcome == "repaired":
            unit = unit.record("number-repair", by="bipub", at=now, source=fixed.changes_text(), was=hit.unit.target)
            report.add("memory.number-repair", "warning",
                       f"Chinese changed only in its figures ({fixed.changes_text()}); the English of the old "
                       f"sentence is reused with the new figures and awaits review", seg)
        else:
            report.add("memory.fuzzy-match", "warning",
                       f"Chinese changed ({hit.score:.0%} similar), English kept for review; "
                       f"was {hit.unit.source!r}, now {seg.source!r}", seg)
        memory.put(unit)
        return dataclasses.replace(seg, target=fixed.target, origin="memory", state="needs-review", target_marks=marks)

    return doc.map_segments(one)


def remember_drafts(doc: Document, memory: Memory, engine) -> None:
    """Store machine drafts so editors can review them (never over human work: Memory.put refuses)."""
    if not engine.publishable:  # pseudo text is never a draft of a translation
        return
    for s in doc.segments():
        if s.origin in ("mt", "cache") and s.target:
            memory.put(Unit(s.id, s.key, s.source, s.target, "draft", engine.signature(), utc_now()))
