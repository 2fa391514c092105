"""The bilingual Word edition (bipub.render.docx), read back with python-docx and converted by LibreOffice.

Fixture: tests/fixtures/render/mini.md with its English (mini.en.json): a title page,
a subtitle and byline, headings at two levels, paragraphs, a figure, a list, a table
and a quote.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from bipub.render import WRITERS, RenderOptions
from bipub.render.docx import render_docx
from bipub.render.options import page_size
from bipub.render.html import AWAITING
from bipub.translate.pseudo import pseudo_translate
from conftest import FIXTURES, run_bipub
from test_render_html import translated

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    doc = translated("mini")
    path = tmp_path_factory.mktemp("docx") / "mini.docx"
    render_docx(doc, RenderOptions(), path)
    return doc, path, read_docx(str(path))


def all_paragraphs(word):
    """Every paragraph of the body, inside tables too, in document order."""
    out = []
    for el in word.element.body.iter(qn("w:p")):
        out.append(el)
    return out


def text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def style_of(word, p) -> str:
    ps = p.find(qn("w:pPr"))
    sid = ps.find(qn("w:pStyle")).get(qn("w:val")) if ps is not None and ps.find(qn("w:pStyle")) is not None else None
    return word.styles.get_by_id(sid, 1).name if sid else "Normal"


def test_docx_is_a_registered_writer():
    assert "docx" in WRITERS.names()
    assert WRITERS.get("docx").outputs("report.zh-Hant") == ["report.zh-Hant.docx"]


def test_every_segment_is_there_in_both_languages(mini):
    doc, _, word = mini
    text = "\n".join(text_of(p) for p in all_paragraphs(word))
    for seg in doc.segments():
        assert seg.source in text, seg.id
        assert seg.target.replace("'", "\u2019").replace('"', "") in text.replace("\u201c", "").replace("\u201d", ""), seg.id
    assert AWAITING not in text


def test_each_block_is_one_row_chinese_left_english_right(mini):
    doc, _, word = mini
    rows = [r for t in word.tables if len(t.columns) == 2 for r in t.rows]
    zh_left = {r.cells[0].text: r.cells[1].text for r in rows}
    for sec in doc.sections:
        for b in sec.blocks:
            if b.kind in ("paragraph", "list_item", "quote"):
                zh = "".join(s.source for s in b.segments)
                match = [k for k in zh_left if zh in k]
                assert match, b.id
                assert all(s.target.split()[0].strip('"') in zh_left[match[0]] for s in b.segments), b.id


def test_headings_tables_and_captions_are_real_word_styles(mini):
    doc, _, word = mini
    styles = {}
    for p in all_paragraphs(word):
        styles.setdefault(style_of(word, p), []).append(text_of(p))
    assert any("软件产业蓬勃发展" in t for t in styles["Title"])
    assert any(t.startswith("一、产业规模") and t.endswith("Industrial scale") for t in styles["Heading 1"]), styles["Heading 1"]
    assert any(t.startswith("（一）重点企业") for t in styles["Heading 2"])
    assert any(t.startswith("表1") and "Table 1" in t for t in styles["Caption"])
    assert any(t.startswith("图 株洲中车") for t in styles["Caption"])  # a figure: its caption row, both cells
    assert any(t.startswith("Photo The CRRC") and t.endswith("Photo by Tang Jun") for t in styles["Caption"])
    assert {t.style.name for t in word.tables} == {"Table Grid"}
    data = [t for t in word.tables if "指标" in t.cell(0, 0).text][0]
    assert data.cell(1, 1).text.split("\n")[0] == "1000亿元"  # the Chinese, then the English beneath
    assert "billion" in data.cell(1, 1).text or "100" in data.cell(1, 1).text.split("\n")[1]


def test_fonts_are_named_for_both_scripts(mini):
    _, _, word = mini
    fonts = word.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    table = [p for p in word.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"][0]
    assert b'w:name="Noto Serif CJK SC"><w:altName w:val="SimSun"/>' in table.blob


def test_contents_is_an_updatable_toc_field_filled_with_the_headings(mini):
    _, _, word = mini
    body = word.element.body
    instr = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-3"') for i in instr)
    toc = [text_of(p) for p in all_paragraphs(word) if style_of(word, p) in ("TOC 1", "TOC 2")]
    assert toc[0].startswith("一、产业规模") and toc[1].startswith("（一）重点企业")
    assert word.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_traditional_edition_has_traditional_fonts_labels_and_language(tmp_path):
    path = tmp_path / "mini.zh-Hant.docx"
    render_docx(translated("mini"), RenderOptions(variant="zh-Hant"), path)
    word = read_docx(str(path))
    text = "\n".join(text_of(p) for p in all_paragraphs(word))
    assert "目錄" in text and "軟體產業" in text or "軟件產業" in text
    fonts = word.styles["Normal"].element.find(qn("w:rPr"))
    assert fonts.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Serif CJK TC"
    assert fonts.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-TW"


def test_untranslated_segments_are_marked_never_left_blank(tmp_path):
    path = tmp_path / "gap.docx"
    render_docx(translated("mini", missing=("s1-b1-1",)), RenderOptions(), path)
    text = "\n".join(text_of(p) for p in all_paragraphs(read_docx(str(path))))
    assert f"{AWAITING} s1-b1-1" in text and "1 segment awaiting translation" in text


@pytest.mark.parametrize("value, expected", [("A4", (210, 297, False)), ("letter", (215.9, 279.4, False)),
                                             ("A4 landscape", (297, 210, True)), ("170mm 24cm", (170, 240, False))])
def test_page_sizes(value, expected):
    assert page_size(value) == expected


def test_build_format_docx_writes_the_word_edition(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "docx")
    assert r.returncode == 1, r.stderr  # written; pseudo text is never publishable (the publish gate)
    word = read_docx(str(project / "output" / "demo.docx"))
    header = "".join(p.text for p in word.sections[0].header.paragraphs)
    assert "PSEUDO-TRANSLATION" in header  # pseudo text is never mistaken for a translation
    assert "DRAFT — not for publication" in header


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (scripts/setup --test)")
def test_libreoffice_opens_it_and_sets_both_languages(mini, tmp_path):
    doc, path, _ = mini
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "mini.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())
    for seg in doc.segments():
        assert "".join(seg.source.split()) in flat, seg.id
    assert "Contents" in text and "目录" in text


def test_a_statistics_communique_keeps_every_figure_note_and_url(tmp_path):
    """tests/fixtures/render/elements.md: figure cells, table captions, notes, links, a rule."""
    from test_render_elements import FIGURES, URLS
    from bipub.source.parse import parse_path

    doc = parse_path(FIXTURES / "render" / "elements.md").document
    doc = doc.map_segments(lambda s: dataclasses.replace(s, target=pseudo_translate(s.source), origin="pseudo"))
    path = tmp_path / "elements.docx"
    render_docx(doc, RenderOptions(), path)
    word = read_docx(str(path))
    text = "\n".join(text_of(p) for p in all_paragraphs(word))
    # the words, without what the Word edition adds: note numbers (superscript) and links' URLs in brackets
    words = "".join(t.text or "" for r in word.element.body.iter(qn("w:r")) for t in r.iter(qn("w:t"))
                    if r.find(qn("w:rPr")) is None or r.find(qn("w:rPr")).find(qn("w:vertAlign")) is None)
    words = re.sub(r" \((?:https?|mailto):[^)]*\)", "", words)
    for seg in doc.segments():
        assert seg.source in words, seg.id
    for figure in FIGURES:
        assert figure in text, figure
    for url in URLS:
        assert url in text, url
    assert "javascript:" not in text
    caption = [text_of(p) for p in all_paragraphs(word) if style_of(word, p) == "Caption"]
    assert any(c.startswith("表1 2023年末人口数及其构成") for c in caption), caption
    population = [t for t in word.tables if "140967" in "".join(c.text for r in t.rows for c in r.cells)][0]
    cell = population.cell(1, 1)
    assert cell.text == "140967" and cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    supers = [r.text for p in word.paragraphs + [p for t in word.tables for r in t.rows for c in r.cells
                                                    for p in c.paragraphs] for r in p.runs if r.font.superscript]
    assert "1" in supers and "2" in supers  # note references, as superscripts
    assert any(r.bold and "1260582亿元" in r.text for t in word.tables for row in t.rows
               for p in row.cells[0].paragraphs for r in p.runs)


def _pseudo(path):
    from bipub.source.parse import parse_path

    doc = parse_path(path).document
    return doc.map_segments(lambda s: dataclasses.replace(s, target=pseudo_translate(s.source), origin="pseudo"))


def test_an_svg_or_webp_figure_keeps_its_caption_and_is_reported_never_a_crash(tmp_path):
    """Word files embed PNG, JPEG and GIF; python-docx raised UnrecognizedImageError on an SVG and the build died."""
    from PIL import Image

    from bipub.render.resources import ProjectFiles, check_figures

    (tmp_path / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    Image.new("RGB", (2, 2)).save(tmp_path / "photo.webp", "WEBP")
    (tmp_path / "fig.md").write_text('+++\ntitle = "图"\n+++\n\n![图1 全国居民人均可支配收入](chart.svg)\n\n'
                                     "![图2 夜景](photo.webp)\n", encoding="utf-8")
    doc = _pseudo(tmp_path / "fig.md")
    render_docx(doc, RenderOptions(), tmp_path / "fig.docx")
    text = "\n".join(text_of(p) for p in all_paragraphs(read_docx(str(tmp_path / "fig.docx"))))
    assert "图1 全国居民人均可支配收入" in text and "图2 夜景" in text
    findings = check_figures(doc, ProjectFiles.of(tmp_path, tmp_path), "source/fig.md", formats=("docx",))
    assert [(f.code, f.line) for f in findings] == [("render.docx-image", 5), ("render.docx-image", 7)]
    assert check_figures(doc, ProjectFiles.of(tmp_path, tmp_path), "source/fig.md", formats=("pdf",)) == []


def test_a_title_longer_than_the_word_property_limit_is_set_whole_on_the_title_page(tmp_path):
    """A real NDRC report title with its date line and English runs past 255 characters (core.title's limit)."""
    title = ("关于2025年国民经济和社会发展计划执行情况与2026年国民经济和社会发展计划草案的报告"
             "——2026年3月5日在第十四届全国人民代表大会第四次会议上")
    (tmp_path / "plan.md").write_text(f'+++\ntitle = "{title}"\n+++\n\n正文。\n', encoding="utf-8")
    doc = _pseudo(tmp_path / "plan.md")
    render_docx(doc, RenderOptions(), tmp_path / "plan.docx")
    word = read_docx(str(tmp_path / "plan.docx"))
    assert title in text_of(word.paragraphs[0]._p)
    assert word.core_properties.title.startswith(title) and len(word.core_properties.title) <= 255


WIDE = """+++
title = "主要指标"
+++

表2 规模以上工业主要指标

| 指标 | 2019年 | 2020年 | 2021年 | 2022年 | 2023年 | 2024年 | 2025年 | 比上年增长（%） | 占全国比重（%） | 备注 |
|---|---|---|---|---|---|---|---|---|---|---|
| 营业收入（亿元） | 12345678 | 23456789 | 3456.78 | 4567.89 | 5678.90 | 6789.01 | 7890.12 | -5.0 | 10.3 | 初步数 |
| 利润总额（亿元） | 1234567 | 2345678 | 345.67 | 456.78 | 567.89 | 678.90 | 789.01 | 12.4 | 9.8 | 初步数 |
"""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (scripts/setup --test)")
def test_every_figure_of_a_wide_statistics_table_stays_on_one_line(tmp_path):
    """Eleven equal columns broke 12345678 into 12345 / 678 and 3456.78 into 3456.7 / 8 (two numbers to a reader):
    figure columns are as wide as their longest figure, the table set smaller until they fit."""
    (tmp_path / "wide.md").write_text(WIDE, encoding="utf-8")
    render_docx(_pseudo(tmp_path / "wide.md"), RenderOptions(), tmp_path / "wide.docx")
    widths = [c.width for c in read_docx(str(tmp_path / "wide.docx")).tables[0].columns]
    assert widths[0] > widths[1]  # the text column takes the room the figures leave
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "wide.docx")], check=True, capture_output=True,
                   timeout=180)
    words = subprocess.run(["pdftotext", str(tmp_path / "wide.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout.split()
    for figure in ("12345678", "23456789", "3456.78", "7890.12", "1234567", "-5.0", "10.3", "789.01"):
        assert figure in words, figure
