"""What a render call can be asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bipub.findings import BipubError


@dataclass(frozen=True)
class RenderOptions:
    """Options shared by the HTML and PDF renderers.

    * ``variant``: ``"zh-Hans"`` (the Chinese as written) or ``"zh-Hant"``
      (converted with OpenCC; see :mod:`bipub.render.variant`).
    * ``hant_config``: OpenCC configuration for zh-Hant: ``s2tw`` (characters,
      Taiwan standard; the default, as for ``[build] hant_config``), ``s2t``, or
      with regional vocabulary ``s2twp`` (Taiwan) / ``s2hk`` (Hong Kong), which
      can change meaning (全局 → 全域性) and so is opt-in.
    * ``tagged_pdf``: write a tagged PDF/UA-1 file (structure tree, for screen readers).
    * ``page_size``: any CSS ``@page size`` value: ``A4``, ``Letter``, ``A5``, ``170mm 240mm``.
    * ``base_dir``: directory figure image paths are relative to; default the
      directory of the source file (``Document.path``).
    * ``fragment_css``: ``"inline"`` (the fragment carries its ``<style>``) or ``"file"``
      (``NAME.fragment.css`` beside it, linked: for ``style-src 'self'`` and CMSs that strip ``<style>``).
    * ``id_prefix``: put before every id of the page and the fragment (``bp-`` → ``#bp-s2-b3``),
      so nothing collides with the ids of a host page.
    * ``fragment_heading``: the heading level of the fragment's title (2: ``h2``, sections ``h3``),
      so an embedded document adds no second ``h1`` to the host page; the page's title is ``h1``.
    * ``root``: the project folder; no file outside it is read (symlinks are
      followed and checked; see :mod:`bipub.render.resources`).  Default: ``base_dir``.
    * ``mark``: what the publish gate (:mod:`bipub.gate`) says on the edition:
      ``"draft"`` ("DRAFT — not for publication" on every PDF page and at the
      top of the HTML; reused and machine English marked for editors),
      ``"machine"`` ("Machine translated" on the title page and the top of the
      HTML) or ``""`` (publishable).
    """

    variant: str = "zh-Hans"
    hant_config: str = "s2tw"
    tagged_pdf: bool = False
    page_size: str = "A4"
    base_dir: Path | None = None
    root: Path | None = None
    fragment_css: str = "inline"
    id_prefix: str = ""
    fragment_heading: int = 2
    mark: str = ""


PAGE_SIZES = {"a4": (210, 297), "a5": (148, 210), "b5": (176, 250), "letter": (215.9, 279.4),
              "legal": (215.9, 355.6)}
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|in)")


def page_size(value: str) -> tuple[float, float, bool]:
    """(width mm, height mm, landscape) of a page size as ``[build] page_size`` writes it (A4, letter,
    ``A4 landscape``, ``170mm 240mm``): the Word edition's page, the PDF's text width for wide tables."""
    words = (value or "").lower().split()
    landscape = "landscape" in words
    words = [w for w in words if w not in ("portrait", "landscape")]
    if len(words) == 1 and words[0] in PAGE_SIZES:
        w, h = PAGE_SIZES[words[0]]
    elif len(words) == 2 and all(_LENGTH.fullmatch(x) for x in words):
        unit = {"mm": 1, "cm": 10, "in": 25.4}
        w, h = (float(m.group(1)) * unit[m.group(2)] for m in (_LENGTH.fullmatch(x) for x in words))
    else:
        raise BipubError(f"page size {value!r}: the Word edition knows {', '.join(PAGE_SIZES)} "
                         "or two lengths (170mm 240mm), optionally 'landscape'")
    return (h, w, True) if landscape else (w, h, False)
