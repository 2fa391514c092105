"""`bipub import`: raw scraped, OCR'd or legacy-encoded text → a clean Markdown source."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bipub.cli.common import exit_code, handle_errors, open_project, project_option


@click.command("import")
@project_option
@click.argument("raw", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown to write [default: the project's source folder/RAW-STEM.md, a dot in the stem as -].")
@click.option("--to-simplified", is_flag=True, help="Convert Traditional Chinese to Simplified (OpenCC).")
@click.option("--force", is_flag=True, help="Replace the Markdown (and its findings file) if it exists.")
@click.option("--pinyin", type=click.Choice(["flag", "remove"]), default="flag", show_default=True,
              help="Pinyin glosses after characters (經(jīng)): report them, or remove them too.")
@click.option("--handled", "handled", metavar="CODE[:LINE]|all", default=None,
              help="Do not import: mark findings of the source RAW (its NAME.import.json) handled by an editor.")
@handle_errors
def import_cmd(project: Path, raw: Path, out: Path | None, to_simplified: bool, force: bool, pinyin: str,
               handled: str | None) -> None:
    """Turn raw scraped/OCR'd/legacy-encoded text into clean Markdown, with findings.

    Never replaces an existing file without --force, and never writes into the
    memory or glossary folders, over bipub.toml, or (in a project) outside it."""
    from bipub.importer import handled as marks
    from bipub.importer import default_output, import_file

    if handled is not None:
        json_path = raw.with_suffix(".import.json")
        n = marks.mark(json_path, handled)
        left = len(marks.unhandled(json_path))
        click.echo(f"{json_path}: marked {n} finding{'s' if n != 1 else ''} handled; {left} error/warning findings left")
        return
    opened = open_project(project, optional=True)  # raw text may be imported before a project exists
    root = opened.root if opened is not None else None
    if opened is not None and out is None:
        out = opened.sources_dir / default_output(raw).name
    result = import_file(raw, out, to_simplified=to_simplified, force=force, pinyin=pinyin, root=root)
    for f in result.findings:
        click.echo(f.format())
    sys.exit(exit_code(result.findings, False))
