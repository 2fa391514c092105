"""The language pair: what bipub translates from and into, as data.

Code outside this module names the two sides by role, ``source`` and
``target``; only this module writes the languages' codes.  A pair gives:

* ``source`` / ``target``: the codes stored files use as keys and column
  names (``translations/NAME.jsonl`` keys ``"zh"``/``"en"``, the glossary's
  ``zh``/``en`` columns), so files written by earlier releases read unchanged;
* ``source_tag`` / ``target_tag``: BCP 47 tags for exchange files and HTML
  ``lang`` attributes (``zh-CN``, ``en``; the HTML's Chinese column refines
  its tag by script: see ``render.variant``);
* ``split_source(text)``: sentence segmentation of the source language;
* ``find_numbers(text)``: number recognition in the source, each match with
  the target-language wording its rule gives (``terms.numbers``).

zh→en is the only shipped pair (``ZH_EN``, registered in ``PAIRS``).  The
language functions are imported when first used, so the pair is cheap to
import from the lowest layer.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from bipub.registry import Registry


def _lazy(spec: str) -> Callable:
    """``"module:function"`` → a function that imports the module on its first call."""
    module, _, attr = spec.partition(":")
    fn: list[Callable] = []

    def call(*args, **kw):
        if not fn:
            fn.append(getattr(importlib.import_module(module), attr))
        return fn[0](*args, **kw)

    call.__qualname__ = call.__name__ = attr
    return call


@dataclass(frozen=True)
class LangPair:
    source: str  # code of the source language: memory JSONL key, glossary column ("zh")
    target: str  # code of the target language ("en")
    source_tag: str  # BCP 47 tag of the source ("zh-CN")
    target_tag: str  # BCP 47 tag of the target ("en")
    split_source: Callable[[str], list[str]]  # source text -> sentences, "".join(result) == text
    find_numbers: Callable[[str], list]  # source text -> number matches with their target wording

    @property
    def name(self) -> str:
        return f"{self.source}-{self.target}"


ZH_EN = LangPair(
    source="zh", target="en", source_tag="zh-CN", target_tag="en",
    split_source=_lazy("bipub.text.segment:split_zh"),
    find_numbers=_lazy("bipub.terms.numbers:find_numbers"),
)

PAIRS: Registry[LangPair] = Registry("language pair")
PAIRS.register(ZH_EN.name, ZH_EN)
