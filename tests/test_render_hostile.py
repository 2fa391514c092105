"""Hard material of the genre, in every edition: what a real release or regulation puts in a column.

A statistics release prints 统一社会信用代码 (18 characters, no space), long figures and long
URLs in running text; a bilingual column is narrow, so such a string must wrap inside its own
column (PDF) and never make the page scroll sideways (HTML), in both languages.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bipub.render import RenderOptions, render_html, render_pdf
from bipub.source.parse import parse_path

#: three credit codes run together as an OCR'd register prints them: no space, no punctuation to break at
CODES = "91110000100000000X91110000100000000X91110000100000000X"
LONG = f"""+++
title = "企业名录"
+++

统一社会信用代码：{CODES}。

# 一、说明

本名录共收录企业3家。
"""


def english(doc, text_of=lambda s: f"Unified social credit codes: {CODES}." if "代码" in s.source else "Three firms."):
    return doc.map_segments(lambda s: dataclasses.replace(s, target=text_of(s), origin="memory", state="approved"))


@pytest.fixture(scope="module")
def long_doc(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    (root / "codes.md").write_text(LONG, encoding="utf-8")
    return root, english(parse_path(root / "codes.md").document)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_a_long_unbroken_code_wraps_inside_its_pdf_column(long_doc):
    root, doc = long_doc
    pdf = root / "codes.pdf"
    render_pdf(doc, RenderOptions(), pdf)
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    body = next(p for p in xml.split("<page ")[1:] if "Unified" in p)  # the page of the paragraph
    words = [(float(a), float(b), w) for a, b, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body)]
    en_left = min(x0 for x0, _, w in words if w.startswith("Unified"))  # where the English column begins
    zh = [(x0, x1, w) for x0, x1, w in words if x0 < en_left - 5]
    assert any("9111" in w for _, _, w in zh)
    assert all(x1 < en_left for _, x1, _ in zh), [w for w in zh if w[1] >= en_left]
    width = float(re.search(r'width="([\d.]+)"', body).group(1))
    assert all(x1 < width - 20 for _, x1, _ in words)  # the English stays inside the right margin (29 pt)
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "".join(raw.split()).count(CODES) == 2  # every character there, in both columns, in reading order


@pytest.mark.parametrize("width", [390, 1280])
def test_a_long_unbroken_code_never_makes_the_page_scroll_sideways(browser, long_doc, width):
    root, doc = long_doc
    page_path = root / "codes.html"
    page_path.write_text(render_html(doc, RenderOptions(), fragment=False), encoding="utf-8")
    tab = browser.new_page(viewport={"width": width, "height": 800})
    try:
        tab.goto(page_path.as_uri())
        tab.wait_for_function("() => document.readyState === 'complete'", timeout=60_000)
        over = tab.evaluate("""() => [...document.querySelectorAll('.bipub-zh, .bipub-en')]
            .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent.slice(0, 20))
            .concat(document.documentElement.scrollWidth > document.documentElement.clientWidth ? ['page'] : [])""")
    finally:
        tab.close()
    assert over == []


NOTES = """+++
title = "公报"
+++

全年国内生产总值1349084亿元，比上年增长5.0%[^1][^2]。

[^1]: 本公报中数据均为初步统计数。
[^2]: 国内生产总值按不变价格计算。
"""


def test_notes_cited_together_read_1_2_never_12(tmp_path):
    """Two notes at one place were set as superscripts side by side: ¹² reads as note 12."""
    from bipub.render.docx import render_docx
    from docx import Document as read_docx

    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    doc = english(parse_path(tmp_path / "notes.md").document, lambda s: "GDP grew by 5.0 percent.")
    page = render_html(doc, RenderOptions(), fragment=False)
    sups = re.findall(r'<sup class="bipub-fnref">(.*?)</sup>', page)
    assert "".join(re.sub(r"<[^>]+>", "", s) for s in sups).count("1,2") == 2  # Chinese and English
    render_docx(doc, RenderOptions(), tmp_path / "notes.docx")
    word = read_docx(str(tmp_path / "notes.docx"))
    supers = ["".join(r.text for r in p.runs if r.font.superscript)
              for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert supers.count("1,2") == 2, supers


#: a regulation's items, four levels deep, as 条 / 款 / 项 / 目 nest
NESTED = """+++
title = "管理办法"
+++

1. 甲级条目
   - 乙级条目
     - 丙级条目
       1. 丁级条目
2. 另一甲级条目
"""
LEVELS = ("甲级条目", "乙级条目", "丙级条目", "丁级条目")


@pytest.fixture(scope="module")
def nested_doc(tmp_path_factory):
    root = tmp_path_factory.mktemp("nested")
    (root / "rules.md").write_text(NESTED, encoding="utf-8")
    return root, english(parse_path(root / "rules.md").document, lambda s: f"Item {s.id}.")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_each_level_of_a_nested_list_is_indented_further_in_the_pdf(nested_doc):
    """The level rules lost to the list rule's specificity: every level stood at the first one's indent."""
    root, doc = nested_doc
    render_pdf(doc, RenderOptions(), root / "rules.pdf")
    xml = subprocess.run(["pdftotext", "-bbox", str(root / "rules.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    x = {w: float(x0) for x0, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>(.*?)</word>', xml)}
    assert x["甲级条目"] < x["乙级条目"] < x["丙级条目"] < x["丁级条目"], x


def test_each_level_of_a_nested_list_is_indented_further_in_the_html(browser, nested_doc):
    root, doc = nested_doc
    (root / "rules.html").write_text(render_html(doc, RenderOptions(), fragment=False), encoding="utf-8")
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        tab.goto((root / "rules.html").as_uri())
        lefts = tab.evaluate("""() => [...document.querySelectorAll('.bipub-li .bipub-zh')]
            .map(el => [el.textContent.slice(-4), el.getBoundingClientRect().left])""")
    finally:
        tab.close()
    x = dict(lefts)
    assert x["甲级条目"] < x["乙级条目"] < x["丙级条目"] < x["丁级条目"], x


def _yearbook(years: int) -> str:
    """A yearbook table: a row label, then one column of 11-character figures per year."""
    head = "| 地区 | " + " | ".join(f"{2009 + i}年" for i in range(years)) + " |\n|---|" + "---:|" * years
    rows = ["| 全国合计 | " + " | ".join(f"{123456789 + 1111 * i}.5" for i in range(years)) + " |"] * 3
    return '+++\ntitle = "历年数据"\n+++\n\n表1 历年地区生产总值（万元）\n\n' + "\n".join([head, *rows]) + "\n"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_a_table_too_wide_for_the_page_is_set_smaller_never_cut_off(tmp_path):
    """Sixteen years of 11-character figures: the columns of 2020-2024 ran off the right edge of A4, cut off."""
    (tmp_path / "years.md").write_text(_yearbook(16), encoding="utf-8")
    doc = english(parse_path(tmp_path / "years.md").document, lambda s: "Region" if "地区" in s.source else "x")
    render_pdf(doc, RenderOptions(), tmp_path / "years.pdf")
    xml = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "years.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', xml).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', xml)
    assert all(float(x1) <= width - 17 * 72 / 25.4 + 1 for _, x1, _ in words)  # inside the right margin
    text = [w for _, _, w in words]
    for i in range(16):
        assert text.count(f"{123456789 + 1111 * i}.5") == 3, i  # every figure whole, on the page


def test_an_image_inside_a_paragraph_or_a_table_cell_and_html_in_a_cell_are_findings_never_silent(tmp_path):
    """Only an image alone in its paragraph is a figure; one inside a sentence or a cell kept its alt text
    and vanished from every edition without a word, and raw HTML in a cell (<br> is common) likewise."""
    (tmp_path / "inline.md").write_text(
        '+++\ntitle = "图表"\n+++\n\n如下图![示意图](chart.png)所示。\n\n'
        "| 项目 | 说明 |\n|---|---|\n| 甲 | 第一行<br>第二行 |\n| 乙 | ![表内图](photo.png) |\n", encoding="utf-8")
    parsed = parse_path(tmp_path / "inline.md")
    found = sorted((f.code, f.line) for f in parsed.findings if f.code.startswith("parse."))
    assert found == [("parse.inline-image", 5), ("parse.inline-image", 7), ("parse.raw-html", 7)], found
    text = "".join(s.source for s in parsed.document.segments())
    assert "示意图" in text and "表内图" in text  # the alt text stays in the sentence


def test_control_characters_of_a_pasted_text_are_reported_and_never_reach_an_edition(tmp_path):
    """Word's manual line break (U+000B) and pdftotext's page break (U+000C) in a pasted paragraph:
    python-docx refused them and the build died; the HTML carried them raw."""
    from bipub.render.docx import render_docx

    (tmp_path / "ctl.md").write_text('+++\ntitle = "通知"\n+++\n\n第一页末尾\x0c第二页开头，\x0b另起一行\x07。\n',
                                     encoding="utf-8")
    parsed = parse_path(tmp_path / "ctl.md")
    assert [(f.code, f.line) for f in parsed.findings if f.code == "parse.control-character"] == [
        ("parse.control-character", 5)]
    doc = english(parsed.document, lambda s: "End of page one.")
    assert "".join(s.source for s in doc.segments()).endswith("第一页末尾第二页开头，另起一行。")
    render_docx(doc, RenderOptions(), tmp_path / "ctl.docx")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", render_html(doc, RenderOptions(), fragment=False))


def test_the_fragment_links_its_stylesheet_by_a_url_that_names_the_file(tmp_path):
    """A source named 公报#3.md: href="公报#3.fragment.css" asked for 公报 (the rest read as an anchor)."""
    from urllib.parse import unquote

    (tmp_path / "公报#3.md").write_text('+++\ntitle = "公报"\n+++\n\n正文。\n', encoding="utf-8")
    doc = english(parse_path(tmp_path / "公报#3.md").document, lambda s: "Text.")
    for prefix in ("", "bp-"):
        fragment = render_html(doc, RenderOptions(fragment_css="file", id_prefix=prefix), fragment=True)
        href = re.search(r'<link rel="stylesheet" href="([^"]*)"', fragment).group(1)
        assert "#" not in href and unquote(href) == "公报#3.fragment.css"


def test_taiwan_phrasing_that_changes_the_length_keeps_bold_links_and_notes_on_their_words(tmp_path):
    """s2twp turns U盘 into 隨身碟 (two characters into three): the marks kept their Simplified offsets,
    so the bold fell on 製涉密檔, the link on 見通 and the note number inside 通知."""
    (tmp_path / "v.md").write_text('+++\ntitle = "通知"\n+++\n\n请勿使用U盘拷贝**涉密文件**，详见[通知](https://example.org)'
                                   "[^1]。\n\n[^1]: 注释。\n", encoding="utf-8")
    doc = english(parse_path(tmp_path / "v.md").document, lambda s: "Note.")
    page = render_html(doc, RenderOptions(variant="zh-Hant", hant_config="s2twp"), fragment=True)
    assert "<strong>涉密檔案</strong>" in page
    assert re.search(r'<a class="bipub-a" href="https://example.org">通知</a><sup class="bipub-fnref">', page)
    assert "隨身碟" in page


def test_a_row_with_more_cells_than_the_header_is_an_error_never_figures_silently_lost(tmp_path):
    """GFM ignores cells beyond the header's: 6.1 and 7.3 vanished from every edition without a word."""
    (tmp_path / "t.md").write_text('+++\ntitle = "表"\n+++\n\n| 地区 | 增长 |\n|---|---|\n| 北京 | 5.2 | 6.1 | 7.3 |\n'
                                   "| 上海 | 4.9 |\n| 天津 | 代码a\\|b |\n", encoding="utf-8")
    parsed = parse_path(tmp_path / "t.md")
    found = [(f.code, f.severity, f.line) for f in parsed.findings if f.code == "parse.table-cells-dropped"]
    assert found == [("parse.table-cells-dropped", "error", 7)]  # an escaped pipe is no cell
    assert "'6.1', '7.3'" in next(f.message for f in parsed.findings if f.code == "parse.table-cells-dropped")
