"""Findings: problems in content, reported with a location, never raised.

Exceptions are only for what stops a run (`BipubError`); everything an editor
should look at is a `Finding` with a code such as ``qa.number-mismatch``.
"""

from __future__ import annotations

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

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}; use one of {SEVERITIES}")

    def format(self) -> str:
        """``file:line: severity code: message`` (the compiler convention editors' tools understand)."""
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.severity} {self.code}: {self.message}"

    def to_json(self) -> dict:
        return asdict(self)


class BipubError(Exception):
    """A problem that stops the command. The message is one line a user can act on."""

    exit_code = 1


class ConfigError(BipubError):
    """Bad configuration or usage: exit code 2."""

    exit_code = 2


class InputRefused(BipubError):
    """An input file bipub will not take (not text, malformed, wrong kind): exit code 2, nothing written."""

    exit_code = 2


def count_by_severity(findings) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITIES}
    for f in findings:
        counts[f.severity] += 1
    return counts
