"""``bipub glossary check|stats|import|export``: plain functions the CLI calls.

Each returns text and/or findings; none prints.  Paths in findings are relative
to the project (``glossary/names.tsv:12``, ``source/hunan-2021.md:40``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import ConfigError, Finding, InputRefused
from bipub.formats import glossary_csv, tbx
from bipub.terms.glossary import (
    MAX_TERM_LENGTH, Glossary, Term, TermMatch, damage_findings, fold_fast, format_rows, load_glossary,
)

_ASCII_WORD = re.compile(r"[0-9a-z]")  # the matcher's rule: such a term edge matches whole words only

# ---------------------------------------------------------------- helpers


def glossary_dir(project: Path) -> Path:
    """The project's glossary folder: ``[project] glossary`` in bipub.toml, else ``glossary/``."""
    project = Path(project)
    if (project / "bipub.toml").is_file():
        from bipub.project import Project

        return Project.open(project).glossary_dir
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


def _keys(term: Term) -> set[str]:
    """The folded forms a term is written in: its Chinese and its variants."""
    keys = {fold_fast(s).strip() for s in (term.zh, *term.variants)}
    return {k for k in keys if k and len(k) <= MAX_TERM_LENGTH}


def _find_all(folded: str, key: str):
    """Start offsets of ``key`` in ``folded``, with the matcher's whole-word rule for
    keys that begin or end with a Latin letter or digit (``360`` is not in ``1360``)."""
    ascii_start = _ASCII_WORD.match(key[0]) is not None
    ascii_end = _ASCII_WORD.match(key[-1]) is not None
    i = folded.find(key)
    while i >= 0:
        j = i + len(key)
        if not (ascii_start and i > 0 and _ASCII_WORD.match(folded[i - 1])) and not (
                ascii_end and j < len(folded) and _ASCII_WORD.match(folded[j])):
            yield i
        i = folded.find(key, i + 1)


@dataclass
class TermUse:
    """How one term occurs in the sources.

    ``count``/``locs``/``surfaces`` are its own matches (longest match wins, so an
    occurrence inside a longer term is not counted here).  ``inside`` counts the
    terms whose matches hold its occurrences when it has no match of its own, and
    ``inside_locs`` says where: such a term occurs, but only as part of longer terms.
    """

    count: int = 0
    locs: list[tuple[str, int]] = field(default_factory=list)
    surfaces: Counter = field(default_factory=Counter)
    inside: Counter = field(default_factory=Counter)
    inside_locs: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Usage:
    """The glossary's use in a set of sources (what ``check`` and ``stats`` report)."""

    uses: dict[Term, TermUse]
    files: list[tuple[str, str, list[TermMatch], _Lines]]  # (shown name, text, matches, line-of-offset)

    @property
    def total_chars(self) -> int:
        return sum(len(text) for _, text, _, _ in self.files)

    def used(self) -> dict[Term, TermUse]:
        """Terms with matches of their own."""
        return {t: u for t, u in self.uses.items() if u.count}

    def only_inside(self) -> dict[Term, TermUse]:
        """Terms that occur only as part of longer terms (no match of their own)."""
        return {t: u for t, u in self.uses.items() if not u.count and u.inside}

    def unused(self, glossary: Glossary) -> list[Term]:
        """Terms whose Chinese and variants (folded) appear nowhere in the sources."""
        return [t for t in glossary.terms if t not in self.uses]


def _outermost(spans) -> list[tuple[int, int]]:
    """The spans not inside another one, in text order: a variant found inside the
    term's own Chinese (两个一百年 in 两个一百年奋斗目标) is one occurrence, not two."""
    out: list[tuple[int, int]] = []
    reach = -1
    for i, j in sorted(spans, key=lambda s: (s[0], -s[1])):
        if j > reach:
            out.append((i, j))
            reach = j
    return out


def usage(project: Path, glossary: Glossary, sources: list[Path]) -> Usage:
    """Match ``glossary`` in every source; look up where the unmatched terms still occur."""
    uses: dict[Term, TermUse] = defaultdict(TermUse)
    files = []
    for src in sources:
        text = Path(src).read_text(encoding="utf-8")
        shown, matches, line_of = _rel(project, src), glossary.match(text), _Lines(text)
        files.append((shown, text, matches, line_of))
        for m in matches:
            use = uses[m.term]
            use.count += 1
            use.locs.append((shown, line_of(m.start)))
            use.surfaces[m.surface] += 1
    unmatched = [t for t in glossary.terms if t not in uses]
    for shown, text, matches, line_of in files if unmatched else ():
        folded = fold_fast(text)
        starts = [m.start for m in matches]
        for term in unmatched:
            spans = {(i, i + len(key)) for key in _keys(term) for i in _find_all(folded, key)}
            for i, j in _outermost(spans):
                k = max(0, bisect.bisect_right(starts, i) - 1)
                holders = []
                while k < len(matches) and matches[k].start < j:
                    if matches[k].end > i:
                        holders.append(matches[k].term)
                    k += 1
                use = uses[term]
                use.inside.update(holders or [term])
                use.inside_locs.append((shown, line_of(i)))
    return Usage(dict(uses), files)


# ---------------------------------------------------------------- check


def check(project: Path, *, sources: list[Path]) -> list[Finding]:
    """Everything ``load_glossary`` finds, plus the glossary's use in ``sources``:

    * ``glossary.proposed-term-used`` (warning): a term still ``proposed`` occurs
      in a source (reported once per term and file, at its first line);
    * ``glossary.unused-term`` (warning): neither the term nor a variant appears
      in any source, not even inside a longer term;
    * ``glossary.no-sources`` (info): ``sources`` is empty, so the glossary was
      checked on its own and the two checks above were skipped.
    """
    glossary, findings = load_project_glossary(project)
    if not sources:
        findings.append(Finding(
            "glossary.no-sources", "info",
            "no source files: the glossary was checked on its own (proposed and unused terms not checked)"))
        return findings
    use = usage(project, glossary, sources)
    for shown, _text, matches, line_of in use.files:
        first: dict[Term, TermMatch] = {}
        count: Counter = Counter()
        for m in matches:
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
    for term in use.unused(glossary):
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


def _where(locs: list[tuple[str, int]], indent: int = 8, width: int = 78) -> list[str]:
    """``file:line,line,…`` per file, every distinct line, wrapped to ``width`` columns."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for f, ln in locs:
        if ln not in by_file[f]:
            by_file[f].append(ln)
    out: list[str] = []
    pad = " " * indent
    for f, lines in by_file.items():
        line = f"{pad}{f}:"
        sep = ""
        for n in lines:
            piece = f"{sep}{n}"
            if len(line) + len(piece) > width and sep:
                out.append(line + ",")
                line = pad + "  "
                piece = str(n)
            line += piece
            sep = ","
        out.append(line)
    return out


def _term_line(n: int, term: Term, width: int, extra: str = "") -> str:
    flag = "  [proposed]" if term.status == "proposed" else ""
    pad = " " * max(2, width - _display_width(term.zh))
    return f"{n:6d}  {term.zh}{pad}{term.en}{flag}{extra}"


def stats(project: Path, *, sources: list[Path], top: int = 30) -> str:
    """A report on the glossary's use in ``sources``:

    * every term that occurs, most used first: count, English, the forms it was
      written in, and every file:line where it occurs;
    * the terms that occur only inside longer terms (longest match wins, so they
      are counted under the longer term), with the longer terms named;
    * the terms that occur nowhere;
    * the ``top`` candidate n-grams not yet in the glossary.

    With no sources the report says so in one line after the glossary summary.
    """
    glossary, findings = load_project_glossary(project)
    files = sorted({t.file for t in glossary.terms})
    errors = sum(f.severity == "error" for f in findings)
    out = [
        f"glossary: {len(glossary)} terms in {len(files)} file{'s' * (len(files) != 1)}"
        + (f" ({errors} errors: run `bipub glossary check`)" if errors else ""),
    ]
    if not sources:
        out.append("sources:  none: no source files, so there is nothing to count (the glossary was read on its own)")
        return "\n".join(out) + "\n"
    use = usage(project, glossary, sources)
    used, inside, unused = use.used(), use.only_inside(), use.unused(glossary)
    out += [
        f"sources:  {len(sources)} file{'s' * (len(sources) != 1)}, {use.total_chars:,} characters, "
        f"{sum(u.count for u in used.values())} term occurrences",
        "",
        f"Terms used ({len(used)} of {len(glossary)}), most used first:",
    ]
    if used:
        width = min(24, max(_display_width(t.zh) for t in used) + 2)
        for term, u in sorted(used.items(), key=lambda kv: (-kv[1].count, kv[0].zh)):
            other = [s for s in u.surfaces if s != term.zh]
            out.append(_term_line(u.count, term, width, f"  (as {', '.join(other)})" if other else ""))
            out += _where(u.locs)
    else:
        out.append("  (none)")
    out += ["", f"Terms only inside longer terms ({len(inside)}), counted under the longer term:"]
    if inside:
        width = min(24, max(_display_width(t.zh) for t in inside) + 2)
        for term, u in sorted(inside.items(), key=lambda kv: (-len(kv[1].inside_locs), kv[0].zh)):
            holders = ", ".join(
                (h.zh if h is not term else "no longer term") + (f" ({h.where})" if fold_fast(h.zh) == fold_fast(term.zh) else "")
                + (f" ×{k}" if k > 1 else "")
                for h, k in sorted(u.inside.items(), key=lambda kv: (-kv[1], kv[0].zh)))
            out.append(_term_line(len(u.inside_locs), term, width))
            out.append(f"{'':8}inside {holders}")
            out += _where(u.inside_locs)
    else:
        out.append("  (none)")
    out += ["", f"Terms not used in these sources ({len(unused)}):"]
    if unused:
        line = " "
        for t in unused:
            if _display_width(line) + _display_width(t.zh) > 76:
                out.append(line)
                line = " "
            line += " " + t.zh
        out.append(line)
    cands = candidate_ngrams([text for _, text, _, _ in use.files], glossary, top=top)
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
    """Terms from a TBX or CSV file (by extension); repaired damage comes back as findings.

    Raises ``ConfigError`` for a missing file or an unknown extension, and
    ``InputRefused`` for a file that holds no terms to import: not well-formed
    XML, not TBX, not UTF-8, no header row, or no entry with both Chinese and English.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ConfigError(f"{label}: no such file")
    if suffix in (".tbx", ".xml"):
        try:
            entries, findings = tbx.read_tbx(path, label)
        except ValueError as exc:
            raise InputRefused(f"{exc}; nothing imported") from None
        terms = []
        for entry in entries:
            term, found = _entry_terms(entry, label)
            findings += found
            if term is not None:
                terms.append(term)
        if not entries:
            raise InputRefused(f"{label}: no term entries (<termEntry> or <conceptEntry>); nothing imported")
    elif suffix in (".csv", ".tsv"):
        if suffix == ".csv":
            terms, findings = glossary_csv.read_csv(path, label)
        else:
            from bipub.terms.glossary import read_rows

            try:
                text = path.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as exc:
                line = path.read_bytes()[: exc.start].count(b"\n") + 1
                raise InputRefused(f"{label}:{line}: not UTF-8; save it as UTF-8 and import again") from None
            terms, findings = read_rows(text, label)
    else:
        raise ConfigError(f"{label}: unknown termbase format {suffix!r}; use .tbx or .csv")
    if not terms:
        problems = [f for f in findings if f.severity in ("error", "warning")]
        why = f" (first problem: {problems[0].format()})" if problems else ""
        raise InputRefused(f"{label}: no term with both Chinese and English to import{why}; nothing imported")
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
      unless ``overwrite`` is true (it may hold an editor's changes): without it
      that is a ``ConfigError`` (exit 2) telling the user about ``--force``.
    * A file with nothing to import (not XML, not TBX, no entries, no header,
      not UTF-8) raises ``InputRefused`` (exit 2) and writes nothing.
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
        raise ConfigError(f"{shown_target} already exists and may hold an editor's changes; "
                          f"import again with --force to replace it (or rename it first to keep both)")
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


__all__ = [
    "check", "stats", "usage", "Usage", "TermUse", "import_file", "export", "candidate_ngrams", "read_termbase",
    "glossary_dir",
]
