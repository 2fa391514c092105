"""Protect glossary terms and Chinese numbers through machine translation.

Before MT, ``mask`` replaces every glossary term and every number of a
Chinese segment (its spans, found once by the annotate stage,
``terms.annotate``) by a *placeholder token*; after MT, ``restore`` puts each
item's approved English where the model left its token.  The model never sees
the Chinese of a protected item, so it cannot mistranslate it.

Placeholders
------------
A term becomes ``ZT1``, ``ZT2`` …, a number ``ZN1``, ``ZN2`` … (numbered in
text order, one token per occurrence), set off by a space from a neighbouring
word character but not from punctuation::

    推进一带一路建设，增长5.2%。  →  推进 ZT1 建设，增长 ZN1。

Why this shape: the tokens are plain upper-case ASCII letters and digits, so
SentencePiece encodes and decodes them unchanged (no ``_``, which the Argos
tokenizer turns into a space; no symbols a 65k zh/en vocabulary lacks), and a
zh→en model copies such Latin "model numbers" into its output the way it
copies ``5G`` or ``GDP``.  ``Z`` followed by ``T``/``N`` and digits is not an
English word, so a token in the output is never confused with real text.  If a
source segment already contains something that looks like a token, another
letter pair (``QT``/``QN``, then ``XT``/``XN`` …) is used for that segment.

Matching in the output is tolerant: case, a space or hyphen inside the token
(``zt1``, ``ZT 1``, ``Z-T1``) are accepted.

Recovery rule
-------------
* A token the model copied more than once keeps its first occurrence; an extra
  copy stands in for a lost item with the same English (the same term twice),
  else it is deleted.
* A token with an unknown number (garbled: ``ZT7`` when there is no item 7) is
  taken as the lost item of the same kind, in order, when one is lost; else it
  is deleted.
* An item whose token is gone (lost) is **inserted at its relative position**:
  the item sat at fraction *f* of the masked Chinese, so its English goes to the
  word boundary nearest to fraction *f* of the English — interpolated between
  the items the model did keep — or before the final full stop when only
  punctuation follows the item in the source.  ``restore`` returns these lost items so the
  caller can record ``mt.term-lost`` / ``mt.number-lost`` for an editor.

Which of an overlapping term and number owns the characters is the annotate
stage's rule (``terms.annotate.claim``).  A glossary term with status
``proposed`` is protected too: it is the best rendering the team has; QA notes it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from bipub.model import Span
from bipub.text.normalize import fold_width

#: bump when the masking scheme changes: cached raw MT output is keyed by it
SCHEME = "protect-v1"

#: letter pairs for (term, number) tokens, tried in order (see module doc)
_PREFIXES = (("ZT", "ZN"), ("QT", "QN"), ("XT", "XN"), ("KT", "KN"))



@dataclass(frozen=True)
class Item:
    """A span of the source (``model.Span``) and the token that stands for it in ``masked``."""

    token: str  # e.g. "ZT1"
    surface: str  # the Chinese as written in the source
    span: Span

    @property
    def english(self) -> str:
        """What the English must say: the approved rendering, or the number rule's output."""
        return self.span.target

    @property
    def kind(self) -> str:
        return self.span.kind


@dataclass(frozen=True)
class Protected:
    """A segment ready for MT: ``masked`` is what the engine gets."""

    source: str
    masked: str
    items: tuple[Item, ...]

    @property
    def term_renderings(self) -> list[str]:
        """The English of every protected term, in text order (part of the cache key)."""
        return [it.english for it in self.items if it.kind == "term"]


def _token_pattern(prefix: str, group: str | None = None) -> str:
    """Regex for the tokens of ``prefix`` (``"ZT"``) as a model may write them back."""
    a, b = prefix
    digits = rf"(?P<{group}>\d{{1,6}})" if group else r"\d{1,6}"
    return rf"(?<![A-Za-z]){a}[\s\-]?{b}[\s\-]?{digits}(?!\d)"


def _looks_like_tokens(text: str, pair: tuple[str, str]) -> bool:
    return any(re.search(_token_pattern(p), text, re.IGNORECASE) for p in pair)


def mask(text: str, spans) -> Protected:
    """``text`` with every span (``model.Span``, from the annotate stage) replaced by its token."""
    if not spans:
        return Protected(text, text, ())
    pair = next((p for p in _PREFIXES if not _looks_like_tokens(text, p)), _PREFIXES[0])
    counters = {"term": 0, "number": 0}
    starts = {sp.start for sp in spans}  # two tokens side by side get a space between them
    items: list[Item] = []
    out: list[str] = []
    prev = 0
    last = ""  # the last character written so far
    for sp in spans:
        counters[sp.kind] += 1
        token = f"{pair[0] if sp.kind == 'term' else pair[1]}{counters[sp.kind]}"
        items.append(Item(token, text[sp.start:sp.end], sp))
        gap = text[prev:sp.start]
        out.append(gap)
        last = gap[-1:] or last
        # a space between the token and a word character (Chinese included), none next to punctuation
        left = " " if last.isalnum() else ""
        right = " " if text[sp.end:sp.end + 1].isalnum() or sp.end in starts else ""
        out.append(f"{left}{token}{right}")
        last = out[-1][-1]
        prev = sp.end
    out.append(text[prev:])
    masked = "".join(out)
    return Protected(text, masked, tuple(items))


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class RestoreReport:
    """Everything ``restore`` noticed; ``restore`` itself returns ``(text, lost)``."""

    text: str
    lost: tuple[Item, ...]  # inserted by the relative-position rule
    duplicated: tuple[Item, ...]  # copied more than once; extra copies deleted
    garbled: tuple[str, ...]  # tokens with an unknown number, as the model wrote them


def restore(translation: str, p: Protected) -> tuple[str, list[Item]]:
    """The English with every item's English in place, and the items the model lost.

    Lost items are already inserted (see the recovery rule in the module doc);
    the list tells the caller which ones to report.
    """
    r = restore_report(translation, p)
    return r.text, list(r.lost)


def restore_report(translation: str, p: Protected) -> RestoreReport:
    """``restore`` with the details: lost, duplicated and garbled tokens."""
    if not p.items:
        return RestoreReport(translation, (), (), ())
    by_token = {it.token.upper(): it for it in p.items}
    prefixes = {re.match(r"[A-Z]+", it.token).group(0) for it in p.items}
    pattern = re.compile("|".join(_token_pattern(pre, pre) for pre in sorted(prefixes)), re.IGNORECASE)

    # edits on the translation: (start, end, item or None); the search runs on the
    # width-folded text (same length), so a full-width ＺＴ１ is found too
    seen: set[str] = set()
    edits: list[list] = []
    duplicated: list[Item] = []
    dup_spans: list[tuple[int, int, Item]] = []
    unknown: list[tuple[int, int, str, str]] = []  # start, end, prefix, as written
    for m in pattern.finditer(fold_width(translation)):
        pre, num = next((k, v) for k, v in m.groupdict().items() if v is not None)
        token = f"{pre}{int(num)}"
        item = by_token.get(token)
        if item is None:
            unknown.append((m.start(), m.end(), pre, translation[m.start():m.end()]))
        elif token in seen:
            dup_spans.append((m.start(), m.end(), item))
        else:
            seen.add(token)
            edits.append([m.start(), m.end(), item])

    missing = [it for it in p.items if it.token.upper() not in seen]
    if not translation.strip():  # nothing to put the items into: QA reports the empty output
        return RestoreReport("", tuple(missing), (), ())
    for start, end, item in dup_spans:
        # ZT1 written twice while ZT3, the same term again, is lost: the copy is ZT3
        twin = next((it for it in missing if it.english == item.english and it.kind == item.kind), None)
        if twin is not None:
            missing.remove(twin)
            edits.append([start, end, twin])
        else:
            duplicated.append(item)
            edits.append([start, end, None])
    where = _token_positions(p.masked)
    fraction = {it.token: _fraction(p, it, where) for it in p.items}
    garbled: list[str] = []
    for start, end, pre, written in unknown:
        garbled.append(written)
        same_kind = [it for it in missing if it.token.upper().startswith(pre)]
        if same_kind:  # a garbled number for a lost item of the same kind: the nearest one by position
            rel = start / max(1, len(translation))
            candidate = min(same_kind, key=lambda it: abs(fraction[it.token] - rel))
            missing.remove(candidate)
            edits.append([start, end, candidate])
        else:
            edits.append([start, end, None])

    lost = tuple(missing)
    anchors = [(fraction[item.token], start) for start, _end, item in edits if item is not None]
    place = _Placer(translation, p.masked, anchors, edits) if lost else None
    for item in lost:
        pos = place(where.get(item.token), fraction[item.token])
        edits.append([pos, pos, item])

    text = _apply(translation, edits)
    return RestoreReport(text, lost, tuple(duplicated), tuple(garbled))


def _token_positions(masked: str) -> dict[str, re.Match]:
    """The first occurrence of every token-shaped word of ``masked``, found in one pass."""
    where: dict[str, re.Match] = {}
    for m in re.finditer(r"(?<![A-Z])[A-Z]{2}\d+", masked):
        where.setdefault(m.group(0), m)
    return where


def _fraction(p: Protected, item: Item, where) -> float:
    """Where ``item`` sits in the masked source, 0.0 (start) … 1.0 (end)."""
    at = where.get(item.token)
    mid = at.start() + len(item.token) / 2 if at else len(p.masked)
    return mid / max(1, len(p.masked))


class _Placer:
    """Finds the word boundary where a lost item's English goes (``__call__``).

    The item's position in the masked source is interpolated between the
    nearest surviving items before and after it (and the two ends of the
    text), then moved to the nearest word boundary.  Near the end of the
    source it goes before the final punctuation.  Boundaries and anchors are
    computed once per segment and searched by bisection, so restoring *k*
    lost items in a text of length *n* costs O(n + k log n).
    """

    def __init__(self, translation: str, masked: str, anchors, edits):
        self.last_word = next((i for i in range(len(masked) - 1, -1, -1) if masked[i].isalnum()), -1)
        body_end = len(translation.rstrip())
        while body_end > 0 and translation[body_end - 1] in ".!?;:。！？\"'”’)]":
            body_end -= 1
        self.body_end = body_end
        self.points = sorted([(0.0, 0), (1.0, body_end), *anchors])
        self.fracs = [a[0] for a in self.points]
        boundaries = [0] + [m.start() for m in re.finditer(r"\s", translation[:body_end])] + [body_end]
        # never inside another token we are replacing (edits are disjoint matches: sweep them in order)
        inside = sorted((s, e) for s, e, _ in edits if e - s > 1)
        kept, j = [], 0
        for b in boundaries:
            while j < len(inside) and inside[j][1] <= b:
                j += 1
            if not (j < len(inside) and inside[j][0] < b < inside[j][1]):
                kept.append(b)
        self.boundaries = kept

    def __call__(self, at: re.Match | None, frac: float) -> int:
        """The boundary for an item found at ``at`` in the masked source (fraction ``frac``)."""
        if at is None or at.end() > self.last_word:
            return self.body_end  # nothing but punctuation after it in the source
        fracs, points = self.fracs, self.points
        i = bisect_right(fracs, frac)
        left = points[bisect_left(fracs, fracs[i - 1])]
        right = points[i] if i < len(points) else (1.0, self.body_end)
        span = right[0] - left[0]
        target = left[1] + (right[1] - left[1]) * ((frac - left[0]) / span if span else 0.0)
        b = self.boundaries
        k = bisect_left(b, target)
        near = [b[j] for j in (k - 1, k) if 0 <= j < len(b)]
        return min(near, key=lambda x: (abs(x - target), x))


_SENTENCE_START = re.compile(r"""(?:^|[.!?。！？]["'”’)\]]*\s+)$""")


def _apply(translation: str, edits) -> str:
    """``translation`` with every edit made, right to left, in one pass.

    The text is kept as an untouched prefix ``base[:cur]`` and the finished
    pieces after it (``tail``, right to left), so an edit looks only at the
    few characters around it and the whole restore is linear in the length.
    """
    base = translation
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    tail: list[str] = []  # the text after base[:cur], its pieces right to left
    cur = len(base)
    first_word = _first_nonspace(base)
    for start, end, item in (edits[i] for i in order):
        if end > cur:  # the edit reaches into text already rewritten (spaces a deletion took): rebase
            base, tail = base[:cur] + "".join(reversed(tail)), []
            cur, first_word = len(base), _first_nonspace(base)
            start, end = min(start, cur), min(end, cur)  # positions past the shortened text: its end
        tail.append(base[end:cur])
        nxt = _first_char(tail)
        if item is None:
            keep = start - _run_back(base, start, " ")
            _lstrip_spaces(tail)
            tail.append(" " if first_word < start and nxt not in ",.;:!?)" else "")
            cur = keep
            continue
        before = _tail_window(base, start)
        english = item.english
        if re.match(r"the\s", english, re.IGNORECASE) and re.search(r"\bthe\s*$", before, re.IGNORECASE):
            english = english[4:].lstrip()  # "the ZT1" + "the Belt and Road Initiative"
        if _SENTENCE_START.search(before) and english[:1].islower():
            english = english[0].upper() + english[1:]
        left = "" if not start or base[start - 1] in " ([“\"'‘-/$" else " "
        right = "" if not nxt or nxt in " ,.;:!?)]”\"'’%-/" else " "
        tail.append(left + english + right)
        cur = start
    out = base[:cur] + "".join(reversed(tail))
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r" +([,.;:!?)\]])", r"\1", out)
    return out.strip()


def _first_nonspace(text: str) -> int:
    m = re.search(r"\S", text)
    return m.start() if m else len(text)


def _run_back(text: str, end: int, chars: str | None) -> int:
    """How many characters before ``end`` are in ``chars`` (``None``: any but a letter, digit or full stop)."""
    i = end
    while i > 0 and (text[i - 1] in chars if chars is not None else not (text[i - 1].isalnum() or text[i - 1] in ".!?。！？")):
        i -= 1
    return end - i


def _tail_window(text: str, end: int) -> str:
    """The end of ``text[:end]``: enough for the end-anchored patterns of ``_apply`` to match as on the whole."""
    return text[max(0, end - _run_back(text, end, None) - 8):end]


def _first_char(tail: list[str]) -> str:
    return next((piece[0] for piece in reversed(tail) if piece), "")


def _lstrip_spaces(tail: list[str]) -> None:
    while tail:
        piece = tail.pop().lstrip(" ")
        if piece:
            tail.append(piece)
            return
