"""Glossary tables read and written: UTF-8 TSV (and CSV through ``delimiter=","``).

* One header row names the columns (``bipub.terms.model.COLUMNS``), in any order;
  ``zh``, ``en`` and ``status`` are required.
* Blank lines and lines starting with ``#`` are skipped.  A cell holding a double
  quote may be quoted the way spreadsheets write TSV (quotes doubled inside).
* Cells are NFC-normalized and stripped; only ``\\n`` ends a row (U+2028 and
  friends inside a cell are text).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from bipub.findings import Finding
from bipub.terms.model import COLUMNS, LIST_SEPARATOR, REQUIRED_COLUMNS, STATUSES, TYPES, Term, split_list
from bipub.text.normalize import HAN, fold


def _clean(cell: str) -> str:
    """A cell as a glossary holds it: NFC, stripped, one line (a CSV cell's line breaks are spaces)."""
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", unicodedata.normalize("NFC", cell).strip())


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_table(raw: bytes) -> tuple[str, str]:
    """The text of a table a spreadsheet saved, and the encoding it was in.

    UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode
    Text"), else GB18030 (what Excel saves as "Text" on a Chinese Windows) or Big5 (on a Traditional
    Chinese one), whichever reads as common characters; raises
    ``UnicodeDecodeError`` when none of them reads it.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec), codec.removesuffix("-sig")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("gb18030")
    try:  # Big5 (Excel on a Traditional Chinese Windows) decodes as GB18030 too, into nonsense
        big5 = raw.decode("big5")
    except UnicodeDecodeError:
        return text, "gb18030"
    return (big5, "big5") if _common_share(big5, "big5") > _common_share(text, "gb2312") else (text, "gb18030")


#: the common characters of each encoding: GB2312 level 1 (leads B0–D7), Big5 frequent (A440–C67E)
_COMMON = {"gb2312": (b"\xb0\xa1", b"\xd7\xf9"), "big5": (b"\xa4\x40", b"\xc6\x7e")}


def _common_share(text: str, codec: str, sample: int = 20_000) -> float:
    """The share of the (first ``sample``) Chinese characters of ``text`` that are common ones in
    ``codec``: high for text decoded with its own encoding, low for the nonsense of another one."""
    low, high = _COMMON[codec]
    han = HAN.findall(text, 0, sample * 4)[:sample]
    common = 0
    for c in han:
        try:
            common += low <= c.encode(codec) <= high
        except UnicodeEncodeError:
            pass
    return common / len(han) if han else 0.0


def split_row(line: str, delimiter: str = "\t") -> list[str]:
    """One table line as cells.

    Cells quoted the way spreadsheets save them (quotes doubled inside, or every
    cell of the row quoted, or any CSV cell) are unquoted.  In a TSV row, quotes a
    spreadsheet would not have written (a cell holding no quote and no tab, or a
    stray quote typed by hand) are kept as typed.
    """
    if '"' not in line:
        return line.split(delimiter)
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return line.split(delimiter)
    raw = line.split(delimiter)
    if len(raw) != len(cells) or delimiter != "\t" or all(len(r) > 1 and r[0] == r[-1] == '"' for r in raw):
        return cells  # CSV, or a row a spreadsheet saved with every cell quoted
    return [r if '"' not in c else c for r, c in zip(raw, cells)]


#: columns that may come twice (a second Chinese column: variants; a second English one: the note)
_REPEATABLE = ("zh", "en", "variants", "forbidden", "note")


def _is_id(name: str) -> bool:
    return not name or name == "id" or name.endswith(("_id", " id"))


def _blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)


def names_of(row: list[str], aliases: dict | None) -> list[str]:
    """A header row as column names: lower case, Traditional and full-width forms folded (``狀態``
    is ``状态``), then ``aliases``."""
    names = [fold(c.strip()) for c in row]
    return [(aliases or {}).get(c, c) for c in names]


def header_line(text: str, *, delimiter: str, aliases: dict | None = None, default_status: str | None = None,
                within: int = 10) -> int | None:
    """The line of the header row: the first of the first ``within`` rows that are not blank (a
    spreadsheet's title rows, merged across the columns, come before it) that names the required
    columns; None when there is none."""
    rows = 0
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        row = split_row(line.rstrip("\r"), delimiter)
        if _blank(row) or line.lstrip().startswith("#"):
            continue
        names = names_of(row, aliases)
        if all(c in names for c in REQUIRED_COLUMNS if not (c == "status" and default_status)):
            return number
        rows += 1
        if rows >= within:
            return None
    return None


_MAX_CELL_LINES = 50  # a quoted cell may run over this many lines (a note typed with Alt+Enter)


def logical_lines(text: str, delimiter: str):
    """``(line number, row text)`` of each row.  In CSV a quoted cell may hold line breaks (Excel
    writes a cell typed with Alt+Enter so): such a row runs on until its quote closes, within
    `_MAX_CELL_LINES`.  In TSV a line is a row (a stray quote typed in a cell must not swallow the
    rows after it)."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    i = 0
    while i < len(lines):
        line, j = lines[i], i + 1
        if delimiter != "\t" and '"' in line and _open_quote(line):
            for k in range(i + 1, min(len(lines), i + _MAX_CELL_LINES)):
                joined = "\n".join(lines[i:k + 1])
                if not _open_quote(joined):
                    line, j = joined, k + 1
                    break
        yield i + 1, line
        i = j


def _open_quote(line: str) -> bool:
    try:
        next(csv.reader([line], strict=True), None)
    except csv.Error:
        return True
    return False


def read_rows(text: str, label: str, *, delimiter: str = "\t", aliases: dict | None = None,
              default_status: str | None = None, header_at: int | None = None,
              keep_unknown: bool = False) -> tuple[list[Term], list[Finding]]:
    """Parse one glossary table (TSV by default, CSV with ``delimiter=","``).

    Returns the well-formed rows as ``Term`` and a finding for every bad row.
    Rows with an empty ``zh``/``en`` or an unknown status are reported and left out;
    rows whose cells are all empty (a spreadsheet's empty rows) are blank lines.
    ``aliases`` maps other header names to columns (``{"english": "en"}``);
    with ``default_status`` a table may lack the ``status`` column.  ``header_at``: the line of the
    header row (`header_line`); the rows above it are titles, each skipped with a ``glossary.title-row`` info.
    ``keep_unknown`` (a termbase being imported): the cells of columns bipub does not know go into
    the note as ``column: value`` (ids aside) instead of being ignored.
    """
    findings: list[Finding] = []
    terms: list[Term] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    header: list[str] | None = None
    # only \n ends a row: U+2028 and friends inside a cell are text (str.splitlines would split there)
    for start_line, line in logical_lines(text, delimiter):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        row = split_row(line, delimiter)
        if _blank(row):
            continue
        if header_at is not None and start_line < header_at:
            title = " ".join(c.strip() for c in row if c.strip())
            findings.append(Finding("glossary.title-row", "info", f"a row above the header row, not a term: "
                                    f"{title[:60]!r}; skipped", label, start_line))
            continue
        if header is None:
            header = names_of(row, aliases)
            missing = [c for c in REQUIRED_COLUMNS if c not in header and not (c == "status" and default_status)]
            if missing:
                findings.append(Finding(
                    "glossary.malformed-header", "error",
                    f"header row lacks column(s) {', '.join(missing)}; expected a header row naming the columns "
                    f"({', '.join(COLUMNS)})",
                    label, start_line))
                return [], findings
            for i, c in enumerate(header):
                if c not in COLUMNS and keep_unknown and not _is_id(c):
                    findings.append(Finding("glossary.unknown-column", "info", f"column {c!r} goes into the note "
                                            f"({c}: …)", label, start_line))
                elif c not in COLUMNS:
                    findings.append(Finding("glossary.unknown-column", "warning", f"unknown column {c!r} is ignored", label, start_line))
                elif c in header[:i] and c not in _REPEATABLE:
                    findings.append(Finding("glossary.duplicate-column", "warning", f"a second {c!r} column "
                                            f"(column {i + 1}) is ignored", label, start_line))
            continue
        while len(row) > len(header) and not row[-1].strip():
            row = row[:-1]  # empty cells past the header's last column
        if len(row) > len(header) or len(row) < max(header.index(c) for c in REQUIRED_COLUMNS if c in header) + 1:
            sep = "tab" if delimiter == "\t" else repr(delimiter)
            findings.append(Finding(
                "glossary.malformed-row", "error",
                f"expected {len(header)} {sep}-separated fields ({', '.join(header)}), found {len(row)}",
                label, start_line))
            continue
        cells: dict[str, str] = {}
        more: dict[str, list[str]] = {}  # the cells of repeated columns (two English columns …)
        for name, value in zip(header, (_clean(c) for c in row)):
            if name not in COLUMNS and keep_unknown and value and not _is_id(name):
                more.setdefault("note", []).append(f"{name}: {value}")
            elif name not in cells:
                cells[name] = value
            elif value:
                more.setdefault(name, []).append(value)
        others = more.get("en", [])
        term = Term(
            zh=cells.get("zh", ""),
            en=cells.get("en", ""),
            variants=split_list(LIST_SEPARATOR.join([cells.get("variants", ""), *more.get("zh", ()), *more.get("variants", ())])),
            forbidden=split_list(LIST_SEPARATOR.join([cells.get("forbidden", ""), *more.get("forbidden", ())])),
            status=cells.get("status", default_status or "").lower(),
            note="; ".join(x for x in (cells.get("note", ""), *more.get("note", ()),
                                       "other English: " + " | ".join(others) if others else "") if x),
            type=cells.get("type", "").lower() or "term",
            file=label,
            line=start_line or 0,
        )
        bad = False
        for name in ("zh", "en"):
            if not getattr(term, name):
                findings.append(Finding("glossary.empty-field", "error", f"empty {name} field", label, start_line))
                bad = True
        if term.status not in STATUSES:
            findings.append(Finding(
                "glossary.unknown-status", "error",
                f"unknown status {term.status!r}; use approved or proposed", label, start_line))
            bad = True
        if term.type not in TYPES:
            findings.append(Finding("glossary.unknown-type", "warning", f"unknown type {term.type!r}; known: {', '.join(TYPES)}", label, start_line))
        if bad:
            continue
        terms.append(term)
    if header is None:
        findings.append(Finding("glossary.malformed-header", "warning", "no header row: the file has no terms", label, None))
    return terms, findings


def _cell(value: str) -> str:
    return re.sub(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", " ", value)


def format_rows(terms, *, delimiter: str = "\t", comment: str | None = None) -> str:
    """Terms as a glossary table with the standard header (TSV, or CSV with ``delimiter=","``)."""
    buf = io.StringIO()
    if comment:
        for line in comment.splitlines():
            buf.write(f"# {line}\n")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for t in terms:
        writer.writerow([
            _cell(t.zh), _cell(t.en),
            LIST_SEPARATOR.join(_cell(v) for v in t.variants),
            LIST_SEPARATOR.join(_cell(v) for v in t.forbidden),
            t.status, t.type, _cell(t.note),
        ])
    return buf.getvalue()


def header_of(text: str, delimiter: str = "\t") -> list[str]:
    """The column names of a glossary table (its first row that is not blank or a comment)."""
    for line in text.removeprefix("\ufeff").split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            return [c.strip().lower() for c in split_row(line.rstrip("\r"), delimiter)]
    return []


def format_row(term: Term, header: list[str], old: list[str] | None = None, *, delimiter: str = "\t") -> str:
    """``term`` as one line of a table whose columns are ``header`` (no line end).

    Columns bipub does not know keep their cells from ``old`` (the row as it was)."""
    known = {
        "zh": _cell(term.zh), "en": _cell(term.en),
        "variants": LIST_SEPARATOR.join(_cell(v) for v in term.variants),
        "forbidden": LIST_SEPARATOR.join(_cell(v) for v in term.forbidden),
        "status": term.status, "type": term.type, "note": _cell(term.note),
    }
    old = old or []
    cells = [known[c] if c in known else (old[i] if i < len(old) else "") for i, c in enumerate(header)]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="", quoting=csv.QUOTE_MINIMAL).writerow(cells)
    return buf.getvalue()
