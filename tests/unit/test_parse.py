"""Markdown → Document, checked against readable outlines in tests/fixtures/parse/."""

import re
from pathlib import Path

import pytest

from bipub.findings import BipubError
from bipub.text.normalize import segment_key
from bipub.source.parse import parse_path, parse_source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "parse"


def outline(doc) -> str:
    """One line per block: kind, id, line, level, attrs, then its segments."""
    lines = []
    for b in doc.blocks():
        head = f"{b.kind} {b.id} line {b.line}"
        if b.level:
            head += f" level {b.level}"
        if b.attrs:
            head += f" {b.attrs}"
        lines.append(head + ": " + " | ".join(s.source for s in b.segments))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", ["report", "unsafe"])
def test_outline_matches_golden(name):
    parsed = parse_path(FIXTURES / f"{name}.md", display_path=f"{name}.md")
    assert outline(parsed.document) == (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")


def test_unsafe_markup_is_reported_with_lines():
    parsed = parse_path(FIXTURES / "unsafe.md", display_path="unsafe.md")
    found = sorted((f.line, f.code) for f in parsed.findings if f.code != "parse.no-title")
    assert found == [(1, "parse.raw-html"), (1, "parse.raw-html"), (3, "parse.raw-html"),
                     (5, "parse.unsafe-url"), (7, "parse.unsafe-url")]


def test_segment_ids_and_keys():
    doc = parse_path(FIXTURES / "report.md").document
    seg = next(s for s in doc.segments() if s.source == "导语第二句，换行后继续。")
    assert seg.id == "s1-b1-2"
    assert seg.key == segment_key("导语第二句，换行后继续。")
    # ids are unique across the document
    ids = [s.id for s in doc.segments()]
    assert len(ids) == len(set(ids))


def test_key_ignores_width_and_script_but_id_is_positional():
    a = parse_source("首台（套）装备。", name="a", path="a.md").document
    b = parse_source("首臺(套)裝備。", name="b", path="b.md").document
    (sa,), (sb,) = list(a.segments()), list(b.segments())
    assert sa.key == sb.key and sa.id == sb.id == "s1-b1-1"


def test_latin_words_split_over_lines_keep_a_space():
    doc = parse_source("World Computing\nConference 在长沙举行。", name="x", path="x.md").document
    assert [s.source for s in doc.segments()] == ["World Computing Conference 在长沙举行。"]


@pytest.mark.parametrize("text,message", [
    ("+++\ntitle = \n+++\n正文。", "x.md:2: front matter is not valid TOML"),
    ("+++\ntitle = \"a\"\n正文。", "x.md:1: front matter opened with +++ is never closed"),
])
def test_broken_front_matter_names_file_and_line(text, message):
    with pytest.raises(BipubError, match=re.escape(message)):
        parse_source(text, name="x", path="x.md")


def test_unknown_front_matter_key_is_a_warning():
    parsed = parse_source('+++\nsubtitel = "x"\n+++\n正文。', name="x", path="x.md")
    assert [(f.severity, f.code) for f in parsed.findings] == [("warning", "parse.front-matter"), ("warning", "parse.no-title")]


def test_not_utf8_names_file_line_and_byte(tmp_path):
    p = tmp_path / "gbk.md"
    p.write_bytes("第一行\n".encode() + "湖南".encode("gbk"))
    with pytest.raises(BipubError, match=r"gbk.md:2: not UTF-8 \(byte 10\); convert it with `bipub import"):
        parse_path(p, display_path="gbk.md")


def test_front_matter_without_its_opening_line_is_an_error():
    parsed = parse_source('title = "湖南"\nauthors = ["曹娜"]\n+++\n\n正文。', name="x", path="x.md")
    assert [(f.severity, f.code, f.line) for f in parsed.findings] == [
        ("error", "parse.front-matter", 3), ("warning", "parse.no-title", 1)]


def test_a_remote_image_is_not_fetched_and_the_editor_is_told():
    parsed = parse_source('+++\ntitle = "t"\n+++\n\n![图。](https://example.com/a.jpg "摄")\n', name="x", path="x.md")
    (fig,) = [b for b in parsed.document.blocks() if b.kind == "figure"]
    assert fig.attrs["src"] == ""
    assert [(f.code, f.line) for f in parsed.findings] == [("parse.remote-image", 5)]
