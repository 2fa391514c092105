"""`review export` attaches the last build's findings only while the source is what was built.

"Changed" means its content: a file touched (copied, checked out again, saved unchanged in an
editor) is the same source, and its findings still belong on the same segments.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bipub.cli.review import export
from bipub.memory.store import Memory, Unit, memory_path
from bipub.project import Project
from bipub.text.normalize import segment_key
from conftest import run_bipub

GDP = "全年国内生产总值1349084亿元，比上年增长5.0%。"
TEXT = f"# 统计公报\n\n{GDP}全年城镇新增就业1256万人。\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bulletin")
    (root / "bipub.toml").write_text('[project]\nname = "Bulletin"\n', encoding="utf-8")
    (root / "source").mkdir()
    (root / "source" / "bulletin.md").write_text(TEXT, encoding="utf-8")
    mem = Memory.load(memory_path(root, "bulletin"))  # a reviewed unit whose growth rate the build finds missing
    mem.put(Unit("s1-b1-1", segment_key(GDP), GDP, "GDP reached 134,908.4 billion yuan, up 5 percent.", "reviewed",
                 "Li Wei", "2021-02-28T08:00:00Z"))
    mem.save()
    r = run_bipub("build", "-C", str(root), "--engine", "pseudo", "--format", "html")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    return root


def codes(root: Path) -> list[str]:
    found: list = []
    export(Project.open(root), "po", root / "review.po", None, report=found)
    return [f.code for f in found]


def test_a_touched_source_is_not_a_changed_source(built):
    src = built / "source" / "bulletin.md"
    later = os.stat(src).st_mtime + 3600
    os.utime(src, (later, later))  # same bytes, a newer time
    assert "review.stale-build-report" not in codes(built)
    assert "qa " in (built / "review.po").read_text(encoding="utf-8")  # the pseudo build's findings travel


def test_an_edited_source_is(built):
    src = built / "source" / "bulletin.md"
    src.write_text(TEXT.replace("5.0%", "5.2%"), encoding="utf-8")
    try:
        assert "review.stale-build-report" in codes(built)
    finally:
        src.write_text(TEXT, encoding="utf-8")
