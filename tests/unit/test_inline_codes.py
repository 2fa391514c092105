"""Emphasis as inline codes in the review formats: what an editor sees in each file, and what comes back.

The sentence is from the 2024 Government Work Report (政府工作报告), where the printed
edition sets 新质生产力 in bold; the English is the official translation's wording.
"""

from __future__ import annotations

import pytest

from bipub.formats import FORMATS
from bipub.formats.inline import events, reconcile, tagged, untag
from bipub.formats.unit import TranslationUnit
from bipub.model import Mark

ZH = "加快发展新质生产力。"
EN = "We will develop new quality productive forces at a faster pace."
BOLD_ZH = Mark(4, 9, "b")  # 新质生产力
BOLD_EN = Mark(EN.index("new"), EN.index(" at"), "b")  # new quality productive forces


def unit(target_marks=(BOLD_EN,), target=EN) -> TranslationUnit:
    return TranslationUnit("s2-b1-1", "d8139bea338e", ZH, target, "reviewed", (), None, "source/gwr.md:14",
                           source_marks=(BOLD_ZH,), target_marks=target_marks)


def written(fmt: str, u: TranslationUnit | None = None) -> str:
    return FORMATS.get(fmt).dumps([u or unit()], document="source/gwr.md", name="gwr").decode("utf-8")


def read(fmt: str, data: str) -> TranslationUnit:
    (u,) = FORMATS.get(fmt).loads(data.encode("utf-8"), f"review.{fmt}").units
    return u


# ----------------------------------------------------------------------------- golden: what the editor sees
def test_xliff_writes_paired_g_codes_with_the_same_id_on_both_sides():
    text = written("xliff")
    assert '<source>加快发展<g id="1" ctype="bold">新质生产力</g>。</source>' in text
    assert ('<target state="translated">We will develop <g id="1" ctype="bold">new quality productive forces</g>'
            ' at a faster pace.</target>') in text


def test_tmx_writes_bpt_and_ept_holding_the_native_tags():
    text = written("tmx")
    assert '<seg>加快发展<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>新质生产力<ept i="1">&lt;/b&gt;</ept>。</seg>' in text
    assert ('<seg>We will develop <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>new quality productive forces'
            '<ept i="1">&lt;/b&gt;</ept> at a faster pace.</seg>') in text


def test_po_writes_b_tags_in_msgid_and_msgstr():
    text = written("po")
    assert 'msgid "加快发展<b>新质生产力</b>。"' in text
    assert 'msgstr "We will develop <b>new quality productive forces</b> at a faster pace."' in text
    assert '#. bipub-base: ["We will develop new quality productive forces at a faster pace.", [["b", 16, 45]]]' in text


@pytest.mark.parametrize("fmt", ["xliff", "tmx"])
def test_english_holding_tags_as_words_reads_back_exactly(fmt):
    words = TranslationUnit("s1", "k", "用<b>标记加粗。", "Mark bold with <b>.", "reviewed")
    u = read(fmt, written(fmt, words))
    assert (u.source, u.target, u.origin_target) == ("用<b>标记加粗。", "Mark bold with <b>.", "Mark bold with <b>.")
    assert u.target_marks is None and u.origin_marks == () and u.problems == ()


def test_po_reports_tags_written_as_words_at_export():
    report = []
    words = TranslationUnit("s1", "k", "用<b>标记加粗。", "Mark bold with <b>.", "reviewed", location="source/a.md:3")
    FORMATS.get("po").dumps([words], document="source/a.md", name="a", report=report)
    assert [(f.code, f.file, f.line) for f in report] == [("formats.literal-tags", "source/a.md", 3)]


def test_a_unit_without_emphasis_is_written_as_before():
    plain = TranslationUnit("s1-b1-2", "k", "针对严峻挑战。", "Facing severe challenges.", "reviewed")
    for fmt in ("xliff", "tmx", "po"):
        text = written(fmt, plain)
        assert "<g " not in text and "<bpt" not in text and "<b>" not in text


@pytest.mark.parametrize("fmt", ["xliff", "tmx", "po"])
def test_every_format_reads_its_codes_back(fmt):
    u = read(fmt, written(fmt))
    assert (u.source, u.target) == (ZH, EN)  # the words stay plain: keys and the memory see no tags
    assert u.source_marks == (BOLD_ZH,)
    assert u.target_marks == (BOLD_EN,) and u.origin_marks == (BOLD_EN,)
    assert u.problems == ()


# ----------------------------------------------------------------------------- what the editor may do wrong
@pytest.mark.parametrize("fmt,code,number", [
    ("xliff", '<g id="1" ctype="bold">new quality productive forces</g>', " 1"),
    ("tmx", '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>new quality productive forces<ept i="1">&lt;/b&gt;</ept>', " 1"),
    ("po", "<b>new quality productive forces</b>", ""),  # PO tags carry no numbers
])
def test_a_code_deleted_from_the_english_is_reported_missing(fmt, code, number):
    text = written(fmt)
    at = text.rindex(code)  # the target's (the base record before it keeps the exported emphasis)
    u = read(fmt, text[:at] + "new quality productive forces" + text[at + len(code):])
    assert u.target == EN and u.target_marks is None  # no code at all: the file does not say
    assert u.problems == (f"bold code{number} over “新质生产力” of the Chinese is missing in the English",)


def test_xliff_a_code_the_chinese_does_not_have_is_invented_and_dropped():
    text = written("xliff").replace("at a faster pace", '<g id="2" ctype="italic">at a faster pace</g>')
    u = read("xliff", text)
    assert u.target_marks == (BOLD_EN,)
    assert u.problems == ("italic over “at a faster pace” in the English has no code in the Chinese (invented); dropped",)


def test_tmx_a_begin_code_never_ended_is_reported_not_a_crash():
    text = written("tmx").replace('<ept i="1">&lt;/b&gt;</ept> at a faster', " at a faster")
    u = read("tmx", text)
    assert u.target == EN
    assert "a code 1 begins and never ends" in u.problems


def test_po_tags_that_do_not_pair():
    plain, codes, problems = untag("We will <b>develop</i> new forces.")
    assert plain == "We will develop new forces."
    assert codes == [] and problems == ["</i> closes no <i>", "<b> is never closed"]


def test_po_an_editor_moves_the_bold_to_other_words():
    text = written("po").replace(
        'msgstr "We will develop <b>new quality productive forces</b> at a faster pace."',
        'msgstr "We will <b>develop new quality productive forces</b> at a faster pace."')
    u = read("po", text)
    assert [EN[m.start:m.end] for m in u.target_marks] == ["develop new quality productive forces"]
    assert [EN[m.start:m.end] for m in u.origin_marks] == ["new quality productive forces"]  # as exported


def test_xliff_from_another_tool_bpt_ept_pairs_read_like_g():
    text = written("xliff").replace(
        '<g id="1" ctype="bold">new quality productive forces</g>',
        '<bpt id="1" ctype="bold">&lt;b&gt;</bpt>new quality productive forces<ept id="1">&lt;/b&gt;</ept>')
    assert read("xliff", text).target_marks == (BOLD_EN,)


# ----------------------------------------------------------------------------- the pieces
def test_nested_emphasis_is_nested_codes():
    marks = (Mark(0, 9, "b"), Mark(4, 9, "i"))
    assert tagged("加快发展新质生产力", marks) == "<b>加快发展<i>新质生产力</i></b>"
    assert untag("<b>加快发展<i>新质生产力</i></b>")[1][0].kind == "i"


def test_crossing_marks_are_closed_and_reopened_so_codes_nest():
    evs = events("abcdef", [("1", Mark(0, 4, "b")), ("2", Mark(2, 6, "i"))])
    assert [e[:2] for e in evs] == [("open", "1"), ("text", "ab"), ("open", "2"), ("text", "cd"), ("close", "2"),
                                    ("close", "1"), ("open", "2"), ("text", "ef"), ("close", "2")]


def test_reconcile_empty_code_is_dropped_with_a_reason():
    from bipub.formats.inline import Code

    marks, problems = reconcile([Code(0, 2, "b", "1", "新质")], [Code(3, 3, None, "1")], "We do.")
    assert marks == () and problems == ["bold code 1 in the English covers no words; dropped"]


def test_a_flood_of_codes_is_refused_in_linear_time():
    """A hostile PO: 20,000 nested <b> in one msgstr. Linear code reads, matches and writes it in about half a
    second (the quadratic code it replaced took minutes: this test would hang the suite)."""
    from bipub.formats.inline import MAX_CODES

    flood = "<b>" * 20000 + "words" + "</b>" * 20000
    plain, codes, problems = untag(flood)
    marks, more = reconcile(codes, codes, plain)
    nested = events("w" * 40000, [(str(i), Mark(i, 40000 - i, "b")) for i in range(20000)])
    assert plain == "words" and len(codes) == 20000 and len(nested) == 20000 + 20000 + 39999  # opens, closes, the text between
    assert marks is None and more == [f"20000 codes in the English (at most {MAX_CODES}); its emphasis is not read"]
