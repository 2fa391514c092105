"""The review round trip: export segments for a CAT tool, import the edited file.

``bipub review export --format xliff|tmx|po -o FILE`` writes every segment of a
document with its English, its memory state and notes (where it came from,
matching glossary terms).  ``bipub review import FILE`` reads the edited file:

* a target that differs from the memory becomes a ``reviewed`` unit (``approved``
  when the file marks it final / signed off), ``by = "review import (FILE)"``;
* an unchanged target whose state the reviewer raised (confirmed, signed off)
  takes the new state; one a reviewer flagged for review again becomes
  ``needs-review``; everything else is left as it is;
* a unit whose Chinese is in no current document is reported as orphaned;
* a malformed file is refused with ``FILE:LINE: …`` before anything is
  written, so a refused import never changes ``translations/``.

Units are matched by the content key of their Chinese (``segment_key``), not
by position, so a review file still imports after paragraphs were added or
split; the segment id is only used for messages.

State mapping (bipub → file → bipub):

=============  ====================================================  ===========================  ==================
bipub          XLIFF 1.2                                             TMX 1.4b                     gettext PO
=============  ====================================================  ===========================  ==================
draft          ``state="needs-review-translation"``                  ``x-bipub-state`` prop       ``#, fuzzy``
               ``state-qualifier="mt-suggestion"``
needs-review   ``state="needs-review-translation"``                  ``x-bipub-state`` prop       ``#, fuzzy``
               ``state-qualifier="fuzzy-match"``
reviewed       ``state="translated" approved="yes"``                 ``x-bipub-state`` prop       no ``fuzzy``
approved       ``state="final" approved="yes"`` (``signed-off`` too)  ``x-bipub-state`` prop       no ``fuzzy`` and ``#. bipub-state: approved``
=============  ====================================================  ===========================  ==================
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import BipubError, Finding, InputRefused
from bipub.formats import FORMATS
from bipub.formats.unit import DEFAULT_PAIR, TranslationUnit
from bipub.memory.review_import import read_review, review_import  # noqa: F401 (read_review: the public name)
from bipub.memory.store import Memory, utc_now
from bipub.model import EMPHASIS
from bipub.registry import UnknownName
from bipub.render.blocks import english_marks
from bipub.terms.annotate import span_notes
from bipub.text.normalize import segment_key


def _format(fmt: str):
    try:
        return FORMATS.get(fmt)
    except UnknownName:
        raise BipubError(f"unknown review format {fmt!r}; use one of {', '.join(FORMATS.names())}") from None


# ----------------------------------------------------------------------------- export
def review_units(doc, memory: Memory, *, glossary=None, qa: dict[str, list[str]] | None = None) -> list[TranslationUnit]:
    """The document's segments as review units, in document order.

    The English is the segment's target (from the last build) or else the
    memory's; the state is the memory unit's when it holds that English,
    ``draft`` for other machine output, ``None`` for untranslated segments.
    Notes: where the English came from, the unit's last history events, the
    build's findings about the segment (``qa``: segment id → notes, see
    `bipub.memory.qa_notes`) and the glossary terms of its spans (an annotated
    document: ``terms.annotate``).
    """
    out: list[TranslationUnit] = []
    for seg in doc.segments():
        unit = memory.get(seg.key)
        en = seg.target if seg.target is not None else (unit.target if unit else None)
        notes: list[str] = []
        if unit is not None and unit.target == en:
            state = unit.state
            notes.append(f"bipub: {state} — by {unit.by}, {unit.at}")
            notes.extend(history_notes(unit))
        elif en is not None:
            state = seg.state if seg.origin == "memory" and seg.state else "draft"
            notes.append(f"bipub: {state} — from {seg.origin}")
        else:
            state = None
            notes.append("bipub: not translated yet")
        notes.extend((qa or {}).get(seg.id, ()))
        if glossary is not None:
            notes.extend(span_notes(seg, glossary))  # the terms the annotate stage found
        location = f"{doc.path}:{seg.line}" if seg.line else doc.path
        mem_unit = unit if unit is not None and unit.target == en else None
        out.append(TranslationUnit(
            seg.id, seg.key, seg.source, en, state, tuple(notes), None, location,
            mem_unit.by if mem_unit else None, mem_unit.at if mem_unit else None, origin_target=en or "",
            source_marks=tuple(m for m in seg.marks if m.kind in EMPHASIS),
            target_marks=_emphasis(seg, en, mem_unit),
        ))
    return out


def _emphasis(seg, en: str | None, unit) -> tuple:
    """The emphasis of the English as it goes out: the editor's (the memory unit's marks), else
    where the edition places the Chinese emphasis (``render.blocks.english_marks``)."""
    if not en:
        return ()
    if unit is not None and unit.marks:
        return unit.marks
    placed = english_marks(dataclasses.replace(seg, target=en, target_marks=()), en)[0]
    return tuple(m for m in placed if m.kind in EMPHASIS)


def history_notes(unit, last: int = 3) -> list[str]:
    """``history: 2026-11-29T08:00:00Z review-import by Li Wei (review/hunan.po) → reviewed`` for the last events."""
    out = []
    for ev in unit.history[-last:]:
        where = f" ({ev['from']})" if ev.get("from") else ""
        out.append(f"history: {ev['at']} {ev['action']} by {ev['by']}{where} → {ev.get('state', '?')}")
    return out


#: ``review export --only``: which units go out (None: all).
ONLY = {
    "needs-review": lambda u: u.state == "needs-review",
    "flagged": lambda u: u.state == "needs-review" or any(n.startswith("qa ") for n in u.notes),
    "unreviewed": lambda u: u.state not in ("reviewed", "approved"),
}


def export_review(doc, memory: Memory, fmt: str, out: Path, *, glossary=None, pair=DEFAULT_PAIR,
                  report: list[Finding] | None = None, qa: dict[str, list[str]] | None = None,
                  only: str | None = None) -> Path:
    """Write the segments of ``doc`` to ``out`` as XLIFF 1.2, TMX 1.4b or PO; returns ``out``.

    ``glossary`` (optional) has ``match(text) -> [TermMatch]``; its matches are
    written as notes (XLIFF ``<note>``, TMX ``<note>``, PO ``#.`` comments), and
    so are the build's findings ``qa``.  ``only`` (a key of ``ONLY``) exports just
    the work to do.  Characters a format cannot carry are reported into
    ``report`` as findings.  The file is written atomically.
    """
    writer = _format(fmt)
    if only is not None and only not in ONLY:
        raise BipubError(f"unknown selection {only!r}; use one of {', '.join(ONLY)}")
    units = review_units(doc, memory, glossary=glossary, qa=qa)
    if only is not None:
        units = [u for u in units if ONLY[only](u)]
    out = Path(out)
    check_output(out, writer, memory)
    data: bytes = writer.dumps(units, document=doc.path, name=doc.name, pair=pair, report=report,
                               exported_at=utc_now())
    write_atomic(out, data)
    return out


def check_output(out: Path, writer, memory: Memory) -> None:
    """Refuse (``InputRefused``) to write a review file where it would destroy work: a name without the
    format's extension (``translations/NAME.jsonl``, ``source/NAME.md``, ``bipub.toml``), an existing file
    that is not a review file, or one holding English that is neither what was exported nor in the memory
    (a reviewer's edits not imported yet)."""
    if out.suffix.lower() not in writer.extensions:
        raise InputRefused(f"{out}: refusing to write a {writer.name} review file under a name not ending in "
                           f"{' or '.join(writer.extensions)} (it could be a project file)")
    if not out.exists():
        return
    try:
        _, tf = read_review(out)
    except BipubError as e:
        raise InputRefused(f"{out}: exists and is not a review file bipub can read; refusing to replace it ({e})") from None
    for u in tf.units:
        target = (u.target or "").strip()
        unit = memory.get(segment_key(u.source))
        if target and target != (u.origin_target or "").strip() and (unit is None or unit.target.strip() != target):
            raise InputRefused(f"{out}:{u.line}: holds English not imported yet (unit {u.id}: “{target[:80]}”); "
                               f"refusing to replace it: import it first (bipub review import {out}), or move it away")


# ----------------------------------------------------------------------------- import
def import_review(path: Path, project: Path, docs: list, *, folder: str = "translations",
                  **options) -> tuple[dict[str, int], list[Finding]]:
    """Read an edited review file back into ``translations/`` (a three-way merge: `bipub.memory.review_import`).

    Returns counts (``updated``, ``unchanged``, ``orphaned``; ``conflicts`` and
    ``approved kept``, ``edits not applied`` when there are any) and findings.  ``options``: ``dry_run``,
    ``reviewer``, ``accept_approved``, ``review_file`` (units already read from
    ``path``, e.g. an OmegaT project folder).  The whole file is parsed before anything
    is written; memory files are replaced atomically and only when something changed.
    """
    result = review_import(path, project, docs, folder=folder, **options)
    return result.counts, result.findings
