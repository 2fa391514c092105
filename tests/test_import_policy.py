"""Policy documents, regulations, statistics bulletins and Traditional news copy, imported.

The golden cases (tests/fixtures/import/regulation, notice, bulletin, news-hant; their
Markdown and findings are checked by tests/unit/test_import_fixtures.py) and the small
cases below come from the kind of copy a provincial newsroom receives:

* the issuing body beside the date line (``国家统计局`` / ``2024年2月29日``) is the author;
* Traditional copy (``來源`` ``記者`` ``責任編輯`` ``掃一掃``) meets the rules Simplified copy meets;
* ``第一条　为了…`` keeps its space; an adoption note or document number is never a heading;
* a table of contents copied at the top is removed and listed, never a real heading.
"""

from __future__ import annotations

import re
import shutil

import pytest

from bipub.importer import import_text
from conftest import FIXTURES, run_bipub

CASES = FIXTURES / "import"
POLICY = ("regulation", "notice", "bulletin", "news-hant")


def imported(text: str):
    return import_text(text.encode("utf-8"), name="raw.txt")


def body(result) -> str:
    return result.markdown.split("+++", 2)[2].strip()


def said(result, code: str) -> list[str]:
    return [f.message for f in result.findings if f.code == f"import.{code}"]


# ------------------------------------------------------------------ A1 the issuing body

def test_the_issuing_body_over_the_date_line_is_the_author_not_a_heading():
    result = imported("中华人民共和国2023年国民经济和社会发展统计公报\n\n国家统计局\n2024年2月29日\n\n"
                      "初步核算，全年国内生产总值1260582亿元，比上年增长5.2%。\n")
    assert result.meta["authors"] == ["国家统计局"] and result.meta["date"] == "2024-02-29"
    assert body(result) == "初步核算，全年国内生产总值1260582亿元，比上年增长5.2%。"


def test_an_office_named_under_the_title_is_the_author():
    result = imported("关于做好2024年春节期间有关工作的通知\n\n湖南省人民政府办公厅\n\n各市州人民政府：\n\n现将有关事项通知如下。\n")
    assert result.meta["authors"] == ["湖南省人民政府办公厅"]
    assert "##" not in body(result)


def test_a_plain_heading_after_the_date_line_stays_a_heading():
    result = imported("统计公报\n\n国家统计局\n2024年2月29日\n\n综合经济\n\n全年国内生产总值1260582亿元。\n")
    assert result.meta["authors"] == ["国家统计局"]
    assert body(result).startswith("## 综合经济")


# ------------------------------------------------------------------ A2 Traditional copy

def test_traditional_bylines_editor_lines_and_promotions_are_recognised_and_keep_their_characters():
    result = imported("湖南：前三季度地區生產總值增長4.5%\n\n2024-10-25 09:12  來源：湖南日報\n記者 王紅 通訊員 李明\n\n"
                      "前三季度，全省地區生產總值同比增長4.5%。\n\n責任編輯：張三\n掃一掃，下載湖南日報客戶端\n")
    assert result.meta["authors"] == ["王紅", "李明"] and result.meta["publication"] == "湖南日報"
    assert body(result) == "前三季度，全省地區生產總值同比增長4.5%。"
    assert said(result, "debris") == ["removed editor line: 責任編輯：張三", "removed promotion: 掃一掃，下載湖南日報客戶端"]


def test_a_traditional_source_line_gives_the_publication_in_traditional():
    result = imported("標題是這樣的一篇新聞報道\n\n來源：人民日報\n\n正文第一段。\n")
    assert result.meta["publication"] == "人民日報"


# ------------------------------------------------------------------ A3 article numbers

@pytest.mark.parametrize("raw, kept", [
    ("第一条　为了促进数字经济发展，制定本条例。", "第一条　为了促进数字经济发展，制定本条例。"),
    ("第十二条 县级以上人民政府应当加强领导。", "第十二条　县级以上人民政府应当加强领导。"),
    ("第一條　為了保障公民依法獲取政府資訊，制定本條例。", "第一條　為了保障公民依法獲取政府資訊，制定本條例。"),
    ("第三条本条例自2024年5月1日起施行。", "第三条本条例自2024年5月1日起施行。"),
])
def test_the_space_after_an_article_number_is_kept_as_one_ideographic_space(raw, kept):
    result = imported(f"湖南省数字经济促进条例\n\n第一章　总则\n\n　　{raw}\n")
    assert body(result).splitlines()[-1] == kept


def test_padding_inside_the_article_text_is_still_removed():
    result = imported("某某条例\n\n第一章　总则\n\n第五条　本条例由省人民政府　负责解释。\n")
    assert body(result).splitlines()[-1] == "第五条　本条例由省人民政府负责解释。"


# ------------------------------------------------------------------ A5 issue notes

@pytest.mark.parametrize("note", [
    "（2024年3月28日湖南省第十四届人民代表大会常务委员会第九次会议通过）",
    "（湘政发〔2024〕5号）",
    "湘政发〔2024〕5号",
    "（2019年4月3日中华人民共和国国务院令第711号修订）",
])
def test_an_issue_note_or_document_number_under_the_title_is_a_paragraph_never_a_heading(note):
    result = imported(f"湖南省数字经济促进条例\n\n{note}\n\n第一章　总则\n\n第一条　为了促进数字经济发展，制定本条例。\n")
    assert body(result).splitlines()[0] == note
    assert not said(result, "unterminated") and not said(result, "empty-section")


# ------------------------------------------------------------------ A4 a copied table of contents

def test_a_copied_contents_block_is_removed_and_listed_and_the_real_headings_stay():
    result = imported("某某条例\n\n目  录\n\n第一章　总则\n第二章　附则\n\n第一章　总则\n\n第一条　为了规范管理，制定本条例。\n\n"
                      "第二章　附则\n\n第二条　本条例自公布之日起施行。\n")
    assert [ln for ln in body(result).splitlines() if ln.startswith("#")] == ["## 第一章 总则", "## 第二章 附则"]
    assert said(result, "contents") == ["removed a table of contents (2 entries: 第一章总则；第二章附则) on lines 3–6; "
                                        "the edition makes its own contents"]
    assert not said(result, "empty-section")


def test_contents_lines_with_leaders_and_page_numbers_are_removed_and_their_page_numbers_listed():
    result = imported("政府工作报告\n\n一、2023年工作回顾……………1\n二、2024年工作总体部署……………8\n三、2024年政府工作任务……………12\n\n"
                      "一、2023年工作回顾\n\n过去一年，全省经济回升向好。\n\n二、2024年工作总体部署\n\n今年是关键之年。\n\n"
                      "三、2024年政府工作任务\n\n重点抓好十个方面工作。\n")
    assert "……" not in result.markdown
    assert body(result).count("## ") == 3
    assert [f.severity for f in result.findings if f.code == "import.numbers"] == ["info"]


def test_a_heading_that_merely_repeats_later_is_never_taken_for_contents():
    result = imported("某某通知\n\n一、总体要求\n\n坚持稳中求进。\n\n二、重点任务\n\n抓好落实。\n")
    assert not said(result, "contents")
    assert body(result).count("## ") == 2


# ------------------------------------------------------------------ the golden cases

@pytest.mark.parametrize("name", POLICY)
def test_the_number_invariant_holds(name):
    result = import_text((CASES / f"{name}.raw.txt").read_bytes(), name=f"{name}.raw.txt")
    checks = [f for f in result.findings if f.code == "import.numbers"]
    assert [f.severity for f in checks] == ["info"], [f.format() for f in checks]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("policy") / "project"
    shutil.copytree(FIXTURES / "project", root)
    for old in (root / "source").glob("*.md"):
        old.unlink()
    for name in POLICY:
        shutil.copy(CASES / f"{name}.md", root / "source" / f"{name}.md")
    return root, run_bipub("build", "-C", str(root), "--engine", "pseudo", "--format", "html")


@pytest.mark.parametrize("name", POLICY)
def test_each_golden_case_builds_with_the_pseudo_engine(built, name):
    root, proc = built
    assert proc.returncode in (0, 1), proc.stderr
    edition = ".zh-Hant" if 'lang = "zh-Hant"' in (CASES / f"{name}.md").read_text(encoding="utf-8") else ""
    page = re.sub(r"<[^>]+>", "", (root / "output" / f"{name}{edition}.html").read_text(encoding="utf-8"))
    first = next(ln for ln in (CASES / f"{name}.md").read_text(encoding="utf-8").split("+++")[2].splitlines() if ln.strip())
    assert first.lstrip("# ")[:8] in page
