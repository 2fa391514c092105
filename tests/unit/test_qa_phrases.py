"""The term checks read a segment's English once (``check.phrases.Phrases``): each rendering is a
look-up of its words, never a search of the whole English per term."""

from __future__ import annotations

import pytest

from bipub.check.phrases import Phrases
from bipub.check.qa import _plain


@pytest.mark.parametrize("english,phrase,found", [
    ("We will advance the Belt and Road Initiative.", "the Belt and Road Initiative", True),
    ("Advance Belt and Road Initiative cooperation.", "the Belt and Road Initiative", True),  # "the" optional
    ("Three industrial chains were extended.", "industrial chain", True),                     # plural
    ("Key industries grew.", "key industry", True),                                           # y → ies
    ("Hunan's output grew.", "Hunan", True),                                                  # possessive
    ("Promote High-Quality Development.", "high-quality development", True),                  # case, hyphen
    ("The chainsaw was sold.", "chain", False),                                               # not an inflection
    ("industrial policy and chains", "industrial chain", False),                              # not together
])
def test_a_rendering_is_found_as_the_checks_define_it(english, phrase, found):
    assert Phrases(_plain(english)).has(_plain(phrase)) is found


def test_places_are_word_ranges_and_exact_places_take_no_inflection():
    words = Phrases(_plain("the Belt and Road, the Belt and Road Initiative and Belt and Roads"))
    assert words.spans(_plain("Belt and Road")) == [(1, 4), (5, 8), (10, 13)]
    assert words.exact(_plain("Belt and Road Initiative")) == [(5, 9)]
    assert words.exact(_plain("Belt and Road")) == [(1, 4), (5, 8)]


def test_a_common_first_word_costs_no_scan():
    """Ten thousand renderings starting with the same word in one English text: each look-up is one
    hash of its words (the index of n-word runs is built once per n)."""
    english = Phrases(_plain(" ".join(f"term {k}," for k in range(10_000))))
    assert all(english.has(f"term {k}") for k in range(0, 10_000, 7))
    assert not english.has("term 10000") and set(english.grams) == {2}
