"""The publish gate: whether an edition may be published, and if not, why.

Every build decides it for every document (:func:`assess`) from the document
(its segments' origins and review states), its findings and the project's
configuration, and says it everywhere: the exit status (1 when not
publishable), the summary line, ``output/NAME.report.json`` (``"publishable"``
and ``"reasons"``) and the outputs themselves (:attr:`Verdict.mark`: a
"DRAFT — not for publication" mark on every PDF page and at the top of the
HTML page and fragment; "Machine translated" where a reader sees it when the
project publishes machine translation).

Not publishable (one `Reason` each, with how to clear it; docs/review.md,
"The publish gate"):

* ``untranslated``: segments without English (pseudo text is no English);
* ``pseudo``: pseudo-translated segments;
* ``needs-review``: English reused from a changed sentence, awaiting review;
* ``machine``: machine drafts nobody reviewed, unless
  ``[build] allow_machine_translation = true``;
* ``checks``: a failed number or term check (`BLOCKING_CODES`);
* ``errors``: any other finding of severity ``error``;
* ``import``: findings of ``bipub import`` an editor has not marked handled;
* ``fonts``: characters no embedded font covers (``render.fonts-missing``).

Warnings that are advice (length ratio, an unused glossary term, a proposed
term) are never a reason; ``--strict`` makes every warning fail the build too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bipub.findings import Finding
from bipub.importer.handled import unhandled
from bipub.model import Document, Segment

#: warnings that mean a figure or an approved term is not what it must be
BLOCKING_CODES = frozenset({
    "qa.number-missing", "qa.number-extra", "qa.number-unread", "qa.term-missing", "qa.term-forbidden", "qa.chinese-left", "qa.empty",
    "mt.number-lost", "mt.term-lost",
})

#: the review states a summary counts, weakest last
REVIEW_STATES = ("approved", "reviewed", "needs-review", "draft", "untranslated")

DRAFT_MARK = "DRAFT — not for publication"
MACHINE_MARK = "Machine translated"


@dataclass(frozen=True)
class Reason:
    code: str  # untranslated, pseudo, needs-review, machine, checks, errors, import, fonts
    count: int
    message: str  # what blocks, and how to clear it

    def to_json(self) -> dict:
        return {"code": self.code, "count": self.count, "message": self.message}


@dataclass(frozen=True)
class Verdict:
    reasons: tuple[Reason, ...] = ()
    machine: int = 0  # machine-translated segments published as such (allowed by the project)
    states: dict = field(default_factory=dict)  # segments by review state (REVIEW_STATES)

    @property
    def publishable(self) -> bool:
        return not self.reasons

    @property
    def mark(self) -> str:
        """What the outputs say: ``"draft"``, ``"machine"`` (publishable machine translation) or ``""``."""
        return "draft" if self.reasons else ("machine" if self.machine else "")

    def to_json(self) -> dict:
        return {"publishable": self.publishable, "reasons": [r.to_json() for r in self.reasons],
                "machine_translated": self.machine, "states": self.states}


def review_state(seg: Segment) -> str:
    """The review state of a segment as a summary counts it (pseudo text is untranslated)."""
    if seg.target is None or seg.origin in ("untranslated", "pseudo"):
        return "untranslated"
    if seg.origin == "memory" and seg.state in REVIEW_STATES:
        return seg.state
    return "draft"  # a machine draft (engine or cache)


def count_states(doc: Document) -> dict[str, int]:
    counts = Counter({s: 0 for s in REVIEW_STATES})
    counts.update(review_state(s) for s in doc.segments())
    return dict(counts)


def blocking(f: Finding) -> bool:
    """A finding that keeps an edition from publication (an ``info`` note never does: e.g. an unread
    figure a person has checked, ``qa.number-unread`` on reviewed English)."""
    return f.severity == "error" or (f.code in BLOCKING_CODES and f.severity != "info")


def _n(count: int, what: str) -> str:
    return f"{count} {what}{'' if count == 1 else 's'}"


def assess(doc: Document, findings: list[Finding], *, allow_machine: bool = False,
           import_open: list[dict] | None = None) -> Verdict:
    """The verdict on ``doc`` given its ``findings`` and the unhandled findings of its import."""
    segs = list(doc.segments())
    pseudo = sum(1 for s in segs if s.origin == "pseudo")
    states = count_states(doc)
    machine = sum(1 for s in segs if s.target is not None and s.origin in ("mt", "cache"))
    reasons: list[Reason] = []

    def add(code: str, count: int, message: str) -> None:
        if count:
            reasons.append(Reason(code, count, message))

    add("untranslated", states["untranslated"] - pseudo,
        f"{_n(states['untranslated'] - pseudo, 'segment')} without English: build with an engine "
        "(`bipub models`) or give them English in a review file (`bipub review import`)")
    add("pseudo", pseudo, f"{_n(pseudo, 'segment')} pseudo-translated (not a translation): "
                          "build with a real engine or give them English")
    add("needs-review", states["needs-review"],
        f"{_n(states['needs-review'], 'segment')} of reused English awaiting review: "
        "`bipub review export --only needs-review`, review, `bipub review import`")
    if not allow_machine:
        add("machine", machine, f"{_n(machine, 'machine draft')} nobody reviewed: review them, or set "
                                "`[build] allow_machine_translation = true` to publish them marked machine translated")
    checks = [f for f in findings if f.code in BLOCKING_CODES and f.severity != "info"]
    add("checks", len(checks), f"{_n(len(checks), 'failed number or term check')} "
                               f"({', '.join(sorted({f.code for f in checks}))}): correct the English "
                               "(or the glossary) until the check passes")
    fonts = [f for f in findings if f.code == "render.fonts-missing"]
    add("fonts", len(fonts), "characters no embedded font covers: install the fonts the finding names")
    errors = [f for f in findings if f.severity == "error" and f.code not in BLOCKING_CODES
              and f.code != "render.fonts-missing"]
    add("errors", len(errors), f"{_n(len(errors), 'error')} ({', '.join(sorted({f.code for f in errors}))}): "
                               "see the findings")
    imp = import_open or []
    add("import", len(imp), f"{_n(len(imp), 'finding')} of `bipub import` not marked handled: check the source, "
                            "then `bipub import --handled CODE:LINE source/NAME.md`")
    return Verdict(tuple(reasons), machine if allow_machine else 0, states)


def import_open(source: Path) -> list[dict]:
    """The findings of ``source/NAME.import.json`` (beside ``source``) an editor has not marked handled."""
    path = source.with_suffix(".import.json")
    return unhandled(path) if path.is_file() else []


def assess_project(project, doc: Document, findings: list[Finding]) -> Verdict:
    """`assess` with the project's ``[build] allow_machine_translation`` and the document's import record."""
    return assess(doc, findings, allow_machine=project.config.build.allow_machine_translation,
                  import_open=import_open(project.root / doc.path))
