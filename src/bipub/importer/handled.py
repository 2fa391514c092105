"""Import findings an editor has dealt with: a ``handled`` mark in ``source/NAME.import.json``.

An import's findings keep its source a **draft**: the publish gate counts the
findings of severity ``error`` (and ``warning``) whose ``handled`` is false.
The editor marks a finding handled once the source is right, by code and line::

    bipub import --handled import.digit-break:57 source/report.md
    bipub import --handled import.out-of-order source/report.md      # every one with that code
    bipub import --handled all source/report.md                      # all of them

or by setting ``"handled": true`` in the JSON by hand.  The mark records who and
when (``"handled_by"``, ``"handled_at"``).  The source itself is never edited to
mark anything.  Importing again keeps the mark of every finding that comes back
unchanged (same code, line and message).
"""

from __future__ import annotations

import getpass
import json
from datetime import datetime, timezone
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import BipubError


def _key(f: dict) -> tuple:
    return f.get("code"), f.get("line"), f.get("message")


def carry_over(record: dict, json_path: Path) -> dict:
    """``record`` with the ``handled`` marks of the same findings in the JSON already there."""
    try:
        old = json.loads(json_path.read_text(encoding="utf-8"))
        marks = {_key(f): f for f in old["findings"] if isinstance(f, dict) and f.get("handled")}
    except (OSError, ValueError, KeyError, TypeError):
        return record
    for f in record["findings"]:
        m = marks.get(_key(f))
        if m is not None:
            f.update({k: m[k] for k in ("handled", "handled_by", "handled_at") if k in m})
    return record


def mark(json_path: Path, selector: str, *, by: str | None = None) -> int:
    """Mark the findings ``selector`` names handled: ``CODE:LINE``, ``CODE`` or ``all``.  Returns how many."""
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
        findings = data["findings"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BipubError(f"{json_path}: cannot read the import findings: {e}") from None
    code, _, line = selector.partition(":")
    if code != "all" and not code.startswith("import."):
        code = "import." + code
    n = 0
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    who = by or _user()
    for f in findings:
        if f.get("handled"):
            continue
        if code != "all" and (f.get("code") != code or (line and str(f.get("line")) != line)):
            continue
        f.update(handled=True, handled_by=who, handled_at=when)
        n += 1
    if n == 0:
        raise BipubError(f"{json_path}: no unhandled finding matches {selector}")
    write_atomic(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return n


def unhandled(json_path: Path, severities: tuple[str, ...] = ("error", "warning")) -> list[dict]:
    """The findings of ``json_path`` of these severities not marked handled (what keeps a source a draft)."""
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
        findings = data["findings"] if isinstance(data, dict) else data
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [f for f in findings if isinstance(f, dict) and f.get("severity") in severities and not f.get("handled")]


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container): an anonymous mark is still a mark
        return "editor"
