"""Reviewed English that does not carry the glossary's rendering of a term it translates.

When editors change a term's approved rendering (``glossary import --merge``, or
by hand), the units a person already reviewed keep the old one: nothing rewrites
human work.  So bipub lists them, by unit id, where editors look:

* the build: one ``glossary.rendering-changed`` warning per term and document,
  naming every reviewed or approved segment whose English lacks the rendering
  (each segment also has its own ``qa.term-missing``);
* ``glossary import --merge``: for each rendering it changes, the reviewed units
  of ``translations/`` that still hold the old rendering, before the next build.
"""

from __future__ import annotations

from bipub.check.qa import _contains, _plain, make_context
from bipub.findings import Finding
from bipub.memory.store import Memory
from bipub.text.normalize import fold

#: memory states a person set
HUMAN = ("reviewed", "approved")


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:12]) + (f" and {len(ids) - 12} more" if len(ids) > 12 else "")


def rendering_changed(segments, glossary, file: str | None) -> list[Finding]:
    """One finding per term whose approved rendering is missing from reviewed English of ``segments``."""
    missing: dict[tuple[str, str], list] = {}
    for seg in segments:
        if seg.origin != "memory" or seg.state not in HUMAN or not seg.target:
            continue
        ctx = make_context(seg, glossary)  # the English read once (``ctx.english``), whatever the number of terms
        for _span, term in ctx.terms:
            if term.status == "approved" and not ctx.english.has(_plain(term.en)):
                hits = missing.setdefault((term.zh, term.en), [])
                if seg not in hits:
                    hits.append(seg)
    return [Finding("glossary.rendering-changed", "warning",
                    f"the glossary renders {zh} as “{en}”, but the reviewed English of {_ids([s.id for s in segs])} "
                    "does not use it: if the rendering changed since, update those units "
                    "(`bipub review export --only flagged`)", file, segs[0].line)
            for (zh, en), segs in missing.items()]


def holding_old_rendering(units, zh_forms, old: str, new: str) -> list[str]:
    """Ids of the reviewed or approved ``units`` (memory units) whose Chinese holds one of
    ``zh_forms`` and whose English holds the ``old`` rendering and not the ``new`` one."""
    forms = [fold(z) for z in zh_forms if z]
    out = []
    for u in units:
        if u.state not in HUMAN or not any(f in fold(u.source) for f in forms):
            continue
        plain = _plain(u.target)
        if _contains(plain, old) and not _contains(plain, new):
            out.append(u.id)
    return out


def stale_units_finding(memory_files, term_zh: str, variants, old: str, new: str, show) -> list[Finding]:
    """``glossary.rendering-changed`` findings for one changed rendering, one per memory file that holds it."""
    out = []
    for path in memory_files:
        ids = holding_old_rendering(Memory.load(path).units(), (term_zh, *variants), old, new)
        if ids:
            out.append(Finding("glossary.rendering-changed", "warning",
                               f"{term_zh!r} is now “{new}”; reviewed units still say “{old}”: {_ids(ids)}; "
                               "update them (`bipub review export --only flagged` after the next build)", show(path)))
    return out
