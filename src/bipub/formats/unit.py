"""The one translation-unit type behind every exchange format (translate-toolkit style).

A reader turns a file into a `TranslationFile` of `TranslationUnit`; a writer
turns units back into bytes.  Nothing here knows about the memory or the
pipeline: the memory's review import maps units onto memory units.

States are bipub's (`bipub.model.STATES`): ``draft``, ``needs-review``,
``reviewed``, ``approved``, or ``None`` when the file does not say.  What the
file said is kept raw in ``flags`` so the three-way merge can tell "the tool
never touched the state" from "the editor confirmed it":

======================  ================================================================
format                  raw flags
======================  ================================================================
XLIFF 1.2               ``state=<value>``, ``state-qualifier=<value>``, ``approved=<yes|no>``
XLIFF 2.x               ``state=<value>``, ``subState=<value>``
TMX                     ``x-bipub-state=<value>`` (TMX has no native review state)
PO                      each ``#,`` flag as written (``fuzzy``, ``c-format``, …)
======================  ================================================================

``origin_target`` is the target as bipub exported it (written into the file
as a ``bipub-base`` note/prop/comment that CAT tools keep), so an import can
tell what the editor changed from what was already there; ``""`` means the
unit went out untranslated, ``None`` that the file does not say.  Its emphasis
is written beside it (``origin_marks``: ``["…", [["b", 16, 45]]]``; a plain
string, as earlier releases wrote, is a target without emphasis).

Emphasis: ``source_marks`` and ``target_marks`` are the bold and italic of
each side, written and read as each format's paired inline codes
(`bipub.formats.inline`); the text fields stay plain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bipub.formats.inline import MAX_CODES, emphasis
from bipub.model import EMPHASIS, STATES, Mark
from bipub.pair import ZH_EN


#: the pair when a caller gives none: zh→en, the only shipped pair
DEFAULT_PAIR = ZH_EN


def tags(pair=None) -> tuple[str, str]:
    """(source tag, target tag) written into files (``source-language``, ``srclang``, ``Language``): BCP 47."""
    pair = pair or DEFAULT_PAIR
    return pair.source_tag, pair.target_tag


@dataclass(frozen=True)
class TranslationUnit:
    """One unit of an exchange file, the same for every format."""

    id: str  # segment id (XLIFF trans-unit id, TMX tuid, PO msgctxt)
    key: str | None  # segment key as written by bipub; None in files from other tools
    source: str  # source text (Chinese)
    target: str | None  # target text; None when the file has none (or an empty one)
    state: str | None = None  # one of STATES, or None: the file does not say
    notes: tuple[str, ...] = ()  # notes for the reviewer (bipub's own bipub-base note excluded)
    line: int | None = None  # line of the unit in the file (reading)
    location: str | None = None  # "source/NAME.md:12"
    by: str | None = None  # who or what wrote the target (memory on export; the file's author on import)
    at: str | None = None  # when, UTC ISO 8601 ("2026-11-28T21:00:00Z")
    flags: frozenset[str] = frozenset()  # raw state flags as the file wrote them (see the module doc)
    origin_target: str | None = None  # the target as bipub exported it; None when unknown
    # inline codes (bipub.formats.inline): the emphasis (model.Mark, kinds b and i) of each side
    source_marks: tuple = ()
    target_marks: tuple | None = None  # None: the target carries no code (the file does not say)
    origin_marks: tuple | None = None  # the target's emphasis as bipub exported it; None when unknown
    problems: tuple[str, ...] = ()  # codes that did not pair, were invented or are missing (reading)

    def __post_init__(self) -> None:
        if self.state is not None and self.state not in STATES:
            raise ValueError(f"unknown state {self.state!r}; use one of {STATES}")


@dataclass
class TranslationFile:
    """What a reader returns: the units and what the file says about itself."""

    units: list[TranslationUnit] = field(default_factory=list)
    document: str | None = None  # source path the file was exported from, if it says
    source_lang: str | None = None
    target_lang: str | None = None
    tool: str | None = None  # the tool that wrote (or last saved) it, if it says
    exported_at: str | None = None  # when bipub exported it, if it says


# ------------------------------------------------------------------ the base record
BASE = "bipub-base"


def base_text(target: str | None, marks=()) -> str:
    """How ``origin_target`` is written into a file: a JSON string (``""`` for an untranslated unit);
    with emphasis, a JSON list of the string and its marks, ``["…", [["b", 16, 45]]]`` (so English
    holding ``<b>`` as words reads back exactly)."""
    if marks:
        return json.dumps([target or "", [[m.kind, m.start, m.end] for m in emphasis(marks)]], ensure_ascii=False)
    return json.dumps(target or "", ensure_ascii=False)


def read_base_marked(text: str | None) -> tuple[str | None, tuple | None]:
    """(``origin_target``, ``origin_marks``) from a written base record; (None, None) when it is missing
    or not ours."""
    if text is None:
        return None, None
    try:
        value = json.loads(text.strip())
    except ValueError:
        return None, None
    if isinstance(value, str):
        return value, ()
    if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], list)
            and len(value[1]) <= MAX_CODES):
        marks = []
        for m in value[1]:
            if not (isinstance(m, list) and len(m) == 3 and m[0] in EMPHASIS
                    and all(isinstance(v, int) and not isinstance(v, bool) for v in m[1:])
                    and 0 <= m[1] < m[2] <= len(value[0])):
                return None, None
            marks.append(Mark(m[1], m[2], m[0]))
        return value[0], tuple(marks)
    return None, None


def iso_utc(stamp: str | None) -> str | None:
    """``20261128T210000Z`` (TMX), ``2026-11-28 21:00+0800`` (PO) or ISO 8601 → ``2026-11-28T13:00:00Z``; None if unreadable."""
    from datetime import datetime, timezone

    if not stamp:
        return None
    s = stamp.strip()
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y-%m-%d %H:%M%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%SZ",
                "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z"):
        try:
            dt = datetime.strptime(s, fmt)
        except ValueError:
            continue
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None
