"""``bipub glossary import --merge``: a termbase coming back (an exported CSV, XLSX or TBX) merged into the glossary.

Each row of the file is matched to the glossary row with the same Chinese
(after folding; the row used, house files first):

* the same in every column an editor writes: nothing to do;
* no such row: a new term, added at the end of ``glossary/imported-STEM.tsv``
  (created if missing);
* a different row: a **conflict**, reported as a diff of the two rows.  Nothing
  at all is written while a conflict has no explicit choice: ``take="theirs"``
  (``--theirs``) rewrites the glossary row in place with the file's version,
  ``take="ours"`` (``--ours``) keeps the glossary's row.

Rows are rewritten in place: the line of the row changes and nothing else (the
order, comments, blank lines and untouched rows stay byte for byte, so ``git
diff`` shows just the change; columns bipub does not know keep their cells).
Every write is atomic and happens under the glossary folder's lock, after the
glossary has been read again under that lock.  ``dry_run`` reports the same and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.check.renderings import stale_units_finding
from bipub.findings import ConfigError, Finding
from bipub.memory.lock import memory_lock
from bipub.paths import shown
from bipub.terms.checks import row_findings
from bipub.terms.glossary import glossary_dir, load_project_glossary
from bipub.terms.model import COLUMNS, Term, precedence
from bipub.terms.termbase import read_termbase
from bipub.terms.tsv import format_row, format_rows, header_of, split_row
from bipub.text.normalize import fold

TAKES = ("theirs", "ours")


@dataclass
class MergeResult:
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # files changed (none on a dry run or an unresolved conflict)
    same: int = 0
    updated: int = 0
    added: int = 0
    conflicts: int = 0


def diff(ours: Term, theirs: Term) -> str:
    """What differs between two rows, column by column: ``en 'A' → 'B'; status approved → proposed``."""
    parts = []
    for column in COLUMNS[1:]:
        a, b = getattr(ours, column), getattr(theirs, column)
        if a != b:
            if isinstance(a, tuple):
                a, b = " | ".join(a), " | ".join(b)
            parts.append(f"{column} {a!r} → {b!r}")
    return "; ".join(parts)


def merge_file(project: Path, path: Path, *, take: str | None = None, dry_run: bool = False,
               folder: Path | None = None, memory_dir: Path | None = None) -> MergeResult:
    """Merge the termbase ``path`` into the project's glossary (see the module docstring).

    ``folder``: the glossary folder (default ``glossary/``); ``memory_dir``: the
    translation memories, searched for reviewed units holding a rendering the merge changes.
    """
    if take not in (None, *TAKES):
        raise ConfigError(f"unknown choice {take!r}; use one of {', '.join(TAKES)}")
    project, path = Path(project), Path(path)
    incoming, findings = read_termbase(path, shown(path, project))
    folder = glossary_dir(project, folder)
    if dry_run:
        result = _plan(project, folder, path, incoming, take)
    else:
        with memory_lock(folder):
            result = _plan(project, folder, path, incoming, take)
            if (not result.conflicts or take) and not _refused(result):
                _write(project, folder, path, result)
    result.findings[:0] = findings
    memories = sorted(Path(memory_dir).glob("*.jsonl")) if memory_dir is not None else []
    for ours, theirs in result.updates:
        if memories and fold(ours.en) != fold(theirs.en):
            result.findings += stale_units_finding(memories, ours.zh, ours.variants, ours.en, theirs.en,
                                                   lambda p: shown(p, project))
    if result.written:
        _, after = load_project_glossary(project, folder)
        touched = {shown(p, project) for p in result.written}
        result.findings += [f for f in after if f.file in touched]
    return result


@dataclass
class _Plan(MergeResult):
    updates: list[tuple[Term, Term]] = field(default_factory=list)  # (glossary row, file row)
    additions: list[Term] = field(default_factory=list)


def _plan(project: Path, folder: Path, path: Path, incoming: list[Term], take: str | None) -> _Plan:
    glossary, _ = load_project_glossary(project, folder)
    rows: dict[str, Term] = {}
    for t in sorted(glossary.terms, key=precedence):
        rows.setdefault(fold(t.zh), t)
    plan = _Plan()
    seen: dict[str, Term] = {}
    for t in incoming:
        key = fold(t.zh)
        if key in seen:
            if not seen[key].same_content(t):
                plan.findings.append(Finding("glossary.duplicate-term", "warning",
                                             f"{t.zh!r} is also in this file at line {seen[key].line}; the first is merged",
                                             t.file, t.line))
            continue
        seen[key] = t
        ours = rows.get(key)
        if ours is None:
            plan.additions.append(t)
            plan.added += 1
            plan.findings.append(Finding("glossary.import-add", "info",
                                         f"{t.zh!r} → {t.en!r} is new: added to {_added_to(path)}", t.file, t.line))
        elif ours.same_content(t):
            plan.same += 1
        else:
            _conflict(plan, ours, t, take)
    return plan


def _conflict(plan: _Plan, ours: Term, theirs: Term, take: str | None) -> None:
    plan.conflicts += 1
    change = f"{ours.zh!r}: {diff(ours, theirs)} ({theirs.where})"
    if take == "theirs":
        plan.updates.append((ours, theirs))
        plan.updated += 1
        plan.findings.append(Finding("glossary.import-update", "info", f"{change}: updated here", ours.file, ours.line))
    elif take == "ours":
        plan.findings.append(Finding("glossary.import-kept", "info", f"{change}: the glossary's row is kept", ours.file, ours.line))
    else:
        plan.findings.append(Finding(
            "glossary.import-conflict", "error",
            f"{change}; nothing was written: import again with --theirs to take the file's rows "
            f"or --ours to keep the glossary's", ours.file, ours.line))


def _refused(plan: _Plan) -> bool:
    """Would the merge write a row with an error (a forbidden rendering approved …)?  Then it writes nothing."""
    errors = [f for f in row_findings([t for _, t in plan.updates] + plan.additions) if f.severity == "error"]
    plan.findings += [Finding(f.code, f.severity, f"{f.message}; nothing was written", f.file, f.line) for f in errors]
    return bool(errors)


def _added_to(path: Path) -> str:
    """The name of the file new rows from ``path`` go to: ``imported-STEM.tsv``."""
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-") or "termbase"
    return f"imported-{stem}.tsv"


def _write(project: Path, folder: Path, path: Path, plan: _Plan) -> None:
    by_file: dict[str, list[tuple[Term, Term]]] = {}
    for ours, theirs in plan.updates:
        by_file.setdefault(ours.file, []).append((ours, theirs))
    for name, changes in by_file.items():
        target = project / name
        text = target.read_text(encoding="utf-8")
        lines = text.split("\n")
        header = header_of(text)
        for ours, theirs in changes:
            line = lines[ours.line - 1]
            end = "\r" if line.endswith("\r") else ""
            lines[ours.line - 1] = format_row(theirs, header, split_row(line.removesuffix("\r"))) + end
        write_atomic(target, "\n".join(lines))
        plan.written.append(target)
    if plan.additions:
        target = folder / _added_to(path)
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        header = header_of(text)
        if header:  # rows go at the end, in that file's columns
            text += "" if text.endswith("\n") else "\n"
            text += "".join(format_row(t, header) + "\n" for t in plan.additions)
        else:
            text = format_rows(plan.additions, comment=f"added from {path.name} by `bipub glossary import --merge` "
                                                        f"on {date.today().isoformat()}")
        write_atomic(target, text)
        plan.written.append(target)
