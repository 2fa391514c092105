"""The editor's loop, end to end through the CLI: export for review, edit one target in
the XLIFF as a CAT tool would, import, rebuild — the new English is in the HTML and the
PDF and every other unit is as it was.  And: one changed figure in the Chinese keeps the
reviewed English with the new figure, marked needs-review."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from lxml import etree

from conftest import FIXTURES, run_bipub

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"


@pytest.fixture(scope="module")
def reviewed_once(tmp_path_factory):
    """The demo project with a complete reviewed memory: English that names each segment and carries
    its approved terms and figures (so it passes the publish gate)."""
    project = tmp_path_factory.mktemp("reviewed") / "project"
    shutil.copytree(FIXTURES / "project", project)
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    assert r.returncode == 1, r.stderr  # pseudo text: written, not publishable
    units = []
    from bipub.source.parse import parse_path
    from bipub.terms.annotate import find_spans
    from bipub.terms.glossary import load_glossary

    glossary, _ = load_glossary(project / "glossary")
    doc = parse_path(project / "source" / "demo.md").document
    for s in doc.segments():
        words = "; ".join(sp.target for sp in find_spans(s.source, glossary))
        name = s.id.translate(str.maketrans("0123456789", "abcdefghij"))  # no figure the source lacks
        units.append({"id": s.id, "key": s.key, "zh": s.source, "en": f"English of {name}: {words}.",
                      "state": "reviewed", "by": "test editor", "at": "2026-11-28T00:00:00Z"})
    (project / "translations").mkdir(exist_ok=True)
    (project / "translations" / "demo.jsonl").write_text(
        "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    return project


@pytest.fixture
def reviewed(reviewed_once, tmp_path):
    """A copy of it that the test may change."""
    project = tmp_path / "project"
    shutil.copytree(reviewed_once, project)
    return project


def memory(project) -> dict[str, dict]:
    lines = (project / "translations" / "demo.jsonl").read_text(encoding="utf-8").splitlines()
    return {u["key"]: u for u in map(json.loads, lines)}


def test_xliff_edit_import_rebuild(reviewed):
    project = reviewed
    before = memory(project)
    xlf = project / "review.xlf"
    r = run_bipub("review", "export", "-C", str(project), "--format", "xliff", "-o", str(xlf))
    assert r.returncode == 0, r.stderr

    # a translator changes one target in their CAT tool
    tree = etree.parse(str(xlf))
    unit = tree.find(f".//{{{XLIFF}}}trans-unit[@id='s2-b1-1']")
    unit.find(f"{{{XLIFF}}}target").text = "First-of-its-kind major technical equipment reached 128 items; industrial investment, 1.148 trillion yuan."
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")

    r = run_bipub("review", "import", "-C", str(project), str(xlf))
    assert r.returncode == 0, r.stderr
    after = memory(project)
    changed = [k for k in after if after[k]["en"] != before.get(k, {}).get("en")]
    assert len(changed) == 1
    assert after[changed[0]]["state"] == "reviewed" and after[changed[0]]["id"] == "s2-b1-1"
    assert all(after[k] == before[k] for k in before if k != changed[0])

    r = run_bipub("build", "-C", str(project), "--engine", "memory")
    assert r.returncode == 0, r.stderr
    assert "First-of-its-kind major technical equipment reached 128 items; industrial investment, 1.148 trillion yuan." in (project / "output" / "demo.html").read_text(encoding="utf-8")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(project / "output" / "demo.pdf"), "-"], capture_output=True, text=True).stdout
        assert "equipment reached 128 items" in " ".join(text.split())


def test_one_changed_figure_keeps_the_english_with_the_new_figure_for_review(reviewed):
    project = reviewed
    src = project / "source" / "demo.md"
    src.write_text(src.read_text(encoding="utf-8").replace("工业投资1.148万亿元", "工业投资1.149万亿元"), encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html")
    assert r.returncode == 1 and "NOT publishable (needs-review)" in r.stdout
    report = json.loads((project / "output" / "demo.report.json").read_text(encoding="utf-8"))
    assert report["counts"]["untranslated"] == 0
    (repair,) = [f for f in report["findings"] if f["code"] == "memory.number-repair"]
    assert "1.148万亿元 → 1.149万亿元" in repair["message"]
    units = {u["zh"]: u for u in memory(project).values()}
    unit = units["首台（套）重大技术装备达到128个，工业投资1.149万亿元。"]
    assert unit["state"] == "needs-review" and "1.149 trillion yuan" in unit["en"] and "1.148" not in unit["en"]
    assert unit["en"] in (project / "output" / "demo.html").read_text(encoding="utf-8")

    # nothing changed: the document is up to date and its stored findings are shown again
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html")
    assert "up to date" in r.stdout and "memory.number-repair" in r.stderr
    assert r.returncode == 1 and "NOT publishable (needs-review)" in r.stdout
    # until an editor reviews it, every build of it says so
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html", "--force")
    assert "memory.needs-review" in r.stderr and "memory.number-repair" not in r.stderr


def test_refused_import_changes_nothing(reviewed):
    project = reviewed
    before = (project / "translations" / "demo.jsonl").read_bytes()
    bad = project / "broken.xlf"
    bad.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<trans-unit id="x">\n</xliff>\n', encoding="utf-8")
    r = run_bipub("review", "import", "-C", str(project), str(bad))
    assert r.returncode != 0
    assert "broken.xlf:" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert (project / "translations" / "demo.jsonl").read_bytes() == before
