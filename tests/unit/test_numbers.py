"""Chinese number expressions → English, by rule (bipub.terms.numbers).

The rules are tables a reader can scan:

* ``tests/fixtures/numbers/cases.tsv``: one expression per line → its English and kind
  (real cases from the seed report and the two Government Work Reports, plus edge cases);
* ``tests/fixtures/numbers/sentences.tsv``: whole sentences → the expressions found in them,
  in order, including sentences where nothing may be found (codes, fixed words, slogans).
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from bipub.terms.numbers import NumberMatch, find_numbers, parse_chinese_numeral, render
from paths import CORPUS, SEED_RAW

FIXTURES = Path(__file__).parent.parent / "fixtures" / "numbers"
SEED = SEED_RAW


def load_table(name: str, columns: int) -> list[tuple[int, list[str]]]:
    """Rows of a tab-separated fixture (``#`` comments and the header skipped), each with its line number."""
    path = FIXTURES / name
    rows = []
    header_seen = False
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise ValueError(f"{path}:{lineno}: expected {columns} tab-separated columns, found {len(cells)}")
        if not header_seen:
            header_seen = True
            continue
        rows.append((lineno, cells))
    return rows


CASES = load_table("cases.tsv", 4)
SENTENCES = load_table("sentences.tsv", 3)


@pytest.mark.parametrize(
    "surface,english,kind", [cells[:3] for _, cells in CASES], ids=[f"cases.tsv:{n}" for n, _ in CASES]
)
def test_case_table(surface, english, kind):
    assert render(surface) == english
    # the expression is found whole in running text, with the same English and kind
    text = f"据统计，{surface}。"
    matches = find_numbers(text)
    assert [(m.surface, m.english, m.kind) for m in matches] == [(surface, english, kind)]
    assert matches[0].start == len("据统计，")


@pytest.mark.parametrize(
    "sentence,surfaces", [cells[:2] for _, cells in SENTENCES], ids=[f"sentences.tsv:{n}" for n, _ in SENTENCES]
)
def test_sentence_table(sentence, surfaces):
    expected = [s.strip() for s in surfaces.split("|")] if surfaces.strip() else []
    matches = find_numbers(sentence)
    assert [m.surface for m in matches] == expected
    for m in matches:
        assert sentence[m.start : m.end] == m.surface


def test_case_table_is_mostly_real():
    sources = [cells[3] for _, cells in CASES]
    real = [s for s in sources if s in ("seed", "gwr_2024", "gwr_2025")]
    assert len(real) >= 60
    assert set(sources) <= {"seed", "gwr_2024", "gwr_2025", "brief", "edge"}


def test_real_cases_occur_in_their_source():
    files = {"seed": SEED, "gwr_2024": CORPUS / "gwr_2024.zh.txt", "gwr_2025": CORPUS / "gwr_2025.zh.txt"}
    texts = {k: p.read_text(encoding="utf-8") for k, p in files.items() if p.exists()}
    if not texts:
        pytest.skip("shared corpus not available")
    missing = [cells[0] for _, cells in CASES if cells[3] in texts and cells[0] not in texts[cells[3]]]
    assert missing == []


# --- edge cases -----------------------------------------------------------------------------------


def test_empty_and_number_free_text():
    assert find_numbers("") == []
    assert find_numbers("凡是过往，皆为序章；所有将来，皆为可盼。") == []


def test_matches_are_sorted_non_overlapping_and_point_into_the_input():
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else "2021年9月7日，投资807.9亿元。"
    matches = find_numbers(text)
    assert matches == sorted(matches, key=lambda m: m.start)
    for a, b in itertools.pairwise(matches):
        assert a.end <= b.start
    for m in matches:
        assert isinstance(m, NumberMatch) and text[m.start : m.end] == m.surface and m.english


@pytest.mark.parametrize(
    "text,surface",
    [
        ("2021年9月7日", "2021年9月7日"),  # not 2021年 + 9月 + 7
        ("2021年1至11月", "2021年1至11月"),  # not 2021年 + 1至11月
        ("居全国第9位", "居全国第9位"),  # not 第9位
        ("“十四五”规划", "“十四五”规划"),  # not “十四五”
        ("3400多万人次", "3400多万人次"),  # not 3400多万人
        ("5%—6%", "5%—6%"),  # not 5% + 6%
    ],
)
def test_longest_expression_wins(text, surface):
    assert [m.surface for m in find_numbers(text)] == [surface]


@pytest.mark.parametrize("code", ["W12000-450", "C919", "PM2.5", "5G", "6G"])
def test_nothing_is_matched_inside_latin_letter_codes(code):
    text = f"扩大{code}规模化应用，增长5%"
    assert [(m.surface, m.start) for m in find_numbers(text)] == [("5%", len(text) - 2)]


@pytest.mark.parametrize("path", [SEED, CORPUS / "gwr_2024.zh.txt", CORPUS / "gwr_2025.zh.txt"], ids=lambda p: p.name)
def test_scanning_only_number_windows_finds_what_a_full_scan_finds(path):
    if not path.exists():
        pytest.skip("shared corpus not available")
    text = path.read_text(encoding="utf-8")
    assert find_numbers(text) == find_numbers(text, _windowed=False)


def test_full_width_and_traditional_keep_original_offsets():
    text = "投資４．１６億元"
    (m,) = find_numbers(text)
    assert (m.start, m.end, m.surface, m.english) == (2, 8, "４．１６億元", "416 million yuan")


def test_full_width_comma_is_never_a_thousands_separator():
    assert [m.english for m in find_numbers("增长5，300家")] == ["5", "300"]
    assert [m.english for m in find_numbers("增长5,300家")] == ["5,300"]


def test_exact_decimal_arithmetic():
    # binary floating point would give 80.78999999999999 and 0.30000000000000004
    assert render("807.9亿元") == "80.79 billion yuan"
    assert render("0.3万元") == "3,000 yuan"
    assert render("1.148万亿元") == "1.148 trillion yuan"
    assert render("0.0001亿元") == "10,000 yuan"


@pytest.mark.parametrize(
    "numeral,value",
    [("三十", 30), ("十", 10), ("十四", 14), ("一百", 100), ("一百零五", 105), ("一千五百", 1500),
     ("两万", 20000), ("三万亿", 3 * 10**12), ("二〇二一", 2021), ("十八点九", "18.9"), ("一亿两千万", 120_000_000),
     ("零点五", "0.5"), ("一点五万", "15000.0")],
)
def test_parse_chinese_numeral(numeral, value):
    assert str(parse_chinese_numeral(numeral)) == str(value)


@pytest.mark.parametrize("bad", ["", "百分", "一二十", "点五"])
def test_parse_chinese_numeral_rejects(bad):
    with pytest.raises(ValueError):
        parse_chinese_numeral(bad)


def test_render_accepts_a_bare_chinese_numeral():
    assert render("三十") == "30"
    assert render("两") == "two"


@pytest.mark.parametrize("text", ["", "一些", "统一", "一体化", "同比增长18.9%", "W12000-450", "2021年和2022年", "第一时间"])
def test_render_rejects_what_is_not_one_number_expression(text):
    with pytest.raises(ValueError, match="not one number expression"):
        render(text)


def test_whole_report_is_fast():
    path = CORPUS / "gwr_2025.zh.txt"
    if not path.exists():
        pytest.skip("shared corpus not available")
    text = path.read_text(encoding="utf-8") * 3  # about 55,000 characters
    find_numbers(text)  # warm up (builds the folding table once)
    best = min(_timed(find_numbers, text) for _ in range(3))
    assert best < 0.1, f"find_numbers took {best * 1000:.0f} ms on {len(text)} characters"


def _timed(fn, arg) -> float:
    """CPU seconds (not wall time, which other processes on a busy machine inflate)."""
    t0 = time.process_time()
    fn(arg)
    return time.process_time() - t0


# Mixed and space-grouped figures: one number with its exact value, or nothing at all (never a wrong figure).
@pytest.mark.parametrize("text,found", [
    ("全省实现营收1亿2千万元。", [("1亿2千万元", "120 million yuan")]),
    ("收入12 345.6亿元，利润1 234万元。", [("12 345.6亿元", "1.23456 trillion yuan"), ("1 234万元", "12.34 million yuan")]),
    ("收入12 3456亿元。", []),  # a space before four digits: ambiguous, not a number
    ("收入1 234 5678元。", []),
    ("收入2万3万元。", []),  # 万 twice: not one number, and no piece of it either
    ("收入5千2亿元。", []),  # units not descending
    ("收入12千3百元。", []),  # 12千 is no way to write 12,000
    ("收入5千2万元。", []),  # a digit after 千 with no unit of its own
    ("收入1亿2千多万元。", []),  # over what? not read
    ("收入1.2亿3000万元。", []),  # a decimal before further groups
    ("收入1,234 567元。", []),  # comma and space mixed
    ("收入1万2千亿元。", [("1万2千亿元", "1.2 trillion yuan")]),
    ("装机1亿2万千瓦。", [("1亿2万千瓦", "100.02 million kilowatts")]),
])
def test_mixed_and_grouped_figures(text, found):
    assert [(m.surface, m.english) for m in find_numbers(text)] == found
