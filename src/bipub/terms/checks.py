"""Checks on the glossary itself, file by file and row by row (``glossary check`` and every build).

* ``row_findings``: one row on its own (damaged text, a sentence for a term,
  a forbidden rendering that is the approved one, a variant that folding makes redundant);
* ``cross_findings``: rows against each other (two approved renderings of one
  term, duplicates, a variant claimed by two terms, an imported row that the house
  glossary overrides).  Rows are compared in precedence order (house files first),
  so the row reported is always the one that is not used.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bipub.findings import Finding
from bipub.terms.model import MAX_TERM_LENGTH, Term
from bipub.terms.numbers.zh import CN_CHARS, parse_chinese_numeral
from bipub.terms.repair import repair_apostrophes, repair_mojibake
from bipub.terms.keys import term_key
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
            if term_key(v) == term_key(t.zh):
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
        key = term_key(t.zh)
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
            key = term_key(v)
            other = owner.get(key)
            if other is None:
                owner[key] = t
            elif term_key(other.zh) != term_key(t.zh) and t.imported and not other.imported:
                out.append(Finding(
                    "glossary.overridden-import", "warning",
                    f"variant {v!r} of {t.zh!r} belongs to {other.zh!r} in the house glossary ({other.where}); "
                    f"the house term is used", t.file, t.line))
            elif term_key(other.zh) != term_key(t.zh):
                out.append(Finding(
                    "glossary.variant-claimed-twice", "error",
                    f"variant {v!r} of {t.zh!r} is also claimed by {other.zh!r} ({other.where})",
                    t.file, t.line))
    return out


_EN_FIGURE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CN_RUN = re.compile(f"[{CN_CHARS}]+")


def _values_zh(zh: str) -> set[Decimal]:
    """Every value the Chinese can be read as: its digits (2025, ５Ｇ) and every Chinese numeral
    inside it (十四五 holds 10, 14, 4, 45, 5 …), generously: only what it surely lacks counts."""
    text = fold(zh)
    values = {Decimal(m.group().replace(",", "")) for m in _EN_FIGURE.finditer(text)}
    for run in _CN_RUN.findall(text):
        for i in range(len(run)):
            for j in range(i + 1, min(len(run), i + 8) + 1):
                try:
                    values.add(parse_chinese_numeral(run[i:j]))
                except (ValueError, ArithmeticError):
                    pass
    return values


def figure_findings(terms: list[Term]) -> list[Finding]:
    """``glossary.figure-in-english`` (info): the English of a term carries a figure its Chinese
    lacks (地区生产总值 → "GDP of 2023"), so every sentence using the term would get that figure;
    ``glossary.figure-lost`` (info): the Chinese has digits its English lacks (中国制造2025 → "Made in China")."""
    out: list[Finding] = []
    for t in terms:
        zh_values = _values_zh(t.zh)
        extra = [m.group() for m in _EN_FIGURE.finditer(t.en) if Decimal(m.group().replace(",", "")) not in zh_values]
        if extra:
            out.append(Finding("glossary.figure-in-english", "info",
                               f"{t.zh!r} → {t.en!r}: the English has {', '.join(extra)}, the Chinese does not; "
                               "every sentence with the term gets that figure (keep figures out of renderings)",
                               t.file, t.line))
        en_values = {Decimal(m.group().replace(",", "")) for m in _EN_FIGURE.finditer(t.en)}
        lost = [m.group() for m in _EN_FIGURE.finditer(fold(t.zh)) if Decimal(m.group().replace(",", "")) not in en_values]
        if lost:
            out.append(Finding("glossary.figure-lost", "info",
                               f"{t.zh!r} → {t.en!r}: the Chinese has {', '.join(lost)}, the English does not",
                               t.file, t.line))
    return out
