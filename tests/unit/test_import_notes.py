"""Notes under the text become Markdown footnotes the build reads; never a stray digit in the prose.

Golden cases from the National Bureau of Statistics' communiqué (its 注释 section and [1] marks),
a scraped Markdown copy with ``[^1]`` notes, and a saved page with ``<sup>1</sup>`` marks.
"""

from __future__ import annotations

from bipub.importer import import_file, import_text
from bipub.source.parse import parse_source


def imp(text: str, name: str = "raw.txt"):
    return import_text(text.encode("utf-8"), name=name)


def body(result) -> str:
    return result.markdown.split("+++\n")[-1].lstrip("\n")


def footnotes_built(markdown: str) -> list[str]:
    """The footnotes the build's parser reads, with no parse finding about them."""
    parsed = parse_source(markdown, name="x", path="x.md")
    assert not [f for f in parsed.findings if "footnote" in f.code], [f.format() for f in parsed.findings]
    return [b.attrs["label"] for b in parsed.document.blocks() if b.kind == "footnote"]


def numbers_pass(result) -> bool:
    [check] = [f for f in result.findings if f.code == "import.numbers"]
    return check.severity == "info"


COMMUNIQUE = """初步核算，全年国内生产总值1260582亿元[2]，比上年增长5.2%。

全年全国居民人均可支配收入39218元[3]，比上年增长6.3%。

注释：
[1]本公报中数据均为初步统计数。各项统计数据均未包括香港特别行政区、澳门特别行政区和台湾省。
[2]国内生产总值、三次产业及相关行业增加值绝对数按现价计算，增长速度按不变价格计算。
[3]全国居民人均收入中位数是指将所有调查户按人均收入水平从低到高顺序排列，处于最中间位置的调查户的人均收入。
"""


def test_a_notes_section_under_a_communique_becomes_footnotes():
    result = imp(COMMUNIQUE)
    assert body(result) == (
        "初步核算，全年国内生产总值1260582亿元[^2]，比上年增长5.2%。\n\n"
        "全年全国居民人均可支配收入39218元[^3]，比上年增长6.3%。\n\n"
        "[^1]: 本公报中数据均为初步统计数。各项统计数据均未包括香港特别行政区、澳门特别行政区和台湾省。\n\n"
        "[^2]: 国内生产总值、三次产业及相关行业增加值绝对数按现价计算，增长速度按不变价格计算。\n\n"
        "[^3]: 全国居民人均收入中位数是指将所有调查户按人均收入水平从低到高顺序排列，处于最中间位置的调查户的人均收入。\n")
    codes = {(f.code, f.severity, f.line) for f in result.findings if f.code == "import.footnote"}
    assert codes == {("import.footnote", "repaired", 5), ("import.footnote", "warning", 6)}  # note 1 has no mark
    assert numbers_pass(result)


def test_the_build_reads_the_footnotes_and_a_reimport_changes_nothing(tmp_path):
    raw = tmp_path / "communique.txt"
    raw.write_text(COMMUNIQUE.replace("[^1]", ""), encoding="utf-8")
    out = tmp_path / "source" / "communique.md"
    import_file(raw, out)
    first = out.read_text(encoding="utf-8")
    assert sorted(footnotes_built(first.replace("\n\n[^1]:", "\n\n见注[^1]。\n\n[^1]:", 1))) == ["1", "2", "3"]
    import_file(out, out, force=True)
    assert out.read_text(encoding="utf-8") == first


def test_notes_begun_on_the_header_line():
    text = ("全年规模以上工业增加值增长4.6%¹，高技术制造业增加值增长2.7%²。\n\n"
            "注：1.规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。\n"
            "2.高技术制造业包括医药制造、航空航天器及设备制造等6大类。\n")
    result = imp(text)
    assert body(result).startswith("全年规模以上工业增加值增长4.6%[^1]，高技术制造业增加值增长2.7%[^2]。\n\n[^1]: 规模以上")
    assert "[^2]: 高技术制造业包括医药制造、航空航天器及设备制造等6大类。" in result.markdown
    assert footnotes_built(result.markdown) == ["1", "2"] and numbers_pass(result)


def test_a_numbered_list_at_the_end_without_a_notes_header_stays_a_list():
    text = "今年重点抓好以下工作：\n\n1. 稳定粮食生产。\n\n2. 推进乡村振兴。\n"
    result = imp(text)
    assert "[^" not in result.markdown and "1\\. 稳定粮食生产。" in result.markdown


def test_scraped_markdown_footnotes_keep_their_text():
    text = ("---\ntitle: 全省粮食生产再获丰收\n---\n\n全省粮食总产量达到617.7亿斤[^1]，连续多年稳定在600亿斤以上[^src]。\n\n"
            "[^1]: 数据来源：国家统计局湖南调查总队。\n[^src]: 见《湖南日报》2023年12月12日报道。\n")
    result = imp(text, "copy.md")
    assert body(result) == ("全省粮食总产量达到617.7亿斤[^1]，连续多年稳定在600亿斤以上[^src]。\n\n"
                            "[^1]: 数据来源：国家统计局湖南调查总队。\n\n[^src]: 见《湖南日报》2023年12月12日报道。\n")
    assert footnotes_built(result.markdown) == ["1", "src"] and numbers_pass(result)


PAGE = ("<html><head><title>全省粮食生产再获丰收_湖南省人民政府</title></head><body>"
        "<div class='article'><h1>全省粮食生产再获丰收</h1>"
        "<p>全省粮食总产量达到617.7亿斤<sup>1</sup>，比上年增加13.9亿斤<sup>[2]</sup>，面积为4765.1千公顷。</p>"
        "<p>全省油料产量达到290.5万吨，每公顷产量1.8吨。</p>"
        "{notes}</div></body></html>")


def test_html_superscript_marks_become_references_to_the_notes_under_the_article():
    notes = "<p>注释：</p><p>[1]数据来源：国家统计局湖南调查总队。</p><p>[2]按可比口径计算。</p>"
    result = imp(PAGE.format(notes=notes), "page.html")
    assert body(result) == ("全省粮食总产量达到617.7亿斤[^1]，比上年增加13.9亿斤[^2]，面积为4765.1千公顷。\n\n"
                            "全省油料产量达到290.5万吨，每公顷产量1.8吨。\n\n"
                            "[^1]: 数据来源：国家统计局湖南调查总队。\n\n[^2]: 按可比口径计算。\n")
    assert footnotes_built(result.markdown) == ["1", "2"] and numbers_pass(result)


def test_a_footnote_list_of_a_saved_page_is_read():
    notes = '<ol class="footnotes"><li id="fn1">数据来源：国家统计局湖南调查总队。↩︎</li><li id="fn2">按可比口径计算。</li></ol>'
    result = imp(PAGE.format(notes=notes), "page.html")
    assert "[^1]: 数据来源：国家统计局湖南调查总队。\n\n[^2]: 按可比口径计算。\n" in result.markdown


def test_a_superscript_mark_without_a_note_is_taken_out_and_reported_never_left_as_a_digit():
    result = imp(PAGE.format(notes=""), "page.html")
    assert "617.7亿斤，比上年增加13.9亿斤，面积" in result.markdown
    assert "亿斤1" not in result.markdown and "[^" not in result.markdown
    warned = [f for f in result.findings if f.code == "import.footnote"]
    assert len(warned) == 2 and all(f.severity == "warning" for f in warned)
    assert numbers_pass(result)


def test_a_superscript_after_a_figure_or_a_latin_unit_is_a_superscript_never_glued():
    result = imp("<html><body><p>全省新增耕地面积12.5km<sup>2</sup>，治理水土流失面积较上年扩大。</p>"
                 "<p>第二段文字，用于让抽取器找到正文内容。</p></body></html>", "page.html")
    assert "12.5km²" in result.markdown and "[^" not in result.markdown


def test_a_bipub_source_keeps_the_editors_references_and_notes_as_written():
    source = ("+++\ntitle = \"全省粮食生产再获丰收\"\n+++\n\n全省粮食总产量达到617.7亿斤[^1]，比上年增加13.9亿斤[^9]。\n\n"
              "注释：\n\n[1]数据来源：国家统计局湖南调查总队。\n\n[^1]: 按可比口径计算。\n")
    again = imp(source, "x.md")
    assert again.markdown == source.replace("[1]数据", "\\[1\\]数据")
    assert not [f for f in again.findings if f.code == "import.footnote"]


def test_a_power_of_ten_is_never_read_as_one_figure():
    html = "<p>宇宙中恒星数量约为10<sup>22</sup>颗，观测误差不超过10<sup>-3</sup>。</p>"
    for name, text in (("page.html", f"<html><body>{html}<p>第二段文字，用于让抽取器找到正文内容。</p></body></html>"),
                       ("copy.md", f"---\ntitle: 恒星\n---\n\n{html}\n")):
        result = imp(text, name)
        assert "10²²颗" in result.markdown and "10⁻³。" in result.markdown and "1022" not in result.markdown, name
