"""The output writers registered in `bipub.render.WRITERS`.

A writer has a ``name``, ``outputs(stem)`` (the file names it writes for an
edition stem such as ``report`` or ``report.zh-Hant``), ``slow`` (worth a
progress line on a terminal) and ``write(doc, options, out_dir)``, which
writes those files (atomically) and returns their paths.

With ``[build] fragment_css = "file"`` the fragment links ``NAME.fragment.css``,
written beside it.  ``html`` writes the page and the portal fragment (the HTML edition, as before
writers were named); ``fragment`` writes the fragment alone.
"""

from __future__ import annotations

from pathlib import Path

from bipub.atomic import write_atomic
from bipub.model import Document
from bipub.render.options import RenderOptions
from bipub.render.variant import output_stem


class HtmlWriter:
    name = "html"
    slow = False
    #: suffix -> fragment? : the page and the portal fragment
    parts = ((".html", False), (".fragment.html", True))

    def outputs(self, stem: str, options: RenderOptions | None = None) -> list[str]:
        """The files written for ``stem``; with ``options`` saying ``fragment_css = "file"``, the fragment's
        stylesheet too (``NAME.fragment.css``: the fragment is unstyled without it)."""
        css = [stem + ".fragment.css"] if options is not None and options.fragment_css == "file" else []
        return [stem + suffix for suffix, _ in self.parts] + css

    def write(self, doc: Document, options: RenderOptions, out_dir: Path) -> list[Path]:
        from bipub.render.html import render_html

        from bipub.render.html import css_text, fragment_css_name

        written = []
        for suffix, fragment in self.parts:
            path = Path(out_dir) / (output_stem(doc.name, options) + suffix)
            write_atomic(path, render_html(doc, options, fragment=fragment))
            written.append(path)
            if fragment and options.fragment_css == "file":  # the stylesheet the fragment links
                css = Path(out_dir) / fragment_css_name(doc.name, options)
                write_atomic(css, css_text("web.css", options))
                written.append(css)
        return written


class FragmentWriter(HtmlWriter):
    name = "fragment"
    parts = ((".fragment.html", True),)


class PdfWriter:
    name = "pdf"
    slow = True

    def outputs(self, stem: str) -> list[str]:
        return [stem + ".pdf"]

    def write(self, doc: Document, options: RenderOptions, out_dir: Path) -> list[Path]:
        from bipub.render.pdf import render_pdf  # WeasyPrint only when a PDF is written

        path = Path(out_dir) / self.outputs(output_stem(doc.name, options))[0]
        render_pdf(doc, options, path)
        return [path]


HTML, FRAGMENT, PDF = HtmlWriter(), FragmentWriter(), PdfWriter()
