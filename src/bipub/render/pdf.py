"""The parallel-column PDF, typeset by WeasyPrint from the same markup as the HTML.

Chinese left, English right, one table row per paragraph (see ``css/print.css``
for why a table and not grid, flex or CSS columns).  A title page from the
front matter, contents with page numbers and links, a bookmark per heading
(labelled in both languages), running headers with the current section title
in both languages, page numbers, document metadata, embedded and subset Noto
fonts, optional tagged PDF/UA-1.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from bipub.atomic import replacing
from bipub.findings import BipubError
from bipub.model import Document
from bipub.render.fonts import check_fonts
from bipub.render.html import MARKS, PSEUDO_BANNER, css_text, files_of, has_pseudo, print_html
from bipub.render.limits import check_lengths
from bipub.render.options import RenderOptions
from bipub.render.resources import url_fetcher
from bipub.render.variant import convert_variant


def print_css(doc: Document, opts: RenderOptions) -> str:
    """The stylesheet of one PDF: the page size, for pseudo-translations the warning footer, and
    the publish gate's mark (``opts.mark``: a draft, machine translated) in the footer of every page.

    The warning is in the footer of every page once, on one line: at the left
    beside the page number, and centred (larger) on the title page, which has
    no page number.
    """
    css = css_text("print.css", opts)
    css = css.replace("size: A4;", f"size: {_page_size(opts.page_size)};", 1)
    if has_pseudo(doc):
        css += ('\n@page { @bottom-left { content: "' + PSEUDO_BANNER + '"; color: #a40000; '
                'font: bold 7.5pt "Noto Serif"; white-space: nowrap; } }\n'
                '@page :first { @bottom-left { content: none; } '
                '@bottom-center { content: "' + PSEUDO_BANNER + '"; color: #a40000; '
                'font: bold 9pt "Noto Serif"; white-space: nowrap; } }\n')
    mark = MARKS.get(opts.mark)
    if mark:  # the publish gate's verdict, in the footer of every page, the title page too
        box = ('{ content: "' + mark + '"; color: ' + ("#a40000" if opts.mark == "draft" else "#444")
               + '; font: bold 7.5pt "Noto Serif"; white-space: nowrap; }')
        css += f"\n@page {{ @bottom-right {box} }}\n@page :first {{ @bottom-right {box} }}\n"
    return css


def _page_size(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9. ]{1,40}", value or ""):
        raise BipubError(f"page size {value!r} is not a CSS page size (A4, Letter, A5 landscape, 170mm 240mm)")
    return value


def render_pdf(doc: Document, opts: RenderOptions, out: Path) -> None:
    """Typeset ``doc`` to ``out`` via :func:`bipub.atomic.replacing`: a temporary file beside
    ``out``, moved into place when complete (a failed render leaves ``out`` as it was)."""
    doc = convert_variant(doc, opts)
    out = Path(out)
    check_lengths(doc)  # a paragraph WeasyPrint would set for hours is refused, before any work
    html = print_html(doc, opts)
    css = print_css(doc, opts)
    check_fonts(html, css)  # before WeasyPrint: no tofu, and no crash when fonts are missing
    from weasyprint import CSS, HTML  # slow import: only when a PDF is asked for

    files = files_of(doc, opts)
    fetcher = url_fetcher(files)  # project files and data: URLs only; never the network
    options = {}
    if opts.tagged_pdf:
        options.update(pdf_variant="pdf/ua-1", pdf_tags=True)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with replacing(out) as tmp:
        HTML(string=html, base_url=files.base.as_uri() + "/", url_fetcher=fetcher).write_pdf(
            str(tmp), stylesheets=[CSS(string=css, url_fetcher=fetcher)], **options)
