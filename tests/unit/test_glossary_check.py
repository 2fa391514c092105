"""`bipub glossary check`: one small broken glossary per kind of error, under tests/fixtures/glossary/."""

from pathlib import Path

import pytest

from bipub.glossary import load_glossary, repair_apostrophes, repair_mojibake, split_row
from bipub.glossary_commands import check

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "glossary"
ROOT = Path(__file__).resolve().parents[2]


def sources(case: str) -> list[Path]:
    return sorted((FIXTURES / case / "source").glob("*.md"))


def problems(case: str) -> list[tuple[str, str, str]]:
    """(severity, code, file:line) of everything but info findings."""
    return [
        (f.severity, f.code, f"{f.file}:{f.line}")
        for f in check(FIXTURES / case, sources=sources(case))
        if f.severity != "info"
    ]


@pytest.mark.parametrize("case, expected", [
    ("malformed-row", ("error", "glossary.malformed-row", "glossary/terms.tsv:3")),
    ("empty-field", ("error", "glossary.empty-field", "glossary/terms.tsv:3")),
    ("conflicting-rendering", ("error", "glossary.conflicting-rendering", "glossary/b.tsv:3")),
    ("variant-claimed-twice", ("error", "glossary.variant-claimed-twice", "glossary/terms.tsv:3")),
    ("unknown-status", ("error", "glossary.unknown-status", "glossary/terms.tsv:3")),
    ("mojibake", ("error", "glossary.mojibake", "glossary/terms.tsv:2")),
    ("stray-apostrophe", ("error", "glossary.stray-apostrophe", "glossary/terms.tsv:2")),
    ("bad-header", ("error", "glossary.malformed-header", "glossary/terms.tsv:1")),
    ("proposed-term-used", ("warning", "glossary.proposed-term-used", "source/doc.md:2")),
    ("unused-term", ("warning", "glossary.unused-term", "glossary/terms.tsv:3")),
])
def test_each_broken_glossary_gives_exactly_its_finding(case, expected):
    assert problems(case) == [expected]


def test_a_good_glossary_passes():
    assert problems("good") == []


def test_the_project_glossary_has_no_errors():
    findings = check(ROOT, sources=sorted((ROOT / "source").glob("*.md")))
    assert [f.format() for f in findings if f.severity == "error"] == []


def test_messages_name_the_other_location():
    [f] = [f for f in check(FIXTURES / "conflicting-rendering", sources=[]) if f.severity == "error"]
    assert "glossary/a.tsv:2" in f.message and "'intelligent manufacturing'" in f.message
    assert f.format().startswith("glossary/b.tsv:3: error glossary.conflicting-rendering:")


def test_rows_with_errors_are_left_out_and_the_rest_loads():
    glossary, _ = load_glossary(FIXTURES / "unknown-status" / "glossary")
    assert [t.zh for t in glossary.terms] == ["十四五"]
    assert glossary.terms[0].file == "glossary/terms.tsv" and glossary.terms[0].line == 2


def test_missing_glossary_folder_is_an_empty_glossary(tmp_path):
    glossary, findings = load_glossary(tmp_path / "glossary")
    assert len(glossary) == 0 and findings == []


def test_non_utf8_file_is_one_finding_with_its_line(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "old.tsv").write_bytes("zh\ten\tstatus\n首台套\tfirst\tapproved\n".encode("gb18030"))
    _, findings = load_glossary(folder)
    assert [(f.code, f.file, f.line) for f in findings] == [("glossary.encoding", "glossary/old.tsv", 2)]


@pytest.mark.parametrize("line, cells", [
    ("a\tb\tc", ["a", "b", "c"]),
    ('a\t"say ""hi"""\tc', ["a", 'say "hi"', "c"]),  # a spreadsheet's quoting is undone
    ('a\t"one chain, one bank"\tc', ["a", '"one chain, one bank"', "c"]),  # quotes typed in a cell are kept
    ('a\t"Hunan" alone\tc', ["a", '"Hunan" alone', "c"]),
    ('a\t白名单"连续\tc', ["a", '白名单"连续', "c"]),
])
def test_cells_and_quotes(line, cells):
    assert split_row(line) == cells


@pytest.mark.parametrize("damaged, repaired", [
    ("ÊÓÆµ¶Ô»°", "视频对话"),
    ("µÄ¶ú»ú", "的耳机"),
    ("Microsoft® Windows® 或 Vista", None),  # real ® next to Chinese is not mojibake
    ("Café", None),
    ("视频", None),
])
def test_mojibake_repair(damaged, repaired):
    assert repair_mojibake(damaged) == repaired


@pytest.mark.parametrize("damaged, repaired", [
    ("测'试'修'改'日'期", "测试修改日期"),
    ("H'e'a'd's'e't' 'w'i't'h", "Headset with"),
    ("Click the 'Next' button.", None),  # quotation marks in English stay
    ("Hunan San'an Semiconductor", None),
    ("don't", None),
])
def test_stray_apostrophe_repair(damaged, repaired):
    assert repair_apostrophes(damaged) == repaired
