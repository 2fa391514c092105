"""Translation engines.

An engine turns a batch of (protected) Chinese sentences into English:

    class Engine(Protocol):
        name: str
        def translate_batch(self, texts: list[str]) -> list[str]: ...
        def signature(self) -> str: ...   # every setting that changes the output

Engines never see the memory: the pipeline looks segments up in the
translation memory first and hands only the rest to `translate.draft.draft`,
which protects terms and numbers, consults the cache and calls the engine.

* ``pseudo``: deterministic pseudo-translation for layout tests (below);
* ``argos``: an installed Argos Translate zh→en package (`translate/argos.py`);
* ``memory``: no engine at all — what the memory lacks stays untranslated.
"""

from __future__ import annotations

from typing import Protocol

from bipub.translate.pseudo import PseudoEngine

ENGINES = ("auto", "memory", "argos", "pseudo")


class Engine(Protocol):
    name: str

    def translate_batch(self, texts: list[str]) -> list[str]: ...

    def signature(self) -> str: ...


__all__ = ["ENGINES", "Engine", "PseudoEngine"]
