"""`bipub import` on small raw files, one per kind of repair or suspicion.

Each case in tests/fixtures/import/ is a raw text, the Markdown the importer must
write and the findings it must print (see the README there).  Importing the
written Markdown again must change nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bipub.importer import boilerplate, import_text

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
NAMES = sorted(p.name.removesuffix(".raw.txt") for p in CASES.glob("*.raw.txt"))


def run(name: str):
    raw = CASES / f"{name}.raw.txt"
    return import_text(raw.read_bytes(), name=raw.name)


@pytest.mark.parametrize("name", NAMES)
def test_markdown(name):
    assert run(name).markdown == (CASES / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_findings(name):
    printed = [f.format() for f in run(name).findings if f.line]
    assert printed == (CASES / f"{name}.findings").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", NAMES)
def test_importing_the_output_changes_nothing(name):
    first = run(name).markdown
    again = import_text(first.encode("utf-8"), name=f"{name}.md")
    assert again.markdown == first
    assert not [f for f in again.findings if f.severity == "repaired"]


def test_every_kind_of_repair_and_suspicion_has_a_case():
    codes = {f.code for name in NAMES for f in run(name).findings}
    assert codes >= {
        "import.whitespace", "import.hard-wrap", "import.front-matter", "import.caption", "import.run-in-heading",
        "import.broken-word", "import.broken-sentence", "import.duplicate", "import.traditional",
        "import.unterminated", "import.unbalanced-quote", "import.starts-mid-sentence", "import.out-of-order",
        "import.misprinted-heading", "import.boilerplate",
    }


@pytest.mark.parametrize("block, kind", [
    # removed at the start or end of a text
    (["本作品是中华人民共和国的", "法律", "、", "法规", "，……属于", "公有领域", "。"], "licence notice"),
    (["This work is in the public domain in the United States."], "licence notice"),
    (["注：中文维基文库社群认为，中华人民共和国公务演讲，", "不总是", "具有立法、行政、司法性质的文件。"], "site note"),
    (["Public domain", "Public domain", "false", "false"], "site lines"),
    (["← 上一篇", "下一篇 →"], "site lines"),
    (["取自“https://zh.wikisource.org/wiki/政府工作报告”"], "site lines"),
    (["来源：https://example.org/a.html"], "site lines"),
    (["维基文库，自由的图书馆"], "site lines"),
    # kept: part of the text, or not recognisably the site's
    (["来源：新华社"], None),
    (["本作品讲述了一个村庄的变迁。"], None),  # 本作品 without licence words
    (["注：数据来自国家统计局。"], None),  # a note that does not name the site
    (["false", "true"], None),  # bare flags alone are not enough
    (["Public domain", "各位代表："], None),  # one line of real text keeps the block
])
def test_boilerplate_blocks(block, kind):
    assert boilerplate.kind(block) == kind


def test_boilerplate_only_at_the_ends():
    raw = "正文第一段。\n\nPublic domain\n\n本作品属于公有领域。\n\n正文第二段。\n\nPublic domain\nfalse\n"
    result = import_text(raw.encode("utf-8"), name="raw.txt")
    assert result.markdown.endswith("正文第一段。\n\nPublic domain\n\n本作品属于公有领域。\n\n正文第二段。\n")
    assert [f.format() for f in result.findings if f.code == "import.boilerplate"] == [
        "raw.txt:9: repaired import.boilerplate: removed site lines at the end of the text (lines 9–10): Public domain / false"]
    # the scrap in the middle stays, on its own, for the editor
    assert [f.line for f in result.findings if f.code == "import.stray-text"] == [3]


@pytest.mark.parametrize("raw, key, value", [
    ("本报记者 曹 娜 谢卓芳\n\n正文第一段。\n", "authors", ["曹娜", "谢卓芳"]),
    ("文/唐俊\n\n正文第一段。\n", "authors", ["唐俊"]),
    ("国务院总理　\n李　强\n\n各位代表：\n", "authors", ["李强"]),
    ("湖南日报 2021年12月31日 星期五\n\n正文第一段。\n", "date", "2021-12-31"),
    ("湖南日报 2021年12月31日 星期五\n\n正文第一段。\n", "publication", "湖南日报"),
    ("长沙 2021-12-31\n\n正文第一段。\n", "place", "长沙"),
    ("二〇二一年十二月三十一日\n\n正文第一段。\n", "date", "2021-12-31"),
    ('标题里有"引号"和\\反斜杠\n\n正文第一段。\n', "title", '标题里有"引号"和\\反斜杠'),
])
def test_front_matter_fields(raw, key, value):
    import tomllib

    result = import_text(raw.encode("utf-8"), name="raw.txt")
    assert result.meta[key] == value
    front = result.markdown.split("+++")[1]
    assert tomllib.loads(front)[key] == value  # written as valid, correctly escaped TOML


def test_missing_front_matter_is_reported_for_the_editor():
    result = import_text("正文第一段。\n\n正文第二段。\n".encode(), name="raw.txt")
    notes = [f.message for f in result.findings if f.code == "import.front-matter"]
    assert any(m.startswith("no title found") for m in notes)
    assert any(m.startswith("no date found") for m in notes)
    assert any(m.startswith("no publication found") for m in notes)


def test_to_simplified_converts_with_opencc():
    raw = (CASES / "traditional.raw.txt").read_bytes()
    result = import_text(raw, name="t.txt", to_simplified=True)
    assert result.meta["title"] == "湖南制造业"
    assert "过去的一年，湖南工业和信息化系统圆满完成全年目标任务。" in result.markdown
    assert [f.severity for f in result.findings if f.code == "import.traditional"] == ["repaired"]


@pytest.mark.parametrize("text", [
    "*强调*与`代码`和<b>标签</b>以及[链接](x)。",
    "# 不是标题。",
    "1. 不是列表。",
    "- 不是列表。",
    "> 不是引用。",
    "A & B | C ~ D_E \\ F。",
])
def test_markdown_characters_survive_as_text(text):
    from bipub.source.parse import parse_source

    md = import_text(f"第一段。\n\n{text}\n".encode(), name="raw.txt").markdown
    doc = parse_source(md, name="x", path="x.md").document
    assert [b.source for b in doc.blocks() if b.kind == "paragraph"] == ["第一段。", text]


def test_single_line_file_is_imported_with_a_note():
    result = import_text("湖南工信系统朝着目标踔厉奋发！".encode(), name="one.txt")
    assert result.markdown.endswith("湖南工信系统朝着目标踔厉奋发！\n")
    assert [f.format() for f in result.findings if f.code == "import.one-line"] == [
        "one.txt:1: warning import.one-line: the file has a single line: if it holds a whole article, its paragraph breaks were lost"
    ]
