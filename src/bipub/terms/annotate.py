"""The annotate stage: glossary terms and numbers, found once per segment.

``annotate(doc, glossary, pair)`` sets ``Segment.spans``: every glossary term
(``Glossary.match``) and every number expression (the pair's number
recognition, ``terms.numbers.find_numbers`` for zh→en) of the source, each a
``model.Span`` with the English it must have.  Every later reader uses these
spans: protection before MT (``translate.protect.mask``), QA's term and number
checks, review notes (:func:`span_notes`) and the build signature
(``report.signature``).

Who owns a character (:func:`claim`): where a term and a number overlap, the
term wins (``“十四五”规划`` as a listed term, a number inside a company name),
except when the number expression contains the whole term and more:
``居中部第一`` is one ranking, “first in central China”, not the place 中部
with a lost “first”.
"""

from __future__ import annotations

import dataclasses

from bipub.model import Document, Segment, Span
from bipub.pair import ZH_EN, LangPair


def claim(text: str, glossary, *, numbers: bool = True, pair: LangPair = ZH_EN) -> tuple[list, list]:
    """The glossary matches and number matches of ``text`` that own their characters (module doc)."""
    terms = glossary.match(text) if glossary is not None else []
    if not numbers:
        return terms, []
    nums = pair.find_numbers(text)
    beaten = set()  # indexes of terms swallowed by a longer number expression
    for n in nums:
        for i, t in enumerate(terms):
            if n.start <= t.start and t.end <= n.end and (n.end - n.start) > (t.end - t.start):
                beaten.add(i)
    terms = [t for i, t in enumerate(terms) if i not in beaten]
    kept = [n for n in nums if not any(n.start < t.end and t.start < n.end for t in terms)]
    return terms, kept


def find_spans(text: str, glossary, *, numbers: bool = True, pair: LangPair = ZH_EN) -> tuple[Span, ...]:
    """The spans of ``text`` in text order: terms (ref: the entry's source text) and numbers (ref: the rule's kind)."""
    terms, nums = claim(text, glossary, numbers=numbers, pair=pair)
    spans = [Span(m.start, m.end, "term", m.term.en, m.term.zh) for m in terms]
    spans += [Span(n.start, n.end, "number", n.english, n.kind) for n in nums]
    spans.sort(key=lambda s: (s.start, s.end))
    return tuple(spans)


def annotate(doc: Document, glossary, pair: LangPair = ZH_EN) -> Document:
    """``doc`` with the spans of every segment set (identical sentences are matched once)."""
    seen: dict[str, tuple[Span, ...]] = {}

    def one(seg: Segment) -> Segment:
        spans = seen.get(seg.source)
        if spans is None:
            spans = seen[seg.source] = find_spans(seg.source, glossary, pair=pair)
        return dataclasses.replace(seg, spans=spans)

    return doc.map_segments(one)


def span_notes(seg: Segment, glossary) -> list[str]:
    """``glossary: 工信 → industry and IT (entry 工业和信息化) — note`` for each distinct term of ``seg``.

    For review exports: what a reviewer needs to know about the terms of the
    sentence, read from the segment's spans (the glossary gives the note)."""
    seen: set[tuple[str, str]] = set()
    notes: list[str] = []
    for span in seg.spans:
        if span.kind != "term" or (span.ref, span.target) in seen:
            continue
        seen.add((span.ref, span.target))
        surface = seg.surface(span)
        text = f"glossary: {surface} → {span.target}"
        if surface != span.ref:
            text += f" (entry {span.ref})"
        term = glossary.lookup(span.ref) if glossary is not None else None
        if term is not None and term.note:
            text += f" — {term.note}"
        notes.append(text)
    return notes
