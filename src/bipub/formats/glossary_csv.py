"""Glossary as CSV: the same columns as ``glossary/*.tsv``, comma-separated.

Written as UTF-8 with a byte-order mark so Excel opens the Chinese correctly;
read with or without it.  Headers are matched case-insensitively, and a few
common names from other tools are understood (``Chinese``/``source`` for
``zh``, ``English``/``target`` for ``en``).  A file without a ``status``
column imports every row as ``proposed``.
"""

from __future__ import annotations

from pathlib import Path

from bipub.findings import Finding
from bipub.terms.model import COLUMNS, Term
from bipub.terms.tsv import format_rows, read_rows

ALIASES = {
    "zh": ("zh", "zh-cn", "zh-hans", "zh_cn", "chinese", "source", "term", "中文"),
    "en": ("en", "en-us", "en-gb", "en_us", "english", "target", "translation", "英文"),
    "variants": ("variants", "variant", "synonyms"),
    "forbidden": ("forbidden", "do not use", "deprecated"),
    "status": ("status",),
    "type": ("type", "category"),
    "note": ("note", "notes", "comment", "comments", "definition"),
}


def read_csv(path: Path, label: str | None = None) -> tuple[list[Term], list[Finding]]:
    """Terms from a CSV glossary; bad rows are findings naming ``label:LINE``."""
    label = label or str(path)
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Finding("glossary.encoding", "error", "not UTF-8; save the CSV as UTF-8", label, line)]
    aliases = {name: column for column, names in ALIASES.items() for name in names}
    return read_rows(text, label, delimiter=",", aliases=aliases, default_status="proposed")


def format_csv(terms) -> str:
    return format_rows(terms, delimiter=",")


__all__ = ["COLUMNS", "read_csv", "format_csv"]
