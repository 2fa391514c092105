"""What lets the portal fragment sit in any host page: its stylesheet as a file, prefixed ids.

* ``fragment_css_name(name, opts)``: ``NAME.fragment.css``, written beside the fragment when
  ``[build] fragment_css = "file"`` (a strict ``style-src 'self'``, a CMS that strips ``<style>``).
* ``prefixed(markup, prefix)``: ``[build] id_prefix`` before every id and every reference to one.
"""

from __future__ import annotations

import re

from bipub.findings import BipubError
from bipub.render.options import RenderOptions
from bipub.render.variant import output_stem


def fragment_css_name(name: str, opts: RenderOptions) -> str:
    """``NAME.fragment.css`` (``NAME.zh-Hant.fragment.css``): the fragment's stylesheet as a file."""
    return output_stem(name, opts) + ".fragment.css"


_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,30}")
_ID_ATTR = re.compile(r' (id|for|aria-labelledby|href)="(#?)([^"]*)"')


def prefixed(markup: str, prefix: str) -> str:
    """``markup`` with ``prefix`` before every id and every reference to one (``for``,
    ``aria-labelledby``, ``href="#…"``).  Text is escaped (a ``"`` is ``&quot;``), so the
    pattern meets attributes only."""
    if not prefix:
        return markup
    if not _ID_PREFIX.fullmatch(prefix):
        raise BipubError(f"id prefix {prefix!r}: a letter, then up to 30 letters, digits, - or _")

    def one(m: re.Match) -> str:
        attr, hash_, value = m.groups()
        if attr == "href":
            return m.group() if not hash_ else f' href="#{prefix}{value}"'
        return f' {attr}="{" ".join(prefix + v for v in value.split())}"'

    return _ID_ATTR.sub(one, markup)
