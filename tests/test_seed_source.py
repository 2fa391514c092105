"""The edited seed report (`source/hunan-2021.md`) stays honest against the raw newspaper text.

The raw file (`tests/fixtures/seed/000_ede3e3c070a6d229.txt`, a byte-for-byte copy of
`../shared/seed/`) is the provenance; `source/hunan-2021.notes.md` lists every editorial fix.
These tests allow exactly those fixes and nothing else:

* every sentence of the raw text is in the source, apart from the two documented corrections;
* the source has the same characters as the raw text minus byline, title block and the duplicate
  paragraph, plus the documented corrections (so nothing was added, dropped or retyped);
* structure: front matter, four headings, four figures with credits, no repeated paragraph,
  balanced quotation marks, the closing lines at the very end.

The last tests check the reviewed English translation memory `translations/hunan-2021.jsonl`
against the segments bipub's parser makes of the source.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from bipub.text.normalize import segment_key
from bipub.text.segment import split_zh

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "hunan-2021.md"
RAW = ROOT / "tests" / "fixtures" / "seed" / "000_ede3e3c070a6d229.txt"
MEMORY = ROOT / "translations" / "hunan-2021.jsonl"

# raw lines (1-based) that are not body text: the byline and the title block
RAW_BYLINE_LINE = 3
RAW_TITLE_LINES = (52, 54)
# the second copy of the paragraph printed twice
RAW_DUPLICATE_LINE = 72

# The documented corrections of wording: (as printed, as edited).  See the notes, items 10 and 11.
CORRECTIONS = [
    ("技术业基不断夯实", "技术基础不断夯实"),
    ("新工艺“节能装备产品，国家绿色工厂", "新工艺“节能装备产品”，国家绿色工厂"),
]

# Raw line 115 continues raw line 125, and the layout printed "据" on both sides of the break.
BREAK_BEFORE, BREAK_AFTER = "国家工业互联网大数据", "据中心湖南分中心相继落户"
JOINED = "国家工业互联网大数据中心湖南分中心相继落户"

HEADINGS = ["高地建设蓝图绘就", "技术基础不断夯实", "开放发展激发活力", "提质升级步伐加快"]
CREDITS = ["唐俊 摄", "鲁融冰 摄", "郭立亮 摄", "唐俊 摄"]

FIGURE = re.compile(r'^!\[(?P<alt>[^\]]+)\]\(<> "(?P<credit>[^"]+)"\)$')
CREDIT_LINE = re.compile(r"^\S{2,4} 摄$")


# ---------------------------------------------------------------- reading the two files


def squash(text: str) -> str:
    """Text without any whitespace (layout breaks and padding are not wording)."""
    return "".join(text.split())


def raw_lines() -> list[str]:
    return RAW.read_text(encoding="utf-8").splitlines()


def raw_body_lines() -> list[tuple[int, str]]:
    """(line number, text) of the raw body: no byline, no title block, no blank lines."""
    skip = {RAW_BYLINE_LINE, *RAW_TITLE_LINES}
    return [(n, line) for n, line in enumerate(raw_lines(), 1) if line.strip() and n not in skip]


def read_source() -> tuple[dict, list[str]]:
    """The front matter (parsed with tomllib) and the body blocks (blank-line separated)."""
    text = SOURCE.read_text(encoding="utf-8")
    m = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n", text, re.S)
    assert m, f"{SOURCE}: no +++ front matter at the top"
    front = tomllib.loads(m.group(1))
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text[m.end():]) if b.strip()]
    return front, blocks


def block_text(block: str) -> str:
    """The printed words of a block: heading text, paragraph, or caption + credit."""
    fig = FIGURE.match(block)
    if fig:
        return fig["alt"] + fig["credit"]
    return re.sub(r"^#+\s+", "", block)


def paragraphs() -> list[str]:
    _, blocks = read_source()
    return [b for b in blocks if not b.startswith("#") and not FIGURE.match(b)]


# ---------------------------------------------------------------- front matter


def test_front_matter_parses_and_names_the_article():
    front, _ = read_source()
    assert front["title"] == "以工信之为 为全局添彩"
    assert front["subtitle"] == "——2021年湖南工业和信息化工作纪实"
    assert front["authors"] == ["曹娜", "谢卓芳"]
    assert front["publication"] == "湖南日报"


def test_front_matter_has_no_invented_date():
    """The raw text prints no date; a date, once added from the printed issue, must be ISO."""
    front, _ = read_source()
    if "date" in front:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(front["date"]))


def test_title_block_and_byline_are_not_in_the_body():
    _, blocks = read_source()
    body = "\n".join(blocks)
    assert "以工信之为 为全局添彩" not in body
    assert "工作纪实" not in body
    assert "谢卓芳" not in body


# ---------------------------------------------------------------- faithful to the raw text


def test_every_raw_sentence_is_in_the_source():
    body = squash("".join(block_text(b) for b in read_source()[1]))
    edited = dict(CORRECTIONS)
    missing = []
    for n, line in raw_body_lines():
        for sentence in split_zh(line):
            s = squash(sentence)
            if s in body:
                continue
            if any(before in squash(line) and edited[before] in body for before in edited):
                continue  # a documented correction
            missing.append(f"raw line {n}: {sentence}")
    assert missing == []


@pytest.mark.parametrize("printed, edited", CORRECTIONS, ids=["heading", "open-quote"])
def test_documented_corrections_are_applied(printed, edited):
    raw = squash("".join(line for _, line in raw_body_lines()))
    body = squash("".join(block_text(b) for b in read_source()[1]))
    assert printed in raw
    assert printed not in body
    assert edited in body


def test_source_has_exactly_the_raw_characters_plus_corrections():
    """Same characters (as a multiset) as the raw body minus the duplicate, plus the corrections."""
    raw = "".join(line for n, line in raw_body_lines() if n != RAW_DUPLICATE_LINE)
    for printed, edited in CORRECTIONS:
        assert raw.count(printed) == 1
        raw = raw.replace(printed, edited)
    body = "".join(block_text(b) for b in read_source()[1])
    want, got = Counter(squash(raw)) - Counter("据"), Counter(squash(body))  # the doubled 据
    assert got - want == Counter(), "characters in the source that the raw text does not have"
    assert want - got == Counter(), "characters of the raw text missing from the source"


def test_the_raw_duplicate_really_is_a_duplicate():
    lines = raw_lines()
    dup = lines[RAW_DUPLICATE_LINE - 1]
    assert dup.startswith("装备制造迈向“高精尖”")
    assert sum(1 for line in lines if line == dup) == 2


# ---------------------------------------------------------------- structure


def test_no_paragraph_appears_twice():
    counts = Counter(squash(p) for p in paragraphs())
    assert [p for p, c in counts.items() if c > 1] == []


def test_the_four_section_headings_in_order():
    _, blocks = read_source()
    assert [b[3:] for b in blocks if b.startswith("#")] == HEADINGS
    assert all(b.startswith("## ") for b in blocks if b.startswith("#"))


def test_every_caption_is_a_figure_with_its_credit():
    _, blocks = read_source()
    figures = [FIGURE.match(b) for b in blocks if b.startswith("![")]
    assert all(figures), "a block starting with ![ that is not a figure"
    assert [f["credit"] for f in figures] == CREDITS
    # every caption of the raw text (the line before a credit line) is the alt text of a figure
    lines = raw_lines()
    raw_captions = [lines[i - 1] for i, line in enumerate(lines) if CREDIT_LINE.match(line)]
    assert [f["alt"] for f in figures] == raw_captions


def test_no_credit_is_left_in_a_paragraph():
    assert [p for p in paragraphs() if re.search(r"\S+ 摄$", p)] == []


def test_words_broken_by_the_layout_are_joined():
    text = "\n".join(paragraphs())
    for word in ("推动实施128个", "产业发展形成", "工业发展的成果", "国家绿色工厂数量居全国第8位"):
        assert word in text
    assert JOINED in text


def test_the_column_break_in_the_last_section_is_mended():
    lines = raw_lines()
    assert lines[125 - 1].endswith(BREAK_BEFORE) and lines[115 - 1].startswith(BREAK_AFTER)
    joined = [p for p in paragraphs() if JOINED in p]
    assert len(joined) == 1
    assert joined[0].startswith("肥沃的“数字土壤”") and joined[0].endswith("全省数字经济将保持快速增长。")
    assert not any(p.startswith(BREAK_AFTER) for p in paragraphs())


def test_the_closing_lines_end_the_article():
    assert paragraphs()[-2:] == [
        "凡是过往，皆为序章；所有将来，皆为可盼。",
        "前进！湖南工信系统将永葆“闯”的精神、“创”的劲头、“干”的作风，奏响创新实干强音，朝着目标踔厉奋发！",
    ]


def quotes_balanced(text: str) -> bool:
    pairs = {"”": "“", "’": "‘", "》": "《", "）": "（"}
    stack: list[str] = []
    for ch in text:
        if ch in pairs.values():
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack


@pytest.mark.parametrize(
    "text, balanced",
    [
        ("“在‘十四五’开局之年迈好第一步。”他说。", True),
        ("发布40项新技术、新设备、新工艺“节能装备产品，国家绿色工厂", False),
        ("“‘错位”’", False),
        ("新申报国家首台（套）保险补贴设备37台（套）", True),
    ],
    ids=["nested", "left-open", "crossed", "brackets"],
)
def test_quote_balance_check(text, balanced):
    assert quotes_balanced(text) is balanced


def test_quotes_and_brackets_are_balanced_in_every_block():
    _, blocks = read_source()
    assert [b for b in blocks if not quotes_balanced(block_text(b))] == []


# ---------------------------------------------------------------- the translation memory


def memory_units() -> list[dict]:
    if not MEMORY.exists():
        pytest.skip(f"{MEMORY.relative_to(ROOT)} not written yet")
    units = []
    for n, line in enumerate(MEMORY.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{MEMORY.name}:{n}: blank line"
        units.append(json.loads(line))
    return units


def test_memory_units_are_well_formed():
    for u in memory_units():
        assert set(u) - {"history"} == {"id", "key", "zh", "en", "state", "by", "at"}, u["id"]  # history: optional
        assert u["key"] == segment_key(u["zh"]), u["id"]
        assert u["en"].strip() and u["en"] == u["en"].strip(), u["id"]
        assert u["state"] == "reviewed"
        assert not re.search(r"[\u4e00-\u9fff]", u["en"]), f"{u['id']}: Chinese left in the English"
        assert u["en"].count('"') % 2 == 0, f"{u['id']}: unbalanced quotation marks in the English"


def test_memory_is_not_ascii_escaped():
    if not MEMORY.exists():
        pytest.skip(f"{MEMORY.relative_to(ROOT)} not written yet")
    assert "\\u" not in MEMORY.read_text(encoding="utf-8")


def parsed_seed():
    parse = pytest.importorskip("bipub.source.parse", reason="bipub.source.parse is not written yet")
    return parse.parse_path(SOURCE).document


def test_every_parsed_segment_has_a_reviewed_unit_in_document_order():
    """One unit per distinct sentence (the memory's rule), at the sentence's first occurrence."""
    doc = parsed_seed()
    units = memory_units()
    first: dict[str, object] = {}
    for seg in doc.segments():
        first.setdefault(seg.key, seg)
    assert [(u["id"], u["key"], u["zh"]) for u in units] == [(s.id, s.key, s.source) for s in first.values()]


def test_the_memory_module_loads_the_file():
    memory = pytest.importorskip("bipub.memory.store", reason="bipub.memory.store is not written yet")
    if not MEMORY.exists():
        pytest.skip(f"{MEMORY.relative_to(ROOT)} not written yet")
    mem = memory.Memory.load(MEMORY)
    doc = parsed_seed()
    for seg in doc.segments():
        unit = mem.get(seg.key)
        assert unit is not None and unit.state == "reviewed" and unit.target.strip(), seg.id


def test_parser_sees_the_structure_of_the_seed():
    doc = parsed_seed()
    assert [s.heading.source for s in doc.sections if s.heading is not None] == HEADINGS
    figures = [b for b in doc.blocks() if b.kind == "figure"]
    # the credit is the figure's last segment, so it is translated ("Photo by Tang Jun")
    assert [b.segments[-1].source for b in figures] == CREDITS
