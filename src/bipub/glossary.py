"""The project glossary: ``glossary/*.tsv`` loaded, checked and matched.

File format (see ``docs/glossary.md``): UTF-8 TSV, one header row, one term a row.

    zh	en	variants	forbidden	status	type	note

* ``zh``, ``en`` and ``status`` are required columns; the others are optional
  and may come in any order.  ``variants`` and ``forbidden`` hold several values
  separated by ``|``.  ``status`` is ``approved`` or ``proposed``.
* Blank lines and lines starting with ``#`` are skipped.  A cell holding a
  double quote may be quoted the way spreadsheets write TSV (quotes doubled inside a quoted cell).

Matching (``Glossary.match``) compares ``normalize.fold`` forms (full-width →
half-width, Traditional → Simplified, lower case), so ``首臺（套）`` finds
``首台(套)``; listed variants match as their term.  The longest term wins and
matches never overlap; offsets point into the original text.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from bipub.findings import Finding

STATUSES = ("approved", "proposed")
MAX_TERM_LENGTH = 200  # longer "terms" are sentences: reported, not matched
TYPES = (
    "term", "programme", "slogan", "org", "company", "product", "place",
    "event", "person", "publication", "document", "title",
)
COLUMNS = ("zh", "en", "variants", "forbidden", "status", "type", "note")
REQUIRED_COLUMNS = ("zh", "en", "status")
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Term:
    """One glossary row.  ``file``/``line`` say where it was written."""

    zh: str
    en: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()  # English renderings that must not be used
    status: str = "approved"  # "approved" | "proposed"
    note: str = ""
    type: str = "term"
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "(no file)"

    def same_content(self, other: "Term") -> bool:
        """Equal in everything an editor wrote (file and line aside)."""
        return all(getattr(self, k) == getattr(other, k) for k in COLUMNS)


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text; ``start``/``end`` index the ORIGINAL text."""

    start: int
    end: int
    surface: str  # the text as written there (may be a variant or Traditional form)
    term: Term


# ---------------------------------------------------------------- matching

_ASCII_WORD = re.compile(r"[0-9a-z]")
_FAN_OUT = 4  # alternatives per regex group: sre tries alternatives one by one


def _class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def _group(alts: list[tuple[str, str]]) -> str:
    """Alternatives (each starting with a distinct character) as a tree of guarded groups.

    Python's regex engine tries the branches of an alternation one after the
    other; with thousands of terms that is the whole cost.  Grouping them under
    character-class look-aheads turns the scan into a short search tree.
    """
    if len(alts) <= _FAN_OUT:
        return "|".join(r for _, r in alts)
    size = -(-len(alts) // _FAN_OUT)
    return "|".join(
        "(?=" + _class(c for c, _ in alts[i : i + size]) + ")(?:" + _group(alts[i : i + size]) + ")"
        for i in range(0, len(alts), size)
    )


def _trie_regex(keys) -> str:
    """A regex matching any of ``keys``, preferring the longest at each position.

    Built from a character trie so the engine never backtracks over thousands of
    alternatives.  A key that starts (ends) with an ASCII letter or digit only
    matches at a word boundary, so ``360`` is not found in ``1360``.
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict, last: str) -> str:
        alts = [(ch, re.escape(ch) + emit(node[ch], ch)) for ch in sorted(k for k in node if k)]
        body = _group(alts)
        if "" in node:  # a key ends here: the empty alternative comes last (greedy = longest)
            end = r"(?![0-9a-z])" if _ASCII_WORD.match(last) else ""
            return "(?:" + body + "|" + end + ")" if alts else end
        return body if len(alts) == 1 else "(?:" + body + ")"

    alts = [
        (ch, (r"(?<![0-9a-z])" if _ASCII_WORD.match(ch) else "") + re.escape(ch) + emit(trie[ch], ch))
        for ch in sorted(trie)
    ]
    return _group(alts) if alts else r"(?!x)x"


_FOLD_TABLE: dict[int, str] | None = None


def fold_fast(text: str) -> str:
    """``normalize.fold`` computed with one ``str.translate`` (same result, ~10x faster on long text).

    The table is built once from the same OpenCC ``t2s`` conversion ``fold`` uses,
    one character per line so no phrase rule applies.
    """
    global _FOLD_TABLE
    if _FOLD_TABLE is None:
        from bipub import normalize

        table: dict[int, str] = dict(normalize._WIDTH_TABLE)  # full-width forms, quotes, dashes
        chars = [chr(c) for a, b in ((0x2E81, 0xD800), (0xF900, 0xFB00), (0x20000, 0x2FA20)) for c in range(a, b)]
        converted = normalize._converter().convert("\n".join(chars)).split("\n")
        if len(converted) == len(chars):
            for c, o in zip(chars, converted):
                if len(o) == 1 and o != c:
                    table[ord(c)] = o
        else:  # never seen; keep exact behaviour anyway
            table.update({ord(c): normalize.to_simplified_chars(c) for c in chars})
        _FOLD_TABLE = table
    out = text.translate(_FOLD_TABLE).lower()
    if len(out) != len(text):  # a few letters lower-case to two characters (İ): keep them
        out = "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD_TABLE))
    return out


class Glossary:
    """The loaded glossary.  ``match`` is the one entry point stages need.

    The matcher (one regex built from a trie of every folded term and variant)
    is compiled once, when the Glossary is made.
    """

    def __init__(self, terms: tuple[Term, ...] | list[Term] = ()):
        self.terms: tuple[Term, ...] = tuple(terms)
        # folded surface (term or variant) → term; the first approved row wins
        index: dict[str, Term] = {}
        for t in sorted(self.terms, key=lambda t: t.status != "approved"):
            for surface in (t.zh, *t.variants):
                key = fold_fast(surface).strip()
                if key and len(key) <= MAX_TERM_LENGTH:
                    index.setdefault(key, t)
        self._index = index
        # proper prefixes of two or more characters: can a term continue past here?
        self._prefixes = {k[:i] for k in index for i in range(2, len(k))}
        # every two adjacent characters inside some key: a term that crosses the end
        # of a match must contain the two characters on either side of that end
        self._pairs = {k[i : i + 2] for k in index for i in range(len(k) - 1)}
        self._pattern = re.compile(_trie_regex(index))

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self):
        return iter(self.terms)

    def lookup(self, text: str) -> Term | None:
        """The term whose Chinese (or a variant) is ``text`` after folding."""
        return self._index.get(fold_fast(text).strip())

    def match(self, text: str) -> list[TermMatch]:
        """Every glossary term in ``text``: longest first, non-overlapping, in text order.

        ``start``/``end`` index ``text`` itself (folding keeps the length), and
        ``surface`` is the text as written there.
        """
        folded = fold_fast(text)
        index = self._index
        return [TermMatch(s, e, text[s:e], index[folded[s:e]]) for s, e in self._resolve(folded, 0, len(folded))]

    def _resolve(self, folded: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Leftmost-longest scan; then, where a longer term overlaps a match, the longer wins."""
        pat = self._pattern
        prefixes = self._prefixes
        index = self._index
        spans = [m.span() for m in pat.finditer(folded, lo, hi)]
        regions: list[list[int]] = []  # [start, end] of text where matches compete
        pairs = self._pairs
        for s, e in spans:  # does a longer term start inside this match and run past it?
            if folded[e - 1 : e + 1] not in pairs:
                continue
            for p in range(s + 1, e):
                piece = folded[p : e + 1]
                if piece in prefixes or piece in index:
                    r = pat.match(folded, p, hi)
                    if r and r.end() > e and r.end() - p > e - s:
                        if regions and regions[-1][1] > s:
                            regions[-1][1] = max(regions[-1][1], r.end())
                        else:
                            regions.append([s, r.end()])
        if not regions:
            return spans
        out: list[tuple[int, int]] = []
        i = 0
        for a, b in regions:
            while i < len(spans) and spans[i][1] <= a:
                out.append(spans[i])
                i += 1
            # matches overlapping the region join it
            while i < len(spans) and spans[i][0] < b:
                b = max(b, spans[i][1])
                i += 1
            out.extend(self._settle(folded, a, b))
        out.extend(spans[i:])
        return out

    def _settle(self, folded: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Within ``folded[lo:hi]``: take the longest term anywhere, then fill what is left."""
        pat = self._pattern
        best = None
        for p in range(lo, hi):
            r = pat.match(folded, p, hi)
            if r and (best is None or r.end() - r.start() > best[1] - best[0]):
                best = r.span()
        if best is None:
            return []
        s, e = best
        return self._settle(folded, lo, s) + [best] + self._settle(folded, e, hi)


# ---------------------------------------------------------------- damaged text

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HIGH_LATIN1 = re.compile(r"[\u0080-\u00ff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def repair_mojibake(text: str) -> str | None:
    """Chinese that was GBK bytes decoded as Latin-1 (``ÊÓÆµ`` → ``视频``), repaired; else None."""
    if len(_HIGH_LATIN1.findall(text)) < 2 or has_cjk(text):
        return None
    for codec in ("latin-1", "cp1252"):
        try:
            fixed = text.encode(codec).decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if has_cjk(fixed):
            return fixed
    return None


_SPACED_OUT = re.compile(r"(?:[^\s']'){3,}")
_CJK_APOSTROPHE = re.compile(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])'+|'+(?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])")


def repair_apostrophes(text: str) -> str | None:
    """Text with stray apostrophes between its characters (``测'试``, ``H'e'a'd``), repaired; else None.

    Quotation marks in ordinary English (``Click 'Next'``, ``don't``) are left alone.
    """
    if "'" not in text:
        return None
    if has_cjk(text):
        fixed = _CJK_APOSTROPHE.sub("", text)
    elif _SPACED_OUT.search(text):
        fixed = text.replace("'", "")
    else:
        return None
    fixed = re.sub(r"\s+", " ", fixed).strip()
    return fixed if fixed != text else None


def damage_findings(term: Term, where_file: str, where_line: int) -> tuple[Term, list[Finding]]:
    """Repair mojibake and stray apostrophes in a term; repaired terms become ``proposed``."""
    findings: list[Finding] = []
    fields = {"zh": term.zh, "en": term.en}
    for name, value in fields.items():
        fixed = repair_mojibake(value)
        if fixed is not None:
            findings.append(Finding(
                "glossary.mojibake", "warning",
                f"{name} {value!r} is GBK read as Latin-1; repaired to {fixed!r} (imported as proposed)",
                where_file, where_line))
            fields[name] = value = fixed
        fixed = repair_apostrophes(value)
        if fixed is not None:
            findings.append(Finding(
                "glossary.stray-apostrophe", "warning",
                f"{name} {value!r} has stray apostrophes; repaired to {fixed!r} (imported as proposed)",
                where_file, where_line))
            fields[name] = fixed
    if not findings:
        return term, []
    return replace(term, zh=fields["zh"], en=fields["en"], status="proposed"), findings


# ---------------------------------------------------------------- reading TSV


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split(LIST_SEPARATOR) if v.strip())


def _clean(cell: str) -> str:
    return unicodedata.normalize("NFC", cell).strip()


def split_row(line: str, delimiter: str = "\t") -> list[str]:
    """One table line as cells.

    Cells quoted the way spreadsheets save them (quotes doubled inside) are
    unquoted.  Quotes a spreadsheet would not have written (a cell holding no
    quote and no delimiter, or a stray quote typed by hand) are kept as typed.
    """
    if '"' not in line:
        return line.split(delimiter)
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return line.split(delimiter)
    raw = line.split(delimiter)
    if len(raw) != len(cells):
        return cells
    return [r if '"' not in c else c for r, c in zip(raw, cells)]


def read_rows(text: str, label: str, *, delimiter: str = "\t", aliases: dict | None = None,
              default_status: str | None = None) -> tuple[list[Term], list[Finding]]:
    """Parse one glossary table (TSV by default, CSV with ``delimiter=","``).

    Returns the well-formed rows as ``Term`` and a finding for every bad row.
    Rows with an empty ``zh``/``en`` or an unknown status are reported and left out.
    ``aliases`` maps other header names to columns (``{"english": "en"}``);
    with ``default_status`` a table may lack the ``status`` column.
    """
    findings: list[Finding] = []
    terms: list[Term] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    header: list[str] | None = None
    # only \n ends a row: U+2028 and friends inside a cell are text (str.splitlines would split there)
    for start_line, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        row = split_row(line, delimiter)
        if header is None:
            header = [c.strip().lower() for c in row]
            header = [(aliases or {}).get(c, c) for c in header]
            missing = [c for c in REQUIRED_COLUMNS if c not in header and not (c == "status" and default_status)]
            if missing:
                findings.append(Finding(
                    "glossary.malformed-header", "error",
                    f"header row lacks column(s) {', '.join(missing)}; expected a header row naming the columns "
                    f"({', '.join(COLUMNS)})",
                    label, start_line))
                return [], findings
            for c in header:
                if c not in COLUMNS:
                    findings.append(Finding("glossary.unknown-column", "warning", f"unknown column {c!r} is ignored", label, start_line))
            continue
        if len(row) > len(header) or len(row) < max(header.index(c) for c in REQUIRED_COLUMNS if c in header) + 1:
            sep = "tab" if delimiter == "\t" else repr(delimiter)
            findings.append(Finding(
                "glossary.malformed-row", "error",
                f"expected {len(header)} {sep}-separated fields ({', '.join(header)}), found {len(row)}",
                label, start_line))
            continue
        cells = dict(zip(header, (_clean(c) for c in row)))
        term = Term(
            zh=cells.get("zh", ""),
            en=cells.get("en", ""),
            variants=split_list(cells.get("variants", "")),
            forbidden=split_list(cells.get("forbidden", "")),
            status=cells.get("status", default_status or "").lower(),
            note=cells.get("note", ""),
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
            if fold_fast(v) == fold_fast(t.zh):
                out.append(Finding("glossary.redundant-variant", "info", f"variant {v!r} already matches as {t.zh!r} (width and Traditional forms are folded)", t.file, t.line))
    return out


def cross_findings(terms: list[Term]) -> list[Finding]:
    """Checks across rows: two approved renderings, duplicates, a variant claimed twice."""
    out: list[Finding] = []
    by_key: dict[str, Term] = {}
    for t in terms:
        key = fold_fast(t.zh)
        first = by_key.get(key)
        if first is None:
            by_key[key] = t
            continue
        if first.status == t.status == "approved" and first.en != t.en:
            out.append(Finding(
                "glossary.conflicting-rendering", "error",
                f"{t.zh!r} is approved as {t.en!r} here and as {first.en!r} at {first.where}",
                t.file, t.line))
        else:
            out.append(Finding("glossary.duplicate-term", "warning", f"{t.zh!r} is also listed at {first.where}", t.file, t.line))
    owner: dict[str, Term] = {k: t for k, t in by_key.items()}
    for t in terms:
        for v in t.variants:
            key = fold_fast(v)
            other = owner.get(key)
            if other is None:
                owner[key] = t
            elif fold_fast(other.zh) != fold_fast(t.zh):
                out.append(Finding(
                    "glossary.variant-claimed-twice", "error",
                    f"variant {v!r} of {t.zh!r} is also claimed by {other.zh!r} ({other.where})",
                    t.file, t.line))
    return out


def load_glossary(directory: Path, *, label: str | None = None) -> tuple[Glossary, list[Finding]]:
    """Read every ``*.tsv`` in ``directory`` (sorted by name) into one Glossary.

    A missing directory gives an empty glossary.  Findings name files as
    ``<label>/NAME.tsv`` (``label`` defaults to the directory's own name, so a
    project's ``glossary/`` reports ``glossary/NAME.tsv:LINE``).
    """
    directory = Path(directory)
    label = directory.name if label is None else label
    terms: list[Term] = []
    findings: list[Finding] = []
    if not directory.is_dir():
        return Glossary(()), findings
    for path in sorted(directory.glob("*.tsv")):
        name = f"{label}/{path.name}" if label else path.name
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            findings.append(Finding("glossary.encoding", "error", f"not UTF-8 (byte {raw[exc.start]:#04x}); save the file as UTF-8", name, line))
            continue
        rows, found = read_rows(text, name)
        terms.extend(rows)
        findings.extend(found)
    findings.extend(row_findings(terms))
    findings.extend(cross_findings(terms))
    findings.sort(key=lambda f: (f.file or "", f.line or 0))
    return Glossary(tuple(terms)), findings


# ---------------------------------------------------------------- writing TSV


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
