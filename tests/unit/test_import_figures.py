"""Figures are sacred: no import joins, splits or edits a digit, and every import says so.

The number check (``import.numbers``) compares the numbers of the input with
the output and with what the import removed and listed; it runs on every
import and its finding is part of every report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bipub.importer import figures, import_text
from bipub.importer.report import Report

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
RAWS = sorted(p for p in CASES.glob("*.raw.*")) + sorted(p for p in (CASES / "formats").iterdir() if p.suffix != ".py" and p.is_file() and p.name != "README.md")


def imp(text: str, name: str = "raw.txt", **kw):
    return import_text(text.encode("utf-8"), name=name, **kw)


def codes(result, severity=None):
    return [f.code for f in result.findings if severity is None or f.severity == severity]


@pytest.mark.parametrize("raw", RAWS, ids=lambda p: p.name)
def test_every_fixture_states_the_number_invariant_and_keeps_it(raw):
    result = import_text(raw.read_bytes(), name=raw.name)
    checks = [f for f in result.findings if f.code == "import.numbers"]
    assert [f.severity for f in checks] == ["info"], [f.format() for f in checks]
    assert checks[0].message.startswith("number check passed")


def test_the_number_check_names_an_invented_and_a_lost_figure():
    report = Report("raw.txt")
    ok = figures.check([(1, "产量174915吨，增长5.0%")], [(1, "产量1749155.0吨")], [], report)
    assert not ok
    assert [f.format() for f in report.findings] == [
        "raw.txt:1: error import.numbers: the output has 1749155.0 more than the input: a figure was made or changed "
        "by the import; compare with the original",
        "raw.txt:1: error import.numbers: 174915 of the input is missing from the output and was not listed as removed: "
        "a figure was lost by the import; compare with the original",
        "raw.txt:1: error import.numbers: 5.0 of the input is missing from the output and was not listed as removed: "
        "a figure was lost by the import; compare with the original"]


def test_full_width_digits_count_as_their_values_and_stay_as_printed():
    result = imp("全年粮食产量６９５４１万吨。\n")
    assert "６９５４１" in result.markdown
    assert "import.fullwidth-digits" in codes(result, "info")
    assert figures.numbers("６９５４１万吨，增长１．３％") == ["69541", "1.3"]


# ------------------------------------------------------------------ the worst bug: two figures made one

def test_a_paragraph_break_between_two_figures_is_never_joined():
    result = imp("全年粮食产量为174915\n\n5.0万吨，比上年增长。\n")
    assert "1749155.0" not in result.markdown
    assert "174915\n\n5.0万吨" in result.markdown
    assert "import.digit-break" in codes(result, "warning")
    assert not [c for c in codes(result, "repaired") if c.startswith("import.broken")]


@pytest.mark.parametrize("left, right", [("增长", "5.2%。"), ("增长5.2", "个百分点。"), ("1244", "万人。")])
def test_a_break_touching_a_digit_on_either_side_is_a_suspicion(left, right):
    result = imp(f"城镇新增就业{left}\n\n{right}\n")
    assert f"{left}\n\n{right}" in result.markdown
    assert "import.digit-break" in codes(result)


def test_a_regular_table_copied_one_cell_per_line_is_rebuilt_without_touching_a_figure():
    cells = ["指标", "绝对数", "增长", "粮食", "69541", "1.3", "棉花", "562", "-6.1", "油料", "3864", "5.7"]
    result = imp("表1 2023年主要农产品产量\n" + "\n".join(cells) + "\n\n注：绝对数单位为万吨。\n")
    assert "| 指标 | 绝对数 | 增长 |\n|---|---|---|\n| 粮食 | 69541 | 1.3 |\n| 棉花 | 562 | -6.1 |\n| 油料 | 3864 | 5.7 |" \
        in result.markdown
    assert "import.table" in codes(result, "repaired")


def test_an_irregular_flattened_table_is_reported_and_its_cells_left_alone():
    cells = ["地区", "产量", "北京", "174915", "5.0", "上海", "12.5", "天津", "88", "3.1", "2.2"]
    result = imp("\n".join(cells) + "\n")
    assert "import.suspected-table" in codes(result, "warning")
    for c in cells:
        assert f"\n{c}\n" in "\n" + result.markdown
    assert "1749155.0" not in result.markdown


# ------------------------------------------------------------------ page numbers

@pytest.mark.parametrize("page", ["— 2 —", "- 12 -", "－3－", "第 2 页", "第2页 共15页", "2/15", "Page 4 of 9"])
def test_page_number_lines_are_removed_and_listed(page):
    result = imp(f"一段文字说到主产区农民增收\n\n{page}\n\n困难的问题，必须认真解决。\n")
    assert page not in result.markdown
    assert "主产区农民增收困难的问题" in result.markdown
    assert any(f.code == "import.page-number" and f.line == 3 for f in result.findings)
    assert codes(result).count("import.numbers") == 1 and "import.numbers" not in codes(result, "error")


def test_a_page_number_spliced_into_a_sentence_is_cut_out():
    result = imp("着力解决主产区农民增收— 2 —困难的问题。\n")
    assert "着力解决主产区农民增收困难的问题。" in result.markdown
    assert "import.page-number" in codes(result, "repaired")
    assert "import.numbers" not in codes(result, "error")


def test_a_bare_number_line_is_not_taken_for_a_page_number():
    result = imp("第一段。\n\n12\n\n第二段。\n")
    assert "\n12\n" in result.markdown


# ------------------------------------------------------------------ invisible controls

def test_bidi_overrides_are_removed_and_reported():
    result = imp("增长\u202e5.2%\u202c，就业\u2066稳定\u2069。\n")
    assert "增长5.2%，就业稳定。" in result.markdown
    assert not any(c in result.markdown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "import.controls" in codes(result, "warning")


def test_pinyin_glosses_are_flagged_and_removed_only_on_request():
    text = "發展經(jīng)濟(jì)，穩(wěn)定就業。\n"
    kept = imp(text)
    assert "經(jīng)濟(jì)" in kept.markdown and "import.pinyin" in codes(kept, "warning")
    gone = imp(text, pinyin="remove")
    assert "發展經濟，穩定就業。" in gone.markdown and "import.pinyin" in codes(gone, "repaired")
