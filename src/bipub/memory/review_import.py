"""``bipub review import``: a review file merged into the memory three ways, losing nothing.

The three versions of a unit are the one bipub exported (``origin_target``, and
the export time), the one in the file (the reviewer's) and the one in the
memory now.  Rules, for each unit of the file (matched by its Chinese):

1. **What the reviewer did.**  A target that differs from the exported one is
   the reviewer's own English: ``reviewed`` (``approved`` when the file marks it
   final), whatever flag the tool left on it.  An unchanged
   target the file marks as not done (PO ``fuzzy``, XLIFF ``needs-translation``,
   ``needs-review-*``, ``approved="no"``: translate-toolkit's ``markfuzzy()``)
   brings a reviewed or approved unit back to ``needs-review``; one the file
   marks reviewed or final raises a lower state.  Anything else: unchanged.
2. **Conflict.**  When a person's unit in the memory changed since the export (its English
   is no longer the exported one, or it was saved after the export time), the
   reviewer's change is a *conflict*: reported with both versions and not applied.
   A file without bipub's export record (another tool re-wrote it) cannot show what
   the reviewer started from: replacing a person's English from it is a conflict too,
   unless ``trust_file_dates`` (``--trust-file-dates``) lets its own date, when later
   than the memory's, decide (reported).  A date in the future is never believed.
3. **Approved units** change only with ``accept_approved`` (``--accept-approved``).
4. **Who and when.**  The reviewer (``reviewer``, else the file's
   ``Last-Translator`` / TMX ``changeid``/``creationid`` / XLIFF author when it is
   not just what bipub exported) becomes the unit's ``by``; the change is a
   ``review-import`` event in its history (file, previous English, the file's
   edit time).
5. **Dry run**: everything is computed and reported, nothing is written.

The whole import runs under the memory lock (``bipub.memory.lock``), so a
build or another import saving meanwhile is merged, never lost.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from contextlib import nullcontext
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from dataclasses import dataclass, field
from pathlib import Path

from bipub.findings import BipubError, Finding, InputRefused
from bipub.formats import FORMATS, detect
from bipub.formats.inline import tagged
from bipub.formats.unit import TranslationFile, iso_utc
from bipub.formats.xmlsafe import MAX_BYTES
from bipub.memory.history import by_person
from bipub.memory.lock import memory_lock
from bipub.memory.store import FUZZY_THRESHOLD, Memory, Unit, memory_path, state_rank, utc_now
from bipub.model import Mark
from bipub.paths import shown as shown_path
from bipub.pair import ZH_EN
from bipub.text.normalize import segment_key, squash

#: Raw flags by which a file says "not done" (PO, XLIFF 1.2, XLIFF 2.x as `bipub.formats.unit` keeps them).
NOT_DONE = frozenset({"fuzzy", "approved=no", "state=needs-translation", "state=new", "state=initial"})

#: the largest review file read (the XML formats' own limit, for PO too)
MAX_REVIEW_BYTES = MAX_BYTES

#: a person's confirmed English: a file that cannot show it started from it may not replace it unasked
CONFIRMED = ("reviewed", "approved")

#: how far a file's date may be ahead of this machine's clock (another machine's drift) before it is not believed
CLOCK_SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class Change:
    """One unit an import changes (or would change, in a dry run)."""

    id: str
    document: str
    line: int | None
    old_target: str | None
    old_state: str | None
    target: str
    state: str
    by: str
    emphasis: str | None = None  # the English with its new emphasis as <b>/<i> tags, when that changed
    file_id: str | None = None  # the unit's id in the file, when it is not the segment's

    def format(self) -> str:
        """Diff lines an editor reads: ``s1-b2-1 (line 40): reviewed → needs-review`` then ``- old`` / ``+ new``."""
        where = "; ".join(x for x in (self.line and f"line {self.line}",
                                      self.file_id and f"{self.file_id} in the file") if x)
        where = f" ({where})" if where else ""
        lines = [f"{self.id}{where}: {self.old_state or 'untranslated'} → {self.state}, by {self.by}"]
        if self.old_target != self.target:
            if self.old_target:
                lines.append(f"  - {self.old_target}")
            lines.append(f"  + {self.target}")
        if self.emphasis is not None:
            lines.append(f"  emphasis: {self.emphasis}")
        return "\n".join(lines)


@dataclass
class ImportResult:
    counts: dict[str, int]
    findings: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False


def read_review(path: Path) -> tuple[str, TranslationFile]:
    """Parse a review file of any supported format; malformed → ``BipubError("FILE:LINE: …")``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_REVIEW_BYTES:  # refused before it is read: a review file is text, one document's worth
            raise InputRefused(f"{path}: {size:,} bytes is over the limit of {MAX_REVIEW_BYTES:,} bytes for one "
                               "review file; export one document at a time (--document NAME)")
        data = path.read_bytes()
    except OSError as e:
        raise BipubError(f"{path}: cannot read: {e.strerror or e}") from e
    fmt = detect(path, data)
    return fmt, FORMATS.get(fmt).loads(data, str(path))


def review_import(path: Path, project: Path, docs: list, *, folder: str = "translations", dry_run: bool = False,
                  reviewer: str | None = None, accept_approved: bool = False, trust_file_dates: bool = False,
                  review_file: TranslationFile | None = None) -> ImportResult:
    """Merge the review file ``path`` into the memories of ``docs`` (see the module doc).

    ``review_file``: the units already read from ``path`` (an OmegaT project folder).
    """
    path, project = Path(path), Path(project)
    tf = review_file if review_file is not None else read_review(path)[1]
    shown = shown_path(path, project)
    result = ImportResult({"updated": 0, "unchanged": 0, "orphaned": 0}, dry_run=dry_run)
    note = result.findings.append
    if tf.source_lang and not tf.source_lang.lower().startswith("zh"):
        note(Finding("memory.import-language", "warning",
                     f"the file translates {tf.source_lang} → {tf.target_lang or '?'}; bipub reviews Chinese → English, "
                     "so its units cannot match any segment", shown))
    index: dict[str, list] = {}  # key -> [(doc, segment)], the document the file names first
    for doc in sorted(docs, key=lambda d: 0 if tf.document and d.path == tf.document else 1):
        for seg in doc.segments():
            index.setdefault(seg.key, []).append((doc, seg))
    now = utc_now()
    tf = _believable_dates(tf, now, shown, note)
    exported_at = iso_utc(tf.exported_at)
    # no memory folder yet: nothing to lock; the saves create it and merge under the lock
    with memory_lock(project / folder) if (project / folder).is_dir() else nullcontext():
        memories: dict[str, Memory] = {}
        loaded: dict[tuple[str, str], Unit | None] = {}  # units as they were before this import
        wanted: dict[tuple[str, str], list] = {}  # (document, key) -> what the file's units ask, in file order
        rewrites: list[int | None] = []  # lines of units whose English a tool only rewrote
        for ru in tf.units:
            for problem in ru.problems:  # inline codes that did not pair, were invented or are missing
                note(Finding("review.inline-code", "warning", f"unit {ru.id}: {problem}", shown, ru.line))
            key = _key(ru, index, shown, note)
            if key is False:  # the Chinese changed too much in the tool: reported with the English
                edited = (ru.target or "").strip() and (ru.origin_target or "").strip() != (ru.target or "").strip()
                kind = "edits not applied" if edited else "unchanged"
                result.counts[kind] = result.counts.get(kind, 0) + 1
                continue
            if key is None:
                result.counts["orphaned"] += 1
                if _lost_edit(ru, docs, shown, note):
                    result.counts["edits not applied"] = result.counts.get("edits not applied", 0) + 1
                continue
            doc, seg = index[key][0]
            mem = memories.get(doc.name)
            if mem is None:
                mem = memories[doc.name] = Memory.load(memory_path(project, doc.name, folder))
            old = loaded.setdefault((doc.name, key), mem.get(key))
            outcome = _decide(ru, old, exported_at, accept_approved, trust_file_dates, shown, note, rewrites)
            if not isinstance(outcome, tuple):
                kind = outcome or "unchanged"
                result.counts[kind] = result.counts.get(kind, 0) + 1
                continue
            wanted.setdefault((doc.name, key), []).append((ru, doc, seg, outcome))
        for (name, key), asks in wanted.items():
            if len({a[3][0] for a in asks}) > 1:  # one sentence, two Englishes: no guess, neither is applied
                note(Finding("memory.conflict", "warning",
                             f"unit {asks[-1][0].id}: the same Chinese was given different English in this file; none "
                             "is applied: " + "; ".join(f"line {ru.line}: “{o[0]}”" for ru, _, _, o in asks),
                             shown, asks[-1][0].line))
                result.counts["conflicts"] = result.counts.get("conflicts", 0) + 1
                continue
            ru, doc, seg, (target, state, marks) = asks[-1]
            old = loaded[(name, key)]
            who, edited = _reviewer(ru, old, reviewer)
            unit = Unit(seg.id, key, seg.source, target, state, who or f"review import ({path.name})", now,
                        old.history if old else (), marks)
            was = old.target if old is not None and old.target != target else None
            memories[name].put(unit.record("review-import", by=who or "unknown reviewer", at=now, source=shown,
                                           was=was, edited=edited))
            result.changes.append(Change(seg.id, doc.path, ru.line, old.target if old else None,
                                         old.state if old else None, target, state, unit.by,
                                         tagged(target, marks) if marks != (old.marks if old else ()) else None,
                                         ru.id if ru.id != seg.id else None))
            result.counts["updated"] += 1
        if tf.units and result.counts["orphaned"] == len(tf.units):
            _nothing_matched(tf, docs, shown, result.findings)
        if rewrites:
            note(Finding("review.tool-rewrite", "info",
                         f"{len(rewrites)} unit(s) differ from the export only in spaces or character widths (a "
                         "non-breaking or trailing space, full-width ．，％ or digits): a tool's rewrite, not an edit; "
                         "the memory's English is kept (lines "
                         f"{', '.join(map(str, rewrites[:8]))}{', …' if len(rewrites) > 8 else ''})", shown, rewrites[0]))
        if not dry_run:
            for mem in memories.values():
                result.findings.extend(mem.save())
    return result


def _key(ru, index, shown, note) -> str | bool | None:
    """The memory key of a file unit; None (reported) when its Chinese is in no current document; False
    (reported) when its Chinese was changed in the file too much to carry its English (`_small_edit`)."""
    key = segment_key(ru.source)
    if key not in index and ru.key and ru.key != key and ru.key in index:
        doc, seg = index[ru.key][0]
        if not _small_edit(seg.source, ru.source):
            note(Finding("memory.source-edited", "warning",
                         f"unit {ru.id}: the Chinese was changed in the review file beyond a small correction of the "
                         f"same figures (segments joined or split in the tool?); its English is not imported: "
                         f"“{_short(ru.target or '', 160)}”. Review {seg.id} again", shown, ru.line))
            return False
        note(Finding("memory.source-edited", "warning",
                     f"unit {ru.id}: the Chinese was edited in the review file; the edit is ignored "
                     f"(change {doc.path} instead)", shown, ru.line))
        return ru.key
    if key not in index:
        note(Finding("memory.orphaned", "warning",
                     f"unit {ru.id}: its source “{_short(ru.source)}” is in no current document; not imported",
                     shown, ru.line))
        return None
    return key


def _small_edit(ours: str, theirs: str) -> bool:
    """Whether a Chinese edited in a CAT tool is still our sentence: as similar as a fuzzy match and with
    the same figures (a typo fixed), not two sentences joined, half of one, or a figure changed."""
    if SequenceMatcher(None, squash(ours), squash(theirs)).ratio() < FUZZY_THRESHOLD:
        return False
    return sorted(m.english for m in ZH_EN.find_numbers(ours)) == sorted(m.english for m in ZH_EN.find_numbers(theirs))


def _nothing_matched(tf: TranslationFile, docs, shown: str, findings: list[Finding]) -> None:
    """No unit of the file is a sentence of this project: one error (exit 1) instead of a warning per unit."""
    findings[:] = [f for f in findings if f.code != "memory.orphaned"]
    named = f" it was exported from {tf.document}, " if tf.document else " "
    here = ", ".join(d.path for d in docs) or "none"
    findings.append(Finding("review.other-document", "error",
                            f"none of its {len(tf.units)} unit(s) is a sentence of this project's documents ({here});"
                            f"{named}a file of another project or document? Nothing imported", shown, tf.units[0].line))


def _lost_edit(ru, docs, shown, note) -> bool:
    """Whether an orphaned unit carries the reviewer's own English (it differs from what bipub exported):
    that work cannot be stored, so it is reported with the sentence now at its place, to review again."""
    target = (ru.target or "").strip()
    if ru.origin_target is None or not target or target == ru.origin_target.strip():
        return False
    now = next((seg.source for doc in docs for seg in doc.segments() if seg.id == ru.id), None)
    where = f"; the sentence at {ru.id} is now “{_short(now, 60)}”: review it again" if now else ""
    note(Finding("memory.orphaned-edit", "warning",
                 f"unit {ru.id}: the reviewer's English “{_short(target, 80)}” is not imported: its Chinese "
                 f"changed or was removed since the export{where}", shown, ru.line))
    return True


def _emphasis(ru, target: str, old: Unit | None) -> tuple[tuple, bool]:
    """(the emphasis to keep with ``target``, did the reviewer change it?).

    The file's codes when its target has any (moved with the stripped spaces); a target without
    codes says nothing (a tool that strips codes erases no emphasis): the memory's marks stay
    while the English stays the same."""
    kept = old.marks if old is not None and old.target == target else ()
    if ru.target_marks is None:
        return kept, False
    lead = len(ru.target) - len(ru.target.lstrip())
    marks = tuple(Mark(max(0, m.start - lead), min(len(target), m.end - lead), m.kind) for m in ru.target_marks)
    marks = tuple(m for m in marks if m.end > m.start)
    if old is None or old.target != target:
        return marks, False  # new English: its codes are its emphasis
    base = ru.origin_marks if ru.origin_marks is not None else kept
    changed = sorted(marks, key=_order) != sorted(base, key=_order)
    return (marks if changed else kept), changed


def _order(m: Mark) -> tuple:
    return (m.start, m.end, m.kind)


def _believable_dates(tf: TranslationFile, now: str, shown: str, note) -> TranslationFile:
    """``tf`` without the dates later than this machine's clock (plus ``CLOCK_SLACK``): unknown, reported once."""
    limit = (datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) + CLOCK_SLACK
             ).strftime("%Y-%m-%dT%H:%M:%SZ")
    ahead = [(u.line, iso_utc(u.at)) for u in tf.units if (iso_utc(u.at) or "") > limit]
    head = iso_utc(tf.exported_at)
    if head and head > limit:
        ahead.insert(0, (None, head))
    if not ahead:
        return tf
    line, first = ahead[0]
    note(Finding("review.future-date", "warning",
                 f"{len(ahead)} date(s) of the file are later than now ({now}), the first {first}: not believed, "
                 "treated as unknown (a wrong clock, or a local time written as UTC)", shown, line))
    units = [dataclasses.replace(u, at=None) if (iso_utc(u.at) or "") > limit else u for u in tf.units]
    return dataclasses.replace(tf, units=units, exported_at=None if head and head > limit else tf.exported_at)


def _decide(ru, old: Unit | None, exported_at, accept_approved, trust_dates, shown, note,
            rewrites: list) -> tuple[str, str, tuple] | str | None:
    """(target, state, marks) the file's unit asks for; None: nothing to do; "conflicts", "approved kept": reported.

    A target a tool only rewrote (`_tool_rewrite`) counts as the exported one; its line goes to ``rewrites``."""
    target = (ru.target or "").strip()
    cur_target = old.target if old is not None else None
    cur_state = old.state if old is not None else None
    if not target:
        if cur_target and ru.origin_target != "":
            note(Finding("memory.target-empty", "info",
                         f"unit {ru.id}: the target is empty in the review file; the English in memory is kept",
                         shown, ru.line))
        return None
    base = ru.origin_target if ru.origin_target is not None else (cur_target or "")
    if target != base.strip() and _tool_rewrite(target, base.strip()):
        rewrites.append(ru.line)
        ru, target = _as_exported(ru, base.strip()), base.strip()
    not_done = ru.state in ("draft", "needs-review") or bool(ru.flags & NOT_DONE) or any(
        f.startswith("state=needs-review") for f in ru.flags)
    marks, emphasis_changed = _emphasis(ru, target, old) if target else ((), False)
    if target != base.strip() or emphasis_changed:
        want = (target, "approved" if ru.state == "approved" else "reviewed")
    elif not_done and cur_state in ("reviewed", "approved"):
        want = (target, "needs-review")
    elif ru.state in ("reviewed", "approved") and state_rank(ru.state) > state_rank(cur_state):
        want = (target, ru.state)
    else:
        return None
    if old is None or (want == (cur_target, cur_state) and marks == old.marks):
        return (*want, marks) if old is None else None
    stale = _stale(ru, old, exported_at, trust_dates or want[0] == old.target) if by_person(old) else None  # a machine's draft loses to a person
    both = (f"Memory ({old.state}, by {old.by}, {old.at}): “{old.target}” "
            f"— file ({want[1]}{', by ' + ru.by if ru.by else ''}): “{want[0]}”")
    if stale:
        note(Finding("memory.review-conflict", "warning", f"unit {ru.id}: {stale}; not applied. {both}", shown, ru.line))
        return "conflicts"
    if cur_state == "approved" and not accept_approved:
        note(Finding("memory.approved-kept", "warning",
                     f"unit {ru.id} is approved; the file's change ({want[1]}: “{want[0]}”) is not applied "
                     "(import with --accept-approved to change approved units)", shown, ru.line))
        return "approved kept"
    if cur_state in CONFIRMED and ru.origin_target is None and not exported_at and want[0] != old.target:
        note(Finding("memory.replaced-by-date", "warning",
                     f"unit {ru.id}: a person's English replaced by a file without bipub's export record, because its "
                     f"date ({iso_utc(ru.at)}) is later (--trust-file-dates); the old English is in the unit's history. "
                     f"{both}", shown, ru.line))
    return (*want, marks)


def _canonical(text: str) -> str:
    """The English with compatibility forms folded (NFKC: full-width ASCII, NBSP) and spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _tool_rewrite(target: str, base: str) -> bool:
    """True when ``target`` is ``base`` with spaces or character widths changed away from plain ASCII
    forms (what a tool does); the other way (a full-width stop made ASCII) is a reviewer's clean-up."""
    return _canonical(target) == _canonical(base) and target != _canonical(base)


def _as_exported(ru, base: str):
    """``ru`` with the exported English; its emphasis codes kept when they still fit character for character."""
    lead = len(ru.target) - len(ru.target.lstrip())
    fits = ru.target_marks is not None and len(ru.target.strip()) == len(base)
    marks = tuple(Mark(m.start - lead, m.end - lead, m.kind) for m in ru.target_marks) if fits else None
    return dataclasses.replace(ru, target=base, target_marks=marks)


def _stale(ru, old: Unit, exported_at: str | None, trust_dates: bool) -> str | None:
    """Why the memory's person's unit may be newer than what the file knows, or None.

    ``trust_dates``: a file without export record whose date is later may change it (the caller
    passes True when the English stays: a state change loses no one's words)."""
    if ru.origin_target is not None and old.target.strip() != ru.origin_target.strip():
        return "the English in the memory changed since this file was exported"
    if exported_at and old.at >= exported_at:  # the same second is ambiguous: the safe side is a conflict
        return f"the unit was changed in the memory ({old.at}) after this file was exported ({exported_at})"
    if ru.origin_target is not None or exported_at:
        return None
    edited = iso_utc(ru.at)  # a file without bipub's export record: only its own date can speak for it
    replaces = old.state in CONFIRMED and old.target.strip() != (ru.target or "").strip()
    if edited and (old.at > edited or (old.at == edited and replaces)):  # the same second: the safe side
        return f"the file's version ({edited}) is older than the memory's ({old.at})"
    if old.state in CONFIRMED and (not trust_dates or not edited):
        return ("the file has no record of the English bipub exported (another tool re-wrote it), so it cannot "
                f"show the reviewer saw the memory's; its date: {edited or 'none'}. Import with --trust-file-dates "
                "to let a later date win, or export from bipub for review again")
    return None


def _reviewer(ru, old: Unit | None, reviewer: str | None) -> tuple[str | None, str | None]:
    """(who, when) made the change: ``--reviewer`` or the file's author and date, unless they are just bipub's export."""
    edited = iso_utc(ru.at)
    if old is not None and edited == old.at:
        edited = None  # the export's own time stamp, not the reviewer's
    if reviewer:
        return reviewer, edited
    who = ru.by if ru.by and (old is None or ru.by != old.by) else None
    return who, edited


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
