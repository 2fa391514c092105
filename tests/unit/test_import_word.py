"""Word files as offices make them: what a reader of the printed document sees is imported,
nothing else, and every figure the import cannot settle is a question for the editor.

Each case is one paragraph of WordprocessingML (as Word, WPS and LibreOffice write it) in a
python-docx document; the number check counts the document's XML itself, so a figure the
reader loses is an error even when the reader does not know it lost it.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml

from bipub.importer import import_text
from bipub.importer.decode import ImportRefused

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def r(text: str, props: str = "") -> str:
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(inner: str) -> str:
    return f"<w:p {NS}>{inner}</w:p>"


def word(*blocks: str):
    d = docx.Document()
    d.add_paragraph("2024年湖南省国民经济和社会发展统计公报", style="Title")
    end = d.element.body[-1]
    for b in blocks:
        end.addprevious(parse_xml(b))
    out = io.BytesIO()
    d.save(out)
    return import_text(out.getvalue(), name="gongbao.docx")


def body(result) -> str:
    return result.markdown.split("+++", 2)[2].strip()


def said(result, code: str) -> list[str]:
    return [f"{f.severity}: {f.message}" for f in result.findings if f.code == f"import.{code}"]


def number_check(result) -> str:
    return next(f.severity for f in result.findings if f.code == "import.numbers")


def test_a_figure_changed_in_tracked_changes_is_an_error_with_both_figures_named():
    result = word(p(r("全年地区生产总值50012.9亿元，比上年增长")
                    + '<w:del w:id="1" w:author="张三"><w:r><w:delText>4.6</w:delText></w:r></w:del>'
                    + '<w:ins w:id="2" w:author="张三"><w:r><w:t>4.8</w:t></w:r></w:ins>' + r("%。")))
    assert body(result) == "全年地区生产总值50012.9亿元，比上年增长4.8%。"
    changes = said(result, "tracked-change")
    assert [c.split(":")[0] for c in changes] == ["error", "error"]
    assert "“4.6” is left out; it changes a figure" in changes[0] and "“4.8” is in the text" in changes[1]
    assert number_check(result) == "info"  # 4.6 is listed as removed, 4.8 is in the document


def test_moved_text_is_reported_like_a_deletion_and_an_insertion():
    result = word(p(r("第一产业增加值") + '<w:moveFrom w:id="3" w:author="李四"><w:r><w:delText>4520.4亿元'
                    '</w:delText></w:r></w:moveFrom>' + r("。")),
                  p(r("第二产业增加值") + '<w:moveTo w:id="4" w:author="李四">' + r("4520.4亿元") + "</w:moveTo>" + r("。")))
    assert "4520.4" not in body(result).split("\n")[0] and "第二产业增加值4520.4亿元。" in body(result)
    assert [m.split("by")[0] for m in said(result, "tracked-change")] == ["error: tracked change not yet accepted in Word: "
                                                                          "move (from here) ", "error: tracked change not "
                                                                          "yet accepted in Word: move (to here) "]


def test_hidden_text_is_never_published_and_is_reported():
    result = word(p(r("全年居民消费价格比上年上涨0.2%。") + r("（内部：此数待国家局反馈，勿发3.1）", "<w:rPr><w:vanish/></w:rPr>")))
    assert body(result) == "全年居民消费价格比上年上涨0.2%。"
    assert said(result, "hidden-text")[0].startswith("warning: hidden text (Word's hidden font) left out: “（内部：此数待")
    assert number_check(result) == "info"


def test_text_in_a_content_control_is_read_not_lost():
    result = word(f'<w:sdt {NS}><w:sdtPr/><w:sdtContent><w:p>{r("全年社会消费品零售总额20203.4亿元，增长5.6%。")}'
                  "</w:p></w:sdtContent></w:sdt>")
    assert body(result) == "全年社会消费品零售总额20203.4亿元，增长5.6%。"


def test_a_table_inside_a_cell_keeps_its_figures_and_is_reported():
    cell = "<w:tc><w:p>{}</w:p></w:tc>"
    inner = f'<w:tc><w:tbl><w:tr>{cell.format(r("617.7万吨"))}</w:tr></w:tbl><w:p/></w:tc>'
    result = word(f"<w:tbl {NS}><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{cell.format(r('指标'))}"
                  f"{cell.format(r('数值'))}</w:tr><w:tr>{cell.format(r('粮食'))}{inner}</w:tr></w:tbl>")
    assert "| 粮食 | 617.7万吨 |" in body(result)
    assert said(result, "table-in-table")


def test_a_line_break_between_two_digits_never_fuses_them():
    result = word(p(r("全年新增就业") + "<w:r><w:t>12</w:t><w:br/><w:t>34</w:t></w:r>" + r("人。")))
    assert body(result) == "全年新增就业12 34人。"
    assert said(result, "digit-break")


def test_a_symbol_font_minus_sign_is_kept_and_asked_about():
    result = word(p(r("出口比上年增长") + '<w:r><w:sym w:font="Symbol" w:char="F02D"/></w:r>' + r("2.1%。")))
    assert body(result) == "出口比上年增长−2.1%。"
    assert said(result, "symbol")[0].startswith("warning: a Word symbol (font Symbol, code F02D) put in as −")


def test_a_non_breaking_hyphen_between_years_is_a_hyphen():
    result = word(p(r("《湖南省国民经济和社会发展规划（2021") + "<w:r><w:noBreakHyphen/></w:r>" + r("2025年）》。")))
    assert body(result) == "《湖南省国民经济和社会发展规划（2021-2025年）》。"


def test_a_text_box_is_read_once_not_with_its_copy_for_old_word():
    box = f"<w:txbxContent><w:p>{r('图表：地区生产总值增长4.8%')}</w:p></w:txbxContent>"
    result = word(p('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
                    f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
                    f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
                    "</mc:Fallback></mc:AlternateContent></w:r>" + r("正文在此。")))
    assert body(result) == "正文在此。\n\n图表：地区生产总值增长4.8%"
    assert said(result, "text-box") and number_check(result) == "info"


def test_the_table_of_contents_word_made_is_removed_and_listed():
    def field(instr: str) -> str:
        return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{instr}</w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    result = word(p(r("目  录")), p(field(' TOC \\o "1-3" \\h ') + r("一、2024年工作回顾") + "<w:r><w:tab/></w:r>" + r("1")),
                  p(r("二、2025年主要目标") + "<w:r><w:tab/></w:r>" + r("5") + end),
                  p(r("一、2024年工作回顾")), p(r("全省地区生产总值增长4.8%。")),
                  p(r("二、2025年主要目标")), p(r("地区生产总值增长5%左右。")))
    assert body(result) == ("## 一、2024年工作回顾\n\n全省地区生产总值增长4.8%。\n\n## 二、2025年主要目标\n\n"
                            "地区生产总值增长5%左右。")
    assert said(result, "contents")[0].startswith("repaired: removed the table of contents Word made (目  录；一、2024年")
    assert number_check(result) == "info"


def test_an_old_binary_doc_or_wps_file_is_refused_with_one_clear_line():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    for name in ("报告.doc", "报告.wps"):
        with pytest.raises(ImportRefused) as e:
            import_text(ole, name=name)
        assert str(e.value) == (f"{name}: byte 0: not text: looks like an old binary Word or WPS document (.doc/.wps), "
                                "not a .docx; open it in Word, WPS or LibreOffice and save it as .docx (or: soffice "
                                "--headless --convert-to docx FILE); nothing written")


def test_word_list_numbers_are_put_in_as_word_shows_them_and_make_the_headings():
    from conftest import FIXTURES

    data = (FIXTURES / "import" / "word" / "tongbao.docx").read_bytes()  # written by LibreOffice
    result = import_text(data, name="tongbao.docx")
    assert body(result) == ("## 一、总体情况\n\n初步核算，全年全省地区生产总值53231.6亿元，比上年增长4.8%[^1]。\n\n"
                            "### （一）农业生产稳中有进\n\n全年粮食产量617.7万吨，比上年增长0.8%。\n\n"
                            "[^1]: 地区生产总值按现价计算，增长速度按不变价格计算。")
    assert said(result, "auto-numbering") == ["warning: Word numbers these paragraphs automatically: the numbers it shows "
                                              "were put in the text as Word counts them (the first: 一、); check them "
                                              "against the document on 2 lines (2, 4)"]
    assert [m.split(":")[0] for m in said(result, "tracked-change") + said(result, "hidden-text")] == ["error", "error", "warning"]
    assert "湖南省人民政府办公厅文件" not in result.markdown and number_check(result) == "info"  # the header is not body


def test_a_decimal_word_list_counts_on_across_paragraphs():
    d = docx.Document()
    for text, style in (("总体要求", "List Number"), ("坚持稳中求进工作总基调。", None), ("主要目标", "List Number")):
        d.add_paragraph(text, style=style)
    out = io.BytesIO()
    d.save(out)
    result = import_text(out.getvalue(), name="n.docx")
    assert "1.总体要求" in result.markdown and "2.主要目标" in result.markdown
    assert number_check(result) == "info"  # the numbers Word shows are the document's
