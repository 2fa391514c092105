"""Registries are the extension points: the CLI and bipub.toml offer exactly what is registered."""

import click
import pytest

from bipub.cli import main
from bipub.project import Project
from bipub.render import HANT_CONFIGS, VARIANTS, WRITERS
from bipub.render.variant import output_stem
from bipub.render.options import RenderOptions
from bipub.translate.engines import BUILD_MODES, ENGINES, EngineChoice


def choices(command: click.Command, option: str) -> tuple:
    param = next(p for p in command.params if p.name == option)
    return tuple(param.type.choices)


def test_build_choices_are_the_registered_names():
    build = main.commands["build"]
    assert choices(build, "engine") == BUILD_MODES + ENGINES.names() == ("auto", "memory", "argos", "pseudo")
    assert choices(build, "variant") == VARIANTS
    assert choices(build, "hant_config") == HANT_CONFIGS


def test_every_engine_follows_the_protocol():
    for name, engine in ENGINES.items():
        assert engine.name == name
        assert engine.origin in ("mt", "pseudo") and isinstance(engine.publishable, bool)
        assert engine.protection == "placeholders"
        for method in ("open", "translate_batch", "signature", "close"):
            assert callable(getattr(engine, method)), (name, method)
    assert not ENGINES.get("pseudo").publishable and ENGINES.get("argos").publishable


def test_every_writer_names_its_outputs():
    stem = output_stem("report", RenderOptions(variant="zh-Hant"))
    assert {n: WRITERS.get(n).outputs(stem) for n in WRITERS} == {
        "html": ["report.zh-Hant.html", "report.zh-Hant.fragment.html"],
        "fragment": ["report.zh-Hant.fragment.html"],
        "pdf": ["report.zh-Hant.pdf"],
        "docx": ["report.zh-Hant.docx"],
    }


def test_auto_without_a_model_warns_once_and_builds_from_the_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("BIPUB_PACKAGES_DIR", str(tmp_path / "no-models"))
    (tmp_path / "bipub.toml").write_text('[project]\nname = "D"\n', encoding="utf-8")
    findings = []
    choice = EngineChoice("auto", Project.open(tmp_path), findings)
    assert choice.get() is None and choice.get() is None and choice.signature == "memory"
    assert [f.code for f in findings] == ["translate.no-model"]
    assert "no zh→en translation model installed" in findings[0].message


def test_an_explicit_engine_without_a_model_is_a_configuration_error(tmp_path, monkeypatch):
    from bipub.findings import ConfigError

    monkeypatch.setenv("BIPUB_PACKAGES_DIR", str(tmp_path / "no-models"))
    (tmp_path / "bipub.toml").write_text('[project]\nname = "D"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no zh→en translation model installed"):
        EngineChoice("argos", Project.open(tmp_path), []).get()


def test_an_engine_asking_for_a_protection_draft_lacks_is_refused_before_it_runs(tmp_path, monkeypatch):
    from bipub.findings import ConfigError
    from bipub.translate.pseudo import PseudoEngine

    class Unmasked(PseudoEngine):
        protection = "none"  # would see terms and numbers raw: nothing could check them afterwards

    monkeypatch.setattr(ENGINES, "_entries", {**ENGINES._entries, "pseudo": Unmasked})
    (tmp_path / "bipub.toml").write_text('[project]\nname = "D"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="asks for protection 'none'"):
        EngineChoice("pseudo", Project.open(tmp_path), []).get()
