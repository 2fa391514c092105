"""`bipub glossary ...` exit codes: 0 ok, 1 errors (or warnings with --strict), 2 usage error."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bipub.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "glossary"


def make_project(tmp_path: Path, case: str) -> Path:
    project = tmp_path / case
    shutil.copytree(FIXTURES / case, project)
    (project / "bipub.toml").write_text('[project]\nname = "glossary test"\n', encoding="utf-8")
    if not (project / "source").is_dir():
        (project / "source").mkdir()
        (project / "source" / "doc.md").write_text("十四五开局。\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("case, args, code", [
    ("good", [], 0),
    ("good", ["--strict"], 0),
    ("unused-term", [], 0),
    ("unused-term", ["--strict"], 1),
    ("conflicting-rendering", [], 1),
    ("malformed-row", [], 1),
])
def test_check_exit_codes(tmp_path, case, args, code):
    project = make_project(tmp_path, case)
    result = CliRunner().invoke(main, ["glossary", "check", "-C", str(project), *args])
    assert result.exit_code == code, result.output


def test_check_names_file_and_line(tmp_path):
    project = make_project(tmp_path, "malformed-row")
    result = CliRunner().invoke(main, ["glossary", "check", "-C", str(project)])
    assert "glossary/terms.tsv:3: error glossary.malformed-row" in result.output


def test_usage_error_is_exit_2(tmp_path):
    project = make_project(tmp_path, "good")
    result = CliRunner().invoke(main, ["glossary", "export", "-C", str(project), "--format", "xlsx"])
    assert result.exit_code == 2


def test_import_then_export_through_the_cli(tmp_path):
    project = make_project(tmp_path, "good")
    runner = CliRunner()
    assert runner.invoke(main, ["glossary", "import", "-C", str(project), str(FIXTURES / "termbase-v3.tbx")]).exit_code == 0
    result = runner.invoke(main, ["glossary", "export", "-C", str(project), "--format", "tbx"])
    assert result.exit_code == 0 and (project / "output" / "glossary.tbx").is_file()
