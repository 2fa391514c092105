"""Checks on the glossary itself, file by file and row by row (``glossary check`` and every build).

* ``row_findings``: one row on its own (damaged text, a sentence for a term,
  a forbidden rendering that is the approved one, a variant that folding makes redundant);
* ``cross_findings``: rows against each other (two approved renderings of one
  term, duplicates, a variant claimed by two terms, an imported row that the house
  glossary overrides).  Rows are compared in precedence order (house files first),
  so the row reported is always the one that is not used.
"""

from __future__ import annotations

from bipub.findings import Finding
from bipub.terms.model import MAX_TERM_LENGTH, Term
from bipub.terms.repair import repair_apostrophes, repair_mojibake
from bipub.text.normalize import fold


def row_findings(terms: list[Term]) -> list[Finding]:
    """Checks on single rows: damaged text, a forbidden rendering that is the approved one."""
    out: list[Finding] = []
    for t in terms:
        for name in ("zh", "en"):
            value = getattr(t, name)
            fixed = repair_mojibake(value)
            if fixed is not None:
                out.append(Finding("glossary.mojibake", "error", f"{name} {value!r} looks like GBK read as Latin-1; meant {fixed!r}?", t.file, t.line))
            fixed = repair_apostrophes(value)
            if fixed is not None:
                out.append(Finding("glossary.stray-apostrophe", "error", f"{name} {value!r} has stray apostrophes; meant {fixed!r}?", t.file, t.line))
        if len(t.zh) > MAX_TERM_LENGTH:
            out.append(Finding("glossary.long-term", "warning", f"a term of {len(t.zh)} characters is a sentence; it is not matched", t.file, t.line))
        if t.en in t.forbidden:
            out.append(Finding("glossary.forbidden-is-approved", "error", f"{t.en!r} is both the rendering and a forbidden one", t.file, t.line))
        for v in t.variants:
            if fold(v) == fold(t.zh):
                out.append(Finding("glossary.redundant-variant", "info", f"variant {v!r} already matches as {t.zh!r} (width and Traditional forms are folded)", t.file, t.line))
    return out


def cross_findings(terms: list[Term]) -> list[Finding]:
    """Checks across rows: two approved renderings, duplicates, a variant claimed twice.

    An imported row that gives a Chinese term of the house glossary another
    English is ``glossary.overridden-import`` (warning): the house row is used.
    """
    out: list[Finding] = []
    by_key: dict[str, Term] = {}
    ordered = sorted(terms, key=lambda t: t.imported)  # stable: house rows first, each in file order
    for t in ordered:
        key = fold(t.zh)
        first = by_key.get(key)
        if first is None:
            by_key[key] = t
            continue
        if t.imported and not first.imported and first.en != t.en:
            out.append(Finding(
                "glossary.overridden-import", "warning",
                f"{t.zh!r} is {t.en!r} here but {first.en!r} in the house glossary at {first.where}; "
                f"the house row is used (edit or delete one of them)",
                t.file, t.line))
        elif first.status == t.status == "approved" and first.en != t.en:
            out.append(Finding(
                "glossary.conflicting-rendering", "error",
                f"{t.zh!r} is approved as {t.en!r} here and as {first.en!r} at {first.where}",
                t.file, t.line))
        else:
            out.append(Finding("glossary.duplicate-term", "warning", f"{t.zh!r} is also listed at {first.where}", t.file, t.line))
    owner: dict[str, Term] = dict(by_key)
    for t in ordered:
        for v in t.variants:
            key = fold(v)
            other = owner.get(key)
            if other is None:
                owner[key] = t
            elif fold(other.zh) != fold(t.zh) and t.imported and not other.imported:
                out.append(Finding(
                    "glossary.overridden-import", "warning",
                    f"variant {v!r} of {t.zh!r} belongs to {other.zh!r} in the house glossary ({other.where}); "
                    f"the house term is used", t.file, t.line))
            elif fold(other.zh) != fold(t.zh):
                out.append(Finding(
                    "glossary.variant-claimed-twice", "error",
                    f"variant {v!r} of {t.zh!r} is also claimed by {other.zh!r} ({other.where})",
                    t.file, t.line))
    return out
