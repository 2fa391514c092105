"""The history of a memory unit: one event per action that changed it, oldest first.

Stored in the unit's JSONL line as an optional ``"history"`` list (a unit
written by the previous release has none and reads unchanged)::

    "history": [{"at": "2026-11-29T08:00:00Z", "by": "Li Wei", "action": "review-import",
                 "from": "review/hunan.po", "state": "reviewed", "was": "old English",
                 "edited": "2026-11-28T17:12:00Z"}]

``at`` (when bipub recorded it, UTC), ``by`` (who: the reviewer's name, an engine
signature, ``bipub``), ``action`` (one of ``ACTIONS``) and ``state`` (the state it
left) are always there; ``from`` names where the change came from (a review
file, the memory key a fuzzy match was reused from), ``was`` the English it
replaced, ``edited`` the time the file says the reviewer made the change.

A machine draft has no history: its ``by`` and ``at`` say which engine wrote it
and when.  History starts with the first reuse or the first person.
"""

from __future__ import annotations

#: What can change a unit.  The first three are a machine's, the others a person's.
ACTIONS = (
    "fuzzy-reuse",  # English of a similar sentence reused by a build (needs review)
    "number-repair",  # figures of reused English replaced by the new Chinese ones by a build
    "glossary-update",  # a rendering changed by a glossary import
    "review-import",  # edited, confirmed or flagged in a review file (XLIFF, TMX, PO)
    "desk-edit",  # edited in the desk
    "merge",  # two concurrent edits of the same unit: the older one is kept in ``was``
)
MACHINE_ACTIONS = frozenset(ACTIONS[:3])

_KEYS = ("at", "by", "action", "from", "state", "was", "edited")


def event(action: str, *, by: str, at: str, state: str, source: str | None = None,
          was: str | None = None, edited: str | None = None) -> dict:
    """One history event (keys in a fixed order so the JSONL line is stable)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown history action {action!r}; use one of {ACTIONS}")
    values = {"at": at, "by": by, "action": action, "from": source, "state": state, "was": was, "edited": edited}
    return {k: values[k] for k in _KEYS if values[k] is not None}


def check(value) -> str | None:
    """``None`` when ``value`` is a valid stored history, else what is wrong with it."""
    if not isinstance(value, list):
        return f"history must be a list"
    for i, ev in enumerate(value, 1):
        if not isinstance(ev, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in ev.items()):
            return f"history event {i} must be an object of strings"
        missing = [k for k in ("at", "by", "action") if k not in ev]
        if missing:
            return f"history event {i} lacks {', '.join(missing)}"
    return None


def by_person(unit) -> bool:
    """True when a person made ``unit`` what it is (a machine never overwrites that).

    ``reviewed`` and ``approved`` units always; a ``needs-review`` unit unless its last
    event is a machine's (a fuzzy reuse, a number repair) — units written before
    history existed say so in ``by`` ("fuzzy match from KEY"); drafts never.
    """
    if unit.state in ("reviewed", "approved"):
        return True
    if unit.state != "needs-review":
        return False
    if unit.history:
        return unit.history[-1].get("action") not in MACHINE_ACTIONS
    return not unit.by.startswith("fuzzy match")


def merged(older: tuple, newer: tuple) -> tuple:
    """The events of both histories, each once, ``older``'s first."""
    out = list(older)
    out.extend(ev for ev in newer if ev not in out)
    return tuple(out)
