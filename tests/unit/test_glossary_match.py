"""Glossary matching: normalized, longest first, non-overlapping, offsets in the original text."""

from pathlib import Path

import pytest

from bipub.glossary import Glossary, Term, fold_fast, load_glossary
from bipub.normalize import fold

ROOT = Path(__file__).resolve().parents[2]

FIRST_SET = Term("首台（套）", "first-of-its-kind", variants=("首台套",))
HUB = Term("国家重要先进制造业高地", "important national hub of advanced manufacturing")
ADVANCED = Term("先进制造业", "advanced manufacturing")
QIHOO = Term("360", "Qihoo 360")
HUNAN = Term("湖南", "Hunan")
DEPT_SHORT = Term("省工业和信息化厅", "provincial Department of Industry and Information Technology")
GLOSSARY = Glossary([FIRST_SET, HUB, ADVANCED, QIHOO, HUNAN, DEPT_SHORT])


def found(text):
    return [(m.surface, m.term.zh) for m in GLOSSARY.match(text)]


@pytest.mark.parametrize("surface", ["首台（套）", "首台(套)", "首臺（套）", "首臺(套)", "首台套"])
def test_width_script_and_variant_forms_are_one_term(surface):
    text = f"新认定{surface}重大技术装备"
    [m] = GLOSSARY.match(text)
    assert m.term is FIRST_SET
    assert (m.start, m.end) == (3, 3 + len(surface))
    assert text[m.start : m.end] == m.surface == surface  # offsets point into the original text


@pytest.mark.parametrize("text, expected", [
    # the longer term wins; the shorter one inside it is not counted again
    ("打造国家重要先进制造业高地", [("国家重要先进制造业高地", "国家重要先进制造业高地")]),
    ("国家重要先进制造业高地和先进制造业", [("国家重要先进制造业高地", "国家重要先进制造业高地"), ("先进制造业", "先进制造业")]),
    # a longer term that starts inside a shorter match still wins; the rest is matched again
    ("湖南省工业和信息化厅", [("湖南", "湖南"), ("省工业和信息化厅", "省工业和信息化厅")]),
    # terms made of letters or digits match whole words only
    ("为360、创维提供", [("360", "360")]),
    ("共1360家", []),
    ("", []),
])
def test_longest_match_wins_and_matches_do_not_overlap(text, expected):
    assert found(text) == expected


def test_project_glossary_on_the_seed_source_gives_sorted_disjoint_matches():
    glossary, _ = load_glossary(ROOT / "glossary")
    text = (ROOT / "source" / "hunan-2021.md").read_text(encoding="utf-8")
    matches = glossary.match(text)
    assert len(matches) > 100
    for a, b in zip(matches, matches[1:]):
        assert a.end <= b.start
    for m in matches:
        assert text[m.start : m.end] == m.surface
        assert fold(m.surface) in {fold(m.term.zh), *(fold(v) for v in m.term.variants)}


def test_fast_fold_equals_normalize_fold():
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "source").glob("*.md"))
    text += "首臺（套）ＡＢＣ１２３　“引號”—臺灣萬噸級"
    text += "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    assert fold_fast(text) == fold(text)


def test_fast_fold_keeps_the_length_where_lower_case_would_not():
    # str.lower() turns İ into two characters; offsets must still map back
    assert len(fold_fast("İstanbul 首臺")) == len("İstanbul 首臺")


def test_lookup_by_any_form():
    assert GLOSSARY.lookup("首臺(套)") is FIRST_SET
    assert GLOSSARY.lookup("首台套") is FIRST_SET
    assert GLOSSARY.lookup("不在词表") is None
