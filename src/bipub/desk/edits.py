"""What the desk writes: a memory unit, a glossary row.  Nothing is lost.

* A unit edit runs in ``memory_transaction`` (the memory lock, re-read, merge,
  atomic write), like every other writer of the memory.  It carries the version
  it was based on (the unit's ``at``, English and state as the editor loaded
  them); when the unit on disk is not that version any more the edit is refused
  with a `Conflict` holding both versions, and nothing is written.
* A glossary edit rewrites one line of a house TSV file (or appends one), every
  other byte as it was, under the glossary folder's lock and atomically, after
  the checks of ``bipub glossary check`` found no new error in it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.desk.docs import readable_sources
from bipub.importer.clean import BIDI
from bipub.memory.lock import memory_lock
from bipub.memory.store import Memory, Unit, memory_transaction, utc_now
from bipub.model import STATES
from bipub.project import Project
from bipub.render.blocks import kept_exactly
from bipub.terms.glossary import glossary_files, load_glossary
from bipub.terms.model import COLUMNS, IMPORTED_PREFIX, LIST_SEPARATOR, STATUSES, TYPES, Term, split_list
from bipub.terms.tsv import format_row, header_of, split_row
from bipub.text.normalize import fold


LINE_BREAKS = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
#: what no English of the edition may hold: control characters (Word's manual line break U+000B, NUL)
#: and the bidi controls that change the display order (U+202E shows ``2021`` as ``1202``)
INVISIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff{BIDI}]")


class Conflict(Exception):
    """The thing edited changed since the editor loaded it: ``theirs`` is what is there now."""

    def __init__(self, theirs, message: str):
        super().__init__(message)
        self.theirs = theirs


class Refused(Exception):
    """An edit that fails a check; ``findings`` say why."""

    def __init__(self, message: str, findings=()):
        super().__init__(message)
        self.findings = list(findings)


def _version(u: Unit | None) -> dict | None:
    return None if u is None else {"at": u.at, "en": u.target, "state": u.state, "by": u.by}


def save_unit(project: Project, name: str, seg: dict, *, en: str, state: str, base: dict | None,
              editor: str, where: str, via: str = "") -> Unit:
    """Store the editor's English and state for segment ``seg`` (``id``, ``key``, ``zh``).

    ``base`` is the unit as the editor loaded it (``None``: there was none); ``via``: where the
    English came from when the editor took a suggestion (``MT draft (argos:…)``), kept in the history.
    Raises `Conflict` when the unit on disk is another version.
    """
    if state not in STATES:
        raise Refused(f"unknown state {state!r}")
    if not en.strip():
        raise Refused("the English is empty")
    if not editor.strip():
        raise Refused("say who you are (the editor's name) before saving")
    for what, text in (("the English", en), ("the editor's name", editor)):
        if found := INVISIBLE.findall(text):  # pasted from a word processor: never stored, never silently removed
            raise Refused(f"{what} holds invisible control characters "
                          f"({', '.join(sorted({f'U+{ord(c):04X}' for c in found}))}): remove them")

    def make(at, history, old):
        unit = Unit(seg["id"], seg["key"], seg["zh"], en, state, editor, at, history, kept_marks(old, en))
        return unit.record("desk-edit", by=editor, at=at, source=f"desk ({where})" + (f"; {via[:200]}" if via else ""),
                           was=old.target if old and old.target != en else None)

    return _store(project, name, seg, base, make)


def kept_marks(unit: Unit | None, en: str) -> tuple:
    """The emphasis an editor placed on the English (``Unit.marks``), kept through an edit of the English
    while every emphasised phrase is still there word for word (``render.blocks.kept_exactly``)."""
    return kept_exactly(unit.marks, unit.target, en) if unit is not None else ()


def reuse_unit(project: Project, name: str, seg: dict, *, found, base: dict | None, editor: str,
               where: str) -> Unit:
    """Store the English of a similar unit for segment ``seg`` as the build's fuzzy reuse does:
    ``needs-review``, with a ``fuzzy-reuse`` event and, when the figures were carried over by the
    number rule, a ``number-repair`` event (``was`` the old English).  ``found`` is
    `suggest.find_reuse`'s ``(unit, score, Repair)``; a refused repair is refused here too."""
    if not editor.strip():
        raise Refused("say who you are (the editor's name) before saving")
    unit, score, fixed = found
    if fixed.outcome == "refused":
        raise Refused(f"the figures of {unit.key} cannot be carried over: {fixed.why}")

    def make(at, history, old):
        new = Unit(seg["id"], seg["key"], seg["zh"], fixed.target, "needs-review", editor, at, history,
                   kept_exactly(unit.marks, unit.target, fixed.target))
        new = new.record("fuzzy-reuse", by=editor, at=at, source=f"{unit.key} ({score:.0%}); desk ({where})",
                         was=old.target if old and old.target != fixed.target else None)
        if fixed.outcome == "repaired":
            new = new.record("number-repair", by="bipub", at=at, source=fixed.changes_text(), was=unit.target)
        return new

    return _store(project, name, seg, base, make)


def _store(project: Project, name: str, seg: dict, base: dict | None, make) -> Unit:
    """``make(at, history, unit_now)`` stored for ``seg`` under the memory's lock, if the unit on disk
    is still ``base`` (else `Conflict`); the unit as saved."""
    path = project.memory_path(name)
    with memory_transaction(path) as mem:
        now_unit = mem.get(seg["key"])
        if _version(now_unit) != _clean_base(base):
            raise Conflict(_version(now_unit), f"segment {seg['id']} was changed meanwhile"
                                               f"{' by ' + now_unit.by if now_unit else ''}")
        at = utc_now()
        if now_unit is not None and now_unit.at >= at:  # never older than what it replaces
            at = now_unit.at
        mem.put(make(at, now_unit.history if now_unit else (), now_unit))
    return Memory.load(path).get(seg["key"])


def _clean_base(base: dict | None) -> dict | None:
    if not base:
        return None
    return {k: base.get(k) for k in ("at", "en", "state", "by")}


# ---------------------------------------------------------------- glossary


def house_files(project: Project) -> list[Path]:
    """The glossary files an editor may edit: not ``imported-*.tsv``, not a link leading out of the
    folder (`load_glossary` does not read it: ``glossary.outside``)."""
    folder = project.glossary_dir.resolve()
    return [p for p in glossary_files(project.glossary_dir)
            if not p.name.startswith(IMPORTED_PREFIX) and p.resolve().is_relative_to(folder)]


def _term(term: dict) -> Term:
    return Term(zh=term["zh"].strip(), en=term["en"].strip(), variants=split_list(term.get("variants", "")),
                forbidden=split_list(term.get("forbidden", "")), status=term.get("status") or "approved",
                type=term.get("type") or "term", note=term.get("note", "").strip())


def edit_term(project: Project, *, file: str, line: int | None, base: str | None, term: dict) -> dict:
    """Replace line ``line`` of house file ``file`` (it must still read ``base``) or append a row.

    Returns ``{"file", "line", "findings"}``.  Raises `Conflict` (the line changed
    meanwhile) or `Refused` (a check error in the new row, a bad value).
    """
    for k in ("zh", "en"):
        if not str(term.get(k, "")).strip():
            raise Refused(f"{k} is empty")
    for k, v in term.items():  # format_row would turn it into a space: a term the editor never typed
        if LINE_BREAKS.search(v):
            raise Refused(f"{k} holds a tab or a line break (pasted from a table?): a glossary cell is one line")
    if term.get("status", "approved") not in STATUSES:
        raise Refused(f"status must be one of {', '.join(STATUSES)}")
    if term.get("type", "term") not in TYPES:
        raise Refused(f"type must be one of {', '.join(TYPES)}")
    folder = project.glossary_dir
    path = next((p for p in house_files(project) if p.name == Path(file).name), None)
    if path is None:
        raise Refused(f"{file}: not a house glossary file of this project")
    with memory_lock(folder):
        raw = path.read_bytes().decode("utf-8")  # not read_text: its newline translation drops every \r
        lines = raw.split("\n")
        header = header_of(raw) or list(COLUMNS)
        old = split_row(lines[line - 1].rstrip("\r")) if line and 1 <= line <= len(lines) else None
        crlf = lines[0].endswith("\r")  # a file saved on Windows: its line ends stay \r\n, the new line's too
        new = format_row(_term(term), header, old) + ("\r" if crlf else "")
        if line is None:  # append, keeping the file's final newline
            if lines and lines[-1] == "":
                lines.insert(len(lines) - 1, new)
            else:
                lines.append(new)
            at = len(lines) - 1 if lines[-1] == "" else len(lines)
        else:
            if not 1 <= line <= len(lines) or lines[line - 1].rstrip("\r") != (base or ""):
                now = lines[line - 1] if 1 <= line <= len(lines) else None
                raise Conflict(now, f"{path.name}:{line} was changed meanwhile")
            lines[line - 1] = new
            at = line
        text = "\n".join(lines)
        findings = _check(folder, path.name, text, at)
        errors = [f for f in findings if f["severity"] == "error"]
        if errors:
            raise Refused(f"{path.name}:{at}: the glossary check refuses this row", errors)
        write_atomic(path, text)
    return {"file": project.show(path), "line": at, "findings": findings}


def _check(folder: Path, name: str, text: str, line: int) -> list[dict]:
    """``load_glossary``'s findings (those of ``bipub glossary check``) about the new row, on a copy."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".*"))
        (copy / name).write_text(text, encoding="utf-8")
        _, findings = load_glossary(copy)
    mine = f"{folder.name}/{name}"
    return [{"code": f.code, "severity": f.severity, "message": f.message, "file": f.file, "line": f.line}
            for f in findings if f.file == mine and f.line == line]


def old_renderings(project: Project, term: dict, old_en: str) -> list[dict]:
    """Reviewed and approved units whose Chinese holds the term (or a variant; folded as the
    glossary matches) and whose English still has the old rendering ``old_en``."""
    if not old_en or old_en == term["en"]:
        return []
    keys = [fold(v) for v in (term["zh"], *split_list(term.get("variants", ""))) if v]
    out = []
    for src in readable_sources(project):
        for u in Memory.load(project.memory_path(src.stem)).units():
            if (u.state in ("reviewed", "approved") and any(k in fold(u.source) for k in keys)
                    and old_en.lower() in u.target.lower()):
                out.append({"document": src.stem, "id": u.id, "key": u.key, "en": u.target, "state": u.state})
    return out


def terms_json(project: Project) -> list[dict]:
    glossary, _ = load_glossary(project.glossary_dir)
    return [term_json(project, t) for t in glossary.terms]


def term_json(project: Project, t: Term) -> dict:
    file = t.file.split("/", 1)[-1]
    raw = (project.glossary_dir / file).read_text(encoding="utf-8").split("\n")
    return {"zh": t.zh, "en": t.en, "variants": LIST_SEPARATOR.join(t.variants),
            "forbidden": LIST_SEPARATOR.join(t.forbidden), "status": t.status, "type": t.type, "note": t.note,
            "file": file, "line": t.line, "imported": t.imported,
            "base": raw[t.line - 1].rstrip("\r") if 0 < t.line <= len(raw) else None}
