"""QA checks: one table row per case, passing and failing, for every check.

A row reads: check, Chinese, English → the finding codes expected (``[]`` = passes).
"""

from __future__ import annotations

import dataclasses

from pathlib import Path

import pytest

from bipub.terms.glossary import Glossary, Term
from bipub.model import Segment
from bipub.check.figures import number_anchors
from bipub.check.qa import CHECKS, check_segment, make_context, repeated_runs
from bipub.terms.annotate import find_spans
from paths import CORPUS

def annotated(seg: Segment, glossary) -> Segment:
    """The segment as QA gets it: terms and numbers annotated (the annotate stage)."""
    return dataclasses.replace(seg, spans=find_spans(seg.source, glossary))


def checked(seg: Segment, glossary, file: str):
    return check_segment(annotated(seg, glossary), glossary=glossary, file=file)


GLOSSARY = Glossary([
    Term("一带一路", "the Belt and Road Initiative", forbidden=("One Belt One Road", "Belt and Road")),
    Term("高质量发展", "high-quality development"),
    Term("首台（套）", "first-of-its-kind equipment", status="proposed"),
    Term("双碳", "carbon peaking and carbon neutrality by 2030 and 2060"),
])

LONG_ZH = "全省规模以上工业企业利润总额持续增长，产业结构不断优化升级。"  # 29 Chinese characters
LONG_EN = "Profits of industrial enterprises above designated size kept growing and the industrial structure improved."

CASES = [
    # --- qa.empty
    ("check_empty", "能源资源供应稳定。", "Energy supply is stable.", []),
    ("check_empty", "能源资源供应稳定。", "  ", ["qa.empty"]),
    # --- qa.term-missing
    ("check_term_missing", "推进一带一路建设。", "We will advance the Belt and Road Initiative.", []),
    ("check_term_missing", "推进一带一路建设。", "Advance Belt and Road Initiative cooperation.", []),  # article optional
    ("check_term_missing", "推动高质量发展。", "Promote High-Quality Development.", []),  # case, hyphen
    ("check_term_missing", "推动高质量发展。", "Promote high quality development.", []),  # hyphen as space
    ("check_term_missing", "推进一带一路建设。", "We will advance the Silk Road project.", ["qa.term-missing"]),
    ("check_term_missing", "推动高质量发展。", "Promote quality growth.", ["qa.term-missing"]),
    # --- qa.term-forbidden
    ("check_term_forbidden", "推进一带一路建设。", "Advance the Belt and Road Initiative.", []),  # contains a forbidden string
    ("check_term_forbidden", "推进一带一路建设。", "Advance One Belt One Road.", ["qa.term-forbidden"]),
    ("check_term_forbidden", "推进一带一路建设。", "Advance the Belt and Road.", ["qa.term-forbidden"]),
    ("check_term_forbidden", "能源资源供应稳定。", "One Belt One Road.", []),  # the term is not in the source
    # --- qa.term-proposed (info)
    ("check_term_proposed", "首台（套）产品。", "First-of-its-kind equipment products.", ["qa.term-proposed"]),
    ("check_term_proposed", "推进一带一路建设。", "Advance the Belt and Road Initiative.", []),
    # --- qa.number-missing
    ("check_number_missing", "增长8.4%。", "Grew by 8.4 percent.", []),
    ("check_number_missing", "增长8.4%。", "Grew by 8.4%.", []),
    ("check_number_missing", "增长8.4%。", "Grew by 8.4 per cent.", []),
    ("check_number_missing", "增长8.4%。", "Grew by 8.5 percent.", ["qa.number-missing"]),
    ("check_number_missing", "增长8.4%。", "Grew by 84 percent.", ["qa.number-missing"]),
    ("check_number_missing", "2021年12月31日", "December 31, 2021", []),
    ("check_number_missing", "2021年12月31日", "31 December 2021", []),  # other date order
    ("check_number_missing", "2021年12月31日", "December 31, 2012", ["qa.number-missing"]),
    ("check_number_missing", "投资1.148万亿元。", "Investment was 1.148 trillion yuan.", []),
    ("check_number_missing", "投资1.148万亿元。", "Investment was RMB 1.148 trillion.", []),  # unit moved
    ("check_number_missing", "投资1.148万亿元。", "Investment was 1.148 billion yuan.", ["qa.number-missing"]),
    ("check_number_missing", "新增12000个岗位。", "12,000 new jobs.", []),
    ("check_number_missing", "新增12000个岗位。", "12000 new jobs.", []),
    ("check_number_missing", "连续三年增长。", "Three years of growth in a row.", []),
    ("check_number_missing", "连续三年增长。", "3 years of growth in a row.", []),  # digits for a small number
    ("check_number_missing", "连续三年增长。", "Years of growth in a row.", ["qa.number-missing"]),
    ("check_number_missing", "第十四届全国人大", "The Fourteenth National People's Congress", []),
    ("check_number_missing", "“十四五”规划开局。", "The 14th Five-Year Plan got off to a good start.", []),
    # --- qa.number-extra: every figure in digits in the English comes from the source
    ("check_number_extra", "2021年全省生产总值增长7.7%。", "In 2021 the province's GDP grew by 7.7 percent.", []),
    ("check_number_extra", "全省生产总值增长7.7%。", "In 2019 the province's GDP grew by 7.7 percent.", ["qa.number-extra"]),
    ("check_number_extra", "从北极到南极。", "In 2019, from the Arctic to the Antarctic, 37 …", ["qa.number-extra"]),
    ("check_number_extra", "新增12000个岗位。", "12,000 new jobs.", []),  # thousands separator
    ("check_number_extra", "新增12000个岗位。", "12,500 new jobs.", ["qa.number-extra"]),
    ("check_number_extra", "投资1.148万亿元。", "Investment was RMB 1.148 trillion.", []),
    ("check_number_extra", "增长8.4%。", "Grew by 8.4% and 3.2%.", ["qa.number-extra"]),  # an extra percentage
    ("check_number_extra", "综合实力居全国第一。", "Its overall strength ranks No. 1 in the country.", []),
    ("check_number_extra", "第十四届全国人大", "The 14th National People's Congress", []),  # ordinal
    ("check_number_extra", "“十四五”规划开局。", "The 14th Five-Year Plan got off to a good start.", []),
    ("check_number_extra", "“十四五”规划开局。", "The 15th Five-Year Plan got off to a good start.", ["qa.number-extra"]),
    ("check_number_extra", "2021—2025年", "2021–2025", []),  # a range: both ends
    ("check_number_extra", "2021—2025年", "2021–2026", ["qa.number-extra"]),
    ("check_number_extra", "建成5G基站1.2万个。", "12,000 5G base stations were built.", []),
    ("check_number_extra", "构建“1+2+N”产业体系。", "Build the “1+2+N” industrial system.", []),  # a code in digits
    ("check_number_extra", "融入G60科创走廊。", "Join the G60 Science and Technology Innovation Corridor.", []),
    ("check_number_extra", "实现双碳目标。", "Meet the goals of carbon peaking and carbon neutrality by 2030 and 2060.", []),  # the term's English
    ("check_number_extra", "先进制造业百强市", "top 100 cities for advanced manufacturing", []),  # Chinese numeral
    ("check_number_extra", "超万吨级塔机", "a tower crane rated at over 10,000 tonne-meters", []),
    ("check_number_extra", "连续三年增长。", "3 years of growth in a row.", []),
    ("check_number_extra", "连续三年增长。", "4 years of growth in a row.", ["qa.number-extra"]),
    # a figure spelled out in words (3 to 20, cardinal or ordinal) must come from the source too
    ("check_number_extra", "能源资源供应稳定。", "Energy supply is stable in three regions.", ["qa.number-extra"]),
    ("check_number_extra", "居民人均可支配收入增长5.5%。", "Income grew 5.5 percent, ranking fourth nationally.",
     ["qa.number-extra"]),
    ("check_number_extra", "全年新开工项目。", "Work began on twelve projects.", ["qa.number-extra"]),
    ("check_number_extra", "连续三年增长。", "Three years of growth in a row.", []),  # 三 in the source
    ("check_number_extra", "高技术制造业占比达到三分之一。", "High-tech manufacturing reached one-third.", []),
    ("check_number_extra", "第十四届全国人大", "The Fourteenth National People's Congress", []),
    ("check_number_extra", "“十四五”规划开局。", "The 14th Five-Year Plan got off to a good start.", []),
    ("check_number_extra", "第二个百年奋斗目标", "the Second Centenary Goal, one of two", []),  # one, two, first, second: not checked
    ("check_number_extra", "千村示范、万村整治", "Thousand Villages Demonstration, Ten Thousand Villages Renovation", []),
    ("check_number_extra", "新增3万个岗位。", "Thirty thousand new jobs.", []),  # a scale word multiplies
    ("check_number_extra", "新增3万个岗位。", "Three thousand new jobs.", ["qa.number-extra"]),
    # --- qa.number-unread: a figure no rule reads is reported, never left unchecked
    ("check_number_unread", "粮食产量70650.0万吨。", "Grain output was 706.5 million tonnes.", []),  # read by a rule
    ("check_number_unread", "产量12 3456吨。", "Output was 123,456 tonnes.", ["qa.number-unread"]),  # stray space
    ("check_number_unread", "产量12 345吨。", "Output was 12,345 tonnes.", []),  # a thousands group, read
    ("check_number_unread", "产量1,2345吨。", "Output was 12,345 tonnes.", ["qa.number-unread"]),  # not a group of three
    ("check_number_unread", "增长3.4.5个百分点。", "Up 3.45 points.", ["qa.number-unread"]),  # two points
    ("check_number_unread", "增长1２%。", "Up 12 percent.", ["qa.number-unread"]),  # mixed digit widths
    ("check_number_unread", "增长12．5%。", "Up 12.5 percent.", ["qa.number-unread"]),  # full-width point, ASCII digits
    ("check_number_unread", "增长１２．５％。", "Up 12.5 percent.", []),  # all full-width: read
    ("check_number_unread", "增长12.5％。", "Up 12.5 percent.", []),  # ASCII digits, full-width percent: usual
    ("check_number_unread", "生猪出栏 6286.9 1.9", "Hogs slaughtered 6286.9 1.9", ["qa.number-unread"]),  # two cells fused
    # a figure split by a space from its magnitude or its decimals reads as another figure: 75.3 instead of 75.3万
    ("check_number_unread", "城镇新增就业75.3 万人。", "75.3 new urban jobs.", ["qa.number-unread"]),
    ("check_number_unread", "城镇调查失业率5. 2%左右。", "The surveyed unemployment rate was about 5. 2 percent.",
     ["qa.number-unread"]),
    ("check_number_unread", "粮食产量3 078.1万吨。", "Grain output was 30.781 million tonnes.", []),  # a thousands group
    ("check_number_unread", "国产大飞机C919投入商业运营。", "The C919 airliner entered commercial service.", []),
    ("check_number_unread", "国产大飞机C919投入商业运营。", "The C-919 airliner entered service.", ["qa.number-missing"]),
    ("check_number_unread", "细颗粒物（PM2.5）浓度下降。", "Fine particulate matter (PM2.5) fell.", []),
    ("check_number_unread", "表1 2023年主要农产品产量", "Table 1 Output of major farm products in 2023", []),  # a label
    ("check_number_unread", "表1 2023年主要农产品产量", "Table 2 Output in 2023", ["qa.number-missing"]),
    ("check_number_unread", "（1）加快建设现代化产业体系。", "(1) Build a modern industrial system.", []),  # enumerator
    # --- qa.chinese-left
    ("check_chinese_left", "能源资源供应稳定。", "Energy supply is stable.", []),
    ("check_chinese_left", "能源资源供应稳定。", "Energy 资源 supply is stable.", ["qa.chinese-left"]),
    # --- qa.length-ratio
    ("check_length_ratio", LONG_ZH, LONG_EN, []),
    ("check_length_ratio", LONG_ZH, "Profits grew.", ["qa.length-ratio"]),
    ("check_length_ratio", LONG_ZH, " ".join([LONG_EN] * 3), ["qa.length-ratio"]),
    ("check_length_ratio", "湖南日报", "Hunan Daily", []),  # short segments are not ratio-checked
    # --- qa.repeated-words
    ("check_repeated_words", "能源资源供应稳定。", "Energy supply is stable.", []),
    ("check_repeated_words", "能源资源供应稳定。", "Energy supply supply supply is stable.", ["qa.repeated-words"]),
    ("check_repeated_words", "能源资源供应稳定。", "the development of the development of the economy", ["qa.repeated-words"]),
    ("check_repeated_words", "能源资源供应稳定。", "He said that that plan had had results.", []),
    ("check_repeated_words", "能源资源供应稳定。", "Growth was 5 5 percent step by step.", []),  # numbers ignored
]


@pytest.mark.parametrize("check,zh,en,codes", CASES, ids=[f"{c[0][6:]}:{c[2][:28]}" for c in CASES])
def test_check(check, zh, en, codes):
    fn = next(c for c in CHECKS if c.__name__ == check)
    seg = annotated(Segment("s1-b1-1", "k", zh, en, "mt"), GLOSSARY)
    assert [f.code for f in fn(seg, make_context(seg, GLOSSARY))] == codes


def test_check_segment_locates_findings_in_the_source_file():
    seg = Segment("s2-b1-1", "k", "推进一带一路建设，增长8.4%。", "We will advance One Belt One Road.", "mt", line=12)
    found = checked(seg, GLOSSARY, "source/report.md")
    assert [f.format() for f in found] == [
        "source/report.md:12: warning qa.term-missing: s2-b1-1: glossary term 一带一路 should be rendered as “the Belt and Road Initiative”",
        "source/report.md:12: warning qa.term-forbidden: s2-b1-1: “One Belt One Road” is a forbidden rendering of 一带一路; use “the Belt and Road Initiative”",
        "source/report.md:12: warning qa.number-missing: s2-b1-1: 8.4% should appear as “8.4 percent” (missing or changed: 8.4 %)",
    ]


def test_blank_english_gives_one_finding_not_one_per_check():
    seg = Segment("s1-b1-1", "k", "推进一带一路建设，增长8.4%。", "", "mt", line=3)
    assert [f.code for f in checked(seg, GLOSSARY, "x.md")] == ["qa.empty"]


def test_untranslated_segments_are_not_checked():
    seg = Segment("s1-b1-1", "k", "推进一带一路建设。", None, line=3)
    assert checked(seg, GLOSSARY, "x.md") == []


def test_checks_work_without_a_glossary():
    seg = Segment("s1-b1-1", "k", "增长8.4%。", "Grew by 8.4 percent.", "mt", line=3)
    assert checked(seg, None, "x.md") == []


def test_every_check_is_named_for_its_code():
    names = [c.__name__ for c in CHECKS]
    assert names == ["check_empty", "check_term_missing", "check_term_forbidden", "check_term_proposed",
                     "check_number_missing", "check_number_extra", "check_number_unread", "check_chinese_left", "check_length_ratio", "check_repeated_words"]


@pytest.mark.parametrize("english,anchors", [
    ("December 31, 2021", ["31", "2021", "december"]),
    ("1.148 trillion yuan", ["1.148", "trillion"]),
    ("12,000", ["12000"]),
    ("8.4 percent", ["8.4", "%"]),
    ("three", ["three"]),
])
def test_number_anchors(english, anchors):
    assert number_anchors(english) == anchors


def test_repeated_runs_names_the_phrase():
    assert repeated_runs("to promote the reform of the reform of the system") == ["the reform of"]


XLIFF = CORPUS / "interop/focus-ios.en-zh-CN.xliff"


@pytest.mark.skipif(not XLIFF.exists(), reason="shared corpus not present")
def test_no_check_fires_on_258_human_translations():
    """A real Xcode XLIFF (English ↔ Chinese, translated by people) read as Chinese → English:
    the checks that need no glossary find nothing wrong, so they do not cry wolf."""
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    pairs = []
    for unit in etree.parse(str(XLIFF)).iterfind(".//x:trans-unit", ns):
        en, zh = unit.findtext("x:source", namespaces=ns), unit.findtext("x:target", namespaces=ns)
        if en and zh:
            pairs.append((zh, en))
    assert len(pairs) == 258
    segs = [annotated(Segment("s1-b1-1", "k", zh, en, "mt"), None) for zh, en in pairs]
    found = [(f.code, seg.source) for seg in segs for check in CHECKS for f in check(seg, make_context(seg, None))]
    assert found == []


@pytest.mark.parametrize("target,phrase,found", [
    ("Hunan's output grew.", "Hunan", True),                        # possessive
    ("Three industrial chains were extended.", "industrial chain", True),  # plural
    ("Key industries grew.", "key industry", True),                 # y → ies
    ("Belt and Road Initiative projects", "the Belt and Road Initiative", True),
    ("The chainsaw was sold.", "chain", False),                     # a longer word is not an inflection
    ("industrial policy and chains", "industrial chain", False),    # the words must stand together
])
def test_term_check_accepts_english_inflection(target, phrase, found):
    from bipub.check.qa import _contains, _plain

    assert _contains(_plain(target), phrase) is found


@pytest.mark.parametrize("english,target,ok", [
    ("top ten", "one of the top 10 cities", True),
    ("four major", "four historic leaps", True),
    ("third in the world", "the world's third-largest maker", True),
    ("third in the world", "the world's fourth-largest maker", False),
    ("December 31, 2021", "on 31 December 2021", True),
])
def test_number_anchor_is_the_number_not_the_wording(english, target, ok):
    from bipub.check.figures import _has_anchor, _numeric_form, number_anchors

    assert all(_has_anchor(_numeric_form(target), a) for a in number_anchors(english)) is ok


def test_a_lost_ranking_is_reported_even_where_a_term_overlaps_it():
    from bipub.terms.glossary import Glossary, Term
    from bipub.model import Segment

    g = Glossary([Term("中部", "central China")])
    seg = Segment("s1-b1-1", "k", "增速居全国第9位、中部第3位。", "Growth ranked ninth in the country and in central China.")
    codes = [f.code for f in checked(seg, g, "x.md")]
    assert "qa.number-missing" in codes
