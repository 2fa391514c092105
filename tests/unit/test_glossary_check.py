"""`bipub glossary check` and `stats`: one small glossary per case, under tests/fixtures/glossary/."""

from pathlib import Path

import pytest

from bipub.terms.glossary import load_glossary
from bipub.terms.repair import repair_apostrophes, repair_mojibake
from bipub.terms.tsv import split_row
from bipub.terms.usage import check, stats
from bipub.text.normalize import fold

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
])
def test_each_broken_glossary_gives_exactly_its_finding(case, expected):
    assert problems(case) == [expected]


def infos(case: str, code: str) -> list[tuple[str, str, str]]:
    """(severity, code, file:line) of the findings with ``code``."""
    return [(f.severity, f.code, f"{f.file}:{f.line}")
            for f in check(FIXTURES / case, sources=sources(case)) if f.code == code]


@pytest.mark.parametrize("case, expected", [
    # the build says the same (qa.term-proposed is info): a proposed term is a fact, not a fault
    ("proposed-term-used", ("info", "glossary.proposed-term-used", "source/doc.md:2")),
    # a shared glossary holds many terms a given source never uses
    ("unused-term", ("info", "glossary.unused-term", "glossary/terms.tsv:3")),
])
def test_how_terms_are_used_is_information_not_a_problem(case, expected):
    assert problems(case) == []
    assert infos(case, expected[1]) == [expected]


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
    ('"a"\t"b"\t"""c"""', ["a", "b", '"c"']),  # a row saved with every cell quoted
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

# tests/fixtures/glossary/inside-longer-term: 首台（套） occurs only inside 首台（套）保险补贴 (written
# 首臺（套）保险补贴), 常德 only inside 常德高新区; 塔机 inside 上回转塔机 and once on its own;
# 保险补贴 (variant 补贴) only inside 首台（套）保险补贴, found once; 360 only as part of 1360
# (not a whole word); 新质生产力 nowhere.
INSIDE = FIXTURES / "inside-longer-term"


def test_a_term_inside_a_longer_term_is_not_unused():
    assert problems("inside-longer-term") == []
    assert infos("inside-longer-term", "glossary.unused-term") == [
        ("info", "glossary.unused-term", "glossary/terms.tsv:8"),  # 360
        ("info", "glossary.unused-term", "glossary/terms.tsv:9"),  # 新质生产力
    ]


def test_stats_counts_longest_matches_and_names_the_longer_terms():
    report = stats(INSIDE, sources=sources("inside-longer-term"))
    assert report.split("\n\n")[1:4] == [
        "Terms used (4 of 9), most used first:\n"
        "     2  上回转塔机          top-slewing tower crane\n"
        "        source/doc.md:3\n"
        "     1  塔机                tower crane\n"
        "        source/doc.md:5\n"
        "     1  常德高新区          Changde High-tech Zone\n"
        "        source/doc.md:1\n"
        "     1  首台（套）保险补贴  insurance subsidy for first-of-its-kind equipment  (as 首臺（套）保险补贴)\n"
        "        source/doc.md:1",
        "Terms only inside longer terms (3), counted under the longer term:\n"
        "     1  保险补贴    insurance subsidy\n"
        "        inside 首台（套）保险补贴\n"
        "        source/doc.md:1\n"
        "     1  常德        Changde\n"
        "        inside 常德高新区\n"
        "        source/doc.md:1\n"
        "     1  首台（套）  first-of-its-kind\n"
        "        inside 首台（套）保险补贴\n"
        "        source/doc.md:1",
        "Terms not used in these sources (2):\n"
        "  360 新质生产力",
    ]


def test_without_sources_the_glossary_is_checked_on_its_own():
    findings = check(INSIDE, sources=[])
    assert [(f.severity, f.code) for f in findings] == [("info", "glossary.no-sources")]
    assert "checked on its own" in findings[0].message


def test_stats_without_sources_says_so_in_one_line():
    assert stats(INSIDE, sources=[]).splitlines() == [
        "glossary: 9 terms in 1 file",
        "sources:  none: no source files, so there is nothing to count (the glossary was read on its own)",
    ]


def test_stats_on_the_seed_lists_every_term_written_in_it_with_count_and_lines():
    """Each term whose Chinese (folded) is in the seed is listed with a count, then the
    file:line list, and the term (or a variant) is written on those lines."""
    source = ROOT / "source" / "hunan-2021.md"
    lines = fold(source.read_text(encoding="utf-8")).split("\n")
    glossary, _ = load_glossary(ROOT / "glossary")
    report = stats(ROOT, sources=[source]).splitlines()
    written = [t for t in glossary.terms if any(fold(t.zh) in line for line in lines)]
    assert len(written) > 100
    for term in written:
        [i] = [i for i, row in enumerate(report) if row.split()[1:2] == [term.zh] and row.split()[0].isdigit()]
        where = next(row for row in report[i + 1 : i + 3] if row.strip().startswith("source/hunan-2021.md:"))
        numbers = [int(n) for n in where.split(":")[1].split(",")]
        keys = [fold(k) for k in (term.zh, *term.variants)]
        assert all(any(k in lines[n - 1] for k in keys) for n in numbers), term.zh


# tests/fixtures/glossary/house-over-imported: glossary/names.tsv (the house file, after imported-partner.tsv in name order) has 湖南日报 →
# "Hunan Daily" (still proposed) and claims the variant 湘报 for 湖南; glossary/imported-partner.tsv,
# which `glossary import` wrote, has 湖南日报 → "Hunan Daily News" (approved, variant 湘报).
HOUSE = FIXTURES / "house-over-imported"


def test_a_house_row_wins_over_an_imported_row_whatever_the_file_names_or_statuses():
    glossary, findings = load_glossary(HOUSE / "glossary")
    assert glossary.lookup("湖南日报").en == "Hunan Daily"
    assert glossary.lookup("湘报").en == "Hunan"
    text = "据湖南日报和长沙晚报报道，湘报也转载了。"
    assert [(m.surface, m.term.en) for m in glossary.match(text)] == [
        ("湖南日报", "Hunan Daily"), ("长沙晚报", "Changsha Evening News"), ("湘报", "Hunan")]


def test_the_imported_row_is_the_one_reported():
    assert problems("house-over-imported") == [
        ("warning", "glossary.overridden-import", "glossary/imported-partner.tsv:2"),
        ("warning", "glossary.overridden-import", "glossary/imported-partner.tsv:2"),
    ]
    messages = [f.message for f in check(HOUSE, sources=[]) if f.code == "glossary.overridden-import"]
    assert "'Hunan Daily' in the house glossary at glossary/names.tsv:2; the house row is used" in messages[0]
    assert "湘报" in messages[1] and "glossary/names.tsv:3" in messages[1]


def test_a_glossary_file_linked_from_outside_the_project_is_not_read(tmp_path):
    """A symbolic link in glossary/ that leads out of the project is refused with an error, never read."""
    outside = tmp_path / "elsewhere.tsv"
    outside.write_text("zh\ten\tstatus\n湖南日报\tHunan Daily News\tapproved\n", encoding="utf-8")
    folder = tmp_path / "project" / "glossary"
    folder.mkdir(parents=True)
    (folder / "names.tsv").write_text("zh\ten\tstatus\n湖南日报\tHunan Daily\tapproved\n", encoding="utf-8")
    (folder / "leak.tsv").symlink_to(outside)
    glossary, findings = load_glossary(folder)
    assert [(f.code, f.severity, f.file) for f in findings if f.code == "glossary.outside"] == [
        ("glossary.outside", "error", "glossary/leak.tsv")]
    assert [t.en for t in glossary.terms] == ["Hunan Daily"]
