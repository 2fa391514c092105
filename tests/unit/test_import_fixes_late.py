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
