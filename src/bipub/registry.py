"""Registries: the one way bipub is extended.

An extension point (engines, output writers, exchange formats, import readers)
is a `Registry`.  Adding to it is a new module plus one registration line in
the package that owns the registry, for example in ``render/__init__.py``::

    WRITERS.register("docx", "bipub.render.docx:DocxWriter")

Entries may be given as ``"module:attribute"`` strings so that a heavy module
(WeasyPrint, CTranslate2) is imported only when its entry is used.  CLI
choices, configuration checks and the docs tables are read from the
registries (`names()`), never written out by hand.
"""

from __future__ import annotations

import importlib
from typing import Any, Generic, Iterator, TypeVar

T = TypeVar("T")


class UnknownName(LookupError):
    """A name that is not registered; the message lists the names that are."""


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Any] = {}

    def register(self, name: str, obj: T | str | None = None):
        """``register(name, obj)``, ``register(name, "module:attr")`` or ``@register(name)``."""
        if obj is None:
            def decorate(o: T) -> T:
                self._add(name, o)
                return o
            return decorate
        self._add(name, obj)
        return obj

    def _add(self, name: str, obj) -> None:
        if name in self._entries:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._entries[name] = obj

    def get(self, name: str) -> T:
        try:
            obj = self._entries[name]
        except KeyError:
            raise UnknownName(f"unknown {self.kind} {name!r} (known: {', '.join(self._entries)})") from None
        if isinstance(obj, str):
            module, _, attr = obj.partition(":")
            obj = getattr(importlib.import_module(module), attr)
            self._entries[name] = obj
        return obj

    def names(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def items(self) -> Iterator[tuple[str, T]]:
        for name in self._entries:
            yield name, self.get(name)
