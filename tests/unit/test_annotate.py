"""The annotate stage: glossary terms and numbers found once per sentence, read by every later stage."""

from __future__ import annotations

from bipub.check.qa import check_segment
from bipub.findings import Reporter
from bipub.model import Block, Document, Section, Segment, Span
from bipub.terms.annotate import annotate, find_spans, span_notes
from bipub.terms.glossary import Glossary
from bipub.terms.model import Term
from bipub.text.normalize import segment_key
from bipub.translate import PseudoEngine
from bipub.translate.draft import draft

GLOSSARY = Glossary([Term("一带一路", "the Belt and Road Initiative", note="official"), Term("湖南", "Hunan")])


class Counting:
    """The glossary, counting how often a stage asks it to match."""

    def __init__(self, glossary):
        self.glossary, self.calls = glossary, 0

    def match(self, text):
        self.calls += 1
        return self.glossary.match(text)

    def lookup(self, text):
        return self.glossary.lookup(text)


def document(*sources: str) -> Document:
    blocks = tuple(Block("paragraph", f"s1-b{n}", (Segment(f"s1-b{n}-1", segment_key(s), s, line=n),), n)
                   for n, s in enumerate(sources, 1))
    return Document("d", "source/d.md", {}, sections=(Section("s1", None, blocks),))


def test_spans_name_the_english_and_where_it_comes_from():
    assert find_spans("湖南共建“一帶一路”，增长8.4%。", GLOSSARY) == (
        Span(0, 2, "term", "Hunan", "湖南"),
        Span(5, 9, "term", "the Belt and Road Initiative", "一带一路"),  # the Traditional form, as written
        Span(13, 17, "number", "8.4 percent", "percent"),
    )


def test_every_stage_after_annotate_reads_the_spans_and_matches_nothing_again():
    glossary = Counting(GLOSSARY)
    doc = annotate(document("湖南推进一带一路建设。", "增长8.4%。", "湖南推进一带一路建设。"), glossary)
    assert glossary.calls == 2  # two distinct sentences; the repeated one is matched once
    report = Reporter("source/d.md")
    doc = draft(doc, PseudoEngine(), cache=None, report=report)
    findings = [f for s in doc.segments() for f in check_segment(s, glossary=glossary, file="source/d.md")]
    notes = [span_notes(s, glossary) for s in doc.segments()]
    assert glossary.calls == 2
    assert all("the Belt and Road Initiative" in s.target for s in doc.segments() if s.spans[-1].kind == "term")
    assert notes[0] == ["glossary: 湖南 → Hunan", "glossary: 一带一路 → the Belt and Road Initiative — official"]
    assert findings == [] and report.findings == []
