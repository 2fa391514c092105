"""Collecting findings while importing: one place that knows the raw file name."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from bipub.findings import Finding


@dataclass
class Report:
    """Findings for one raw file, in the order they were made (sorted at the end)."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    #: text taken out of the input, with its raw line: the number check counts its figures as listed
    removed: list[tuple[int | None, str]] = field(default_factory=list)
    #: raw lines of removed page numbers: a page break, where a sentence may run on
    page_breaks: list[int] = field(default_factory=list)

    def page_break_between(self, a: int, b: int) -> bool:
        k = bisect.bisect_right(self.page_breaks, a)
        return k < len(self.page_breaks) and self.page_breaks[k] < b

    def remove(self, line: int | None, text: str) -> None:
        """Record text the import leaves out (its finding is made by the caller)."""
        self.removed.append((line, text))

    #: where a person finds raw lines, when line numbers alone do not say it (a PDF:
    #: ``[12] → "page 3, line 12"``, ``[4, 5, 30] → "page 1, lines 4, 5; page 2, line 3"``);
    #: the finding's message then ends with it
    where: Callable[[list[int]], str] | None = None

    def add(self, code: str, severity: str, message: str, line: int | None, *, placed: bool = False) -> None:
        if self.where is not None and line is not None and not placed:
            message = f"{message} ({self.where([line])})"
        self.findings.append(Finding(f"import.{code}", severity, message, self.name, line))

    def add_lines(self, code: str, severity: str, what: str, lines: list[int]) -> None:
        """One finding for a repair made on many lines: ``removed trailing spaces on 3 lines (4, 9, 12)``
        (in a PDF: ``(page 1, lines 4, 9; page 2, line 1)``)."""
        if not lines:
            return
        shown = self.where(lines[:8]) if self.where else ", ".join(map(str, lines[:8]))
        shown += f", … ({len(lines) - 8} more)" if len(lines) > 8 else ""
        n = len(lines)
        self.add(code, severity, f"{what} on {n} line{'s' if n > 1 else ''} ({shown})", lines[0], placed=True)

    def sorted(self) -> list[Finding]:
        """By raw line (file-level findings without a line first), keeping the order of equal lines."""
        return sorted(self.findings, key=lambda f: f.line or 0)
