"""`bipub review export|import`: exchange translations with CAT tools (XLIFF, TMX, PO, OmegaT).

`export` and `import_` start from a `Project` and call the memory and format
functions; the commands at the end only parse arguments and print.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bipub.cli.common import exit_code, handle_errors, open_project, print_findings, project_option
from bipub.findings import ConfigError, Finding, InputRefused
from bipub.formats import FORMATS
from bipub.memory.apply import apply_memory
from bipub.memory.qa_notes import qa_notes
from bipub.memory.review import ONLY, export_review, review_units
from bipub.memory.review_import import ImportResult, review_import as merge_review_file
from bipub.memory.store import Memory
from bipub.project import Project
from bipub.report import source_digest
from bipub.terms.annotate import annotate
from bipub.terms.glossary import load_glossary


def _documents(project: Project):
    from bipub.source.parse import parse_path  # Markdown parsing: only when a review command runs

    return [parse_path(src, display_path=project.show(src)).document for src in project.sources(required=True)]


def export(project: Project, fmt: str, out: Path | None, document: str | None,
           report: list[Finding] | None = None, only: str | None = None) -> list[Path]:
    """Write review files; ``only`` (a key of ``memory.review.ONLY``) exports just the work to do.

    Each unit carries the last build's findings about its segment as notes (`bipub.memory.qa_notes`).
    """
    report = report if report is not None else []
    docs = _documents(project)
    if document:
        docs = [d for d in docs if d.name == document]
        if not docs:
            raise ConfigError(f"no source document named {document!r} in {project.config.project.sources}/")
    glossary, _ = load_glossary(project.glossary_dir)
    prepared = [_prepare(project, doc, glossary, report) for doc in docs]
    fmt_class = FORMATS.get(fmt)
    if getattr(fmt_class, "folder", False):  # a CAT-tool project folder (OmegaT) holding every document
        keep = ONLY[only] if only else (lambda u: True)
        units = [(doc.path, doc.name, [u for u in review_units(doc, memory, glossary=glossary, qa=qa) if keep(u)])
                 for doc, memory, qa in prepared]
        return fmt_class.write(units, out or project.output_dir / f"{fmt}-review", terms=glossary.terms, pair=project.pair)
    if out is not None and len(docs) > 1:
        raise ConfigError("-o needs a single document: add --document NAME")
    ext = fmt_class.extensions[0]
    written = []
    for doc, memory, qa in prepared:
        path = out or project.output_dir / f"{doc.name}{ext}"
        written.append(export_review(doc, memory, fmt, path, glossary=glossary, report=report, qa=qa, only=only))
    return written


def _prepare(project: Project, doc, glossary, report: list[Finding]):
    """The document annotated (its terms go to the reviewer as notes) with the memory's English,
    its memory and the last build's notes per segment."""
    doc = annotate(doc, glossary, project.pair)
    memory = Memory.load(project.memory_path(doc.name))
    src = project.root / doc.path
    qa, found = qa_notes(project.output_dir, doc, src, memory, source_digest=source_digest(src, doc, project.root))
    report.extend(found)
    doc = apply_memory(doc, memory, threshold=project.config.memory.fuzzy_threshold)
    # machine drafts kept in the memory go out too, marked as drafts, so editors review them
    return doc.map_segments(lambda s: _with_draft(s, memory)), memory, qa


def _with_draft(seg, memory: Memory):
    import dataclasses

    if seg.target is not None:
        return seg
    hit = memory.lookup(seg.key, seg.source, threshold=1.0)
    if hit and hit.kind == "exact":
        return dataclasses.replace(seg, target=hit.unit.target, origin="mt", state=hit.unit.state)
    return seg


def import_(project: Project, file: Path, **options) -> ImportResult:
    """Merge a review file or an OmegaT project folder; ``options``: ``dry_run``, ``reviewer``,
    ``accept_approved``, ``trust_file_dates`` (see `bipub.memory.review_import`)."""
    docs = _documents(project)
    folder = project.config.project.translations
    folder_format = next((f for _, f in FORMATS.items() if getattr(f, "folder", False) and f.is_project(file)), None)
    if folder_format is None and Path(file).is_dir():
        raise InputRefused(f"{file}: a folder, but not a review project (an OmegaT project folder holds omegat.project)")
    if folder_format is None:
        return merge_review_file(file, project.root, docs, folder=folder, **options)
    files, findings = folder_format.read(file, str(file))
    total = ImportResult({"updated": 0, "unchanged": 0, "orphaned": 0}, findings, dry_run=options.get("dry_run", False))
    for rf in files:
        one = merge_review_file(file, project.root, docs, folder=folder, review_file=rf, **options)
        for k, v in one.counts.items():
            total.counts[k] = total.counts.get(k, 0) + v
        total.findings += one.findings
        total.changes += one.changes
    return total


# ------------------------------------------------------------------ commands

@click.group()
def review() -> None:
    """Exchange translations with CAT tools (XLIFF, TMX, PO, OmegaT)."""


@review.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice(list(FORMATS.names())), default="xliff", show_default=True)
@click.option("-o", "out", type=click.Path(path_type=Path), default=None,
              help="File to write [default: output/NAME.FORMAT]; for omegat a new folder [default: output/omegat-review].")
@click.option("--document", "document", default=None, help="Source document NAME (default: every document).")
@click.option("--only", type=click.Choice(list(ONLY)), default=None,
              help="Just the work to do: units flagged needs-review; those or units the last build found a "
                   "problem in; every unit not reviewed or approved.")
@handle_errors
def review_export(project: Path, fmt: str, out: Path | None, document: str | None, only: str | None) -> None:
    """Write the segments with their English, state, build findings and glossary notes for review."""
    report: list[Finding] = []
    for path in export(open_project(project), fmt, out, document, report=report, only=only):
        click.echo(f"wrote {path}")
    print_findings(report)


@review.command("import")
@project_option
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would change and write nothing.")
@click.option("--reviewer", default=None, help="Who reviewed the file (default: the file's translator, if it says).")
@click.option("--accept-approved", is_flag=True, help="Let the file change units that are approved.")
@click.option("--trust-file-dates", is_flag=True,
              help="Let a file without bipub's export record (re-written by another tool) replace reviewed "
                   "English when its own date is later (never a date in the future).")
@handle_errors(refusal_code=2)
def review_import(project: Path, file: Path, dry_run: bool, reviewer: str | None, accept_approved: bool,
                  trust_file_dates: bool) -> None:
    """Merge an edited XLIFF/TMX/PO file or OmegaT project folder into translations/.

    A three-way merge: what the reviewer changed is applied; a unit changed in the memory since the
    export is a conflict, reported with both versions and not applied (docs/review.md).
    """
    result = import_(open_project(project), file, dry_run=dry_run, reviewer=reviewer, accept_approved=accept_approved,
                     trust_file_dates=trust_file_dates)
    for change in result.changes:
        click.echo(change.format())
    print_findings(result.findings)
    summary = ", ".join(f"{k} {v}" for k, v in result.counts.items())
    click.echo(f"dry run, nothing written: would have {summary}" if dry_run else summary)
    held_back = sum(result.counts.get(k, 0) for k in ("conflicts", "approved kept", "edits not applied"))
    sys.exit(max(exit_code(result.findings, False), 1 if held_back else 0))  # 1: some of the file was not applied
