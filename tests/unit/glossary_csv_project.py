"""A project with a copy of the real glossary and its CSV export, for the glossary import tests
(test_glossary_merge.py, test_glossary_spreadsheets.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bipub.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path):
    """The real glossary, exported as glossary.csv (UTF-8 with BOM, as bipub writes it and Excel saves it)."""
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    (tmp_path / "source").mkdir()
    (tmp_path / "bipub.toml").write_text('[project]\nname = "glossary import test"\n', encoding="utf-8")
    assert run(tmp_path, "export", "--format", "csv", "-o", str(tmp_path / "glossary.csv")).exit_code == 0
    return tmp_path


def run(project, *args):
    """`bipub glossary ARGS[0] -C PROJECT ARGS[1:]` in-process."""
    return CliRunner().invoke(main, ["glossary", args[0], "-C", str(project), *args[1:]])
