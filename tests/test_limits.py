"""Limits fail fast with one line: deep nesting and overlong paragraphs are reported, never dropped or hung on."""

from __future__ import annotations

import json
import re

from conftest import run_bipub

HEAD = '+++\ntitle = "湖南制造业发展纪实"\n+++\n\n## 一、产业发展\n\n'
LATER = "\n## 二、数字经济\n\n全省数字经济规模突破1.3万亿元。\n\n## 三、展望\n\n奋力建设制造强省。\n"


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- 第{i + 1}层：产业链条逐级展开\n" for i in range(depth))


def build(project, text: str, *args: str):
    (project / "source" / "demo.md").write_text(text, encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", *args)
    report = json.loads((project / "output" / "demo.report.json").read_text(encoding="utf-8"))
    return r, report


def test_a_list_nested_ten_levels_keeps_every_later_section(project):
    r, report = build(project, HEAD + nested_list(10) + LATER, "--format", "html", "--strict")
    page = re.sub(r"<[^>]+>", "", (project / "output" / "demo.html").read_text(encoding="utf-8"))
    assert "第10层" in page and "二、数字经济" in page and "奋力建设制造强省" in page
    assert not [f for f in report["findings"] if f["code"] == "parse.too-deep"]


def test_nesting_beyond_the_parser_is_an_error_naming_the_line(project):
    r, report = build(project, HEAD + nested_list(40) + LATER, "--format", "html")
    assert r.returncode == 1
    deep = [f for f in report["findings"] if f["code"] == "parse.too-deep"]
    assert len(deep) == 1 and deep[0]["file"] == "source/demo.md" and deep[0]["line"] == 36  # the 30th level
    assert "is not kept" in deep[0]["message"]
    assert "source/demo.md:36: error parse.too-deep" in r.stdout + r.stderr


def test_deep_block_quotes_are_reported_not_a_crash(project):
    r, report = build(project, HEAD + ">" * 5000 + " 引文\n" + LATER, "--format", "html")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert [f["line"] for f in report["findings"] if f["code"] == "parse.too-deep"] == [7]


def test_an_overlong_paragraph_is_refused_for_the_pdf_with_its_line(project):
    """A paragraph of 60,000 characters with no break: the PDF is refused at once, the HTML is written."""
    para = ("产业链条逐级展开，企业协同不断深化，" * 4000)[:60_000]
    r, report = build(project, HEAD + "开篇。\n\n" + para + "\n" + LATER)
    assert r.returncode == 1
    refused = [f for f in report["findings"] if f["code"] == "render.too-long"]
    assert [(f["file"], f["line"]) for f in refused] == [("source/demo.md", 9)]
    assert "PDF not typeset" in refused[0]["message"] and "split it into paragraphs" in refused[0]["message"]
    assert not (project / "output" / "demo.pdf").exists()
    assert (project / "output" / "demo.html").exists()
