"""`bipub review export|import`: exchange translations with CAT tools (XLIFF, TMX, PO, OmegaT).

`export` and `import_` start from a `Project` and call the memory and format
functions; the commands at the end only parse arguments and print.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bipub.cli.common import exit_code, handle_errors, open_project, print_findings, project_option
from bipub.findings import ConfigError, Finding
from bipub.formats import FORMATS
from bipub.memory.apply import apply_memory
from bipub.memory.review import export_review, import_review, review_units
from bipub.memory.store import Memory
from bipub.project import Project
from bipub.source.parse import parse_path
from bipub.terms.glossary import load_glossary


def _documents(project: Project):
    return [parse_path(src, display_path=project.show(src)).document for src in project.sources(required=True)]


def export(project: Project, fmt: str, out: Path | None, document: str | None,
           report: list[Finding] | None = None) -> list[Path]:
    docs = _documents(project)
    if document:
        docs = [d for d in docs if d.name == document]
        if not docs:
            raise ConfigError(f"no source document named {document!r} in {project.config.project.sources}/")
    glossary, _ = load_glossary(project.glossary_dir)
    prepared = [_prepare(project, doc) for doc in docs]
    if fmt == "omegat":  # one OmegaT project folder for every document
        from bipub.formats.omegat import write_project

        units = [(doc.path, doc.name, review_units(doc, memory, glossary=glossary)) for doc, memory in prepared]
        return write_project(units, out or project.output_dir / "omegat-review", terms=glossary.terms)
    if out is not None and len(docs) > 1:
        raise ConfigError("-o needs a single document: add --document NAME")
    ext = FORMATS.get(fmt).extensions[0]
    written = []
    for doc, memory in prepared:
        path = out or project.output_dir / f"{doc.name}{ext}"
        written.append(export_review(doc, memory, fmt, path, glossary=glossary, report=report))
    return written


def _prepare(project: Project, doc):
    """The document with the memory's English applied, and its memory."""
    memory = Memory.load(project.memory_path(doc.name))
    doc = apply_memory(doc, memory, threshold=project.config.memory.fuzzy_threshold)
    # machine drafts kept in the memory go out too, marked as drafts, so editors review them
    return doc.map_segments(lambda s: _with_draft(s, memory)), memory


def _with_draft(seg, memory: Memory):
    import dataclasses

    if seg.target is not None:
        return seg
    hit = memory.lookup(seg.key, seg.source, threshold=1.0)
    if hit and hit.kind == "exact":
        return dataclasses.replace(seg, target=hit.unit.target, origin="mt", state=hit.unit.state)
    return seg


def import_(project: Project, file: Path) -> tuple[dict[str, int], list[Finding]]:
    docs = _documents(project)
    folder = project.config.project.translations
    from bipub.formats import omegat

    if not omegat.is_project(file):
        return import_review(file, project.root, docs, folder=folder)
    files, findings = omegat.read_project(file, str(file))
    counts = {"updated": 0, "unchanged": 0, "orphaned": 0}
    for rf in files:
        c, f = import_review(file, project.root, docs, folder=folder, review_file=rf)
        counts = {k: counts[k] + c[k] for k in counts}
        findings += f
    return counts, findings


# ------------------------------------------------------------------ commands

@click.group()
def review() -> None:
    """Exchange translations with CAT tools (XLIFF, TMX, PO, OmegaT)."""


@review.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice([*FORMATS.names(), "omegat"]), default="xliff", show_default=True)
@click.option("-o", "out", type=click.Path(path_type=Path), default=None,
              help="File to write [default: output/NAME.FORMAT]; for omegat a new folder [default: output/omegat-review].")
@click.option("--document", "document", default=None, help="Source document NAME (default: every document).")
@handle_errors
def review_export(project: Path, fmt: str, out: Path | None, document: str | None) -> None:
    """Write the segments with their English, state and glossary notes for review."""
    report: list[Finding] = []
    for path in export(open_project(project), fmt, out, document, report=report):
        click.echo(f"wrote {path}")
    print_findings(report)


@review.command("import")
@project_option
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@handle_errors(refusal_code=2)
def review_import(project: Path, file: Path) -> None:
    """Read an edited XLIFF/TMX/PO file or OmegaT project folder back into translations/."""
    counts, findings = import_(open_project(project), file)
    print_findings(findings)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
    sys.exit(exit_code(findings, False))
