"""Matching on text as offices write it: names padded with an ideographic space, brackets typed
half-width with spaces, Traditional and full-width forms, terms with digits."""

from bipub.terms.glossary import Glossary
from bipub.terms.model import Term

GLOSSARY = Glossary([
    Term("李强", "Li Qiang", type="person"),
    Term("首台（套）", "first-of-its-kind", variants=("首台套",)),
    Term("首台（套）重大技术装备", "first-of-its-kind major technical equipment"),
    Term("5G", "5G"),
])


def found(text):
    return [(m.surface, m.term.en, text[m.start:m.end]) for m in GLOSSARY.match(text)]


def test_a_two_character_name_padded_with_an_ideographic_space_as_in_lists_and_bylines():
    assert found("国务院总理　李　强") == [("李　强", "Li Qiang", "李　强")]


def test_brackets_typed_half_width_with_spaces_still_make_the_term():
    assert found("推广首台 (套) 重大技术装备") == [
        ("首台 (套) 重大技术装备", "first-of-its-kind major technical equipment", "首台 (套) 重大技术装备")]
    assert found("首臺（ 套 ）") == [("首臺（ 套 ）", "first-of-its-kind", "首臺（ 套 ）")]


def test_spaces_between_latin_words_and_digits_are_not_squeezed():
    assert found("建成 5G 基站") == [("5G", "5G", "5G")]
    assert found("1 5G") == [("5G", "5G", "5G")] and found("15G") == []


def test_a_term_written_with_a_space_in_the_glossary_is_looked_up_as_the_matcher_finds_it():
    glossary = Glossary([Term("湖南 日报", "Hunan Daily")])
    (m,) = glossary.match("《湖南日报》")
    assert glossary.lookup(m.term.zh) is m.term and glossary.lookup("湖南日报") is m.term


def test_glossary_check_lists_renderings_that_carry_figures_their_chinese_lacks(tmp_path):
    from bipub.terms.usage import check

    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text(
        "zh\ten\tstatus\n"
        "地区生产总值\tGDP of 2023\tapproved\n"           # 2023 would enter every sentence with the term
        "十四五\t14th Five-Year Plan\tapproved\n"           # 14 is in 十四五: fine
        "中国制造2025\tMade in China\tapproved\n"           # 2025 is lost
        "二十大\t20th CPC National Congress\tapproved\n", encoding="utf-8")
    found = [(f.code, f.severity, f.line) for f in check(tmp_path, sources=[]) if "figure" in f.code]
    assert found == [("glossary.figure-in-english", "info", 2), ("glossary.figure-lost", "info", 4)]


def test_traditional_text_with_corner_quotes_finds_a_simplified_term_with_curly_ones():
    glossary = Glossary([Term("专精特新“小巨人”企业", "specialized and sophisticated “little giant” enterprises")])
    text = "國家級專精特新「小巨人」企業"
    (m,) = glossary.match(text)
    assert m.surface == "專精特新「小巨人」企業" and text[m.start:m.end] == m.surface


def test_a_forbidden_rendering_that_is_another_terms_approved_one_in_the_same_sentence_is_no_finding():
    from bipub.check.qa import check_segment
    from bipub.model import Segment
    from bipub.terms.annotate import find_spans

    glossary = Glossary([Term("湖南日报", "Hunan Daily"),
                         Term("湖南日报社", "Hunan Daily Newspaper Group", forbidden=("Hunan Daily",))])

    def codes(zh, en):
        seg = Segment(id="s1-b1-1", key="k", source=zh, target=en, spans=find_spans(zh, glossary))
        return [f.code for f in check_segment(seg, glossary=glossary, file="x.md") if f.code.startswith("qa.term")]

    assert codes("湖南日报社主办的湖南日报", "Hunan Daily, run by the Hunan Daily Newspaper Group") == []
    assert codes("湖南日报社", "Hunan Daily Newspaper Group (Hunan Daily)") == ["qa.term-forbidden"]


def test_zero_width_characters_copied_from_a_web_page_do_not_hide_a_term():
    text = "推广首台\u200b（套）重大\u2060技术装备"
    assert [m.term.en for m in GLOSSARY.match(text)] == ["first-of-its-kind major technical equipment"]


def test_two_rows_that_differ_only_in_layout_spaces_are_one_term_and_reported():
    from bipub.terms.checks import cross_findings

    rows = [Term("李强", "Li Qiang", file="g/names.tsv", line=2),
            Term("李　强", "Li Qiang (Premier)", file="g/names.tsv", line=3)]
    assert [(f.code, f.line) for f in cross_findings(rows)] == [("glossary.conflicting-rendering", 3)]
