"""A segment that is only figures (a table-ish line ``2.5%。``) needs no model: its English is
the figures by rule with English punctuation, never the Chinese ``。``."""

from __future__ import annotations

import pytest

from bipub.findings import Reporter
from bipub.model import Block, Document, Section, Segment
from bipub.terms.annotate import annotate
from bipub.text.normalize import segment_key
from bipub.translate.draft import draft


class NoModel:
    name, origin, publishable = "none", "mt", True

    def translate_batch(self, texts):
        raise AssertionError(f"a figure-only segment went to the model: {texts}")

    def signature(self):
        return "none@1"


@pytest.mark.parametrize("zh,en", [
    ("2.5%。", "2.5 percent."),
    ("1—11月，", "January to November,"),
    ("807.9亿元；12.5%。", "80.79 billion yuan; 12.5 percent."),
    ("（2021年12月31日）", "(December 31, 2021)"),
    ("8.4%、7.7%", "8.4 percent, 7.7 percent"),
])
def test_a_figure_only_segment_gets_english_punctuation(zh, en):
    seg = Segment("s1-b1-1", segment_key(zh), zh, line=3)
    doc = annotate(Document("d", "source/d.md", {}, sections=(Section("s1", None, (Block("paragraph", "s1-b1", (seg,)),)),)), None)
    out = draft(doc, NoModel(), cache=None, report=Reporter("source/d.md"))
    assert next(out.segments()).target == en
