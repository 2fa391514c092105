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
    digits = rf"(?P<{group}>\d{{1,3}})" if group else r"\d{1,3}"
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
    for sp in spans:
        counters[sp.kind] += 1
        token = f"{pair[0] if sp.kind == 'term' else pair[1]}{counters[sp.kind]}"
        items.append(Item(token, text[sp.start:sp.end], sp))
        out.append(text[prev:sp.start])
        # a space between the token and a word character (Chinese included), none next to punctuation
        before = "".join(out)
        left = " " if before[-1:].isalnum() else ""
        right = " " if text[sp.end:sp.end + 1].isalnum() or sp.end in starts else ""
        out.append(f"{left}{token}{right}")
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
    garbled: list[str] = []
    for start, end, pre, written in unknown:
        garbled.append(written)
        same_kind = [it for it in missing if it.token.upper().startswith(pre)]
        if same_kind:  # a garbled number for a lost item of the same kind: the nearest one by position
            rel = start / max(1, len(translation))
            candidate = min(same_kind, key=lambda it: abs(_source_fraction(p, it) - rel))
            missing.remove(candidate)
            edits.append([start, end, candidate])
        else:
            edits.append([start, end, None])

    lost = tuple(missing)
    anchors = [(_source_fraction(p, item), start) for start, _end, item in edits if item is not None]
    for item in lost:
        pos = _insertion_point(translation, p, item, edits, anchors)
        edits.append([pos, pos, item])

    text = _apply(translation, edits)
    return RestoreReport(text, lost, tuple(duplicated), tuple(garbled))


def _source_fraction(p: Protected, item: Item) -> float:
    """Where ``item`` sits in the masked source, 0.0 (start) … 1.0 (end)."""
    at = re.search(rf"(?<![A-Z]){item.token}(?!\d)", p.masked)
    mid = at.start() + len(item.token) / 2 if at else len(p.masked)
    return mid / max(1, len(p.masked))


def _insertion_point(translation: str, p: Protected, item: Item, edits, anchors) -> int:
    """The word boundary where a lost item's English goes.

    The item's position in the masked source is interpolated between the
    nearest surviving items before and after it (and the two ends of the
    text), then moved to the nearest word boundary.  Near the end of the
    source it goes before the final punctuation.
    """
    body_end = len(translation.rstrip())
    while body_end > 0 and translation[body_end - 1] in ".!?;:。！？\"'”’)]":
        body_end -= 1
    frac = _source_fraction(p, item)
    at = re.search(rf"(?<![A-Z]){item.token}(?!\d)", p.masked)
    if at is None or not any(ch.isalnum() for ch in p.masked[at.end():]):
        return body_end  # nothing but punctuation after it in the source
    points = sorted([(0.0, 0), (1.0, body_end), *anchors])
    left = max((a for a in points if a[0] <= frac), key=lambda a: a[0])
    right = min((a for a in points if a[0] > frac), key=lambda a: a[0], default=(1.0, body_end))
    span = right[0] - left[0]
    target = left[1] + (right[1] - left[1]) * ((frac - left[0]) / span if span else 0.0)
    boundaries = [0] + [m.start() for m in re.finditer(r"\s", translation[:body_end])] + [body_end]
    # never inside another token we are replacing
    boundaries = [b for b in boundaries if not any(s < b < e for s, e, _ in edits)]
    return min(boundaries, key=lambda b: (abs(b - target), b))


_SENTENCE_START = re.compile(r"""(?:^|[.!?。！？]["'”’)\]]*\s+)$""")


def _apply(translation: str, edits) -> str:
    out = translation
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for start, end, item in (edits[i] for i in order):
        before, after = out[:start], out[end:]
        if item is None:
            out = before.rstrip(" ") + (" " if before.strip() and after[:1] not in ",.;:!?)" else "") + after.lstrip(" ")
            continue
        english = item.english
        if re.match(r"the\s", english, re.IGNORECASE) and re.search(r"\bthe\s*$", before, re.IGNORECASE):
            english = english[4:].lstrip()  # "the ZT1" + "the Belt and Road Initiative"
        if _SENTENCE_START.search(before) and english[:1].islower():
            english = english[0].upper() + english[1:]
        left = "" if not before or before[-1] in " ([“\"'‘-/$" else " "
        right = "" if not after or after[0] in " ,.;:!?)]”\"'’%-/" else " "
        out = before + left + english + right + after
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r" +([,.;:!?)\]])", r"\1", out)
    return out.strip()

