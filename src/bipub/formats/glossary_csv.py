"""Glossary as CSV: the same columns as ``glossary/*.tsv``, comma-separated.

Written as UTF-8 with a byte-order mark so Excel opens the Chinese correctly;
read in what spreadsheets save: UTF-8 with or without it, UTF-16 or GB18030,
comma- or tab-separated, cells quoted or not.  Headers are matched case-insensitively, and a few
common names from other tools are understood (``Chinese``/``source`` for
``zh``, ``English``/``target`` for ``en``).  A file without a ``status``
column imports every row as ``proposed``.

Spreadsheet formulas are neutralised (the OWASP CSV-injection rule): a cell
that starts with ``= + - @``, a tab or a carriage return is written with a
leading apostrophe, which spreadsheets show as "text"; so is a cell that
already starts with apostrophes followed by one of those.  The reader takes
exactly one apostrophe off such cells, so export → import gives back the
same glossary.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bipub.findings import Finding
from bipub.terms.model import COLUMNS, Term
from bipub.terms.tsv import decode_table, format_rows, header_line, read_rows

ALIASES = {
    "zh": ("zh", "zh-cn", "zh-hans", "zh_cn", "chinese", "source", "term", "中文", "中文术语", "术语"),
    "en": ("en", "en-us", "en-gb", "en_us", "english", "target", "translation", "英文", "英文译法", "译文"),
    "variants": ("variants", "variant", "synonyms", "变体", "异形"),
    "forbidden": ("forbidden", "do not use", "deprecated", "禁用译法", "禁用"),
    "status": ("status", "状态"),
    "type": ("type", "category", "类型", "类别"),
    "note": ("note", "notes", "comment", "comments", "definition", "备注", "说明", "注释"),
}
_LANGUAGE_HEADER = re.compile(r"(chinese|zh|zho|chi|中文|汉语|english|en|eng|英文|英语)(?:[\s_\-(（]+([^)）]*)[)）]?)?")


class _Aliases(dict):
    """Header names → columns: the names of `ALIASES`, and a language with a locale as tools write
    it (SDL Glossary Converter ``Chinese (PRC)``, memoQ ``English_United_States``); a language
    column of definitions or examples (``Chinese_PRC_Def``) is not a term column."""

    def get(self, name, default=None):
        if name in self:
            return self[name]
        m = _LANGUAGE_HEADER.fullmatch(name)
        if m is None or any(w in (m.group(2) or "") for w in ("def", "example", "note", "context")):
            return default
        return "en" if m.group(1) in ("english", "en", "eng", "英文", "英语") else "zh"


HEADER_ALIASES = _Aliases({name: column for column, names in ALIASES.items() for name in names})

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``; other cells unchanged."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """The inverse of `neutralise`."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def _map_cells(term: Term, fn) -> Term:
    """``fn`` applied to every cell as it stands at the start of a CSV cell (lists: their first item)."""
    def first(items: tuple[str, ...]) -> tuple[str, ...]:
        return (fn(items[0]),) + items[1:] if items else items

    return replace(term, zh=fn(term.zh), en=fn(term.en), note=fn(term.note), status=fn(term.status),
                   type=fn(term.type), variants=first(term.variants), forbidden=first(term.forbidden))


def table_layout(text: str) -> dict:
    """How a spreadsheet's table is laid out: its separator (tab, semicolon, as Excel writes "CSV"
    where the decimal mark is a comma, or comma) and the line of its header row (title rows may
    come first), as `read_rows` arguments.  Without a header row: the separator the first row uses most."""
    layout = {"aliases": HEADER_ALIASES, "default_status": "proposed", "keep_unknown": True}
    for delimiter in ("\t", ";", ","):
        at = header_line(text, delimiter=delimiter, aliases=HEADER_ALIASES, default_status="proposed")
        if at is not None:
            return {**layout, "delimiter": delimiter, "header_at": at}
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    return {**layout, "delimiter": max(("\t", ";", ","), key=first.count) if first.strip() else ","}


def read_csv(path: Path, label: str | None = None) -> tuple[list[Term], list[Finding]]:
    """Terms from a CSV glossary; bad rows are findings naming ``label:LINE``.

    Read as a spreadsheet saved it (`bipub.terms.tsv.decode_table`): UTF-8 with or
    without a byte-order mark, UTF-16 ("Unicode Text", tab-separated even when named
    ``.csv``) or GB18030; the separator is the one the header row uses.
    """
    label = label or str(path)
    raw = Path(path).read_bytes()
    try:
        text, encoding = decode_table(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Finding("glossary.encoding", "error",
                            "neither UTF-8, UTF-16 nor GB18030; save the CSV as UTF-8", label, line)]
    terms, findings = read_rows(text, label, **table_layout(text))
    if encoding not in ("utf-8", "utf-16"):
        findings.append(Finding("glossary.encoding", "info", f"read as {encoding.upper()}", label, None))
    return [_map_cells(t, restore) for t in terms], findings


#: what `format_rows` makes of line breaks and tabs in a cell (one line per row); applied first so
#: the cell is neutralised as it will be written
_BREAKS = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def format_csv(terms) -> str:
    def cell(value: str) -> str:
        return neutralise(_BREAKS.sub(" ", value).strip())

    return format_rows([_map_cells(t, cell) for t in terms], delimiter=",")


class Csv:
    """The CSV entry of `bipub.formats.TERMBASES`."""

    name = "csv"
    extensions = (".csv",)

    @staticmethod
    def read(path: Path, label: str, *, pair=None) -> tuple[list[Term], list[Finding]]:
        return read_csv(path, label)

    @staticmethod
    def write(terms, *, source_desc: str = "", approved_only: bool = False, pair=None) -> bytes:
        kept = [t for t in terms if t.status == "approved"] if approved_only else list(terms)
        return ("\ufeff" + format_csv(kept)).encode("utf-8")


__all__ = ["COLUMNS", "read_csv", "format_csv", "neutralise", "restore", "Csv"]
