"""Golden snapshots of the annotated document: tests/golden/<case>/ (see its README).

Each case is a small project (source, glossary, memory) built through every stage but
render, with no engine; its outline (`bipub.outline`) must equal ``expected.outline``:
the spans the annotate stage found, the English the memory gave and the findings.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bipub.outline import outline
from bipub.pipeline import STAGES, context, run_stages
from bipub.project import Project
from bipub.terms.glossary import load_glossary
from bipub.translate.cache import Cache
from bipub.translate.engines import EngineChoice

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def make_project(case: Path, root: Path) -> Project:
    (root / "source").mkdir(parents=True)
    (root / "glossary").mkdir()
    (root / "bipub.toml").write_text(f'[project]\nname = "{case.name}"\n\n[build]\nengine = "memory"\n', encoding="utf-8")
    shutil.copy(case / "source.md", root / "source" / f"{case.name}.md")
    shutil.copy(case / "glossary.tsv", root / "glossary" / "house.tsv")
    if (case / "memory.jsonl").exists():
        (root / "translations").mkdir()
        shutil.copy(case / "memory.jsonl", root / "translations" / f"{case.name}.jsonl")
    return Project.open(root)


def annotated_outline(case: Path, root: Path) -> str:
    project = make_project(case, root)
    glossary, findings = load_glossary(project.glossary_dir)
    assert findings == []
    engines = EngineChoice("memory", project, [])
    with Cache(project.cache_path) as cache:
        ctx = context(project, project.sources()[0], glossary, engines, cache, progress=False)
        doc = run_stages(ctx, f"source/{case.name}.md", [s for s in STAGES if s.name != "render"])
    return outline(doc, ctx.report.findings)


def test_the_stages_run_in_one_order():
    assert [s.name for s in STAGES] == ["parse", "apply_memory", "annotate", "translate", "check", "render"]


@pytest.mark.parametrize("name", CASES)
def test_golden(name, tmp_path):
    case = GOLDEN / name
    got = annotated_outline(case, tmp_path)
    expected = case / "expected.outline"
    if os.environ.get("BIPUB_GOLDEN_UPDATE"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")
