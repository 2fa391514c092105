"""The publish gate through the CLI, on a copy of this repository's own seed project.

Unchanged, the seed is publishable (exit 0).  Change ``同比增长8.4%`` to ``8.6%``
and build: the English says "8.6 percent" (number repair), the unit awaits
review, the PDF says DRAFT on every page, the HTML at its top, exit 1.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lhtml

from bipub.cli import main
from bipub.text.normalize import segment_key
from bipub.translate.engines import ENGINES
from bipub.translate.pseudo import PseudoEngine
from conftest import REPO, run_bipub

DRAFT = "DRAFT — not for publication"


def seed_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy(REPO / "bipub.toml", dest)
    for folder in ("source", "translations", "glossary"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def report(project: Path, name: str = "hunan-2021") -> dict:
    return json.loads((project / "output" / f"{name}.report.json").read_text(encoding="utf-8"))


def top_banner(path: Path) -> str:
    """The text of the first element of the edition (page or fragment), by DOM."""
    tree = lhtml.fromstring(path.read_text(encoding="utf-8"))
    first = tree.xpath('//div[@class="bipub-doc"]/*[1]')[0]
    return first.text_content() if "bipub-banner" in first.get("class", "") else ""


def test_the_unchanged_seed_is_publishable(tmp_path):
    project = seed_copy(tmp_path / "seed")
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.rstrip().endswith("| publishable")
    rep = report(project)
    assert rep["publishable"] is True and rep["reasons"] == []
    assert rep["states"] == {"approved": 0, "reviewed": 95, "needs-review": 0, "draft": 0, "untranslated": 0}
    assert top_banner(project / "output" / "hunan-2021.html") == ""


@pytest.fixture(scope="module")
def changed_figure(tmp_path_factory):
    project = seed_copy(tmp_path_factory.mktemp("gate") / "seed")
    src = project / "source" / "hunan-2021.md"
    text = src.read_text(encoding="utf-8")
    assert text.count("同比增长8.4%") == 1
    src.write_text(text.replace("同比增长8.4%", "同比增长8.6%"), encoding="utf-8")
    return project, run_bipub("build", "-C", str(project), "--engine", "memory")


def test_a_changed_figure_is_repaired_and_awaits_review(changed_figure):
    project, r = changed_figure
    assert r.returncode == 1, r.stdout + r.stderr
    units = [json.loads(x) for x in (project / "translations" / "hunan-2021.jsonl").read_text("utf-8").splitlines()]
    (unit,) = [u for u in units if "同比增长8.6%" in u["zh"]]
    assert "grew by 8.6 percent year on year" in unit["en"] and "8.4" not in unit["en"]
    assert unit["state"] == "needs-review"
    assert unit["history"][-1]["action"] == "number-repair" and unit["history"][-1]["from"] == "8.4% → 8.6%"
    assert "memory.number-repair" in r.stderr and "8.4% → 8.6%" in r.stderr


def test_the_build_says_it_is_not_publishable_and_why(changed_figure):
    project, r = changed_figure
    rep = report(project)
    assert rep["publishable"] is False and [x["code"] for x in rep["reasons"]] == ["needs-review"]
    assert rep["states"]["needs-review"] == 1
    assert "NOT PUBLISHABLE" in r.stdout and "NOT publishable (needs-review)" in r.stdout.splitlines()[-1]
    assert "needs review 1" in r.stdout


def test_every_pdf_page_says_draft(changed_figure):
    project, _ = changed_figure
    pdf = project / "output" / "hunan-2021.pdf"
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                 text=True).stdout.splitlines()
                     if line.startswith("Pages:")))
    assert pages > 3
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        assert DRAFT in text, f"page {page}"


def test_the_html_and_fragment_say_draft_and_mark_the_reused_english(changed_figure):
    project, _ = changed_figure
    for name in ("hunan-2021.html", "hunan-2021.fragment.html"):
        path = project / "output" / name
        assert top_banner(path) == DRAFT
        tree = lhtml.fromstring(path.read_text(encoding="utf-8"))
        (span,) = tree.xpath('//*[contains(@class, "bipub-st-needs-review")]')
        assert "8.6 percent" in span.text_content()
        assert ".bipub-st-needs-review" in path.read_text(encoding="utf-8")  # styled, not only classed


def test_untranslated_segments_fail_the_build(tmp_path):
    project = seed_copy(tmp_path / "seed")
    src = project / "source" / "hunan-2021.md"
    src.write_text(src.read_text(encoding="utf-8") + "\n全年新增规模工业企业1000家以上。\n", encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html")
    assert r.returncode == 1
    assert [x["code"] for x in report(project)["reasons"]] == ["untranslated"]


SOURCE = "+++\ntitle = \"测试\"\n+++\n\n全年完成投资1.2万亿元。\n"


def small_project(root: Path, build: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "bipub.toml").write_text(f'[project]\nname = "D"\n[build]\nformats = ["html"]\n{build}', encoding="utf-8")
    (root / "source").mkdir()
    (root / "source" / "plan.md").write_text(SOURCE, encoding="utf-8")
    return root


def test_a_pseudo_translated_build_fails_even_when_strict_finds_no_warning(tmp_path):
    project = small_project(tmp_path)
    result = CliRunner().invoke(main, ["build", "-C", str(project), "--engine", "pseudo", "--strict"])
    assert result.exit_code == 1, result.output
    assert "0 warnings" in result.output and "NOT publishable (pseudo)" in result.output


class Machine(PseudoEngine):
    """A stand-in machine translation engine (publishable drafts, like Argos)."""

    name, origin, publishable = "machine", "mt", True

    def translate_batch(self, texts):
        return [t.replace("全年完成投资", "Investment for the year reached ").replace("测试", "Test") for t in texts]

    def signature(self):
        return "machine|v1"


@pytest.fixture
def machine(monkeypatch):
    monkeypatch.setattr(ENGINES, "_entries", {**ENGINES._entries, "machine": Machine})


def test_machine_drafts_block_unless_the_project_publishes_machine_translation(tmp_path, machine):
    project = small_project(tmp_path / "a", 'engine = "machine"\n')
    result = CliRunner().invoke(main, ["build", "-C", str(project)])
    assert result.exit_code == 1 and "NOT publishable (machine)" in result.output
    assert top_banner(project / "output" / "plan.html") == DRAFT

    project = small_project(tmp_path / "b", 'engine = "machine"\nallow_machine_translation = true\n')
    result = CliRunner().invoke(main, ["build", "-C", str(project)])
    assert result.exit_code == 0, result.output
    for name in ("plan.html", "plan.fragment.html"):
        assert top_banner(project / "output" / name) == "Machine translated"
    assert report(project, "plan")["machine_translated"] == 2  # the title and the sentence


def test_import_findings_block_until_an_editor_marks_them_handled(tmp_path):
    project = small_project(tmp_path)
    record = {"findings": [{"code": "import.digit-break", "severity": "error", "message": "1.2 split",
                            "file": "plan.md", "line": 5, "handled": False}]}
    path = project / "source" / "plan.import.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (project / "translations").mkdir()
    (project / "translations" / "plan.jsonl").write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in [
        {"id": "s0-title-1", "key": segment_key("测试"), "zh": "测试", "en": "Test", "state": "reviewed", "by": "e", "at": "2026-11-28T00:00:00Z"},
        {"id": "s1-b1-1", "key": segment_key("全年完成投资1.2万亿元。"), "zh": "全年完成投资1.2万亿元。", "en": "Investment for the year reached 1.2 trillion yuan.",
         "state": "reviewed", "by": "e", "at": "2026-11-28T00:00:00Z"}]), encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "memory")
    assert r.returncode == 1 and [x["code"] for x in report(project, "plan")["reasons"]] == ["import"], r.stdout
    record["findings"][0]["handled"] = True
    path.write_text(json.dumps(record), encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "memory")
    assert r.returncode == 0, r.stdout + r.stderr


def test_glossary_check_and_the_build_agree_that_advice_is_not_a_reason(tmp_path):
    """The seed glossary has unused and proposed terms in use: info in `glossary check` and in the
    build alike, and the build stays publishable, even under --strict."""
    project = seed_copy(tmp_path / "seed")
    check = run_bipub("glossary", "check", "-C", str(project))
    assert check.returncode == 0 and "info glossary.unused-term" in check.stdout + check.stderr
    assert "info glossary.proposed-term-used" in check.stdout + check.stderr
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html", "--strict")
    assert r.returncode == 0, r.stdout + r.stderr
    severities = {f["code"]: f["severity"] for f in report(project)["findings"]}
    assert severities.get("qa.term-proposed") == "info" and report(project)["publishable"] is True
