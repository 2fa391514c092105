"""Review files that went through another tool and came back without bipub's export record.

A CAT tool that re-exports a file drops bipub's ``bipub-base`` and export time; its own dates
may be wrong (a clock in the future, a local time written as UTC) or younger than the state it
was made from.  Such a file never silently replaces English a person wrote after the export:
without a record of what the reviewer started from, that is a conflict, reported with both
versions (exit 1); a date in the future is not believed (docs/review.md, "Files from other tools").

The text is from the 2024 Government Work Report.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bipub.findings import BipubError
from bipub.memory.review_import import review_import
from bipub.memory.store import Memory, Unit, memory_path
from bipub.source.parse import parse_path
from bipub.text.normalize import segment_key

GDP = "过去一年，国内生产总值超过126万亿元，增长5.2%。"
JOBS = "城镇新增就业1244万人。"
GRAIN = "粮食产量1.39万亿斤。"
DESK = "Over 12.44 million urban jobs were added."  # a desk editor's English, saved after the export


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "bipub.toml").write_text('[project]\nname = "GWR"\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "gwr.md").write_text(f"# 政府工作报告\n\n{GDP}{JOBS}{GRAIN}\n", encoding="utf-8")
    mem = Memory.load(memory_path(tmp_path, "gwr"))
    mem.put(Unit("s1-b1-1", segment_key(GDP), GDP, "Last year, GDP exceeded 126 trillion yuan, up 5.2 percent.",
                 "draft", "argos@1", "2021-03-01T08:00:00Z"))
    mem.put(Unit("s1-b1-2", segment_key(JOBS), JOBS, DESK, "reviewed", "Li Wei", "2021-03-05T09:00:00Z")
            .record("desk-edit", by="Li Wei", at="2021-03-05T09:00:00Z", was="12.44 million new urban jobs."))
    mem.save()
    return tmp_path


def docs(root: Path):
    return [parse_path(root / "source" / "gwr.md", display_path="source/gwr.md").document]


def tmx(root: Path, units: list[tuple[str, str, str | None]], *, header_date: str = "20210306T000000Z") -> Path:
    """A TMX as memoQ or Trados re-export it: no bipub props, the tool's own dates."""
    tus = "".join(
        f'<tu{f" changedate={chr(34)}{at}{chr(34)}" if at else ""} changeid="agency">'
        f'<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>\n'
        for zh, en, at in units)
    path = root / "agency.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="memoQ" '
        f'creationtoolversion="9.12" segtype="sentence" o-tmf="mqxlz" adminlang="en-US" srclang="zh-CN" '
        f'datatype="plaintext" creationdate="{header_date}"/>\n<body>\n{tus}</body></tmx>\n', encoding="utf-8")
    return path


def english(root: Path, zh: str) -> str:
    return Memory.load(memory_path(root, "gwr")).get(segment_key(zh)).target


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_a_future_dated_file_without_a_record_never_replaces_a_desk_edit(project):
    path = tmx(project, [(JOBS, "12.44 million new urban jobs were created.", "20991231T000000Z")],
               header_date="20991231T000000Z")
    result = review_import(path, project, docs(project))
    assert english(project, JOBS) == DESK
    assert result.counts["conflicts"] == 1
    [future] = [f for f in result.findings if f.code == "review.future-date"]
    assert future.severity == "warning" and future.line == 4 and "2099-12-31T00:00:00Z" in future.message


def test_a_newer_file_without_a_record_is_a_conflict_unless_its_dates_are_trusted(project):
    path = tmx(project, [(JOBS, "12.44 million new urban jobs were created.", "20210306T100000Z")])
    result = review_import(path, project, docs(project))
    assert english(project, JOBS) == DESK and result.counts["conflicts"] == 1
    [conflict] = [f for f in result.findings if f.code == "memory.review-conflict"]
    assert "--trust-file-dates" in conflict.message and DESK in conflict.message and conflict.line == 4
    # the editor decides the file's dates can be believed: its newer English wins, and says so
    result = review_import(path, project, docs(project), trust_file_dates=True)
    assert english(project, JOBS) == "12.44 million new urban jobs were created."
    [replaced] = [f for f in result.findings if f.code == "memory.replaced-by-date"]
    assert DESK in replaced.message and replaced.line == 4
    unit = Memory.load(memory_path(project, "gwr")).get(segment_key(JOBS))
    assert unit.history[-1]["was"] == DESK  # the desk edit is in the history, never lost


def test_a_file_without_a_record_still_replaces_a_machine_draft(project):
    path = tmx(project, [(GDP, "Last year, GDP surpassed 126 trillion yuan, growing 5.2 percent.", None)])
    result = review_import(path, project, docs(project))
    assert english(project, GDP) == "Last year, GDP surpassed 126 trillion yuan, growing 5.2 percent."
    assert result.counts["updated"] == 1 and "conflicts" not in result.counts


def test_a_future_date_is_never_recorded_as_the_reviewers(project):
    path = tmx(project, [(GDP, "Last year, GDP surpassed 126 trillion yuan.", "20991231T000000Z")])
    review_import(path, project, docs(project))
    unit = Memory.load(memory_path(project, "gwr")).get(segment_key(GDP))
    assert "edited" not in unit.history[-1] and unit.at < "2099"


def test_a_file_of_another_document_is_refused_in_one_line(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("bulletin")
    path = tmx(other, [("全年国内生产总值1349084亿元，比上年增长5.0%。", "GDP was 134,908.4 billion yuan.", None),
                       ("全年城镇新增就业1256万人。", "12.56 million urban jobs were added.", None)])
    result = review_import(path, project, docs(project))
    [error] = result.findings
    assert (error.code, error.severity, error.line) == ("review.other-document", "error", 4)  # exit 1
    assert "none of its 2 unit(s)" in error.message and "source/gwr.md" in error.message


def test_a_review_file_over_the_limit_is_refused_before_it_is_read(project, monkeypatch):
    import bipub.memory.review_import as ri
    from bipub.findings import InputRefused

    path = project / "huge.po"
    path.write_text('msgid ""\nmsgstr ""\n\n' + f'msgid "{JOBS}"\nmsgstr "x"\n\n' * 200, encoding="utf-8")
    documents = docs(project)
    monkeypatch.setattr(ri, "MAX_REVIEW_BYTES", 4096)  # the real limit is 64 MB
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before the size was checked"))
    with pytest.raises(InputRefused, match=r"huge.po: 10,420 bytes is over the limit of 4,096 bytes"):
        review_import(path, project, documents)


def test_an_xliff_of_two_documents_may_repeat_ids_in_each_file(project):
    """XLIFF 1.2 ids are unique within a <file>; tools that bundle documents (Okapi, memoQ) repeat them."""
    path = project / "bundle.xlf"

    def file(name: str, zh: str, en: str) -> str:
        return (f'<file original="{name}" source-language="zh-CN" target-language="en" datatype="plaintext"><body>'
                f'<trans-unit id="s1-b1-1"><source>{zh}</source><target state="translated">{en}</target>'
                "</trans-unit></body></file>\n")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                    'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                    + file("source/gwr.md", GDP, "GDP exceeded 126 trillion yuan, up 5.2 percent.")
                    + file("source/other.md", "这句话在别的文件里。", "This sentence is in another file.")
                    + "</xliff>\n", encoding="utf-8")
    result = review_import(path, project, docs(project))
    assert english(project, GDP) == "GDP exceeded 126 trillion yuan, up 5.2 percent."
    assert (result.counts["updated"], result.counts["orphaned"]) == (1, 1)


def test_an_xliff_repeating_an_id_in_one_file_is_refused_with_both_lines(project):
    path = project / "twice.xlf"
    unit = f'<trans-unit id="s1-b1-1"><source>{GDP}</source><target>GDP rose.</target></trans-unit>\n'
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                    'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="source/gwr.md" '
                    'source-language="zh-CN" datatype="plaintext"><body>\n' + unit + unit + "</body></file></xliff>\n",
                    encoding="utf-8")
    with pytest.raises(BipubError, match=r"twice.xlf:5: trans-unit id 's1-b1-1' already used on line 4"):
        review_import(path, project, docs(project))


def test_the_diff_names_the_segment_that_changed_not_the_files_id(project):
    """Ids are the file's word; the Chinese decides which segment changes, and the diff says that one."""
    path = tmx(project, [(GRAIN, "Grain output hit a record 1.39 trillion jin.", None)])
    path.write_text(path.read_text(encoding="utf-8").replace("<tu ", '<tu tuid="s1-b1-1" '), encoding="utf-8")
    [change] = review_import(path, project, docs(project)).changes
    assert change.format().startswith("s1-b1-3 (line 4; s1-b1-1 in the file): untranslated → reviewed")


def test_a_file_dated_the_same_second_as_the_desk_edit_does_not_win_even_when_trusted(project):
    path = tmx(project, [(JOBS, "12.44 million new urban jobs were created.", "20210305T090000Z")])
    result = review_import(path, project, docs(project), trust_file_dates=True)
    assert english(project, JOBS) == DESK and result.counts["conflicts"] == 1
