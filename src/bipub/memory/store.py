"""The translation memory: ``translations/NAME.jsonl``, one reviewed unit per line.

One file per source document, one JSON object per line, UTF-8 and not
ASCII-escaped so ``git diff`` shows the Chinese and the English::

    {"id": "s1-b2-1", "key": "3f2a9c0d1e4b", "zh": "这一年，……", "en": "That year, …",
     "state": "reviewed", "by": "editor name or engine signature", "at": "2026-11-28T21:00:00Z"}

* ``key`` is ``normalize.segment_key(zh)``; the memory holds at most one unit
  per key (the same Chinese sentence twice in a document shares its English).
* ``id`` is the segment id where the sentence was last seen; it orders the
  file (document order) and is never used for look-ups.
* ``state`` is one of ``model.STATES``: ``draft`` (a machine draft),
  ``needs-review`` (English reused from a slightly different Chinese, or
  flagged by a reviewer), ``reviewed`` (a person wrote or checked it),
  ``approved`` (signed off).

Look-up (:meth:`Memory.lookup`): an exact match by key is used as it is;
otherwise the unit whose Chinese is most similar (``difflib`` ratio over the
``normalize.squash``-ed text, 0..1) is returned as a ``fuzzy`` hit when its
score reaches ``FUZZY_THRESHOLD`` (0.85, ``bipub.toml`` ``[memory]
fuzzy_threshold``).  At 0.85 a one-character edit in a sentence of seven or
more characters still matches; rewriting a clause does not.

Protection (:meth:`Memory.put`): a machine draft never replaces a unit a
person has touched (``needs-review``, ``reviewed``, ``approved``).

History: a unit may carry ``"history"``, a list of events (who, when, what,
from where; see ``bipub.memory.history``).  The key is optional and only
written when there is history, so files of earlier releases read and write
back unchanged.

Emphasis: a unit may carry ``"marks"``, the bold and italic of its English as
an editor placed them in a review file's inline codes: ``[["b", 4, 7]]`` is
bold over ``en[4:7]`` (kind ``b`` or ``i``, start, end in characters).  Like the
history it is written only when there is one; the key stays the plain Chinese,
so a unit with marks is found exactly as before.  It wins over the automatic
placement of the Chinese emphasis (``model.Segment.target_marks``).

Saving (:meth:`Memory.save`) never loses another command's work: under the
memory lock (``bipub.memory.lock``) it re-reads the file, merges this
command's changes into it unit by unit (``bipub.memory.merge``) and writes it
atomically.  ``with memory_transaction(path) as mem:`` is the whole
read-modify-write under the lock.
"""

from __future__ import annotations

import bisect
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import BipubError, Finding
from bipub.formats.inline import MAX_CODES
from bipub.memory import history as hist
from bipub.memory.lock import memory_lock
from bipub.memory.merge import resolve
from bipub.model import EMPHASIS, STATES, Mark
from bipub.pair import ZH_EN
from bipub.paths import shown as shown_path
from bipub.text.normalize import segment_key, squash

#: Minimum similarity (difflib ratio of the squashed Chinese) for a fuzzy hit.
FUZZY_THRESHOLD = 0.85

#: States a machine draft may not overwrite.
HUMAN_STATES = ("needs-review", "reviewed", "approved")

#: a unit's fields, and the JSON keys it is stored under (source and target under the pair's codes)
_FIELDS = ("id", "key", "source", "target", "state", "by", "at")
_JSON_KEYS = {"source": ZH_EN.source, "target": ZH_EN.target}


def _key(f: str) -> str:
    return _JSON_KEYS.get(f, f)


@dataclass(frozen=True)
class Unit:
    """One translation-memory entry (one line of ``translations/NAME.jsonl``)."""

    id: str
    key: str
    source: str  # the source sentence (stored as "zh")
    target: str  # its translation (stored as "en")
    state: str  # one of model.STATES
    by: str  # person ("review import (review.xlf)") or engine signature
    at: str  # UTC ISO time, "2026-11-28T21:00:00Z"
    history: tuple = ()  # events (dicts), oldest first: bipub.memory.history
    marks: tuple = ()  # emphasis of the English placed by a person: model.Mark (b, i) over target

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown state {self.state!r}; use one of {STATES}")
        for m in self.marks:
            if m.kind not in EMPHASIS or not 0 <= m.start < m.end <= len(self.target):
                raise ValueError(f"mark {m.kind} {m.start}-{m.end} does not fit the English "
                                 f"({len(self.target)} characters); kinds are {', '.join(EMPHASIS)}")

    def to_json(self) -> dict:
        """The JSONL object: keys as stored (``zh``/``en`` for source/target), history only when there is one."""
        out = {_key(f): getattr(self, f) for f in _FIELDS}
        if self.history:
            out["history"] = [dict(ev) for ev in self.history]
        if self.marks:
            out["marks"] = [[m.kind, m.start, m.end] for m in self.marks]
        return out

    def same_content(self, other: "Unit") -> bool:
        """Equal in everything but the time stamp and the history."""
        return self.marks == other.marks and all(getattr(self, f) == getattr(other, f) for f in _FIELDS if f != "at")

    def record(self, action: str, *, by: str, at: str, source: str | None = None,
               was: str | None = None, edited: str | None = None) -> "Unit":
        """This unit with one more history event (carrying the unit's state)."""
        ev = hist.event(action, by=by, at=at, state=self.state, source=source, was=was, edited=edited)
        return Unit(self.id, self.key, self.source, self.target, self.state, self.by, self.at, self.history + (ev,),
                    self.marks)


@dataclass(frozen=True)
class Hit:
    """A memory look-up result: ``kind`` is ``"exact"`` (same key) or ``"fuzzy"``."""

    unit: Unit
    kind: str
    score: float


def state_rank(state: str | None) -> int:
    """``draft`` 0 … ``approved`` 3; ``None`` (no unit) is -1."""
    return STATES.index(state) if state in STATES else -1


# Front-matter block names sort in the order a reader meets them, then heading
# before body blocks ("s2-h-1" < "s2-b1-1").
_WORD_RANK = {w: i for i, w in enumerate(("title", "subtitle", "byline", "publication", "date", "place", "h", "b"))}


def id_order(segment_id: str) -> tuple:
    """Sort key giving document order for ids such as ``s0-title-1``, ``s2-h-1``, ``s10-b3-2``."""
    out: list[tuple] = []
    for tok in re.findall(r"\d+|[^\d-]+", segment_id):
        if tok.isdigit():
            out.append((1, int(tok), ""))
        else:
            out.append((0, _WORD_RANK.get(tok, len(_WORD_RANK)), tok))
    return tuple(out)


class Memory:
    """The units of one ``translations/NAME.jsonl`` file, indexed for exact and fuzzy look-up."""

    def __init__(self, path: Path, units=()) -> None:
        self.path = Path(path)
        self._by_key: dict[str, Unit] = {}
        self._dirty = False
        self._base: dict[str, Unit | None] = {}  # key -> the unit as loaded, for every key changed since
        self.merge_findings: list[Finding] = []  # concurrent edits met by the last save()
        self._index: list[tuple[int, str, str, frozenset]] | None = None  # (len, squashed, key, pairs), sorted
        for u in units:
            self._by_key[u.key] = u

    # ------------------------------------------------------------------ I/O
    @classmethod
    def load(cls, path: Path) -> "Memory":
        """Read ``path``; a missing file is an empty memory.

        A line that is not a JSON object with the seven string fields (and an
        optional history), an unknown state or a key given twice raises
        ``BipubError`` naming the file and line (``translations/x.jsonl:12: …``).
        Blank lines are allowed.
        """
        mem = cls(path)
        mem._by_key = _read(mem.path)
        return mem

    def save(self) -> list[Finding]:
        """Merge this memory's changes into the file on disk and write it atomically.

        Under the memory lock: re-read the file (another command may have
        saved it since :meth:`load`), apply each unit this memory put or
        removed by the rules of ``bipub.memory.merge``, write the result in
        document order (temp file + ``os.replace``) when it differs.  Afterwards
        this memory holds what is on disk.  Returns (and keeps in
        ``merge_findings``) a finding for each concurrent edit met.
        Nothing is written when nothing was changed since :meth:`load`.
        """
        if not self._dirty:
            return []
        findings: list[Finding] = []
        with memory_lock(self.path.parent):
            disk = _read(self.path)
            changed = False
            for key, base in self._base.items():
                now = disk.get(key)
                result, note = resolve(base, now, self._by_key.get(key))
                if note:
                    findings.append(Finding("memory.concurrent-edit", "warning", note, _shown(self.path)))
                if result is None:
                    changed |= disk.pop(key, None) is not None
                elif result is not now:
                    disk[key] = result
                    changed = True
            if changed:
                write_atomic(self.path, _dumps(disk.values()))
        self._by_key, self._base, self._index, self._dirty = disk, {}, None, False
        self.merge_findings = findings
        return findings

    def dumps(self) -> str:
        """The file content: one JSON object per line, document order by id, then key."""
        return _dumps(self._by_key.values())

    @property
    def changed(self) -> bool:
        """True when :meth:`save` would write."""
        return self._dirty

    # ------------------------------------------------------------- contents
    def units(self) -> list[Unit]:
        """All units in document order (by id, then key)."""
        return _ordered(self._by_key.values())

    def get(self, key: str) -> Unit | None:
        return self._by_key.get(key)

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def put(self, unit: Unit) -> bool:
        """Store ``unit`` under its key.

        Returns ``False`` and changes nothing when a machine draft would
        replace a unit a person touched (needs-review, reviewed, approved).
        Storing a unit equal to the stored one except for ``at`` and history
        is a no-op that returns ``True`` (the stored unit stays, the file is not rewritten).
        """
        old = self._by_key.get(unit.key)
        if old is not None:
            if unit.state == "draft" and old.state in HUMAN_STATES:
                return False
            if old.same_content(unit):
                return True
        if old is None and self._index is not None:  # keep the fuzzy index current (no rebuild per put)
            bisect.insort(self._index, _row(unit), key=lambda r: r[:3])
        self._base.setdefault(unit.key, old)
        self._by_key[unit.key] = unit
        self._dirty = True
        return True

    def remove(self, key: str) -> Unit | None:
        """Drop the unit with ``key`` (e.g. a sentence deleted from the source)."""
        u = self._by_key.get(key)
        if u is not None:
            self._base.setdefault(key, u)
            del self._by_key[key]
            if self._index is not None:
                self._index = [r for r in self._index if r[2] != key]
            self._dirty = True
        return u

    def prune(self, keep_keys) -> list[Unit]:
        """Drop machine drafts whose key is not in ``keep_keys``; returns them.

        Call it after a full build with the keys of the current document, so
        stale machine drafts do not pile up.  Every unit a person touched
        (needs-review, reviewed, approved) is kept for when its sentence comes back.
        """
        keep = set(keep_keys)
        gone = [u for k, u in self._by_key.items() if k not in keep and u.state not in HUMAN_STATES]
        for u in gone:
            self.remove(u.key)
        return gone

    # -------------------------------------------------------------- look-up
    def lookup(self, key: str, source: str, *, threshold: float = FUZZY_THRESHOLD) -> Hit | None:
        """The unit for this segment: exact by key, else the most similar Chinese.

        The fuzzy score is ``difflib.SequenceMatcher.ratio`` over the squashed
        Chinese (width, Traditional/Simplified and whitespace folded).  Ties go
        to the stronger state.  ``None`` when nothing scores ``threshold`` or more.
        """
        u = self._by_key.get(key)
        if u is not None:
            return Hit(u, "exact", 1.0)
        q = squash(source)
        if not q or not self._by_key:
            return None
        index = self._ensure_index()
        lq = len(q)
        # ratio = 2*M/(la+lb) <= 2*min(la,lb)/(la+lb): only lengths in [lo, hi] can reach the threshold
        lo = int(lq * threshold / (2 - threshold))
        hi = int(lq * (2 - threshold) / threshold) + 1
        start = bisect.bisect_left(index, (lo,))
        # Each unmatched character breaks at most three shared character pairs, so two
        # sentences at ratio r share at least ~1 - 3.5 * (1 - r) of their pairs (Dice):
        # a cheap C-level set test that skips most of the difflib work.
        dice_min = 1 - 3.5 * (1 - threshold) - 0.05
        qpairs = _pairs(q)
        sm = SequenceMatcher(None, autojunk=False)
        sm.set_seq2(q)
        best: tuple[float, int, str] | None = None
        for i in range(start, len(index)):
            length, text, k, pairs = index[i]
            if length > hi:
                break
            if dice_min > 0 and length >= 7 and lq >= 7:
                if 2 * len(qpairs & pairs) < dice_min * (len(qpairs) + len(pairs)):
                    continue
            sm.set_seq1(text)
            if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
                continue
            score = sm.ratio()
            if score < threshold:
                continue
            cand = (score, state_rank(self._by_key[k].state), k)
            if best is None or cand[:2] > best[:2]:
                best = cand
        if best is None:
            return None
        return Hit(self._by_key[best[2]], "fuzzy", round(best[0], 4))

    def _ensure_index(self) -> list[tuple[int, str, str, frozenset]]:
        if self._index is None:
            self._index = sorted((_row(u) for u in self._by_key.values()), key=lambda r: r[:3])
        return self._index


def _row(unit: Unit) -> tuple[int, str, str, frozenset]:
    """A fuzzy-index row: (length, squashed Chinese, key, character pairs)."""
    s = squash(unit.source)
    return (len(s), s, unit.key, _pairs(s))


def _pairs(text: str) -> frozenset:
    """The set of adjacent character pairs of ``text``."""
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _shown(path: Path) -> str:
    """``translations/NAME.jsonl`` as a user sees it in the project."""
    return shown_path(path, path.parent.parent)


def _read(path: Path) -> dict[str, Unit]:
    """The units of the file at ``path`` by key (none when it does not exist)."""
    units: dict[str, Unit] = {}
    if not path.exists():
        return units
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise BipubError(f"not UTF-8 (byte {e.start})", file=shown) from e
    except OSError as e:
        raise BipubError(f"cannot read: {e.strerror or e}", file=shown) from e
    seen, by_chinese = {}, {}  # key as written -> line; key of the line's Chinese -> line
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith(("<<<<<<<", "=======", ">>>>>>>")):
            raise BipubError("git merge conflict marker; resolve the conflict first", file=shown, line=n)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise BipubError(f"not valid JSON ({e.msg} at column {e.colno})", file=shown, line=n) from e
        if not isinstance(obj, dict):
            raise BipubError(f"expected a JSON object, got {type(obj).__name__}", file=shown, line=n)
        keys = [_key(f) for f in _FIELDS]
        missing = [k for k in keys if k not in obj]
        if missing:
            raise BipubError(f"missing field(s) {', '.join(missing)}", file=shown, line=n)
        unknown = sorted(set(obj) - set(keys) - {"history", "marks"})
        if unknown:
            raise BipubError(f"unknown field(s) {', '.join(unknown)}", file=shown, line=n)
        bad = [k for k in keys if not isinstance(obj[k], str)]
        if bad:
            raise BipubError(f"field(s) {', '.join(bad)} must be strings", file=shown, line=n)
        if obj["state"] not in STATES:
            raise BipubError(f"unknown state {obj['state']!r}; use one of {', '.join(STATES)}", file=shown, line=n)
        if obj["key"] in seen:
            raise BipubError(f"key {obj['key']} already on line {seen[obj['key']]}", file=shown, line=n)
        key = segment_key(obj[_key("source")])  # the Chinese the line shows decides, not a key left by a hand edit
        if key in by_chinese:
            raise BipubError(f"the same Chinese as line {by_chinese[key]} (key {key}); keep one of the two lines",
                             file=shown, line=n)
        seen[obj["key"]], by_chinese[key], obj["key"] = n, n, key
        if "history" in obj and (problem := hist.check(obj["history"])):
            raise BipubError(problem, file=shown, line=n)
        try:
            units[obj["key"]] = Unit(**{f: obj[_key(f)] for f in _FIELDS}, history=tuple(obj.get("history", ())),
                                     marks=read_marks(obj.get("marks", [])))
        except ValueError as e:
            raise BipubError(f"marks: {e}", file=shown, line=n) from None
    return units


def read_marks(value) -> tuple[Mark, ...]:
    """``[["b", 4, 7], …]`` as stored → marks; anything else raises ``ValueError``."""
    if not isinstance(value, list) or not all(
            isinstance(x, list) and len(x) == 3 and isinstance(x[0], str)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in x[1:]) for x in value):
        raise ValueError('expected a list of ["b" or "i", start, end]')
    if len(value) > MAX_CODES:
        raise ValueError(f"{len(value)} marks on one English (at most {MAX_CODES})")
    return tuple(Mark(x[1], x[2], x[0]) for x in value)


def _ordered(units) -> list[Unit]:
    return sorted(units, key=lambda u: (id_order(u.id), u.key))


def _dumps(units) -> str:
    return "".join(json.dumps(u.to_json(), ensure_ascii=False) + "\n" for u in _ordered(units))


@contextmanager
def memory_transaction(path: Path):
    """``with memory_transaction(path) as mem:`` read, change and save one memory under the lock.

    The memory is loaded after the lock is taken and saved before it is
    released, so no other command's save can come in between.  Nothing is
    written when the block raises.
    """
    path = Path(path)
    with memory_lock(path.parent):
        mem = Memory.load(path)
        yield mem
        mem.save()


def memory_path(project: Path, doc_name: str, folder: str = "translations") -> Path:
    """``PROJECT/<folder>/<doc_name>.jsonl`` (``folder`` is ``[project] translations`` in bipub.toml)."""
    return Path(project) / folder / f"{doc_name}.jsonl"


def utc_now() -> str:
    """Current UTC time as the memory writes it: ``2026-11-28T21:00:00Z``."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
