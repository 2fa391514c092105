"""The `bipub` command line: parse arguments, call one function, print, choose the exit code.

Exit codes: 0 done; 1 done with errors (or warnings under --strict); 2 usage or
configuration error.  Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from bipub import __version__
from bipub.findings import BipubError, Finding, InputRefused, count_by_severity
from bipub.formats import FORMATS
from bipub.project import Project
from bipub.render import HANT_CONFIGS, VARIANTS, WRITERS
from bipub.translate.engines import engine_choices


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bipub")
def main() -> None:
    """bipub: offline Chinese → English bilingual publishing."""


# ------------------------------------------------------------------ build

@main.command()
@project_option
@click.option("--engine", type=click.Choice(engine_choices()), default=None,
              help="Where English comes from when the memory has none [default: bipub.toml, else auto].")
@click.option("--variant", type=click.Choice(VARIANTS), default=None,
              help="Chinese script of the Chinese column.")
@click.option("--hant-config", type=click.Choice(HANT_CONFIGS), default=None,
              help="OpenCC conversion for zh-Hant: characters only (s2tw, default), or with Taiwan (s2twp) "
                   "or Hong Kong (s2hk) vocabulary.")
@click.option("--tagged-pdf", is_flag=True, default=None, help="Write a tagged, accessible PDF (PDF/UA).")
@click.option("--format", "formats", default=None, metavar=",".join(WRITERS.names()),
              help="Outputs to write, comma-separated.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@handle_errors
def build(project: Path, engine, variant, hant_config, tagged_pdf, formats, strict) -> None:
    """Build every source/*.md into output/: PDF, HTML page, HTML fragment, report."""
    from bipub.pipeline import build as run_build

    fmt_list = None
    known = ", ".join(WRITERS.names())
    if formats:
        fmt_list = [f.strip() for f in formats.split(",") if f.strip()]
        bad = [f for f in fmt_list if f not in WRITERS]
        if bad:
            raise click.BadParameter(f"unknown format {bad[0]!r} (use {known})", param_hint="--format")
    if formats is not None and not fmt_list:
        raise click.BadParameter(f"name at least one format ({known})", param_hint="--format")
    result = run_build(Project.open(project).with_build(engine=engine, variant=variant, hant_config=hant_config,
                                                        tagged_pdf=tagged_pdf, formats=fmt_list))
    findings = result.all_findings()
    print_findings([f for f in findings if f.severity in ("error", "warning")], limit=40)
    for d in result.documents:
        counts = ", ".join(f"{k} {v}" for k, v in d.counts.items())
        click.echo(f"{d.source}: {counts}; model calls {d.model_calls}, cache hits {d.cache_hits} ({d.seconds:.1f} s)")
        if d.import_findings:
            click.echo(f"  {len(d.import_findings)} findings from `bipub import` are in the report (import_findings)")
        for out in d.outputs:
            click.echo(f"  wrote {out}")
    c = count_by_severity(findings)
    click.echo("segments: " + ", ".join(f"{k} {v}" for k, v in result.counts().items())
               + f" | findings: {c['error']} errors, {c['warning']} warnings")
    sys.exit(exit_code(findings, strict))


# ------------------------------------------------------------------ import

@main.command("import")
@click.argument("raw", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown to write [default: source/RAW-STEM.md].")
@click.option("--to-simplified", is_flag=True, help="Convert Traditional Chinese to Simplified (OpenCC).")
@handle_errors
def import_cmd(raw: Path, out: Path | None, to_simplified: bool) -> None:
    """Turn raw scraped/OCR'd/legacy-encoded text into clean Markdown, with findings."""
    from bipub.importer import import_file

    result = import_file(raw, out, to_simplified=to_simplified)
    for f in result.findings:
        click.echo(f.format())
    sys.exit(exit_code(result.findings, False))


# ------------------------------------------------------------------ glossary

@main.group()
def glossary() -> None:
    """Check, inspect and exchange the glossary in glossary/."""


def _glossary_sources(project: Path) -> list[Path]:
    """The sources a glossary is checked against; none (not an error) in a glossary-only project."""
    return Project.open(project).sources()


@glossary.command("check")
@project_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@handle_errors
def glossary_check(project: Path, strict: bool) -> None:
    """Validate glossary/*.tsv and its use in source/."""
    from bipub.terms import usage as glossary_commands

    findings = glossary_commands.check(project, sources=_glossary_sources(project))
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

    click.echo(glossary_commands.stats(project, sources=_glossary_sources(project), top=top))


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
        result = merge_file(project, file, take=take, dry_run=dry_run)
        print_findings(result.findings)
        click.echo(f"glossary import: {result.same} unchanged, {result.updated} updated, {result.added} added, "
                   f"{result.conflicts} conflicts" + (" (dry run: nothing written)" if dry_run else "")
                   + "".join(f"\nwrote {p}" for p in result.written))
        sys.exit(exit_code(result.findings, False))

    path, findings = termbase.import_file(project, file, overwrite=force)
    print_findings(findings)
    click.echo(f"wrote {path}")
    sys.exit(exit_code(findings, False))


@glossary.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), required=True)
@click.option("-o", "out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@handle_errors
def glossary_export(project: Path, fmt: str, out: Path | None) -> None:
    """Export the glossary as TBX (for CAT tools) or CSV [default: OUTPUT/glossary.FORMAT]."""
    from bipub.config import CONFIG_NAME
    from bipub.terms import termbase

    if out is None:  # [project] output; a glossary-only folder without bipub.toml: output/
        folder = Project.open(project).output_dir if (project / CONFIG_NAME).is_file() else project / "output"
        out = folder / f"glossary.{fmt}"
    click.echo(f"wrote {termbase.export(project, fmt, out)}")


# ------------------------------------------------------------------ models

@main.group()
def models() -> None:
    """List and install Argos Translate packages (zh→en)."""


def _packages_dir(project: Path) -> Path:
    from bipub.config import CONFIG_NAME
    from bipub.translate.packages import packages_dir

    configured = None
    if (project / CONFIG_NAME).is_file():
        configured = Project.open(project).config.engine("argos").packages_dir or None
    return packages_dir(configured, project)


@models.command("list")
@project_option
@handle_errors
def models_list(project: Path) -> None:
    """Show installed translation packages."""
    from bipub.translate.packages import list_packages

    directory = _packages_dir(project)
    pkgs = list_packages(directory)
    if not pkgs:
        click.echo(f"no packages installed in {directory}")
    for p in pkgs:
        click.echo(f"{p.name}\t{p.version}\t{p.from_code}→{p.to_code}\t{p.size_bytes / 1e6:.1f} MB\t{p.path}")


@models.command("install")
@project_option
@click.argument("name", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Install a downloaded .argosmodel file (offline).")
@handle_errors
def models_install(project: Path, name: str | None, file: Path | None) -> None:
    """Install NAME from the Argos index, or a package file with --file."""
    from bipub.translate.packages import install_file, install_from_index

    if bool(name) == bool(file):
        raise click.UsageError("give either a package NAME or --file PATH")
    directory = _packages_dir(project)
    if file:
        try:
            info = install_file(file, directory)
        except BipubError as e:  # the package file is refused: exit 2, installed packages untouched
            raise InputRefused(str(e)) from e
    else:
        info = install_from_index(name, directory)
    click.echo(f"installed {info.name} {info.version} ({info.from_code}→{info.to_code}) in {info.path}")


# ------------------------------------------------------------------ review

@main.group()
def review() -> None:
    """Exchange translations with CAT tools (XLIFF, TMX, PO)."""


@review.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice([*FORMATS.names(), "omegat"]), default="xliff", show_default=True)
@click.option("-o", "out", type=click.Path(path_type=Path), default=None,
              help="File to write [default: output/NAME.FORMAT]; for omegat a new folder [default: output/omegat-review].")
@click.option("--document", "document", default=None, help="Source document NAME (default: every document).")
@handle_errors
def review_export(project: Path, fmt: str, out: Path | None, document: str | None) -> None:
    """Write the segments with their English, state and glossary notes for review."""
    from bipub.cli.review import export

    report: list[Finding] = []
    for path in export(Project.open(project), fmt, out, document, report=report):
        click.echo(f"wrote {path}")
    print_findings(report)


@review.command("import")
@project_option
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@handle_errors(refusal_code=2)
def review_import(project: Path, file: Path) -> None:
    """Read an edited XLIFF/TMX/PO file or OmegaT project folder back into translations/."""
    from bipub.cli.review import import_

    counts, findings = import_(Project.open(project), file)
    print_findings(findings)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
    sys.exit(exit_code(findings, False))


if __name__ == "__main__":
    main()
