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

from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import BipubError, Finding
from bipub.formats import FORMATS, detect
from bipub.formats.unit import DEFAULT_PAIR, TranslationFile, TranslationUnit
from bipub.memory.store import Memory, Unit, memory_path, state_rank, utc_now
from bipub.registry import UnknownName
from bipub.text.normalize import segment_key


def _format(fmt: str):
    try:
        return FORMATS.get(fmt)
    except UnknownName:
        raise BipubError(f"unknown review format {fmt!r}; use one of {', '.join(FORMATS.names())}") from None


# ----------------------------------------------------------------------------- export
def review_units(doc, memory: Memory, *, glossary=None) -> list[TranslationUnit]:
    """The document's segments as review units, in document order.

    The English is the segment's target (from the last build) or else the
    memory's; the state is the memory unit's when it holds that English,
    ``draft`` for other machine output, ``None`` for untranslated segments.
    """
    out: list[TranslationUnit] = []
    for seg in doc.segments():
        unit = memory.get(seg.key)
        en = seg.target if seg.target is not None else (unit.target if unit else None)
        notes: list[str] = []
        if unit is not None and unit.target == en:
            state = unit.state
            notes.append(f"bipub: {state} — by {unit.by}, {unit.at}")
        elif en is not None:
            state = seg.state if seg.origin == "memory" and seg.state else "draft"
            notes.append(f"bipub: {state} — from {seg.origin}")
        else:
            state = None
            notes.append("bipub: not translated yet")
        if glossary is not None:
            notes.extend(glossary_notes(glossary, seg.source))
        location = f"{doc.path}:{seg.line}" if seg.line else doc.path
        mem_unit = unit if unit is not None and unit.target == en else None
        out.append(TranslationUnit(
            seg.id, seg.key, seg.source, en, state, tuple(notes), None, location,
            mem_unit.by if mem_unit else None, mem_unit.at if mem_unit else None, origin_target=en or "",
        ))
    return out


def glossary_notes(glossary, zh: str) -> list[str]:
    """``glossary: 工信 → industry and IT (note)`` for each distinct term matched in ``zh``."""
    seen: set[tuple[str, str]] = set()
    notes: list[str] = []
    for m in glossary.match(zh):
        term = m.term
        pair = (term.zh, term.en)
        if pair in seen:
            continue
        seen.add(pair)
        text = f"glossary: {m.surface} → {term.en}"
        if m.surface != term.zh:
            text += f" (entry {term.zh})"
        if getattr(term, "note", None):
            text += f" — {term.note}"
        notes.append(text)
    return notes


def export_review(doc, memory: Memory, fmt: str, out: Path, *, glossary=None, pair=DEFAULT_PAIR,
                  report: list[Finding] | None = None) -> Path:
    """Write the segments of ``doc`` to ``out`` as XLIFF 1.2, TMX 1.4b or PO; returns ``out``.

    ``glossary`` (optional) has ``match(text) -> [TermMatch]``; its matches are
    written as notes (XLIFF ``<note>``, TMX ``<note>``, PO ``#.`` comments).
    Characters a format cannot carry are reported into ``report`` as findings.
    The file is written atomically.
    """
    writer = _format(fmt)
    units = review_units(doc, memory, glossary=glossary)
    data: bytes = writer.dumps(units, document=doc.path, name=doc.name, pair=pair, report=report,
                               exported_at=utc_now())
    out = Path(out)
    write_atomic(out, data)
    return out


# ----------------------------------------------------------------------------- import
def read_review(path: Path) -> tuple[str, TranslationFile]:
    """Parse a review file of any supported format; malformed → ``BipubError("FILE:LINE: …")``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BipubError(f"{path}: cannot read: {e.strerror or e}") from e
    fmt = detect(path, data)
    return fmt, FORMATS.get(fmt).loads(data, str(path))


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def import_review(path: Path, project: Path, docs: list, *, folder: str = "translations",
                  review_file: TranslationFile | None = None) -> tuple[dict[str, int], list[Finding]]:
    """Read an edited review file back into ``translations/``.

    ``review_file``: units already read and judged from ``path`` (an OmegaT project folder: only what
    OmegaT attributes to a person); their ``by``/``at`` (OmegaT's author and date) are kept.  Units read
    here from a file keep ``review import (FILE)`` and now: a file's ``by`` may be the exported machine's.

    Returns counts ``{"updated", "unchanged", "orphaned"}`` and findings
    (orphaned units, conflicting edits, emptied targets, edited sources).
    The whole file is parsed before anything is written; memory files are
    replaced atomically and only when something changed.
    """
    path = Path(path)
    rf = review_file if review_file is not None else read_review(path)[1]
    attributed = review_file is not None
    shown = str(path)
    findings: list[Finding] = []
    counts = {"updated": 0, "unchanged": 0, "orphaned": 0}

    if rf.source_lang and not rf.source_lang.lower().startswith("zh"):
        findings.append(Finding(
            "memory.import-language", "warning",
            f"the file translates {rf.source_lang} → {rf.target_lang or '?'}; bipub reviews Chinese → English, "
            "so its units cannot match any segment",
            shown, None,
        ))

    # key → [(doc, segment)], the document the file names first
    index: dict[str, list] = {}
    ordered = sorted(docs, key=lambda d: 0 if rf.document and d.path == rf.document else 1)
    for doc in ordered:
        for seg in doc.segments():
            index.setdefault(seg.key, []).append((doc, seg))

    memories: dict[str, Memory] = {}
    done: dict[tuple[str, str], tuple[str, int | None]] = {}  # (doc, key) → (English, line) set by this import
    now = utc_now()
    by = f"review import ({path.name})"

    for ru in rf.units:
        computed = segment_key(ru.source)
        key = computed
        if computed not in index and ru.key and ru.key != computed and ru.key in index:
            key = ru.key
            findings.append(Finding(
                "memory.source-edited", "warning",
                f"unit {ru.id}: the Chinese was edited in the review file; the edit is ignored "
                f"(change {index[key][0][0].path} instead)",
                shown, ru.line,
            ))
        if key not in index:
            counts["orphaned"] += 1
            findings.append(Finding(
                "memory.orphaned", "warning",
                f"unit {ru.id}: its source “{_short(ru.source)}” is in no current document; not imported",
                shown, ru.line,
            ))
            continue
        doc, seg = index[key][0]
        mem = memories.get(doc.name)
        if mem is None:
            mem = memories[doc.name] = Memory.load(memory_path(project, doc.name, folder))
        old = mem.get(key)
        en = (ru.target or "").strip()
        base_en = old.target if old is not None else seg.target
        base_state = old.state if old is not None else (seg.state if seg.origin == "memory" and seg.state else "draft")
        if not en:
            if base_en:
                findings.append(Finding(
                    "memory.target-empty", "info",
                    f"unit {ru.id}: the target is empty in the review file; the English in memory is kept",
                    shown, ru.line,
                ))
            counts["unchanged"] += 1
            continue
        if en != (base_en or "").strip():
            state = "approved" if ru.state == "approved" else "reviewed"
        elif ru.state in ("reviewed", "approved") and state_rank(ru.state) > state_rank(base_state):
            state = ru.state
        elif ru.state == "needs-review" and base_state in ("reviewed", "approved"):
            state = "needs-review"
        else:
            counts["unchanged"] += 1
            continue
        prior = done.get((doc.name, key))
        if prior is not None and prior[0] != en:
            findings.append(Finding(
                "memory.conflict", "warning",
                f"unit {ru.id}: the same Chinese was given a different English on line {prior[1]}; "
                "the later one is kept",
                shown, ru.line,
            ))
        done[(doc.name, key)] = (en, ru.line)
        mem.put(Unit(id=seg.id, key=key, source=seg.source, target=en, state=state, by=(attributed and ru.by) or by,
                     at=(attributed and ru.at) or now))
        counts["updated"] += 1

    for mem in memories.values():
        mem.save()
    return counts, findings
