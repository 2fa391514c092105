"""``bipub glossary check|stats|import|export``: plain functions the CLI calls.

Each returns text and/or findings; none prints.  Paths in findings are relative
to the project (``glossary/names.tsv:12``, ``source/hunan-2021.md:40``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import BipubError, ConfigError, Finding
from bipub.formats import glossary_csv, tbx
from bipub.glossary import (
    Glossary, Term, TermMatch, damage_findings, fold_fast, format_rows, load_glossary,
)

# ---------------------------------------------------------------- helpers


def glossary_dir(project: Path) -> Path:
    """The project's glossary folder: ``[project] glossary`` in bipub.toml, else ``glossary/``."""
    project = Path(project)
    if (project / "bipub.toml").is_file():
        from bipub.config import load_config

        return load_config(project).path("glossary")
    return project / "glossary"


def _rel(project: Path, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(project).resolve()).as_posix()
    except ValueError:
        return str(path)


def load_project_glossary(project: Path) -> tuple[Glossary, list[Finding]]:
    """``load_glossary`` on the project's folder, findings named relative to the project."""
    folder = glossary_dir(project)
    return load_glossary(folder, label=_rel(project, folder))


class _Lines:
    """Offset → 1-based line number."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _scan(project: Path, glossary: Glossary, sources: list[Path]):
    """Per source: (shown name, text, matches, line-of-offset)."""
    for src in sources:
        text = Path(src).read_text(encoding="utf-8")
        yield _rel(project, src), text, glossary.match(text), _Lines(text)


# ---------------------------------------------------------------- check


def check(project: Path, *, sources: list[Path]) -> list[Finding]:
    """Everything ``load_glossary`` finds, plus the glossary's use in ``sources``:

    * ``glossary.proposed-term-used`` (warning): a term still ``proposed`` occurs
      in a source (reported once per term and file, at its first line);
    * ``glossary.unused-term`` (warning): a term occurs in none of the sources
      (not checked when there are no sources).
    """
    glossary, findings = load_project_glossary(project)
    used: set[str] = set()  # folded Chinese of the terms found
    for shown, _text, matches, line_of in _scan(project, glossary, sources):
        first: dict[Term, TermMatch] = {}
        count: Counter = Counter()
        for m in matches:
            used.add(fold_fast(m.term.zh))
            count[m.term] += 1
            first.setdefault(m.term, m)
        for term, m in first.items():
            if term.status == "proposed":
                n = count[term]
                findings.append(Finding(
                    "glossary.proposed-term-used", "warning",
                    f"proposed term {term.zh!r} → {term.en!r} ({term.where}) is used"
                    + (f" (as {m.surface!r})" if m.surface != term.zh else "")
                    + (f", {n} times in this file" if n > 1 else "") + "; approve it or change the text",
                    shown, line_of(m.start)))
    if sources:
        for term in glossary.terms:
            if fold_fast(term.zh) not in used:
                findings.append(Finding(
                    "glossary.unused-term", "warning",
                    f"{term.zh!r} ({term.en}) occurs in no source", term.file, term.line))
    return findings


# ---------------------------------------------------------------- stats

# characters that begin or end no term: particles, conjunctions, common verbs of linking
_EDGE_STOP = set("的了和与及在是为对也都而并把被将从向以于其之这那个着等让使由已更又还就不有到上中下年月日")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def candidate_ngrams(texts: list[str], glossary: Glossary, *, top: int = 30, min_count: int = 2,
                     min_len: int = 3, max_len: int = 10) -> list[tuple[str, int]]:
    """Frequent Chinese n-grams that no glossary term covers: candidates for editors.

    * Text inside a glossary match is masked first, so known terms never come back.
    * An n-gram must not begin or end with a function character (的, 和, 在 ...).
    * An n-gram that is mostly part of one longer n-gram (75% of its occurrences
      or more) gives way to the longer one (``生态环`` → ``生态环境``).
    * Of overlapping windows over one long phrase only the first-ranked is kept.
    Ranked by count, then length.
    """
    counts: Counter = Counter()
    for text in texts:
        chars = list(fold_fast(text))
        for m in glossary.match(text):
            chars[m.start : m.end] = " " * (m.end - m.start)
        for run in _CJK_RUN.findall("".join(chars)):
            for n in range(min_len, max_len + 2):  # one longer than kept, to see extensions
                for i in range(len(run) - n + 1):
                    counts[run[i : i + n]] += 1
    extension: Counter = Counter()  # n-gram → count of its most frequent one-character extension
    for g, c in counts.items():
        if len(g) > min_len:
            for part in (g[:-1], g[1:]):
                if c > extension[part]:
                    extension[part] = c
    ranked = sorted(
        (g for g, c in counts.items()
         if c >= min_count and len(g) <= max_len
         and g[0] not in _EDGE_STOP and g[-1] not in _EDGE_STOP
         and extension[g] < 0.75 * c),
        key=lambda g: (-counts[g], -len(g), g),
    )
    kept: list[str] = []
    for g in ranked:
        if any(g in k or k in g or g[1:] == k[:-1] or g[:-1] == k[1:] for k in kept):
            continue
        kept.append(g)
        if len(kept) == top:
            break
    return [(g, counts[g]) for g in kept]


def _where(locs: list[tuple[str, int]], limit: int = 8) -> str:
    by_file: dict[str, list[int]] = defaultdict(list)
    for f, ln in locs:
        if ln not in by_file[f]:
            by_file[f].append(ln)
    parts = []
    shown = 0
    for f, lines in by_file.items():
        rest = lines[: max(0, limit - shown)]
        shown += len(rest)
        if rest:
            parts.append(f"{f}:" + ",".join(str(n) for n in rest))
    hidden = sum(len(v) for v in by_file.values()) - shown
    return " ".join(parts) + (f" (+{hidden} more lines)" if hidden > 0 else "")


def stats(project: Path, *, sources: list[Path], top: int = 30) -> str:
    """A report: every glossary term that occurs (count, English, where), most used first;
    the terms never used; and the ``top`` candidate n-grams not yet in the glossary."""
    glossary, findings = load_project_glossary(project)
    counts: Counter = Counter()
    locs: dict[Term, list[tuple[str, int]]] = defaultdict(list)
    surfaces: dict[Term, Counter] = defaultdict(Counter)
    texts = []
    total_chars = 0
    for shown, text, matches, line_of in _scan(project, glossary, sources):
        texts.append(text)
        total_chars += len(text)
        for m in matches:
            counts[m.term] += 1
            locs[m.term].append((shown, line_of(m.start)))
            surfaces[m.term][m.surface] += 1
    files = sorted({t.file for t in glossary.terms})
    errors = sum(f.severity == "error" for f in findings)
    out = [
        f"glossary: {len(glossary)} terms in {len(files)} files"
        + (f" ({errors} errors: run `bipub glossary check`)" if errors else ""),
        f"sources:  {len(sources)} files, {total_chars:,} characters, {sum(counts.values())} term occurrences",
        "",
        f"Terms used ({len(counts)} of {len(glossary)}), most used first:",
    ]
    if counts:
        width = min(24, max(_display_width(t.zh) for t in counts) + 2)
        for term, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].zh)):
            other = [s for s in surfaces[term] if s != term.zh]
            as_ = f"  (as {', '.join(other)})" if other else ""
            flag = "  [proposed]" if term.status == "proposed" else ""
            pad = " " * max(2, width - _display_width(term.zh))
            out.append(f"{n:6d}  {term.zh}{pad}{term.en}{flag}{as_}")
            out.append(f"{'':8}{_where(locs[term])}")
    else:
        out.append("  (none)")
    unused = [t for t in glossary.terms if t not in counts]
    out += ["", f"Terms not used in these sources ({len(unused)}):"]
    if unused:
        line = " "
        for t in unused:
            if _display_width(line) + _display_width(t.zh) > 76:
                out.append(line)
                line = " "
            line += " " + t.zh
        out.append(line)
    cands = candidate_ngrams(texts, glossary, top=top)
    out += ["", f"Candidates: frequent n-grams not in the glossary (top {top}):"]
    out += [f"{n:6d}  {g}" for g, n in cands] or ["  (none)"]
    return "\n".join(out) + "\n"


def _display_width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


# ---------------------------------------------------------------- import


def _entry_terms(entry: tbx.TbxEntry, label: str) -> tuple[Term | None, list[Finding]]:
    """A TBX entry as one glossary Term (first Chinese term, first allowed English)."""
    findings: list[Finding] = []
    zh_terms = [t for t in entry.zh if t.text]
    en_ok = [t for t in entry.en if t.text and t.status not in tbx.DEPRECATED]
    forbidden = tuple(t.text for t in entry.en if t.text and t.status in tbx.DEPRECATED)
    if not zh_terms or not en_ok:
        missing = "Chinese" if not zh_terms else "English"
        findings.append(Finding("glossary.empty-field", "warning",
                                f"entry {entry.id or ''} has no {missing} term; skipped".replace("  ", " "),
                                label, entry.line))
        return None, findings
    main_zh = next((t for t in zh_terms if t.term_type != "variant"), zh_terms[0])
    variants = tuple(t.text for t in zh_terms if t is not main_zh)
    main_en = next((t for t in en_ok if t.status == tbx.PREFERRED), en_ok[0])
    notes = list(entry.notes)
    others = [t.text for t in en_ok if t is not main_en]
    if others:
        notes.append("other English: " + " | ".join(others))
    status = "approved" if main_en.status == tbx.PREFERRED else "proposed"
    term = Term(
        zh=main_zh.text, en=main_en.text, variants=variants, forbidden=forbidden, status=status,
        note="; ".join(notes), type=entry.subject.lower() or "term", file=label, line=entry.line,
    )
    return term, findings


def read_termbase(path: Path, label: str) -> tuple[list[Term], list[Finding]]:
    """Terms from a TBX or CSV file (by extension); repaired damage comes back as findings."""
    suffix = Path(path).suffix.lower()
    if suffix in (".tbx", ".xml"):
        try:
            entries, findings = tbx.read_tbx(path, label)
        except ValueError as exc:
            raise BipubError(str(exc)) from None
        terms = []
        for entry in entries:
            term, found = _entry_terms(entry, label)
            findings += found
            if term is not None:
                terms.append(term)
    elif suffix in (".csv", ".tsv"):
        if suffix == ".csv":
            terms, findings = glossary_csv.read_csv(path, label)
        else:
            from bipub.glossary import read_rows

            terms, findings = read_rows(Path(path).read_text(encoding="utf-8-sig"), label)
    else:
        raise ConfigError(f"{label}: unknown termbase format {suffix!r}; use .tbx or .csv")
    repaired = []
    for term in terms:
        fixed, found = damage_findings(term, term.file, term.line)
        findings += found
        repaired.append(fixed)
    return repaired, findings


def import_file(project: Path, path: Path, *, overwrite: bool = False) -> tuple[Path, list[Finding]]:
    """Import a TBX or CSV termbase as ``glossary/imported-<stem>.tsv``.

    * Terms already in the glossary with the same English are left out (info).
    * Mojibake (GBK read as Latin-1) and stray apostrophes are repaired; each
      repair is a warning finding and the term comes in as ``proposed``.
    * Entries without Chinese or English are skipped with a finding.
    * The file is written atomically.  An existing file is never replaced
      unless ``overwrite`` is true (it may hold an editor's changes).
    Returns the written path and the findings (the import's, then the loader's
    findings about the new file, such as conflicts with existing terms).
    """
    project = Path(project)
    path = Path(path)
    label = _rel(project, path)
    folder = glossary_dir(project)
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-") or "termbase"
    target = folder / f"imported-{stem}.tsv"
    shown_target = _rel(project, target)
    if target.exists() and not overwrite:
        raise BipubError(f"{shown_target} already exists and may hold an editor's changes; "
                         "rename or delete it, then import again")
    terms, findings = read_termbase(path, label)
    existing, _ = load_project_glossary(project)
    kept: list[Term] = []
    seen: dict[str, Term] = {}
    for term in terms:
        have = existing.lookup(term.zh)
        if have is not None and have.en == term.en and not (target.exists() and have.file == shown_target):
            findings.append(Finding("glossary.already-present", "info",
                                    f"{term.zh!r} → {term.en!r} is already in {have.where}; not imported",
                                    term.file, term.line))
            continue
        key = fold_fast(term.zh)
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
    _, after = load_project_glossary(project)
    findings += [f for f in after if f.file == shown_target]
    return target, findings


# ---------------------------------------------------------------- export


def export(project: Path, fmt: str, out: Path | None) -> Path:
    """Write the whole glossary as ``tbx`` (TBX-Basic, for CAT tools) or ``csv``.

    Default destination: ``output/glossary.tbx`` / ``output/glossary.csv``.
    """
    project = Path(project)
    if fmt not in ("tbx", "csv"):
        raise ConfigError(f"unknown export format {fmt!r}; use tbx or csv")
    glossary, _ = load_project_glossary(project)
    if out is None:
        out = project / "output" / f"glossary.{fmt}"
    out = Path(out)
    if fmt == "tbx":
        write_atomic(out, tbx.format_tbx(glossary.terms, source_desc=f"bipub glossary of {project.resolve().name}"))
    else:
        write_atomic(out, glossary_csv.format_csv(glossary.terms), encoding="utf-8-sig")
    return out


__all__ = ["check", "stats", "import_file", "export", "candidate_ngrams", "read_termbase", "glossary_dir"]
