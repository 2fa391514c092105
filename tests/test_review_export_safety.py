"""`review export -o` never destroys work: not the project's memory or sources, not a reviewer's file.

A slip of the shell (`-o translations/gwr.jsonl`, `-o source/gwr.md`) used to write the review file
over the translation memory or the source.  And the usual round trip writes `output/NAME.xlf`
again on every export: if the reviewer saved their edits into that file and nobody imported it
yet, exporting again threw their work away.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bipub.findings import InputRefused
from bipub.memory.review import export_review
from bipub.memory.store import Memory, Unit, memory_path
from bipub.source.parse import parse_path
from bipub.text.normalize import segment_key

JOBS = "城镇新增就业1244万人。"


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "bipub.toml").write_text('[project]\nname = "GWR"\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "gwr.md").write_text(f"# 政府工作报告\n\n{JOBS}\n", encoding="utf-8")
    mem = Memory.load(memory_path(tmp_path, "gwr"))
    mem.put(Unit("s1-b1-1", segment_key(JOBS), JOBS, "12.44 million new urban jobs.", "draft", "argos@1",
                 "2021-03-01T08:00:00Z"))
    mem.save()
    return tmp_path


def export(root: Path, out: Path, fmt: str = "po") -> Path:
    doc = parse_path(root / "source" / "gwr.md", display_path="source/gwr.md").document
    return export_review(doc, Memory.load(memory_path(root, "gwr")), fmt, out)


@pytest.mark.parametrize("target", ["translations/gwr.jsonl", "source/gwr.md", "bipub.toml"])
def test_never_over_a_project_file(project, target):
    before = (project / target).read_bytes()
    with pytest.raises(InputRefused, match="refusing"):
        export(project, project / target)
    assert (project / target).read_bytes() == before


def test_never_over_a_review_file_holding_edits_not_imported(project):
    path = export(project, project / "review.po")
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "12.44 million new urban jobs."', 'msgstr "Over 12.44 million urban jobs were added."'), "utf-8")
    edited = path.read_bytes()
    with pytest.raises(InputRefused, match=r"review.po:\d+: .*not imported.*Over 12.44 million"):
        export(project, path)
    assert path.read_bytes() == edited


def test_an_untouched_or_imported_review_file_is_replaced(project):
    path = export(project, project / "review.po")
    assert export(project, path) == path  # the usual round trip: export again over the last export
