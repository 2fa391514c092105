"""``qa.number-unread``: every figure of the Chinese is read by a rule or reported.

A figure the number rules cannot read (``12 3456``, ``1,2345``, ``3.4.5``, ``1２%``,
``12．5``) cannot be checked in the English; it is reported with its segment and line
and keeps the edition a draft until a person has checked the English.  Normal text of
the genre never raises it (the real reports below).
"""

from __future__ import annotations

import dataclasses

import pytest

from bipub.check.qa import check_segment
from bipub.gate import assess
from bipub.model import Block, Document, Section, Segment
from bipub.terms.annotate import find_spans
from bipub.terms.numbers import find_numbers
from bipub.text.segment import split_zh
from paths import CORPUS, SEED_RAW


def checked(zh: str, en: str, origin: str = "mt", state: str | None = None):
    seg = Segment("s2-b1-1", "k", zh, en, origin, state, line=12)
    return check_segment(dataclasses.replace(seg, spans=find_spans(zh, None)), glossary=None, file="source/r.md")


@pytest.mark.parametrize("zh,shown", [
    ("全年粮食产量12 3456万吨。", "“12 3456”"),        # a stray space inside a figure
    ("增长3.4.5个百分点。", "“3.4.5”"),               # two decimal points: no piece of it is read
    ("生猪出栏 6286.9 1.9", "“6286.9 1.9”"),          # two table cells set too close
    ("增长1２%，", "“1２”"),                          # digits of both widths
    ("投资1.2万 亿元。", "“1.2万 亿”"),                 # 万 split from 亿: not 1.2万 (12,000)
])
def test_an_unreadable_figure_is_reported_whole_with_segment_and_line(zh, shown):
    found = [f for f in checked(zh, "Output grew.") if f.code == "qa.number-unread"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert shown in found[0].message
    assert (found[0].file, found[0].line, found[0].segment) == ("source/r.md", 12, "s2-b1-1")


def test_no_part_of_an_unreadable_figure_is_read_as_a_number():
    assert find_numbers("增长3.4.5个百分点") == []          # not "3.4"
    assert find_numbers("生猪出栏 6286.9 1.9") == []        # not "6286"
    assert find_numbers("增长12．5%") == []                  # ASCII digits with a full-width point
    assert [m.english for m in find_numbers("增长１２．５％")] == ["12.5 percent"]  # one width: read


def test_it_blocks_the_gate_until_a_person_has_checked_the_english():
    zh = "产量1,2345吨。"
    machine = checked(zh, "Output was 1,2345 tonnes.")
    reviewed = checked(zh, "Output was 1,2345 tonnes.", origin="memory", state="reviewed")
    assert [(f.code, f.severity) for f in machine] == [("qa.number-unread", "warning")]
    assert [(f.code, f.severity) for f in reviewed] == [("qa.number-unread", "info")]
    seg = Segment("s1-b1-1", "k", zh, "Output.", "memory", "reviewed", 1)
    doc = Document("d", "source/d.md", {}, sections=(Section("s1", None, (Block("paragraph", "s1-b1", (seg,)),)),))
    assert [r.code for r in assess(doc, machine).reasons] == ["checks"]
    assert assess(doc, reviewed).publishable


REAL = [CORPUS / "gwr_2024.zh.txt", CORPUS / "gwr_2025.zh.txt", SEED_RAW]


@pytest.mark.skipif(not all(p.exists() for p in REAL), reason="shared corpus not present")
def test_the_figures_of_real_reports_are_all_read():
    """Two Government Work Reports, the seed feature and a GB2312 press release: thousands of
    figures, none unread (a false alarm on normal text would be a defect too) but the press release's
    three split from their magnitude by a space (``1 亿美元``): the rules read them as 1, 150 and 17."""
    texts = [p.read_text(encoding="utf-8") for p in REAL]
    texts.append((CORPUS / "legacy_gb2312_acnnewswire_2005.txt").read_bytes().decode("gb18030"))
    segments = [s for t in texts for line in t.splitlines() for s in split_zh(line)]
    assert len(segments) > 1000
    unread = [f.message.split("”")[0] for s in segments for f in checked(s, "English.") if f.code == "qa.number-unread"]
    assert unread == ["figure “1 亿", "figure “150 万", "figure “17 万"]
