"""`bipub glossary ...` exit codes: 0 ok, 1 errors (or warnings with --strict), 2 usage error."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bipub.cli import main
from bipub.findings import ConfigError, InputRefused
from bipub.terms.termbase import import_file

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
    ("unused-term", ["--strict"], 0),  # unused terms are info: a shared glossary passes --strict
    ("proposed-term-used", ["--strict"], 0),
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
    result = CliRunner().invoke(main, ["glossary", "export", "-C", str(project), "--format", "docx"])
    assert result.exit_code == 2


def test_import_then_export_through_the_cli(tmp_path):
    project = make_project(tmp_path, "good")
    runner = CliRunner()
    assert runner.invoke(main, ["glossary", "import", "-C", str(project), str(FIXTURES / "termbase-v3.tbx")]).exit_code == 0
    result = runner.invoke(main, ["glossary", "export", "-C", str(project), "--format", "tbx"])
    assert result.exit_code == 0 and (project / "output" / "glossary.tbx").is_file()


# `bipub glossary import`: refused input and an existing target are usage problems (exit 2), nothing written.

@pytest.mark.parametrize("fixture, message", [
    ("not-xml.tbx", r"not-xml\.tbx:1: not well-formed XML"),
    ("no-entries.tbx", r"no-entries\.tbx: no term entries"),
    ("no-header.csv", r"no-header\.csv: no term with both Chinese and English to import .*lacks column\(s\) zh, en"),
])
def test_a_termbase_with_nothing_to_import_is_refused(tmp_path, fixture, message):
    with pytest.raises(InputRefused, match=message) as refused:
        import_file(tmp_path, FIXTURES / fixture)
    assert refused.value.exit_code == 2
    assert not (tmp_path / "glossary").exists()


def test_an_existing_import_is_replaced_only_when_forced(tmp_path):
    first, _ = import_file(tmp_path, FIXTURES / "termbase-v3.tbx")
    first.write_text(first.read_text(encoding="utf-8") + "# an editor's note\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="imported-termbase-v3.tsv already exists.*--force"):
        import_file(tmp_path, FIXTURES / "termbase-v3.tbx")
    assert "# an editor's note" in first.read_text(encoding="utf-8")
    import_file(tmp_path, FIXTURES / "termbase-v3.tbx", overwrite=True)
    assert "# an editor's note" not in first.read_text(encoding="utf-8")


@pytest.mark.parametrize("second", ["termbase-v3.tbx", "not-xml.tbx"])
def test_import_usage_problems_exit_2(tmp_path, second):
    project = make_project(tmp_path, "good")
    runner = CliRunner()
    assert runner.invoke(main, ["glossary", "import", "-C", str(project), str(FIXTURES / "termbase-v3.tbx")]).exit_code == 0
    result = runner.invoke(main, ["glossary", "import", "-C", str(project), str(FIXTURES / second)])
    assert result.exit_code == 2, result.output
