"""The build's findings about each segment, as notes for the reviewer (``review export``).

A review file carries, for each unit, what the last build found about its
segment (a figure missing from the English, an unapproved term, English reused
from a changed sentence …) so the reviewer sees it in the CAT tool.  They come
from the build's ``output/*.report.json`` for the document (the newest when
there are several, e.g. per variant): nothing is recomputed, so exporting stays
cheap and shows exactly what the build reported.

When there is no report, or the source was changed after the build, the
findings might sit on the wrong segments: none are attached, and a finding
says to build first.  "Changed" is the source's content: the caller gives its
digest as the build signature computes it (``report.source_digest``), compared
with the report's; a source only touched (same bytes, newer time) is unchanged.
Only a report without a signature falls back to the file's time.  A unit changed in the memory after the build (a review
import) gets none either: they were about its old English.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from bipub.findings import Finding
from bipub.memory.history import MACHINE_ACTIONS


def qa_notes(output_dir: Path, doc, source: Path, memory=None, *,
             source_digest: str | None = None) -> tuple[dict[str, list[str]], list[Finding]]:
    """Segment id → ``qa warning qa.number-mismatch: …`` notes for ``doc``, and findings about the report itself.

    ``source_digest``: the source's digest now (the build signature's ``source`` part)."""
    doc_name, shown_source = doc.name, doc.path
    reports = []
    for path in sorted(Path(output_dir).glob("*.report.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("document") == doc_name and isinstance(data.get("findings"), list):
            reports.append((str(data.get("built_at", "")), data))
    if not reports:
        return {}, [Finding("review.no-build-report", "info",
                            "no build report for this document: the review file carries no build findings "
                            "(run `bipub build` first to include them)", shown_source)]
    built_at, data = max(reports, key=lambda r: r[0])
    built = (data.get("signature") or {}).get("source") if isinstance(data.get("signature"), dict) else None
    edited = datetime.fromtimestamp(Path(source).stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if (built != source_digest) if built and source_digest else edited > built_at:
        return {}, [Finding("review.stale-build-report", "warning",
                            f"the source was changed ({edited}) after the last build ({built_at}): the review file "
                            "carries no build findings (run `bipub build` first to include them)", shown_source)]
    changed = set()
    if memory is not None:
        changed = {s.id for s in doc.segments() if (u := memory.get(s.key)) is not None and _after(u, built_at)}
    notes: dict[str, list[str]] = {}
    for f in data["findings"]:
        if isinstance(f, dict) and f.get("segment") and f["segment"] not in changed:
            notes.setdefault(f["segment"], []).append(f"qa {f.get('severity')} {f.get('code')}: {f.get('message')}")
    found = []
    if changed:
        found.append(Finding("review.changed-since-build", "info",
                             f"{len(changed)} unit(s) changed in the memory after the last build ({built_at}): "
                             "their build findings are not attached (build again to check them)", shown_source))
    return notes, found


def _after(unit, built_at: str) -> bool:
    """Changed after the build: saved later, or in the same second by a person (a build records only machine events)."""
    if unit.at != built_at:
        return unit.at > built_at
    return bool(unit.history) and unit.history[-1].get("action") not in MACHINE_ACTIONS
