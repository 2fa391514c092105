"""Build signatures and the outdated check (`bipub.report`).

One project is built once; each test then changes one thing and asks `outdated`
which documents a build would have to make again, and why.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bipub.pipeline import build
from bipub.project import Project
from bipub.report import PARTS, outdated, signature_text

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Two documents (from the golden cases) with one glossary and a memory, built as HTML."""
    root = tmp_path_factory.mktemp("report") / "project"
    for d in ("source", "glossary", "translations"):
        (root / d).mkdir(parents=True)
    (root / "bipub.toml").write_text('[project]\nname = "Signatures"\n\n[build]\nengine = "pseudo"\n'
                                     'formats = ["html"]\n', encoding="utf-8")
    for case in ("terms-and-numbers", "memory-reuse"):
        shutil.copy(GOLDEN / case / "source.md", root / "source" / f"{case}.md")
        shutil.copy(GOLDEN / case / "memory.jsonl", root / "translations" / f"{case}.jsonl")
    rows = [line for case in ("terms-and-numbers", "memory-reuse")
            for line in (GOLDEN / case / "glossary.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    rows = list({r.split("\t")[0]: r for r in reversed(rows)}.values())  # 高质量发展 is in both: one row
    (root / "glossary" / "house.tsv").write_text("zh\ten\tvariants\tforbidden\tstatus\ttype\tnote\n"
                                                 + "\n".join(rows) + "\n", encoding="utf-8")
    build(Project.open(root), progress=False)
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the built project that a test may change."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    return root


def test_the_report_holds_the_signature_and_project_relative_paths(built):
    report = json.loads((built / "output" / "memory-reuse.report.json").read_text(encoding="utf-8"))
    sig = report["signature"]
    assert list(sig) == [*PARTS, "text"] and sig["text"] == signature_text(sig)
    assert sig["text"].startswith("source:") and "|engine:pseudo@" in sig["text"]
    paths = [report["source"], *report["outputs"], *(f["file"] for f in report["findings"] if f["file"])]
    assert report["source"] == "source/memory-reuse.md"
    assert all(not Path(p).is_absolute() and str(built) not in p for p in paths)


def test_nothing_changed_nothing_outdated(built):
    assert outdated(Project.open(built)) == {"memory-reuse": None, "terms-and-numbers": None}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_figure_outdates_its_document_only(project):
    edit(project / "source" / "memory-reuse.md", "120家", "121家")
    assert outdated(Project.open(project)) == {"memory-reuse": "source changed", "terms-and-numbers": None}


def test_a_glossary_entry_outdates_the_documents_that_use_it(project):
    glossary = project / "glossary" / "house.tsv"
    edit(glossary, "\tGDP\t", "\tgross domestic product\t")  # used in terms-and-numbers only
    assert outdated(Project.open(project)) == {"memory-reuse": None, "terms-and-numbers": "glossary changed"}
    with glossary.open("a", encoding="utf-8") as f:  # a new entry that matches in memory-reuse
        f.write("增加值\tvalue added\t\t\tapproved\tterm\t\n")
    assert outdated(Project.open(project)) == {"memory-reuse": "glossary changed", "terms-and-numbers": "glossary changed"}


def test_an_unrelated_glossary_entry_changes_nothing(project):
    with (project / "glossary" / "house.tsv").open("a", encoding="utf-8") as f:
        f.write("航空航天\taerospace\t\t\tapproved\tterm\t\n")
    assert set(outdated(Project.open(project)).values()) == {None}


def test_an_editor_s_memory_edit_outdates_the_document(project):
    edit(project / "translations" / "terms-and-numbers.jsonl", "High quality developing", "High-quality development")
    assert outdated(Project.open(project))["terms-and-numbers"] == "memory changed"


def test_configuration_engine_and_missing_outputs(project):
    toml = project / "bipub.toml"
    edit(toml, 'engine = "pseudo"', 'engine = "memory"')
    assert set(outdated(Project.open(project)).values()) == {"engine changed"}
    edit(toml, 'engine = "memory"', 'engine = "pseudo"\npage_size = "A5"')
    assert set(outdated(Project.open(project)).values()) == {"config changed"}
    edit(toml, 'page_size = "A5"', "")
    (project / "output" / "memory-reuse.fragment.html").unlink()
    assert outdated(Project.open(project)) == {
        "memory-reuse": "output missing: output/memory-reuse.fragment.html", "terms-and-numbers": None}
    (project / "output" / "terms-and-numbers.report.json").unlink()
    assert outdated(Project.open(project))["terms-and-numbers"] == "not built yet"


def test_a_rebuild_of_an_unchanged_project_keeps_every_signature(project):
    before = {p.name: json.loads(p.read_text(encoding="utf-8"))["signature"] for p in (project / "output").glob("*.report.json")}
    build(Project.open(project), progress=False)
    after = {p.name: json.loads(p.read_text(encoding="utf-8"))["signature"] for p in (project / "output").glob("*.report.json")}
    assert after == before and set(outdated(Project.open(project)).values()) == {None}
