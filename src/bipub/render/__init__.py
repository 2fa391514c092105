"""Rendering: the parallel-column PDF and the HTML page and portal fragment.

    render_html(doc, opts, fragment=False) -> str      output/NAME.html
    render_html(doc, opts, fragment=True)  -> str      output/NAME.fragment.html
    render_pdf(doc, opts, path)                        output/NAME.pdf
    convert_variant(doc, opts) -> Document             zh-Hant via OpenCC
    output_stem(doc.name, opts) -> "NAME" | "NAME.zh-Hant" | "NAME.zh-Hant-HK"

The renderers convert the Chinese for ``opts.variant`` themselves (converting
twice is harmless: an already converted document is recognised and left alone).
"""

from bipub.render.html import render_html
from bipub.render.options import RenderOptions
from bipub.render.pdf import render_pdf
from bipub.render.variant import convert_variant, output_stem

__all__ = ["RenderOptions", "convert_variant", "output_stem", "render_html", "render_pdf"]
