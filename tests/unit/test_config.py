"""bipub.toml: defaults, validation, and one-line errors with file and line."""

import re

import pytest

from bipub.config import SCHEMA, describe, load_config
from bipub.findings import ConfigError
from bipub.project import Project


def write(tmp_path, text):
    (tmp_path / "bipub.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_fill_every_key(tmp_path):
    project = Project.open(write(tmp_path, '[project]\nname = "Demo"\n'))
    cfg = project.config
    assert cfg.build.engine == "auto"
    assert cfg.memory.fuzzy_threshold == 0.85
    assert project.sources_dir == tmp_path / "source"
    assert cfg.engine("argos").beam_size == 1
    assert {"project", "build", "memory", "argos"} == set(SCHEMA)


def test_overrides_from_the_command_line(tmp_path):
    project = Project.open(write(tmp_path, '[project]\nname = "Demo"\n')).with_build(engine="pseudo", variant=None)
    assert project.config.build.engine == "pseudo" and project.config.build.variant == "zh-Hans"


@pytest.mark.parametrize("text,error", [
    ('[build]\nengine = "auto"\n', "bipub.toml:1: missing required key [project] name"),
    ('[project]\nname = "D"\n\n[build]\nengine = "fast"\n', "bipub.toml:5: [build] engine must be one of auto, memory, argos, pseudo (got 'fast')"),
    ('[project]\nname = "D"\n[build]\nformats = ["pdf", "odt"]\n', "bipub.toml:4: [build] formats must be one of html, fragment, pdf, docx (got 'odt')"),
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


@pytest.mark.parametrize("text,error", [
    # numbers that would hang or crash the engine fail fast, with the line
    ('[project]\nname = "D"\n[argos]\nbeam_size = 100000\n', "bipub.toml:4: [argos] beam_size must be at most 16 (got 100000)"),
    ('[project]\nname = "D"\n[translate]\nmax_batch_size = 1e20\n',
     "bipub.toml:4: [translate] max_batch_size must be an integer (got 1e+20)"),
    ('[project]\nname = "D"\n[translate]\nmax_batch_size = 100000000000000000000\n',
     "bipub.toml:4: [translate] max_batch_size must be at most 1024 (got 100000000000000000000)"),
    ('[project]\nname = "D"\n[memory]\nfuzzy_threshold = nan\n', "bipub.toml:4: [memory] fuzzy_threshold must be between 0 and 1 (got nan)"),
    ('[project]\nname = "D"\n[build]\ntagged_pdf = 1\n', "bipub.toml:4: [build] tagged_pdf must be true or false (got 1)"),
    ('[project]\nname = "D"\n[build]\nformats = "pdf"\n', "bipub.toml:4: [build] formats must be a list of strings (got 'pdf')"),
    # paths: inside the project, no control characters
    ('[project]\nname = "D"\noutput = "out\\u0000put"\n', "bipub.toml:3: [project] output must not contain control characters"),
    ('[project]\nname = "D"\n\nsources = "../elsewhere"\n', "bipub.toml:4: [project] sources must be a folder inside the project (got '../elsewhere')"),
    ('[project]\nname = "D"\ntranslations = "/etc"\n', "bipub.toml:3: [project] translations must be a folder inside the project (got '/etc')"),
    ('[project]\nname = "D"\n[argos]\npackages_dir = "m\\u0000"\n', "bipub.toml:4: [argos] packages_dir must not contain control characters"),
    # the old and the new name of the Argos table: one of them
    ('[project]\nname = "D"\n[translate]\n[argos]\n', "bipub.toml:4: [argos] is the old name of [argos]"),
    # unknown keys in an engine's table name their line
    ('[project]\nname = "D"\n[argos]\n\nbeam = 2\n', "bipub.toml:5: unknown key [argos] beam (known: packages_dir, beam_size"),
])
def test_limits_fail_fast_with_one_line(tmp_path, monkeypatch, text, error):
    monkeypatch.chdir(write(tmp_path, text))
    with pytest.raises(ConfigError, match=re.escape(error)):
        Project.open(".")


def test_folders_inside_the_project_are_fine(tmp_path):
    project = Project.open(write(tmp_path, '[project]\nname = "D"\noutput = "site/./bilingual"\nsources = "a/../texts"\n'))
    assert project.output_dir == tmp_path / "site/./bilingual"
    assert project.show(project.output_dir / "x.html") == "site/bilingual/x.html"


def test_the_old_translate_table_still_sets_the_argos_engine(tmp_path):
    project = Project.open(write(tmp_path, '[project]\nname = "D"\n[translate]\nbeam_size = 4\ncompute_type = "float32"\n'))
    argos = project.config.engine("argos")
    assert (argos.beam_size, argos.compute_type, argos.max_batch_size) == (4, "float32", 32)


def test_engine_and_format_choices_come_from_the_registries():
    from bipub.render import WRITERS
    from bipub.translate.engines import BUILD_MODES, ENGINES

    text = describe()
    assert f"engine = \"auto\"" in text and " | ".join(BUILD_MODES + ENGINES.names()) in text
    assert " | ".join(WRITERS.names()) in text


def test_no_string_setting_takes_control_characters(tmp_path, monkeypatch):
    monkeypatch.chdir(write(tmp_path, '[project]\nname = "Report\\u0007\\r\\nX-Injected: 1"\n'))
    with pytest.raises(ConfigError, match=re.escape("bipub.toml:2: [project] name must not contain control characters")):
        Project.open(".")


def test_command_line_overrides_are_checked_like_the_file(tmp_path):
    project = Project.open(write(tmp_path, '[project]\nname = "Demo"\n'))
    assert project.with_build(formats=["pdf"]).config.build.formats == ("pdf",)
    with pytest.raises(ConfigError, match=re.escape("command line: formats must be one of html, fragment, pdf, docx (got 'odt')")):
        project.with_build(formats=["odt"])
    with pytest.raises(ConfigError, match=re.escape("command line: engine must be one of auto, memory, argos, pseudo")):
        project.with_build(engine="fast")
