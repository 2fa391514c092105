"""English typesetting (`render.html.en_typeset`): typographer's quotes and the ellipsis.

The rule, one character at a time: a double quote opens after a space, an opening bracket, a
dash, a slash or an opening quote (or at the start of the text) and closes otherwise; a single
quote opens in the same places but only before a letter, else it is an apostrophe; three dots
are an ellipsis.  `en_typeset` visits only the quotes; `per_character` below is the rule as it
was written before (a loop over every character) and the two must agree on every text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bipub.render.html import en_typeset

ROOT = Path(__file__).resolve().parents[2]
OPEN_BEFORE = " \t\n([{\u2014\u2013-/\u201c\u2018"


def per_character(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        if ch == '"':
            out.append("\u201c" if before in OPEN_BEFORE else "\u201d")
        elif ch == "'":
            after = text[i + 1] if i + 1 < len(text) else " "
            out.append("\u2018" if before in OPEN_BEFORE and after.isalpha() else "\u2019")
        else:
            out.append(ch)
    return "".join(out).replace("...", "\u2026")


# English of the 2024 Government Work Report (the official translation's wording) and of newspaper copy
GOLDEN = [
    ("China's economy rebounded and achieved a 5.2% growth rate.",
     "China\u2019s economy rebounded and achieved a 5.2% growth rate."),
    ('We will pursue the "Belt and Road" cooperation and the "dual carbon" goals.',
     "We will pursue the \u201cBelt and Road\u201d cooperation and the \u201cdual carbon\u201d goals."),
    ("'Made in Hunan' went to space, underground and overseas...",
     "\u2018Made in Hunan\u2019 went to space, underground and overseas\u2026"),
    ('the people\'s "rice bags" and "vegetable baskets" ("two sessions")',
     "the people\u2019s \u201crice bags\u201d and \u201cvegetable baskets\u201d (\u201ctwo sessions\u201d)"),
    ("growth in the '90s\u2014'new quality productive forces'",
     "growth in the \u201990s\u2014\u2018new quality productive forces\u2019"),
    ('"""', "\u201c\u201d\u201d"),
    ("'", "\u2019"),
    ("", ""),
    ("no quotes, two dots.. and four....", "no quotes, two dots.. and four\u2026."),
]


@pytest.mark.parametrize("text, typeset", GOLDEN)
def test_quotes_apostrophes_and_ellipsis(text, typeset):
    assert en_typeset(text) == typeset


def test_the_fast_rule_is_the_per_character_rule():
    """Every English segment of the seed's memory, every golden case, and texts that start or end
    with a quote or put one after a line break, a slash or a dash."""
    texts = [t for t, _ in GOLDEN]
    for line in (ROOT / "translations" / "hunan-2021.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            en = json.loads(line).get("en") or ""
            texts += [en, en.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")]
    texts += ["'a", "a'", '"a', 'a"', "x\n'y'", 'and/"or"', "\u2013'Tis", "'\u00e9t\u00e9'", "'\u00b2", "'3'"]
    assert len(texts) > 50
    for text in texts:
        assert en_typeset(text) == per_character(text), text
