"""What every `bipub` command shares: ``-C PROJECT``, one-line errors, findings, exit codes.

Exit codes: 0 done; 1 done with errors (or warnings under --strict); 2 usage or
configuration error.  Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from bipub.config import CONFIG_NAME
from bipub.findings import BipubError, Finding, count_by_severity
from bipub.project import Project


def project_option(f):
    return click.option("-C", "project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                        show_default=True, help="Project directory (holds bipub.toml).")(f)


def handle_errors(f=None, *, refusal_code: int | None = None):
    """One line on stderr and the error's exit code instead of a traceback.

    ``refusal_code=2``: for commands whose only job is to take one input file
    (`models install --file`, `review import`), any error is that file refused.
    """

    def decorate(f):
        @functools.wraps(f)
        def wrapper(*a, **kw):
            try:
                return f(*a, **kw)
            except BipubError as e:
                click.echo(f"bipub: error: {e}", err=True)
                sys.exit(refusal_code or e.exit_code)

        return wrapper

    return decorate(f) if f is not None else decorate


def print_findings(findings: list[Finding], *, limit: int | None = None) -> None:
    shown = findings if limit is None else findings[:limit]
    for f in shown:
        click.echo(f.format(), err=True)
    if limit is not None and len(findings) > limit:
        click.echo(f"… and {len(findings) - limit} more (see the report)", err=True)


def exit_code(findings: list[Finding], strict: bool) -> int:
    c = count_by_severity(findings)
    return 1 if c["error"] or (strict and c["warning"]) else 0


def open_project(path: Path, *, optional: bool = False) -> Project | None:
    """``Project.open(path)``; with ``optional``, ``None`` for a folder without bipub.toml
    (a glossary-only folder, models installed before any project exists)."""
    if optional and not (Path(path) / CONFIG_NAME).is_file():
        return None
    return Project.open(path)
