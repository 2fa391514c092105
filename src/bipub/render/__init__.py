"""Rendering: the parallel-column PDF and the HTML page and portal fragment.

    render_html(doc, opts, fragment=False) -> str      output/NAME.html
    render_html(doc, opts, fragment=True)  -> str      output/NAME.fragment.html
    render_pdf(doc, opts, path)                        output/NAME.pdf
    convert_variant(doc, opts) -> Document             zh-Hant via OpenCC
    output_stem(doc.name, opts) -> "NAME" | "NAME.zh-Hant" | "NAME.zh-Hant-HK"

The renderers convert the Chinese for ``opts.variant`` themselves (converting
twice is harmless: an already converted document is recognised and left alone).

`WRITERS` names the outputs a build can write (``[build] formats``, ``--format``).
Adding one is a module with a writer (see `bipub.render.writers`) and one line
here; lazy entries keep WeasyPrint unimported until a PDF is written.
"""

from bipub.registry import Registry
from bipub.render.options import RenderOptions
from bipub.render.variant import HANT_CONFIGS, VARIANTS, convert_variant, output_stem


def __getattr__(name: str):
    """``render_html`` and ``render_pdf`` load their modules when first used, so a command
    that only reads the config (``WRITERS``, ``VARIANTS``) does not pay for them at start-up."""
    if name == "render_html":
        from bipub.render.html import render_html

        return render_html
    if name == "render_pdf":
        from bipub.render.pdf import render_pdf

        return render_pdf
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

WRITERS: Registry = Registry("writer")
WRITERS.register("html", "bipub.render.writers:HTML")
WRITERS.register("fragment", "bipub.render.writers:FRAGMENT")
WRITERS.register("pdf", "bipub.render.writers:PDF")
WRITERS.register("docx", "bipub.render.docx:DOCX")

__all__ = ["HANT_CONFIGS", "RenderOptions", "VARIANTS", "WRITERS", "convert_variant", "output_stem",
           "render_html", "render_pdf"]
