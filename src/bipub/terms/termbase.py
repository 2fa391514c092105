"""``bipub glossary import`` and ``bipub glossary export``: termbases in and out.

Import reads a TBX or CSV termbase (``bipub.formats``) into
``glossary/imported-<stem>.tsv``; such files rank below the house files
(``bipub.terms.model.IMPORTED_PREFIX``).  Export writes the whole glossary as
TBX-Basic or CSV for CAT tools and spreadsheets.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import ConfigError, Finding, InputRefused
from bipub.formats import TERMBASES, termbase_for
from bipub.paths import shown
from bipub.terms.glossary import glossary_dir, load_project_glossary
from bipub.terms.model import Term
from bipub.terms.repair import damage_findings
from bipub.terms.tsv import decode_table, format_rows, read_rows
from bipub.text.normalize import fold

def read_termbase(path: Path, label: str) -> tuple[list[Term], list[Finding]]:
    """Terms from a termbase (``formats.TERMBASES``: TBX, CSV, XLSX) or a bipub TSV, by extension; repaired damage comes back as findings.

    Raises ``ConfigError`` for a missing file or an unknown extension, and
    ``InputRefused`` for a file that holds no terms to import: not well-formed
    XML, not TBX, not UTF-8, no header row, or no entry with both Chinese and English.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ConfigError(f"{label}: no such file")
    if suffix in (".tsv", ".txt"):  # a glossary file, or a sheet saved as tab-separated (Unicode) text
        try:
            text, encoding = decode_table(path.read_bytes())
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            raise InputRefused(f"{label}:{line}: neither UTF-8, UTF-16 nor GB18030; save it as UTF-8 and import again") from None
        terms, findings = read_rows(text, label)
        if encoding not in ("utf-8", "utf-16"):
            findings.append(Finding("glossary.encoding", "info", f"read as {encoding.upper()}", label, None))
    else:
        name = termbase_for(path)
        if name is None:
            known = ", ".join(e for n in TERMBASES.names() for e in TERMBASES.get(n).extensions)
            raise ConfigError(f"{label}: unknown termbase format {suffix!r}; use one of {known}, .tsv")
        try:
            terms, findings = TERMBASES.get(name).read(path, label)
        except InputRefused as exc:
            raise InputRefused(f"{exc}".removesuffix("; nothing imported") + "; nothing imported") from None
        except ValueError as exc:
            raise InputRefused(f"{exc}; nothing imported") from None
    if not terms:
        problems = [f for f in findings if f.severity in ("error", "warning")]
        why = f" (first problem: {problems[0].format()})" if problems else ""
        raise InputRefused(f"{label}: no term with both Chinese and English to import{why}; nothing imported")
    repaired = []
    for term in terms:
        fixed, found = damage_findings(term, term.file, term.line)
        findings += found
        repaired.append(fixed)
        cells = [c for c in (term.zh, term.en, *term.variants, *term.forbidden, term.note) if _FORMULA.match(c)]
        if cells:
            findings.append(Finding("glossary.formula-like", "warning",
                                    f"{cells[0][:40]!r} begins like a spreadsheet formula: a spreadsheet opening the "
                                    "glossary's TSV would run it (bipub's CSV and XLSX exports neutralise it)",
                                    term.file, term.line))
    return repaired, findings


_FORMULA = re.compile(r"[=+@]|-[^\d\s]")  # = + @, or - not starting a number ("-1%" is a figure)


def import_file(project: Path, path: Path, *, overwrite: bool = False,
                folder: Path | None = None) -> tuple[Path, list[Finding]]:
    """Import a TBX or CSV termbase as ``glossary/imported-<stem>.tsv``.

    * Terms already in the glossary with the same English are left out (info).
    * Mojibake (GBK read as Latin-1) and stray apostrophes are repaired; each
      repair is a warning finding and the term comes in as ``proposed``.
    * Entries without Chinese or English are skipped with a finding.
    * The file is written atomically.  An existing file is never replaced
      unless ``overwrite`` is true (it may hold an editor's changes): without it
      that is a ``ConfigError`` (exit 2) telling the user about ``--force``.
    * A file with nothing to import (not XML, not TBX, no entries, no header,
      not UTF-8) raises ``InputRefused`` (exit 2) and writes nothing.
    Returns the written path and the findings (the import's, then the loader's
    findings about the new file, such as conflicts with existing terms).
    """
    project = Path(project)
    path = Path(path)
    label = shown(path, project)
    folder = glossary_dir(project, folder)
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-") or "termbase"
    target = folder / f"imported-{stem}.tsv"
    shown_target = shown(target, project)
    if target.exists() and not overwrite:
        raise ConfigError(f"{shown_target} already exists and may hold an editor's changes; "
                          f"import again with --force to replace it (or rename it first to keep both)")
    terms, findings = read_termbase(path, label)
    existing, _ = load_project_glossary(project, folder)
    kept: list[Term] = []
    seen: dict[str, Term] = {}
    for term in terms:
        have = existing.lookup(term.zh)
        if have is not None and have.en == term.en and not (target.exists() and have.file == shown_target):
            findings.append(Finding("glossary.already-present", "info",
                                    f"{term.zh!r} → {term.en!r} is already in {have.where}; not imported",
                                    term.file, term.line))
            continue
        key = fold(term.zh)
        if key in seen:
            first = seen[key]
            if first.en == term.en:
                findings.append(Finding("glossary.duplicate-term", "info",
                                        f"{term.zh!r} → {term.en!r} repeats an earlier entry; not imported",
                                        term.file, term.line))
                continue
        seen.setdefault(key, term)
        kept.append(term)
    comment = f"imported from {path.name} by `bipub glossary import` on {date.today().isoformat()}: {len(kept)} terms"
    write_atomic(target, format_rows(kept, comment=comment))
    _, after = load_project_glossary(project, folder)
    findings += [f for f in after if f.file == shown_target]
    return target, findings


# ---------------------------------------------------------------- export


def export(project: Path, fmt: str, out: Path | None, *, approved_only: bool = False,
           folder: Path | None = None) -> Path:
    """Write the whole glossary in a `bipub.formats.TERMBASES` format: ``tbx`` (TBX-Basic, for CAT
    tools), ``csv`` or ``xlsx`` (spreadsheets).  ``approved_only``: approved terms only, forbidden
    renderings named in the note instead of written as (deprecated) terms, for tools that ignore the status.

    Default destination: ``output/glossary.FORMAT`` (the CLI passes ``[project] output``).
    """
    project = Path(project)
    if fmt not in TERMBASES:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(TERMBASES.names())}")
    glossary, _ = load_project_glossary(project, folder)
    if out is None:
        out = project / "output" / f"glossary.{fmt}"
    out = Path(out)
    write_atomic(out, TERMBASES.get(fmt).write(glossary.terms, source_desc=f"bipub glossary of {project.resolve().name}",
                                               approved_only=approved_only))
    return out
