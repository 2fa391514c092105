"""Translation engines: the `ENGINES` registry, the `Engine` protocol, and the build modes.

An engine turns a batch of protected source sentences into target sentences.
Engines never see the memory: the pipeline looks segments up in the memory first
and hands only the rest to `translate.draft.draft`, which protects terms and
numbers, consults the cache and calls the engine.

Adding an engine is a new module with a class that follows `Engine`, plus one
line below (``ENGINES.register("nllb", "bipub.translate.nllb:NllbEngine")``).
Its settings are its own frozen `Config` dataclass (fields made with
`bipub.schema.setting`); they are read from the ``[NAME]`` table of bipub.toml,
checked, and documented in docs/config.md with no further change.

Two build modes are not engines (`BUILD_MODES`): ``memory`` (no engine at all:
what the memory lacks stays untranslated) and ``auto`` (the first registered
publishable engine that is installed; none: a warning and ``memory``).  Both
are handled here, in `EngineChoice`, and nowhere else.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from bipub.findings import BipubError, ConfigError, Finding
from bipub.registry import Registry

ENGINES: Registry = Registry("engine")
ENGINES.register("argos", "bipub.translate.argos:ArgosEngine")
ENGINES.register("pseudo", "bipub.translate.pseudo:PseudoEngine")

BUILD_MODES = ("auto", "memory")
#: how `draft` can keep terms and numbers safe from an engine; an engine asking for another is refused
PROTECTIONS = ("placeholders",)


def engine_choices() -> tuple[str, ...]:
    """What ``[build] engine`` and ``--engine`` accept: the build modes, then every engine."""
    return BUILD_MODES + ENGINES.names()


class EngineUnavailable(BipubError):
    """The engine is not installed here (no model package): ``auto`` goes on without it."""


class Engine(Protocol):
    name: ClassVar[str]
    origin: ClassVar[str]  # Segment.origin of its output: "mt", or "pseudo" (never a translation)
    #: real translations: cached, stored in the memory as drafts for review, checked by QA;
    #: False (pseudo): none of that, and the renderers print a banner
    publishable: ClassVar[bool]
    #: "placeholders": terms and numbers are masked before the engine sees the text and
    #: restored after (the engine must copy ASCII tokens through); the only strategy `draft` has today
    protection: ClassVar[str]
    Config: ClassVar[type]  # frozen dataclass of `setting()` fields: the [NAME] table

    @classmethod
    def open(cls, config: Any, project: Any) -> "Engine": ...  # EngineUnavailable if not installed

    def translate_batch(self, texts: list[str]) -> list[str]: ...

    def signature(self) -> str: ...  # every setting that changes the output

    def close(self) -> None: ...


class EngineChoice:
    """The build's engine for ``mode`` (a build mode or an engine name), opened once, and
    only when some segment needs one (`get`).  ``findings`` receives the ``auto`` warning."""

    def __init__(self, mode: str, project, findings: list[Finding]):
        if mode not in engine_choices():
            raise ConfigError(f"unknown engine {mode!r} (known: {', '.join(engine_choices())})")
        self.mode, self.project, self.findings = mode, project, findings
        self._engine = None
        self._chosen = False

    @property
    def signature(self) -> str:
        return "memory+" + self._engine.signature() if self._engine is not None else "memory"

    def get(self):
        if self._chosen:
            return self._engine
        self._chosen = True
        if self.mode == "memory":
            return None
        if self.mode != "auto":
            try:
                self._engine = self._open(self.mode)
            except EngineUnavailable as e:
                raise ConfigError(str(e)) from e
            return self._engine
        unavailable = []
        for name in ENGINES:
            if not ENGINES.get(name).publishable:
                continue
            try:
                self._engine = self._open(name)
                return self._engine
            except EngineUnavailable as e:
                unavailable.append(str(e))
        self.findings.append(Finding("translate.no-model", "warning",
                                     f"segments left untranslated: {'; '.join(unavailable) or 'no engine'}",
                                     "bipub.toml", None))
        return None

    def _open(self, name: str):
        cls = ENGINES.get(name)
        if cls.protection not in PROTECTIONS:
            raise ConfigError(f"engine {name!r} asks for protection {cls.protection!r}, which the drafting "
                              f"step does not have (it has: {', '.join(PROTECTIONS)})")
        engine = cls.open(self.project.config.engine(name), self.project)
        self.findings.extend(getattr(engine, "open_findings", ()))  # e.g. a package skipped as unreadable
        return engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
