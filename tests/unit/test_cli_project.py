"""Every command starts from the project: its folders from bipub.toml, nothing of the editor's replaced."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bipub.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "glossary"
RAW = "关于印发《2024年工作要点》的通知\n\n一、总体要求\n\n全年完成投资1.2万亿元。\n"


def project(tmp_path: Path, extra: str = "") -> Path:
    root = tmp_path / "p"
    root.mkdir()
    (root / "bipub.toml").write_text(f'[project]\nname = "D"\n{extra}', encoding="utf-8")
    return root


def bipub(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_glossary_export_honours_the_project_output_folder(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "good", root)
    (root / "bipub.toml").write_text('[project]\nname = "D"\noutput = "site/terms"\n', encoding="utf-8")
    result = bipub("glossary", "export", "-C", root, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert (root / "site/terms/glossary.csv").is_file()
    assert not (root / "output").exists()


def test_import_writes_into_the_configured_source_folder(tmp_path):
    root = project(tmp_path, 'sources = "texts"\n')
    (tmp_path / "plan.txt").write_text(RAW, encoding="utf-8")
    result = bipub("import", "-C", root, tmp_path / "plan.txt")
    assert result.exit_code == 0, result.output
    assert "1.2万亿元" in (root / "texts" / "plan.md").read_text(encoding="utf-8")


def test_import_never_replaces_an_edited_source_without_force(tmp_path):
    root = project(tmp_path)
    (tmp_path / "plan.txt").write_text(RAW, encoding="utf-8")
    (root / "source").mkdir()
    edited = root / "source" / "plan.md"
    edited.write_text("+++\ntitle = \"编辑改过\"\n+++\n\n编辑的工作。\n", encoding="utf-8")

    refused = bipub("import", "-C", root, tmp_path / "plan.txt")
    assert refused.exit_code == 2 and "use --force" in refused.output
    assert "编辑的工作" in edited.read_text(encoding="utf-8")

    forced = bipub("import", "-C", root, tmp_path / "plan.txt", "--force")
    assert forced.exit_code == 0, forced.output
    assert "1.2万亿元" in edited.read_text(encoding="utf-8")


def test_import_never_writes_over_the_configuration_or_the_memory(tmp_path):
    root = project(tmp_path)
    (tmp_path / "plan.txt").write_text(RAW, encoding="utf-8")
    config = (root / "bipub.toml").read_bytes()
    for target in (root / "bipub.toml", root / "translations" / "plan.md", tmp_path / "outside.md"):
        result = bipub("import", "-C", root, tmp_path / "plan.txt", "-o", target, "--force")
        assert result.exit_code == 2, (target, result.output)
    assert (root / "bipub.toml").read_bytes() == config
    assert not (root / "translations").exists() and not (tmp_path / "outside.md").exists()


@pytest.mark.parametrize("table", [
    '[argos]\nbeam_size = 100000\n',  # would decode for hours
    '[translate]\nmax_batch_size = 1e20\n',  # a float: was a traceback inside CTranslate2
    '[translate]\nmax_batch_size = 100000000000000000000\n',
    'output = "out\\u0000put"\n',  # a NUL in a path: was a traceback from the OS
    'output = "../../var/www"\n',  # outside the project
])
def test_a_bad_number_or_path_in_bipub_toml_is_one_line_and_exit_2(tmp_path, table):
    root = tmp_path / "p"
    root.mkdir()
    head = '[project]\nname = "D"\n'
    text = head + table if table.startswith("output") else head + "\n" + table
    (root / "bipub.toml").write_text(text, encoding="utf-8")
    for args in (["build", "-C", root, "--engine", "pseudo"], ["review", "export", "-C", root], ["models", "list", "-C", root]):
        result = bipub(*args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"bipub: error: {root / 'bipub.toml'}:"), result.output
    assert not (root / "output").exists()
