"""Glossary matching: normalized, longest first, non-overlapping, offsets in the original text."""

import random
import re
from pathlib import Path

import pytest

from bipub.terms.glossary import Glossary, Term, load_glossary
from bipub.terms.keys import fold_term, squeeze
from bipub.text.normalize import fold

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


def test_offsets_hold_where_lower_case_would_change_the_length():
    # str.lower() turns İ into two characters; fold keeps one, so offsets still map back
    glossary = Glossary([Term("首台(套)", "first-of-its-kind"), Term("istanbul", "Istanbul")])
    text = "İstanbul 首臺（套）"
    assert [(m.start, m.end, m.surface) for m in glossary.match(text)] == [(0, 8, "İstanbul"), (9, 14, "首臺（套）")]


_WORD = re.compile("[0-9a-z]")


def reference_match(terms, text):
    """The specification, slowly: every occurrence of a folded term or variant (letters and
    digits at a term's edge must stand as a whole word), then longest first, leftmost
    on ties, skipping any that overlaps one already taken.  Whitespace next to a Chinese
    character is not there for matching (``squeeze``); spans are given in ``text``."""
    keys = {squeeze(fold_term(s).strip())[0] for t in terms for s in (t.zh, *t.variants)} - {""}
    folded, where = squeeze(fold_term(text))
    longest = max(map(len, keys), default=0)
    found = [
        (p, q) for p in range(len(folded)) for q in range(p + 1, min(p + longest, len(folded)) + 1)
        if folded[p:q] in keys
        and not (p > 0 and _WORD.match(folded[p]) and _WORD.match(folded[p - 1]))
        and not (q < len(folded) and _WORD.match(folded[q - 1]) and _WORD.match(folded[q]))
    ]
    taken = [False] * len(folded)
    spans = []
    for p, q in sorted(found, key=lambda span: (span[0] - span[1], span[0])):
        if not any(taken[p:q]):
            taken[p:q] = [True] * (q - p)
            spans.append((where[p], where[q - 1] + 1))
    return sorted(spans)


@pytest.mark.parametrize("terms, text, expected", [
    # 乙甲乙 is taken first; 乙乙 still fits after it (2 to 5, then 5 to 7)
    (["乙甲乙", "乙乙"], "甲乙乙甲乙乙乙", [(2, 5), (5, 7)]),
    # a longer term starting inside a match beats it, and the rest is matched again
    (["甲乙", "乙丙丁戊"], "甲乙丙丁戊", [(1, 5)]),
    # … but a term starting with a letter never starts inside a word
    (["ab", "b甲乙丙"], "ab甲乙丙", [(0, 2)]),
    (["甲乙", "乙丙丁", "丁戊"], "甲乙丙丁戊", [(1, 4)]),
    (["甲乙", "乙丙丁", "丁戊己庚"], "甲乙丙丁戊己庚", [(0, 2), (3, 7)]),
])
def test_longest_first_across_matches(terms, text, expected):
    glossary = Glossary([Term(t, "x") for t in terms])
    assert [(m.start, m.end) for m in glossary.match(text)] == expected == reference_match(glossary.terms, text)


@pytest.mark.parametrize("alphabet", ["甲乙丙", "甲乙丙丁戊", "ab1甲乙", "臺台（）(甲"])
def test_matching_agrees_with_the_slow_reference_on_random_glossaries(alphabet):
    rnd = random.Random(alphabet)
    for _ in range(300):
        terms = [Term("".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 6))), "x")
                 for _ in range(rnd.randint(1, 25))]
        text = "".join(rnd.choice(alphabet + " ") for _ in range(rnd.randint(0, 120)))
        got = [(m.start, m.end) for m in Glossary(terms).match(text)]
        assert got == reference_match(terms, text), (sorted({t.zh for t in terms}), text)


def test_matching_agrees_with_the_slow_reference_on_a_long_text():
    # long enough for the fast paths (run-by-run folding, paused garbage collector)
    text = (ROOT / "source" / "hunan-2021.md").read_text(encoding="utf-8") * 12
    rnd = random.Random(3)
    runs = [r for r in re.split(r"[^\u4e00-\u9fff]+", text) if len(r) >= 2]
    terms = []
    for _ in range(400):
        run = rnd.choice(runs)
        k = rnd.randint(2, min(8, len(run)))
        i = rnd.randrange(len(run) - k + 1)
        terms.append(Term(run[i : i + k], "x"))
    glossary = Glossary(terms)
    matches = glossary.match(text)
    assert [(m.start, m.end) for m in matches] == reference_match(terms, text)
    assert all(text[m.start : m.end] == m.surface and glossary.lookup(m.surface) is m.term for m in matches)


def test_lookup_by_any_form():
    assert GLOSSARY.lookup("首臺(套)") is FIRST_SET
    assert GLOSSARY.lookup("首台套") is FIRST_SET
    assert GLOSSARY.lookup("不在词表") is None
