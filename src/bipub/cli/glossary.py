"""`bipub glossary check|stats|import|export`: the glossary in the project's glossary folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bipub.cli.common import exit_code, handle_errors, open_project, print_findings, project_option
from bipub.findings import count_by_severity
from bipub.formats import TERMBASES


@click.group()
def glossary() -> None:
    """Check, inspect and exchange the glossary in glossary/."""


def _glossary_sources(project: Path) -> list[Path]:
    """The sources a glossary is checked against; none (not an error) in a glossary-only project."""
    return open_project(project).sources()


def _folder(project: Path) -> Path | None:
    """``[project] glossary`` of bipub.toml; None in a folder without one (then ``glossary/``)."""
    opened = open_project(project, optional=True)
    return opened.glossary_dir if opened is not None else None


@glossary.command("check")
@project_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@handle_errors
def glossary_check(project: Path, strict: bool) -> None:
    """Validate glossary/*.tsv and its use in source/."""
    from bipub.terms import usage as glossary_commands

    findings = glossary_commands.check(project, sources=_glossary_sources(project), folder=_folder(project))
    print_findings(findings)
    c = count_by_severity(findings)
    click.echo(f"glossary: {c['error']} errors, {c['warning']} warnings")
    sys.exit(exit_code(findings, strict))


@glossary.command("stats")
@project_option
@click.option("--top", default=30, show_default=True, help="How many candidate n-grams (not yet in the glossary) to list.")
@handle_errors
def glossary_stats(project: Path, top: int) -> None:
    """Where and how often each term occurs; frequent n-grams not yet in the glossary."""
    from bipub.terms import usage as glossary_commands

    click.echo(glossary_commands.stats(project, sources=_glossary_sources(project), top=top,
                                        folder=_folder(project)))


@glossary.command("import")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace glossary/imported-NAME.tsv if it exists.")
@click.option("--merge", is_flag=True,
              help="Merge into the glossary: update the rows the file came from in place, add new ones.")
@click.option("--theirs", "take", flag_value="theirs", default=None, help="With --merge: on a conflict take the file's row.")
@click.option("--ours", "take", flag_value="ours", help="With --merge: on a conflict keep the glossary's row.")
@click.option("--dry-run", is_flag=True, help="With --merge: report what would change and write nothing.")
@handle_errors
def glossary_import(project: Path, file: Path, force: bool, merge: bool, take: str | None, dry_run: bool) -> None:
    """Import a TBX, CSV or XLSX termbase into glossary/imported-NAME.tsv (or --merge it into the glossary)."""
    from bipub.terms import termbase

    if merge or take or dry_run:
        from bipub.terms.merge import merge_file

        if not merge:
            raise click.UsageError("--theirs, --ours and --dry-run go with --merge")
        opened = open_project(project, optional=True)
        result = merge_file(project, file, take=take, dry_run=dry_run, folder=_folder(project),
                            memory_dir=opened.memory_dir if opened is not None else None)
        print_findings(result.findings)
        click.echo(f"glossary import: {result.same} unchanged, {result.updated} updated, {result.added} added, "
                   f"{result.conflicts} conflicts" + (" (dry run: nothing written)" if dry_run else "")
                   + "".join(f"\nwrote {p}" for p in result.written))
        sys.exit(exit_code(result.findings, False))

    path, findings = termbase.import_file(project, file, overwrite=force, folder=_folder(project))
    print_findings(findings)
    click.echo(f"wrote {path}")
    sys.exit(exit_code(findings, False))


@glossary.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice(list(TERMBASES.names())), required=True)
@click.option("-o", "out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--approved-only", is_flag=True,
              help="Approved terms only; forbidden renderings in the note (for tools that ignore TBX status).")
@handle_errors
def glossary_export(project: Path, fmt: str, out: Path | None, approved_only: bool) -> None:
    """Export the glossary as TBX (for CAT tools), CSV or XLSX [default: OUTPUT/glossary.FORMAT]."""
    from bipub.terms import termbase

    if out is None:  # [project] output; a glossary-only folder without bipub.toml: output/
        opened = open_project(project, optional=True)
        out = (opened.output_dir if opened is not None else project / "output") / f"glossary.{fmt}"
    click.echo(f"wrote {termbase.export(project, fmt, out, approved_only=approved_only, folder=_folder(project))}")
