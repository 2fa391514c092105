"""`Project`: the one authority for a bipub project's root, configuration and paths.

Every command starts from ``Project.open(root)``: it reads and validates
``bipub.toml`` (`ConfigError`, exit 2, with file and line) and knows where the
sources, glossary, memory and outputs are, and how a path is shown to the user
(`show`, relative to the project: ``source/report.md``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from bipub.config import CONFIG_NAME, Config, load_config
from bipub.findings import ConfigError
from bipub.pair import ZH_EN, LangPair
from bipub.paths import shown
from bipub.schema import replace_checked


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @classmethod
    def open(cls, root: Path | str) -> "Project":
        root = Path(root)
        return cls(root, load_config(root))

    def with_build(self, **overrides) -> "Project":
        """The project with ``[build]`` keys replaced (command-line options; ``None`` keeps the file's
        value), checked like the file's (ConfigError)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        build = replace_checked(self.config.build, "command line", **given)
        return dataclasses.replace(self, config=dataclasses.replace(self.config, build=build))

    @property
    def pair(self) -> LangPair:
        """The language pair: zh→en, the only shipped pair (`bipub.pair`)."""
        return ZH_EN

    # ------------------------------------------------------------------ where things are

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def sources_dir(self) -> Path:
        return self.root / self.config.project.sources

    @property
    def glossary_dir(self) -> Path:
        return self.root / self.config.project.glossary

    @property
    def memory_dir(self) -> Path:
        return self.root / self.config.project.translations

    @property
    def output_dir(self) -> Path:
        return self.root / self.config.project.output

    @property
    def cache_path(self) -> Path:
        return self.root / ".bipub" / "cache.sqlite"

    def memory_path(self, doc_name: str) -> Path:
        """``translations/NAME.jsonl``: the memory of document ``NAME``."""
        return self.memory_dir / f"{doc_name}.jsonl"

    def sources(self, *, required: bool = False) -> list[Path]:
        """Every ``source/NAME.md`` (``NAME.notes.md`` and other ``NAME.*.md`` are companions).

        ``required``: a missing folder or one without sources is a ConfigError (a build
        needs sources; a glossary check does not)."""
        folder = self.sources_dir
        files = sorted(p for p in folder.glob("*.md") if "." not in p.stem) if folder.is_dir() else []
        if required and not folder.is_dir():
            raise ConfigError(f"{self.show(folder)}: source folder not found (set [project] sources in bipub.toml)")
        if required and not files:
            raise ConfigError(f"{self.show(folder)}: no Markdown sources (*.md) to build")
        return files

    def show(self, path: Path | str) -> str:
        """``path`` as the user reads it: relative to the project when inside it."""
        return shown(path, self.root)
