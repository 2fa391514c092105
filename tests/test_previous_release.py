"""Files written by the previous release read unchanged: the same HTML, byte for byte
(expected/ is rebuilt, its text compared word for word, when the markup changes on purpose).

tests/fixtures/previous-release/ is a small project whose glossary (house.tsv) and memory
(translations/report.jsonl, keys "zh"/"en") were written by bipub before the language pair
became data, and whose expected/ HTML that release built from them (engine "memory").
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from bipub.memory.store import Memory
from bipub.pipeline import build
from bipub.project import Project

FIXTURE = Path(__file__).parent / "fixtures" / "previous-release"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("previous") / "project"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("expected"))
    result = build(Project.open(root), progress=False)
    assert [d.name for d in result.documents] == ["report"]
    return root


def without_gate_marks(page: str) -> str:
    """The page without what the publish gate added since that release (this memory has
    needs-review units and drafts, so the edition is a draft): its DRAFT banner, the classes
    that mark unreviewed English for editors, and their style rules."""
    page = re.sub(r'<p class="bipub-banner bipub-gate-draft"[^>]*>[^<]*</p>', "", page)
    page = re.sub(r" bipub-st-(needs-review|draft)", "", page)
    return re.sub(r"\.bipub \.bipub-banner\.bipub-gate-machine \{[^}]*\}\n|/\* a draft edition[^*]*\*/\n"
                  r"|\.bipub \.bipub-st-[a-z-]+ \{[^}]*\}\n", "", page)


@pytest.mark.parametrize("name", ["report.html", "report.fragment.html"])
def test_the_html_is_the_previous_release_html_byte_for_byte(built, name):
    page = (built / "output" / name).read_text(encoding="utf-8")
    assert "DRAFT — not for publication" in page  # needs-review units: a draft edition
    assert without_gate_marks(page) == (FIXTURE / "expected" / name).read_text(encoding="utf-8")


def test_the_memory_file_is_read_and_written_back_unchanged(built):
    old = (FIXTURE / "translations" / "report.jsonl").read_bytes()
    assert (built / "translations" / "report.jsonl").read_bytes() == old  # the build left it alone
    memory = Memory.load(FIXTURE / "translations" / "report.jsonl")
    assert memory.dumps().encode("utf-8") == old  # and today's writer writes the same bytes
    assert {u.state for u in memory.units()} == {"approved", "reviewed", "needs-review", "draft"}
    text = html.unescape((built / "output" / "report.html").read_text(encoding="utf-8"))
    reused = [u for u in memory.units() if u.state != "draft"]  # drafts are re-derived, never reused
    assert len(reused) == 6 and all(u.target in text for u in reused)
