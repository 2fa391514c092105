"""How a command's changes to a memory are merged into what is on disk when it saves.

A command loads a memory, changes some units (its *delta*: units put and keys
removed) and saves.  Meanwhile another command may have saved the same file.
``Memory.save`` therefore re-reads the file under the lock and merges unit by
unit with :func:`resolve`, given

* ``base``: the unit as this command loaded it (``None``: there was none),
* ``disk``: the unit on disk now,
* ``ours``: what this command wants (``None``: remove it).

Rules, in order:

1. Nobody else changed the unit (``disk == base``): ours is applied.
2. Ours removes it (a build prunes a stale machine draft) but someone changed it
   since: it stays.
3. Someone removed it since: ours is put back (it was wanted by this command).
4. Same English, state and emphasis: the unit on disk stays (its history gains ours).
5. A machine never overwrites a person: a machine's unit (draft, fuzzy reuse,
   number repair) loses to a person's (reviewed, approved, flagged by a reviewer).
6. Otherwise the newer ``at`` wins: a stale change never overwrites newer work.
   When two people's edits meet, the loser's English is kept in the winner's
   history (a ``merge`` event with ``was``) and reported.
"""

from __future__ import annotations

import dataclasses

from bipub.memory.history import by_person, event, merged


def resolve(base, disk, ours) -> tuple[object | None, str | None]:
    """The unit to store (``None``: none) and a message when a concurrent change won or was overwritten."""
    if _same(disk, base):
        return ours, None
    if ours is None:
        return disk, None
    if disk is None:
        return ours, None
    if disk.target == ours.target and disk.state == ours.state and disk.marks == ours.marks:
        return dataclasses.replace(disk, history=merged(disk.history, ours.history)), None
    disk_person, ours_person = by_person(disk), by_person(ours)
    if disk_person and not ours_person:
        return disk, f"unit {disk.id}: kept the {disk.state} English saved by {disk.by} meanwhile; this command's machine change is dropped"
    if ours_person and not disk_person:
        return _with_history(ours, disk), None
    if ours.at >= disk.at:
        winner, loser = ours, disk
    else:
        winner, loser = disk, ours
    winner = _with_history(winner, loser)
    if disk_person and ours_person:
        winner = dataclasses.replace(winner, history=winner.history + (event(
            "merge", by="bipub", at=winner.at, state=winner.state, source=f"concurrent edit by {loser.by}",
            was=loser.target if loser.target != winner.target else None),))
        return winner, (f"unit {winner.id}: two edits at once; kept the newer by {winner.by} ({winner.at}), "
                        f"the one by {loser.by} ({loser.at}) is in its history")
    return winner, None


def _with_history(winner, loser):
    return dataclasses.replace(winner, history=merged(loser.history, winner.history))


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a.to_json() == b.to_json()
