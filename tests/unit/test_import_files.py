"""Where `bipub import` may write: never over an existing file without force, never into the
memory, the glossary or the configuration; an in-place re-import loses nothing the parser knows;
findings stay unhandled until an editor marks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bipub.importer import ImportRefused, handled, import_file

RAW = "全年城镇新增就业1244万人。\n\n城镇调查失业率平均为5.2%。\n"


@pytest.fixture
def raw(tmp_path) -> Path:
    p = tmp_path / "raw.txt"
    p.write_text(RAW, encoding="utf-8")
    return p


def test_an_existing_source_is_not_replaced_without_force(tmp_path, raw):
    out = tmp_path / "source" / "raw.md"
    out.parent.mkdir()
    out.write_text("hand-edited\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="exists; refusing to replace it"):
        import_file(raw, out)
    assert out.read_text(encoding="utf-8") == "hand-edited\n"
    assert not out.with_suffix(".import.json").exists()
    import_file(raw, out, force=True)
    assert "1244万人" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["translations/raw.md", "glossary/raw.md", "bipub.toml", "source/../translations/x.md",
                                    "translations/raw.jsonl"])
def test_never_into_the_memory_the_glossary_or_over_the_configuration(tmp_path, raw, target):
    out = tmp_path / target
    with pytest.raises(ImportRefused, match="refusing|Markdown"):
        import_file(raw, out, force=True)
    assert not out.exists()


def test_a_symlink_into_translations_is_refused(tmp_path, raw):
    (tmp_path / "translations").mkdir()
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "x.md").symlink_to(tmp_path / "translations" / "x.md")
    with pytest.raises(ImportRefused, match="translations/"):
        import_file(raw, tmp_path / "source" / "x.md", force=True)


def test_nothing_outside_the_project_when_its_root_is_given(tmp_path, raw):
    root = tmp_path / "project"
    root.mkdir()
    with pytest.raises(ImportRefused, match="outside the project"):
        import_file(raw, tmp_path / "elsewhere.md", root=root)


SOURCE = """+++
title = "政府工作报告"
+++

## 一、2023年工作回顾

国内生产总值超过126万亿元，增长5.2%。

![2023年9月，长沙国际工程机械展](photo.png "唐俊 摄")

| 指标 | 2023年 |
|---|---|
| 粮食产量（万吨） | 69541 |

- 城镇新增就业1244万人
- 居民消费价格上涨0.2%

> 各位代表！

居民人均可支配收入增长6.1%。
"""


def test_an_in_place_reimport_keeps_figures_tables_lists_and_quotes(tmp_path):
    src = tmp_path / "source" / "report.md"
    src.parent.mkdir()
    src.write_text(SOURCE, encoding="utf-8")
    import_file(src, src, force=True)
    assert src.read_text(encoding="utf-8") == SOURCE.replace("](photo.png ", "](<photo.png> ")


def test_a_list_nested_deeper_than_the_build_keeps_is_reported(tmp_path):
    deep = "".join("  " * k + "- 第" + str(k) + "层\n" for k in range(12))
    src = tmp_path / "deep.md"
    src.write_text("+++\ntitle = \"t\"\n+++\n\n" + deep + "\n正文。\n", encoding="utf-8")
    result = import_file(src, tmp_path / "out.md")
    assert any(f.code == "import.deep-nesting" and f.line == 5 for f in result.findings)
    assert deep in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_findings_stay_unhandled_until_an_editor_marks_them(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text("2023年统计公报\n\n产量为174915\n\n5.0万吨，比上年增长。\n", encoding="utf-8")
    out = tmp_path / "source" / "raw.md"
    import_file(raw, out)
    json_path = out.with_suffix(".import.json")
    open_ = handled.unhandled(json_path)
    assert [f["code"] for f in open_] == ["import.digit-break"]
    assert handled.mark(json_path, "digit-break:3", by="王编辑") == 1
    assert handled.unhandled(json_path) == []
    mark = json.loads(json_path.read_text(encoding="utf-8"))["findings"]
    assert any(f["handled"] and f["handled_by"] == "王编辑" for f in mark)
    import_file(raw, out, force=True)  # the same finding again: its mark is kept
    assert handled.unhandled(json_path) == []
    with pytest.raises(Exception, match="no unhandled finding matches"):
        handled.mark(json_path, "import.numbers:7")


def test_the_cli_marks_findings_handled(tmp_path):
    from click.testing import CliRunner

    from bipub.cli import main

    raw = tmp_path / "raw.txt"
    raw.write_text("2023年统计公报\n\n产量为174915\n\n5.0万吨，比上年增长。\n", encoding="utf-8")
    out = tmp_path / "source" / "raw.md"
    import_file(raw, out)
    run = CliRunner().invoke(main, ["import", "--handled", "import.digit-break:3", str(out)])
    assert run.exit_code == 0, run.output
    assert run.output == f"{out.with_suffix('.import.json')}: marked 1 finding handled; 0 error/warning findings left\n"
    again = CliRunner().invoke(main, ["import", "--handled", "digit-break", str(out)])
    assert again.exit_code == 1 and "no unhandled finding matches digit-break" in again.output
