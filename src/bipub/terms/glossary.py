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
import gc
import heapq
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import accumulate, compress, repeat
from operator import contains
from pathlib import Path
from typing import NamedTuple

from bipub.findings import Finding
from bipub.text.normalize import fold, has_chinese

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


class TermMatch(NamedTuple):
    """A glossary term found in a text; ``start``/``end`` index the ORIGINAL text.

    Immutable; compares and hashes by its four fields.
    """

    start: int
    end: int
    surface: str  # the text as written there (may be a variant or Traditional form)
    term: Term


# ---------------------------------------------------------------- matching

_ASCII_WORD = re.compile(r"[0-9a-z]")
_FAN_OUT = 4  # guarded groups per level of the search tree
_LEAF = 32  # alternatives tried one after the other at the bottom of the tree

#: ``normalize.fold``, under the name glossary callers have used
fold_fast = fold


def _class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def _group(alts: list[tuple[str, str]]) -> str:
    """Alternatives (each starting with a distinct character) as a tree of guarded groups.

    Python's regex engine tries the branches of an alternation one after the
    other.  A branch that starts with a literal character is rejected by one
    comparison, so up to ``_LEAF`` of them stay a flat list; larger sets are split
    into ``_FAN_OUT`` groups, each behind a character-class look-ahead, which turns
    the scan into a short search tree.
    """
    if len(alts) <= _LEAF:
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
                key = fold(surface).strip()
                if key and len(key) <= MAX_TERM_LENGTH:
                    index.setdefault(key, t)
        self._index = index
        # every prefix of every key (keys included) → the length of the longest key it begins
        longest: dict[str, int] = {}
        for k in index:
            for i in range(1, len(k) + 1):
                if longest.get(k[:i], 0) < len(k):
                    longest[k[:i]] = len(k)
        self._longest = longest
        nexts: dict[str, set[str]] = {}  # prefix → the characters that continue it
        for stem in longest:
            nexts.setdefault(stem[:-1], set()).add(stem[-1])
        # For a matched key k, the offsets j inside it where another key may start and run
        # past its end (``_reaches``), how far past the end at most (``_overhang``), and
        # where that key may even be longer than k (``_beats``).  ``_beaten_by`` holds the
        # characters after k that can continue such a longer key: a match followed by
        # any other character needs no second look (most matches).
        self._reaches: dict[str, tuple[int, ...]] = {}
        self._overhang: dict[str, int] = {}
        self._beats: dict[str, tuple[int, ...]] = {}
        self._beaten_by: dict[str, frozenset[str]] = {}
        beyond: dict[tuple[str, int], frozenset[str]] = {}  # shared by the many keys ending alike
        for k in index:
            n = len(k)
            reach = tuple(j for j in range(1, n) if longest.get(k[j:], 0) > n - j)
            if not reach:
                continue
            self._reaches[k] = reach
            self._overhang[k] = max(longest[k[j:]] - (n - j) for j in reach)
            beats = tuple(j for j in reach if longest[k[j:]] > n)
            if not beats:
                continue
            self._beats[k] = beats
            sets = []
            for j in beats:
                chars = beyond.get((k[j:], n))
                if chars is None:
                    chars = beyond[k[j:], n] = frozenset(c for c in nexts[k[j:]] if longest[k[j:] + c] > n)
                sets.append(chars)
            self._beaten_by[k] = sets[0] if len(sets) == 1 else frozenset().union(*sets)
        # one capturing group around the trie: ``split`` then yields the matched keys
        self._pattern = re.compile("(" + _trie_regex(index) + ")")

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self):
        return iter(self.terms)

    def lookup(self, text: str) -> Term | None:
        """The term whose Chinese (or a variant) is ``text`` after folding."""
        return self._index.get(fold(text).strip())

    def match(self, text: str) -> list[TermMatch]:
        """Every glossary term in ``text``: longest first, non-overlapping, in text order.

        Of all places where a term (or a variant) occurs after folding, the longest
        is taken first, then the longest that does not overlap it, and so on; of
        two equally long ones the leftmost wins.  ``start``/``end`` index ``text``
        itself (folding keeps the length) and ``surface`` is the text as written there.

        One regex pass finds the leftmost-longest matches; only the few stretches
        where a longer term starts inside a match are settled again in Python.
        On a long text the garbage collector is paused while the matches are made
        (a hundred thousand small objects would otherwise wake it over and over).
        """
        folded = fold(text)
        paused = len(text) > 100_000 and gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._match(text, folded)
        finally:
            if paused:
                gc.enable()

    def _match(self, text: str, folded: str) -> list[TermMatch]:
        pieces = self._pattern.split(folded)  # [gap, key, gap, key, …, gap]
        n = len(pieces) // 2
        if not n:
            return []
        offsets = list(accumulate(map(len, pieces)))  # where each piece ends
        starts = offsets[0 : 2 * n : 2]
        ends = offsets[1 : 2 * n : 2]
        keys = pieces[1::2]
        index = self._index
        # all of this runs inside C: no Python code per match
        found = list(map(tuple.__new__, repeat(TermMatch), zip(
            starts, ends, map(text.__getitem__, map(slice, starts, ends)), map(index.__getitem__, keys))))
        after = map((folded + "\0").__getitem__, ends)  # the character after each match
        beaten_by = map(self._beaten_by.get, keys, repeat(frozenset()))
        seeds = list(compress(range(n), map(contains, beaten_by, after)))
        if not seeds:
            return found
        out: list[TermMatch] = []
        done = 0
        for lo, hi, spans in _Stretches(self, folded, starts, ends, keys).settle(seeds):
            out.extend(found[done:lo])
            out.extend(TermMatch(s, e, text[s:e], index[folded[s:e]]) for s, e in spans)
            done = hi
        out.extend(found[done:])
        return out


class _Stretches:
    """The stretches of one scan where a longer term starts inside a match and runs past it.

    Outside them the scan's leftmost-longest matches are already the answer: any
    other occurrence of a term lies inside a longer match, or starts inside a match
    at least as long, which comes first and wins.  A stretch is grown until it is
    closed under overlap (every occurrence touching it lies inside it), so settling
    it on its own gives the same result as settling the whole text.
    """

    def __init__(self, glossary: Glossary, folded: str, starts: list[int], ends: list[int], keys: list[str]):
        self.g = glossary
        self.folded = folded
        self.starts, self.ends, self.keys = starts, ends, keys
        self._at: dict[int, int] = {}
        self._reach: dict[int, int] = {}

    def longest_at(self, p: int) -> int:
        """The end of the longest term occurrence starting at ``p``; 0 if none."""
        q = self._at.get(p)
        if q is None:
            m = self.g._pattern.match(self.folded, p)
            q = self._at[p] = m.end() if m else 0
        return q

    def reach(self, i: int) -> int:
        """The furthest end of a term occurrence starting inside match ``i`` (at least its own end)."""
        r = self._reach.get(i)
        if r is None:
            s, e = self.starts[i], self.ends[i]
            r = e
            longest, folded = self.g._longest, self.folded
            for j in self.g._reaches.get(self.keys[i], ()):
                if folded[s + j : e + 1] in longest:
                    r = max(r, self.longest_at(s + j))
            self._reach[i] = r
        return r

    def settle(self, seeds: list[int]):
        """Yield ``(lo, hi, spans)``: matches ``lo`` to ``hi - 1`` of the scan become ``spans``."""
        starts, ends, keys, folded = self.starts, self.ends, self.keys, self.folded
        beats, longest, overhang = self.g._beats, self.g._longest, self.g._overhang
        most = max(overhang.values(), default=0)
        n = len(starts)
        last = -1  # the last match already settled
        for i in seeds:
            if i <= last:
                continue
            s, e = starts[i], ends[i]
            for j in beats[keys[i]]:
                if longest.get(folded[s + j : e + 2], 0) > e - s and self.longest_at(s + j) - s - j > e - s:
                    break
            else:
                continue  # no longer term actually follows here
            lo = hi = i
            b = self.reach(i)
            while True:
                while hi + 1 < n and starts[hi + 1] < b:
                    hi += 1
                    b = max(b, self.reach(hi))
                grew = False
                u = lo - 1
                while u > last and ends[u] + most > starts[lo]:
                    if ends[u] + overhang.get(keys[u], 0) > starts[lo] and self.reach(u) > starts[lo]:
                        b = max(b, *(self.reach(t) for t in range(u, lo)))
                        lo = u
                        grew = True
                    u -= 1
                if not (grew and hi + 1 < n and starts[hi + 1] < b):
                    break
            yield lo, hi + 1, self._greedy(lo, hi + 1, starts[lo], b)
            last = hi

    def _greedy(self, lo: int, hi: int, a: int, b: int) -> list[tuple[int, int]]:
        """Within ``folded[a:b]`` (matches ``lo`` to ``hi - 1``): longest first, leftmost on ties.

        Each position offers its longest term; when that one overlaps a term already
        taken, the position offers its longest term that still fits and waits its turn again.
        """
        queue = []
        for t in range(lo, hi):
            s, e = self.starts[t], self.ends[t]
            queue.append((s - e, s, e))
            for p in range(s + 1, e):  # only inside matches do terms start (none in the gaps)
                q = self.longest_at(p)
                if q:
                    queue.append((p - q, p, q))
        heapq.heapify(queue)
        taken = bytearray(b - a)
        spans = []
        while queue:
            _, p, q = heapq.heappop(queue)
            if taken[p - a]:
                continue
            t = taken.find(1, p - a, q - a)
            if t < 0:
                taken[p - a : q - a] = b"\x01" * (q - p)
                spans.append((p, q))
            else:
                q = self._longest_within(p, a + t)
                if q:
                    heapq.heappush(queue, (p - q, p, q))
        spans.sort()
        return spans

    def _longest_within(self, p: int, limit: int) -> int:
        """The end of the longest term occurrence at ``p`` that ends by ``limit``; 0 if none."""
        pat, folded = self.g._pattern, self.folded
        m = pat.match(folded, p, limit)
        # the regex takes ``limit`` for the end of the text: a term ending in a letter
        # or digit there must still stand as a whole word in the real text
        while m and m.end() == limit and _ASCII_WORD.match(folded, limit) and _ASCII_WORD.match(folded, limit - 1):
            limit -= 1
            m = pat.match(folded, p, limit)
        return m.end() if m else 0


# ---------------------------------------------------------------- damaged text

_HIGH_LATIN1 = re.compile(r"[\u0080-\u00ff]")


def repair_mojibake(text: str) -> str | None:
    """Chinese that was GBK bytes decoded as Latin-1 (``ÊÓÆµ`` → ``视频``), repaired; else None."""
    if len(_HIGH_LATIN1.findall(text)) < 2 or has_chinese(text):
        return None
    for codec in ("latin-1", "cp1252"):
        try:
            fixed = text.encode(codec).decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if has_chinese(fixed):
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
    if has_chinese(text):
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
