"""Findings: problems in content, reported with a location, never raised.

Exceptions are only for what stops a run (`BipubError`); everything an editor
should look at is a `Finding` with a code such as ``qa.number-mismatch``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

#: Severities, most serious first.  ``repaired`` is what the importer fixed.
SEVERITIES = ("error", "warning", "repaired", "info")


@dataclass(frozen=True)
class Finding:
    code: str  # dotted: "<stage>.<kind>", e.g. "import.broken-word"
    severity: str  # one of SEVERITIES
    message: str
    file: str | None = None  # path as the user would type it (relative to the project)
    line: int | None = None  # 1-based
    segment: str | None = None  # segment id (``s2-b3-1``) when the finding is about one segment

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}; use one of {SEVERITIES}")

    def format(self) -> str:
        """``file:line: severity code: [segment: ]message`` (the compiler convention editors' tools understand)."""
        seg = f"{self.segment}: " if self.segment else ""
        return f"{where(self.file, self.line)}{self.severity} {self.code}: {seg}{self.message}"

    def to_json(self) -> dict:
        """The finding as a JSON object; ``segment`` only when there is one."""
        out = asdict(self)
        if self.segment is None:
            del out["segment"]
        return out


def where(file: str | None, line: int | None) -> str:
    """``file:line: ``, ``file: `` or nothing: how a location prefixes a message."""
    if not file:
        return ""
    return f"{file}:{line}: " if line else f"{file}: "


class BipubError(Exception):
    """A problem that stops the command. The message is one line a user can act on.

    ``file`` and ``line``, when given, say where the problem is; ``str(error)``
    shows them in front of the message (``source/a.md:3: …``) and a build turns
    them into the fields of a `Finding`, never by reading the message.
    """

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.file, self.line = message, file, line

    def __str__(self) -> str:
        return where(self.file, self.line) + self.message

    def finding(self, code: str, *, file: str | None = None) -> Finding:
        """This error as an ``error`` finding; ``file`` stands in when the error names none."""
        return Finding(code, "error", self.message, self.file or file, self.line)


class ConfigError(BipubError):
    """Bad configuration or usage: exit code 2."""

    exit_code = 2


class InputRefused(BipubError):
    """An input file bipub will not take (not text, malformed, wrong kind): exit code 2, nothing written."""

    exit_code = 2


class Reporter:
    """Where the stages of one document's build report: findings located in ``file``, and counters.

    ``add`` takes the segment a finding is about (anything with ``id`` and
    ``line``), so its id and line become fields of the finding.
    """

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self.counts: Counter[str] = Counter()  # e.g. model_calls, cache_hits

    def add(self, code: str, severity: str, message: str, segment=None, *, line: int | None = None,
            file: str | None = None) -> Finding:
        f = Finding(code, severity, message, file or self.file,
                    line if line is not None else getattr(segment, "line", None),
                    getattr(segment, "id", None))
        self.findings.append(f)
        return f

    def extend(self, findings) -> None:
        self.findings.extend(findings)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] += n


def count_by_severity(findings) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITIES}
    for f in findings:
        counts[f.severity] += 1
    return counts
