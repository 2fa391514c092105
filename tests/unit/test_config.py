"""bipub.toml: defaults, validation, and one-line errors with file and line."""

import re

import pytest

from bipub.config import SCHEMA, describe, load_config
from bipub.findings import ConfigError


def write(tmp_path, text):
    (tmp_path / "bipub.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_fill_every_key(tmp_path):
    cfg = load_config(write(tmp_path, '[project]\nname = "Demo"\n'))
    assert cfg["build"]["engine"] == "auto"
    assert cfg["memory"]["fuzzy_threshold"] == 0.85
    assert cfg.path("sources") == tmp_path / "source"
    assert set(cfg.values) == set(SCHEMA)


def test_overrides_from_the_command_line(tmp_path):
    cfg = load_config(write(tmp_path, '[project]\nname = "Demo"\n')).with_overrides("build", engine="pseudo", variant=None)
    assert cfg["build"]["engine"] == "pseudo" and cfg["build"]["variant"] == "zh-Hans"


@pytest.mark.parametrize("text,error", [
    ('[build]\nengine = "auto"\n', "bipub.toml:1: missing required key [project] name"),
    ('[project]\nname = "D"\n\n[build]\nengine = "fast"\n', "bipub.toml:5: [build] engine must be one of auto, memory, argos, pseudo (got 'fast')"),
    ('[project]\nname = "D"\n[build]\nformats = ["pdf", "docx"]\n', "bipub.toml:4: [build] formats must be one of html, pdf (got 'docx')"),
    ('[project]\nname = "D"\n[translate]\nbeam_size = "4"\n', "bipub.toml:4: [translate] beam_size must be an integer (got '4')"),
    ('[project]\nname = "D"\n[translate]\nbeam_size = 0\n', "bipub.toml:4: [translate] beam_size must be at least 1 (got 0)"),
    ('[project]\nname = "D"\n[memory]\nfuzzy_threshold = 1.5\n', "bipub.toml:4: [memory] fuzzy_threshold must be between 0 and 1 (got 1.5)"),
    ('[project]\nname = "D"\nengin = "x"\n', "bipub.toml:3: unknown key [project] engin"),
    ('[project]\nname = "D"\n[bulid]\n', "bipub.toml:3: unknown table [bulid]"),
    ('[project]\nname = "D\n', "bipub.toml:2: "),
])
def test_errors_name_file_and_line(tmp_path, monkeypatch, text, error):
    monkeypatch.chdir(write(tmp_path, text))
    from pathlib import Path

    with pytest.raises(ConfigError, match=re.escape(error)):
        load_config(Path("."))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="bipub.toml: not found"):
        load_config(tmp_path)


def test_describe_lists_every_key():
    text = describe()
    for table, keys in SCHEMA.items():
        assert f"[{table}]" in text
        for key in keys:
            assert f"\n{key} = " in text


def test_docs_config_md_is_current():
    """docs/config.md shows exactly what the schema says (regenerate it from config.describe())."""
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "config.md").read_text(encoding="utf-8")
    assert describe().rstrip() in doc
