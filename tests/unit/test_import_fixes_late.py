"""Late fixes: a figure broken at its decimal point, a page number inside a figure, a symlinked
protected folder, a digit grouping made of non-breaking spaces. Never silent, never a digit changed."""

from __future__ import annotations

import pytest

from bipub.importer import ImportRefused, import_file, import_text


def imp(text: str):
    return import_text(text.encode("utf-8"), name="raw.txt")


def found(result, code):
    return [f for f in result.findings if f.code == code]


@pytest.mark.parametrize("left, right", [("全国规模以上工业增加值增长8.", "4%，高技术制造业增加值增长较快。"),
                                         ("一般公共预算收入为预算的101.", "3%。")])
def test_a_figure_broken_at_its_decimal_point_is_reported_and_left_as_written(left, right):
    result = imp(f"{left}\n{right}\n")
    assert f"{left}\n\n{right}" in result.markdown
    [f] = found(result, "import.digit-break")
    assert f.severity == "warning" and f.line == 1


def test_a_sentence_ending_in_a_figure_then_a_new_one_with_a_figure_is_not_flagged():
    assert not found(imp("全年增长5.2%。\n2024年目标如下。\n"), "import.digit-break")


def test_a_page_number_between_two_digits_is_reported_and_never_removed():
    result = imp("共计1,234- 4 -567万元。\n")
    assert "1,234- 4 -567万元" in result.markdown
    [f] = found(result, "import.page-number-suspect")
    assert f.severity == "warning" and f.line == 1


def test_a_page_number_after_a_complete_figure_is_removed_and_listed():
    result = imp("规模以上工业增加值增长8.4%— 3 —，比上年提高。\n")
    assert "增长8.4%，比上年提高。" in result.markdown
    assert found(result, "import.page-number")
    assert "removed and listed" in found(result, "import.numbers")[0].message


def test_a_symlinked_folder_into_the_memory_is_refused(tmp_path):
    raw = tmp_path / "x.txt"
    raw.write_text("全年城镇新增就业1244万人。\n", encoding="utf-8")
    (tmp_path / "translations").mkdir()
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "tl").symlink_to("../translations")
    with pytest.raises(ImportRefused, match="translations"):
        import_file(raw, tmp_path / "source" / "tl" / "x.md")
    assert list((tmp_path / "translations").iterdir()) == []


# ------------------------------------------------------------------ Big5 is not GB18030

TW = "臺灣省統計報告\n\n第一章 總則\n\n全年經濟成長率為3.2%，國內生產毛額達新臺幣23,456億元，人口2,342萬人。\n"


def test_big5_is_detected_and_every_figure_kept():
    result = import_text(TW.encode("big5"), name="tw.txt")
    assert result.encoding == "Big5"
    assert result.meta["title"] == "臺灣省統計報告"
    assert "23,456億元" in result.markdown and "2,342萬人" in result.markdown
    assert any(f.code == "import.encoding" and "Big5" in f.message for f in result.findings)


def test_gb_text_that_also_decodes_as_big5_stays_gb():
    text = "国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。\n赤字率拟按3%安排，赤字规模4.06万亿元。\n"
    data = text.encode("gb2312")
    data.decode("cp950")  # the same bytes are valid Big5 too
    assert import_text(data, name="gb.txt").encoding == "GB2312"


def test_an_undecidable_encoding_is_refused():
    data = bytes([0xF0, 0xA1, 0xF0, 0xA2, 0xF1, 0xB0, 0xF2, 0xC1, 0xF3, 0xD2]) * 3 + b"\n"  # rare characters either way
    with pytest.raises(ImportRefused, match="encoding cannot be told"):
        import_text(data, name="fr.txt")


def test_a_speakers_byline_is_never_joined_to_the_salutation_under_it():
    """A work report's head: title, occasion, the speaker's office and name, then 各位代表：."""
    result = imp("政府工作报告\n——2024年1月22日在湖南省第十四届人民代表大会第二次会议上\n湖南省省长　毛伟明\n\n"
                 "各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n")
    assert "毛伟明各位代表" not in result.markdown
    assert 'authors = ["毛伟明"]' in result.markdown
    assert "\n各位代表：\n" in result.markdown
    assert not found(result, "import.broken-sentence")
