"""Where glossary terms occur in the sources: ``bipub glossary check`` and ``bipub glossary stats``.

``usage`` matches the glossary in every source and, for the terms with no match
of their own, finds where they still occur inside longer terms.  ``check`` and
``stats`` are plain functions the CLI calls: each returns findings or text and
none prints.  Paths in findings are relative
to the project (``glossary/names.tsv:12``, ``source/hunan-2021.md:40``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bipub.findings import Finding
from bipub.paths import shown
from bipub.terms.glossary import Glossary, load_project_glossary, term_keys
from bipub.terms.keys import fold_term, squeeze
from bipub.terms.checks import figure_findings
from bipub.terms.matcher import Matcher
from bipub.terms.model import Term, TermMatch
from bipub.text.normalize import HAN_CHARS, fold

class _Lines:
    """Offset → 1-based line number."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


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
        name, matches, line_of = shown(src, project), glossary.match(text), _Lines(text)
        files.append((name, text, matches, line_of))
        for m in matches:
            use = uses[m.term]
            use.count += 1
            use.locs.append((name, line_of(m.start)))
            use.surfaces[m.surface] += 1
    unmatched = [t for t in glossary.terms if t not in uses]
    # every occurrence of an unmatched term, overlapping or not, in one scan of each file
    keys: dict[str, list[Term]] = defaultdict(list)
    for term in unmatched:
        for key in term_keys(term):
            keys[key].append(term)
    finder = Matcher(keys.items())
    for name, text, matches, line_of in files if unmatched else ():
        spans_of: dict[Term, set[tuple[int, int]]] = defaultdict(set)
        squeezed, where = squeeze(fold_term(text))
        for i, j, terms in finder.occurrences(squeezed):
            for term in terms:
                spans_of[term].add((where[i], where[j - 1] + 1))
        starts = [m.start for m in matches]
        for term in unmatched:
            for i, j in _outermost(spans_of.get(term, ())):
                k = max(0, bisect.bisect_right(starts, i) - 1)
                holders = []
                while k < len(matches) and matches[k].start < j:
                    if matches[k].end > i:
                        holders.append(matches[k].term)
                    k += 1
                use = uses[term]
                use.inside.update(holders or [term])
                use.inside_locs.append((name, line_of(i)))
    return Usage(dict(uses), files)


# ---------------------------------------------------------------- check


def check(project: Path, *, sources: list[Path], folder: Path | None = None) -> list[Finding]:
    """Everything ``load_glossary`` finds, plus the glossary's use in ``sources``:

    * ``glossary.proposed-term-used`` (info, as ``qa.term-proposed`` in a build):
      a term still ``proposed`` occurs in a source (reported once per term and
      file, at its first line);
    * ``glossary.unused-term`` (info): neither the term nor a variant appears
      in any source, not even inside a longer term.  A shared glossary holds many
      terms a given set of sources never uses, so this never fails ``--strict``;
    * ``glossary.no-sources`` (info): ``sources`` is empty, so the glossary was
      checked on its own and the two checks above were skipped.
    """
    glossary, findings = load_project_glossary(project, folder)
    findings += figure_findings(list(glossary.terms))
    if not sources:
        findings.append(Finding(
            "glossary.no-sources", "info",
            "no source files: the glossary was checked on its own (proposed and unused terms not checked)"))
        return findings
    use = usage(project, glossary, sources)
    for name, _text, matches, line_of in use.files:
        first: dict[Term, TermMatch] = {}
        count: Counter = Counter()
        for m in matches:
            count[m.term] += 1
            first.setdefault(m.term, m)
        for term, m in first.items():
            if term.status == "proposed":
                n = count[term]
                findings.append(Finding(
                    "glossary.proposed-term-used", "info",
                    f"proposed term {term.zh!r} → {term.en!r} ({term.where}) is used"
                    + (f" (as {m.surface!r})" if m.surface != term.zh else "")
                    + (f", {n} times in this file" if n > 1 else "") + "; approve it or change the text",
                    name, line_of(m.start)))
    for term in use.unused(glossary):
        findings.append(Finding(
            "glossary.unused-term", "info",
            f"{term.zh!r} ({term.en}) occurs in no source", term.file, term.line))
    return findings


# ---------------------------------------------------------------- stats

# characters that begin or end no term: particles, conjunctions, common verbs of linking
_EDGE_STOP = set("的了和与及在是为对也都而并把被将从向以于其之这那个着等让使由已更又还就不有到上中下年月日")
_CJK_RUN = re.compile(f"[{HAN_CHARS}]{{2,}}")


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
        chars = list(fold(text))
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


def stats(project: Path, *, sources: list[Path], top: int = 30, folder: Path | None = None) -> str:
    """A report on the glossary's use in ``sources``:

    * every term that occurs, most used first: count, English, the forms it was
      written in, and every file:line where it occurs;
    * the terms that occur only inside longer terms (longest match wins, so they
      are counted under the longer term), with the longer terms named;
    * the terms that occur nowhere;
    * the ``top`` candidate n-grams not yet in the glossary.

    With no sources the report says so in one line after the glossary summary.
    """
    glossary, findings = load_project_glossary(project, folder)
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
                (h.zh if h is not term else "no longer term") + (f" ({h.where})" if fold(h.zh) == fold(term.zh) else "")
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


__all__ = ["check", "stats", "usage", "Usage", "TermUse", "candidate_ngrams"]
