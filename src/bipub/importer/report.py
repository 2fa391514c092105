"""Collecting findings while importing: one place that knows the raw file name."""

from __future__ import annotations

from dataclasses import dataclass, field

from bipub.findings import Finding


@dataclass
class Report:
    """Findings for one raw file, in the order they were made (sorted at the end)."""

    name: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, severity: str, message: str, line: int | None) -> None:
        self.findings.append(Finding(f"import.{code}", severity, message, self.name, line))

    def add_lines(self, code: str, severity: str, what: str, lines: list[int]) -> None:
        """One finding for a repair made on many lines: ``removed trailing spaces on 3 lines (4, 9, 12)``."""
        if not lines:
            return
        shown = ", ".join(map(str, lines[:8])) + (f", … ({len(lines) - 8} more)" if len(lines) > 8 else "")
        n = len(lines)
        self.add(code, severity, f"{what} on {n} line{'s' if n > 1 else ''} ({shown})", lines[0])

    def sorted(self) -> list[Finding]:
        """By raw line (file-level findings without a line first), keeping the order of equal lines."""
        return sorted(self.findings, key=lambda f: f.line or 0)
