"""The Chinese script of an edition: Simplified as written, or Traditional via OpenCC.

``convert_variant(doc, opts)`` returns a new document whose Chinese
(``Segment.source``) is converted for ``opts.variant == "zh-Hant"`` with the
OpenCC configuration ``opts.hant_config``:

* ``s2twp`` – Traditional with Taiwan phrasing (软件 → 軟體, 网络 → 網路);
* ``s2tw``  – Traditional with Taiwan characters only;
* ``s2hk``  – Traditional with Hong Kong characters (软件 → 軟件);
* ``s2t``   – plain OpenCC Traditional.

The English is never touched, and neither are ids and keys (the translation
memory keeps matching the Simplified source).  ``zh-Hans`` is the identity.
``Document.variant`` records the script, so a converted document is left as it is.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import opencc

from bipub.findings import ConfigError
from bipub.model import Document

VARIANTS = ("zh-Hans", "zh-Hant")
HANT_CONFIGS = ("s2tw", "s2twp", "s2hk", "s2t")  # the default first


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def check_options(opts) -> None:
    """Raise ``ConfigError`` (one line) for an unknown variant or OpenCC configuration."""
    if opts.variant not in VARIANTS:
        raise ConfigError(f"unknown variant {opts.variant!r}; use one of {', '.join(VARIANTS)}")
    if opts.variant == "zh-Hant" and opts.hant_config not in HANT_CONFIGS:
        raise ConfigError(f"unknown OpenCC configuration {opts.hant_config!r}; use one of {', '.join(HANT_CONFIGS)}")


def convert_text(text: str, opts) -> str:
    """Convert one Chinese string for the edition ``opts`` describes."""
    if opts.variant != "zh-Hant" or not text:
        return text
    return _converter(opts.hant_config).convert(text)


def convert_variant(doc: Document, opts) -> Document:
    """The document with its Chinese in the script of ``opts.variant``."""
    check_options(opts)
    if opts.variant == "zh-Hans" or doc.variant == zh_lang(opts):
        return doc
    meta = {k: (convert_text(v, opts) if isinstance(v, str) else v) for k, v in doc.meta.items()}
    meta = {k: ([convert_text(x, opts) if isinstance(x, str) else x for x in v] if isinstance(v, list) else v)
            for k, v in meta.items()}
    out = doc.map_segments(lambda s: _convert_segment(s, opts))
    return dataclasses.replace(out, meta=meta, variant=zh_lang(opts))


def _convert_segment(seg, opts):
    """Spans and marks index the Simplified source.  While the converted text keeps its length
    (character conversion) both stay; when phrasing changed it (s2twp: U盘 → 隨身碟, 全局 → 全域性) the
    spans go, and the text is converted piece by piece between the marks' ends, so bold, a link and a
    note number stay on their words (they had shifted onto the neighbouring characters)."""
    text = convert_text(seg.source, opts)
    if len(text) == len(seg.source):
        return dataclasses.replace(seg, source=text)
    cuts = sorted({0, len(seg.source), *(m.start for m in seg.marks), *(m.end for m in seg.marks)})
    at, pieces = {0: 0}, []
    for a, b in zip(cuts, cuts[1:]):
        pieces.append(convert_text(seg.source[a:b], opts))
        at[b] = at[a] + len(pieces[-1])
    marks = tuple(dataclasses.replace(m, start=at[m.start], end=at[m.end]) for m in seg.marks)
    return dataclasses.replace(seg, source="".join(pieces), spans=(), marks=marks)


def zh_lang(opts) -> str:
    """The BCP 47 tag of the Chinese column: ``zh-Hans``, ``zh-Hant-TW`` or ``zh-Hant-HK``."""
    if opts.variant == "zh-Hans":
        return "zh-Hans"
    return "zh-Hant-HK" if opts.hant_config == "s2hk" else "zh-Hant-TW"


def zh_font_suffix(opts) -> str:
    """Noto CJK region suffix: SC for Simplified, TC for Taiwan, HK for Hong Kong."""
    if opts.variant == "zh-Hans":
        return "SC"
    return "HK" if opts.hant_config == "s2hk" else "TC"


def output_stem(name: str, opts) -> str:
    """File stem of an edition: ``NAME`` for zh-Hans, ``NAME.zh-Hant`` for Traditional
    (``NAME.zh-Hant-HK`` with Hong Kong phrasing), e.g. ``output/hunan-2021.zh-Hant.pdf``."""
    if opts.variant == "zh-Hans":
        return name
    return f"{name}.zh-Hant-HK" if opts.hant_config == "s2hk" else f"{name}.zh-Hant"
