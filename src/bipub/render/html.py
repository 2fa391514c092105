"""The bilingual HTML: one markup for the standalone page, the portal fragment and the PDF.

Every paragraph is one *row* holding a Chinese cell and an English cell::

    <p class="bipub-row" id="s2-b3">                      (div for paragraphs)
      <span class="bipub-zh" lang="zh-Hans"><span class="bipub-s" id="s2-b3-1">…</span>…</span>
      <span class="bipub-en" lang="en-US"><span class="bipub-s" id="s2-b3-1-en">…</span> …</span>

The row id is the block id and each Chinese sentence carries its segment id
(the English sentence the same id with ``-en``), so ``NAME.html#s2-b3`` links a
paragraph and ``#s2-b3-1`` a sentence.  Every piece of text from the source
goes through :func:`html.escape`; nothing from the Markdown is ever inserted as
markup, so raw HTML, event attributes and ``javascript:`` links cannot reach the
output.

* ``render_html(doc, opts, fragment=False)``: a complete page (``<!doctype html>``).
* ``render_html(doc, opts, fragment=True)``: one ``<div class="bipub">`` with its
  own ``<style>`` (every rule under ``.bipub``), no script, no external request.

The reader switches between parallel, Chinese-only, English-only and
interleaved views with radio buttons and ``:checked ~`` CSS (no script).
"""

from __future__ import annotations

import base64
import mimetypes
import re
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from bipub.model import Block, Document, Section, Segment
from bipub.render import blocks
from bipub.render.options import RenderOptions
from bipub.render.resources import ProjectFiles, Refused
from bipub.render.embed import fragment_css_name, prefixed
from bipub.render.variant import convert_text, convert_variant, zh_font_suffix, zh_lang
from bipub.text.normalize import HAN_ASTRAL, HAN_CHARS

EN_LANG = "en-US"
PSEUDO_BANNER = "PSEUDO-TRANSLATION — not for publication"
AWAITING = "[awaiting translation]"
#: what the publish gate's mark (``RenderOptions.mark``) says on an edition
MARKS = {"draft": "DRAFT — not for publication", "machine": "Machine translated"}
VIEWS = (("par", "并列", "Parallel"), ("zh", "中文", "Chinese"), ("en", "英文", "English"), ("il", "对照", "Interleaved"))


def e(text: str) -> str:
    """Escape text for element content and double-quoted attribute values."""
    return escape(text, quote=True)


_HAN = HAN_CHARS + HAN_ASTRAL
_IS_HAN = re.compile(f"[{_HAN}]")
#: a run of Latin letters and digits, with the punctuation inside numbers and codes (18.2, W12000-450)
_LATIN = re.compile(r"[A-Za-z0-9]+(?:[.,:/+\-][A-Za-z0-9]+)*")


def zh_markup(text: str) -> str:
    """Escaped Chinese text with each Latin/digit run that touches a Chinese character in a span.

    The span (``bipub-lt``; ``-s``/``-e`` when only its start or end touches
    Chinese) carries a small margin (CSS), so ``2021年`` *looks* spaced while
    the text stays ``2021年``: no character is added, search and copy work.
    """
    out: list[str] = []
    pos = 0
    for m in _LATIN.finditer(text):
        a, b = m.span()
        before = a > 0 and _IS_HAN.match(text[a - 1]) is not None
        after = b < len(text) and _IS_HAN.match(text[b]) is not None
        if not (before or after):
            continue
        cls = "bipub-lt" if before and after else ("bipub-lt bipub-lt-s" if before else "bipub-lt bipub-lt-e")
        out.append(e(text[pos:a]))
        out.append(f'<span class="{cls}">{e(m.group())}</span>')
        pos = b
    out.append(e(text[pos:]))
    return "".join(out)


def phrases(title: str) -> str:
    """`` bipub-phr`` for a Chinese title set in phrases (以工信之为 为全局添彩): it breaks at its spaces."""
    return " bipub-phr" if re.search(r"[ \u3000]", title.strip()) else ""


def strip_lead_dashes(text: str) -> str:
    """A subtitle without the dashes it opens with (``——2021年…`` → ``2021年…``): metadata, not the page."""
    return text.lstrip(" \t\u3000-\u2010\u2012\u2013\u2014\u2015\u2e3a\u2e3b\uff0d")


_OPEN_BEFORE = " \t\n([{\u2014\u2013-/\u201c\u2018"
_QUOTE = re.compile("[\"']")


def en_typeset(text: str) -> str:
    """Typographer's quotes and ellipsis for English: "a" → “a”, it's → it’s, ... → …

    A quote opens after a space, an opening bracket, a dash, a slash or an opening quote (or at
    the start); a single quote opens only before a letter (else it is an apostrophe).  Only the
    quotes are visited (a regular expression finds them), not every character."""
    if '"' in text or "'" in text:
        text = _QUOTE.sub(_curly, text)
    return text.replace("...", "\u2026") if "..." in text else text


def _curly(m: re.Match) -> str:
    text, i = m.string, m.start()
    before = text[i - 1] if i else " "
    if m.group() == '"':
        return "\u201c" if before in _OPEN_BEFORE else "\u201d"
    after = text[i + 1] if i + 1 < len(text) else " "
    return "\u2018" if before in _OPEN_BEFORE and after.isalpha() else "\u2019"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (at a space when there is one) with an ellipsis: running heads."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:·-—") + "…"


def css_text(name: str, opts: RenderOptions) -> str:
    """A stylesheet from ``render/css/`` with the Chinese font family of the edition filled in."""
    text = resources.files("bipub.render").joinpath("css", name).read_text(encoding="utf-8")
    return text.replace("__ZH__", zh_font_suffix(opts))


def files_of(doc: Document, opts: RenderOptions) -> ProjectFiles:
    """What the renderers may read for ``doc``: files inside ``opts.root`` (default: the source folder)."""
    return ProjectFiles.of(opts.root, opts.base_dir or (Path(doc.path).parent if doc.path else Path(".")))


def has_pseudo(doc: Document) -> bool:
    return any(s.origin == "pseudo" for s in doc.segments())


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", name) or "doc"


class Markup:
    """Builds the HTML of one document for ``mode`` "web" (page, fragment) or "print" (PDF)."""

    def __init__(self, doc: Document, opts: RenderOptions, mode: str):
        self.doc = doc
        self.opts = opts
        self.mode = mode
        self.zl = zh_lang(opts)
        self.files = files_of(doc, opts)
        levels = [s.heading.level for s in doc.sections if s.heading is not None]
        self.top_level = min(levels) if levels else 2
        #: the title's heading level: h1 on the page and in the PDF, opts.fragment_heading in a fragment
        self.h0 = 1
        self.notes = blocks.note_ids(doc)

    def note_href(self, number: str) -> str:
        return self.notes.get(number, "")

    # ------------------------------------------------------------ text
    def ui(self, label: str) -> str:
        """A Chinese interface label (目录, 图, 并列…) in the script of the edition, like the text."""
        return e(convert_text(label, self.opts))

    def zh(self, seg: Segment, plain: bool = False) -> str:
        """One Chinese sentence; ``plain`` (code) leaves Latin runs unmarked."""
        text = e(seg.source) if plain else blocks.marked(seg.source, seg.marks, zh_markup, self.note_href)
        if self.mode == "print":  # no span per sentence: WeasyPrint time grows with the number of boxes
            return text
        return f'<span class="bipub-s" id="{e(seg.id)}">{text}</span>'

    def en(self, seg: Segment) -> str:
        if seg.target is None or seg.origin == "untranslated":
            return (f'<span class="bipub-s bipub-await" id="{e(seg.id)}-en">'
                    f'<span class="bipub-await-tag">{AWAITING}</span> '
                    f'<span class="bipub-await-id">{e(seg.id)}</span></span>')
        text = blocks.english(seg, en_typeset(seg.target), e, self.note_href)
        if self.mode == "print":
            return text
        unreviewed = "draft" if seg.origin in ("mt", "cache") else seg.state if seg.state == "needs-review" else ""
        flag = f" bipub-st-{unreviewed}" if unreviewed and self.opts.mark == "draft" else ""  # for editors
        return f'<span class="bipub-s bipub-o-{e(seg.origin)}{flag}" id="{e(seg.id)}-en">{text}</span>'

    def zh_cell(self, segs, tag="span", cls="", plain=False) -> str:
        body = "".join(self.zh(s, plain) for s in segs)
        return f'<{tag} class="bipub-zh{cls}" lang="{self.zl}">{body}</{tag}>'

    def en_cell(self, segs, tag="span", cls="") -> str:
        body = " ".join(self.en(s) for s in segs)
        return f'<{tag} class="bipub-en{cls}" lang="{EN_LANG}">{body}</{tag}>'

    # ------------------------------------------------------------ blocks
    def heading(self, sec: Section, prev: int) -> tuple[str, int]:
        b = sec.heading
        n = max(self.h0 + 1, min(6, b.level - self.top_level + self.h0 + 1, prev + 1))
        label = f"{b.source} · {b.target or AWAITING}"
        run = f' data-run-zh="{e(shorten(b.source, 24))}" data-run-en="{e(shorten(en_typeset(b.target or ""), 60))}"'
        html = (f'<h{n} class="bipub-row bipub-h bipub-h{n}" id="{e(b.id)}" data-label="{e(label)}"{run}>'
                f'{self.zh_cell(b.segments, cls=phrases(b.source))}{self.en_cell(b.segments)}</h{n}>')
        return html, n

    def paragraph(self, b: Block) -> str:
        cls = {"paragraph": "bipub-p", "list_item": "bipub-li", "quote": "bipub-quote"}.get(b.kind, "bipub-p")
        mark = ""
        if b.kind == "list_item":
            cls += f" bipub-l{min(max(b.level, 1), 4)}"
            num = b.attrs.get("number") if b.attrs.get("ordered") else None
            mark = f'<span class="bipub-mark">{e(str(num)) + "." if num else "•"}</span> '
        zh = f'<span class="bipub-zh" lang="{self.zl}">{mark}{"".join(self.zh(s) for s in b.segments)}</span>'
        en = f'<span class="bipub-en" lang="{EN_LANG}">{mark}{" ".join(self.en(s) for s in b.segments)}</span>'
        tag = "blockquote" if b.kind == "quote" else "p"
        inner = f"{zh}{en}"
        if tag == "blockquote":
            return f'<blockquote class="bipub-row {cls}" id="{e(b.id)}">{inner}</blockquote>'
        return f'<p class="bipub-row {cls}" id="{e(b.id)}">{inner}</p>'

    def code(self, b: Block) -> str:
        return (f'<div class="bipub-row bipub-code" id="{e(b.id)}">'
                f'{self.zh_cell(b.segments, "pre", plain=True)}{self.en_cell(b.segments, "pre")}</div>')

    def figure(self, b: Block) -> tuple[str, bool]:
        """(markup, has_image).  The photographer credit is the last segment when ``has_credit``."""
        segs = list(b.segments)
        credit = segs.pop() if b.attrs.get("has_credit") and segs else None
        img = self.image(b, segs)

        def side(lang_cls, lang, cell_fn, label):
            parts = [f'<span class="bipub-figlabel">{label}</span>' if not img else ""]
            parts.append(cell_fn(segs))
            if credit is not None:
                parts.append(f'<span class="bipub-credit">{cell_fn([credit])}</span>')
            return f'<span class="bipub-{lang_cls}" lang="{lang}">{" ".join(p for p in parts if p)}</span>'

        zh = side("zh", self.zl, lambda ss: "".join(self.zh(s) for s in ss), self.ui("图"))
        en = side("en", EN_LANG, lambda ss: " ".join(self.en(s) for s in ss), "Photo")
        cap = f'<figcaption class="bipub-row bipub-cap">{zh}{en}</figcaption>'
        if img:
            return (f'<figure class="bipub-fig bipub-fig-img" id="{e(b.id)}">{img}'
                    f'<div class="bipub-rows">{cap}</div></figure>'), True
        return f'<figure class="bipub-fig" id="{e(b.id)}">{cap}</figure>', False

    def image(self, b: Block, caption: list[Segment]) -> str:
        src = str(b.attrs.get("src") or "")
        if not src:
            return ""
        try:  # only a file inside the project (check_figures reports the others): caption alone
            path = self.files.figure_path(src)
        except Refused:
            return ""
        alt_en = " ".join(s.target for s in caption if s.target)
        alt, lang = (alt_en, EN_LANG) if alt_en else ("".join(s.source for s in caption), self.zl)
        if self.mode == "print":
            url = path.as_uri()  # read through ProjectFiles.fetch, WeasyPrint's only URL fetcher
        else:  # embedded, so the page and the fragment make no external request
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            url = f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
        return f'<div class="bipub-photo"><img src="{e(url)}" alt="{e(alt)}" lang="{lang}"></div>'

    # ------------------------------------------------------------ document parts
    def front(self) -> str:
        out = []
        for b in self.doc.front:
            if b.kind == "title":
                label = f"{b.source} · {b.target or AWAITING}"
                out.append(f'<h{self.h0} class="bipub-title" id="{e(b.id)}" data-label="{e(label)}">'
                           f'{self.zh_cell(b.segments, cls=phrases(b.source))}{self.en_cell(b.segments)}</h{self.h0}>')
                continue
            if b.kind == "byline":
                zh = "".join(f'<span class="bipub-author">{self.zh(s)}</span>' for s in b.segments)
                ens = [self.en(s) for s in b.segments]
                en = ens[0] if len(ens) == 1 else ", ".join(ens[:-1]) + " and " + ens[-1]
                out.append(f'<p class="bipub-byline" id="{e(b.id)}">'
                           f'<span class="bipub-zh" lang="{self.zl}">{zh}</span>'
                           f'<span class="bipub-en" lang="{EN_LANG}">{en}</span></p>')
                continue
            out.append(f'<p class="bipub-{e(b.kind)}" id="{e(b.id)}">'
                       f'{self.zh_cell(b.segments)}{self.en_cell(b.segments)}</p>')
        return f'<header class="bipub-front" id="s0">{"".join(out)}</header>' if out else ""

    def banner(self) -> str:
        mark = MARKS.get(self.opts.mark)
        parts = [f'<p class="bipub-banner bipub-gate-{self.opts.mark}" role="note" lang="en">{mark}</p>'] if mark else []
        if has_pseudo(self.doc):
            parts.append(f'<p class="bipub-banner" role="note" lang="en">{PSEUDO_BANNER}</p>')
        waiting = sum(1 for s in self.doc.segments() if s.target is None or s.origin == "untranslated")
        if waiting:
            parts.append(f'<p class="bipub-note" role="note" lang="en">{waiting} segment'
                         f'{"s" if waiting != 1 else ""} awaiting translation</p>')
        return "".join(parts)

    def toc(self) -> str:
        items = []
        for sec in self.doc.sections:
            b = sec.heading
            if b is None:
                continue
            depth = max(1, min(4, b.level - self.top_level + 1))
            # the entry's own text, not the heading's sentence spans: their ids belong to the heading
            items.append(f'<li class="bipub-toc{depth}"><a href="#{e(b.id)}">'
                         f'<span class="bipub-zh" lang="{self.zl}">{zh_markup(b.source)}</span> '
                         f'<span class="bipub-en" lang="{EN_LANG}">{e(en_typeset(b.target or AWAITING))}</span></a></li>')
        if not items:
            return ""
        return (f'<nav class="bipub-toc" aria-labelledby="{e(self.doc_id)}-toc">'
                f'<h{self.h0 + 1} class="bipub-toc-title" id="{e(self.doc_id)}-toc">'
                f'<span lang="{self.zl}">{self.ui("目录")}</span> <span lang="en">Contents</span></h{self.h0 + 1}>'
                f'<ol>{"".join(items)}</ol></nav>')

    @property
    def doc_id(self) -> str:
        return "bipub-" + _safe_name(self.doc.name)

    def section(self, sec: Section, prev: int) -> tuple[str, int]:
        """One ``<section>``: runs of rows in ``.bipub-rows``, figures with a photo between them."""
        parts: list[str] = []
        run: list[str] = []
        label = ""
        if sec.heading is not None:
            h, prev = self.heading(sec, prev)
            run.append(h)
            label = f' aria-labelledby="{e(sec.heading.id)}"'
        for b in sec.blocks:
            if b.kind == "figure":
                html, own = self.figure(b)
                if own:  # a photo spans both columns: close the run of rows around it
                    if run:
                        parts.append(f'<div class="bipub-rows">{"".join(run)}</div>')
                        run = []
                    parts.append(html)
                    continue
                run.append(html)
            elif b.kind in ("table", "rule"):  # across both columns: close the run of rows around it
                if run:
                    parts.append(f'<div class="bipub-rows">{"".join(run)}</div>')
                    run = []
                parts.append(blocks.table(self, b) if b.kind == "table" else blocks.rule(b))
            elif b.kind == "footnote":
                run.append(blocks.footnote(self, b, first=not run or 'bipub-fn' not in run[-1][:40]))
            elif b.kind == "code":
                run.append(self.code(b))
            else:
                run.append(self.paragraph(b))
        if run:
            parts.append(f'<div class="bipub-rows">{"".join(run)}</div>')
        return f'<section class="bipub-sec" id="{e(sec.id)}"{label}>{"".join(parts)}</section>', prev

    def body(self) -> str:
        out = []
        prev = 1
        for sec in self.doc.sections:
            html, prev = self.section(sec, prev)
            out.append(html)
        tag = "main" if self.mode == "print" else "div"
        return f'<{tag} class="bipub-body">{"".join(out)}</{tag}>'

    def switcher(self) -> str:
        """The view switcher: radios inside their labelled group, and an empty target per view.

        A checked radio chooses the view (``.bipub:has(.bipub-v-en:checked)``); until one is
        checked, the URL fragment does (``NAME.html#bipub-NAME-view-en`` → ``:target``), so a view
        is linkable without script and survives a reload.
        """
        name = self.doc_id + "-view"
        targets = "".join(f'<span class="bipub-t bipub-t-{k}" id="{name}-{k}"></span>' for k, _, _ in VIEWS)
        choices = "".join(
            f'<input type="radio" class="bipub-v bipub-v-{k}" id="{name}-{k}-r" name="{name}">'
            f'<label class="bipub-l bipub-l-{k}" for="{name}-{k}-r"><span lang="{self.zl}">{self.ui(zh)}</span> '
            f'<span lang="en">{en}</span></label>' for k, zh, en in VIEWS)
        return (f'{targets}<div class="bipub-views" role="group" aria-label="View / {self.ui("视图")}">'
                f'<span class="bipub-views-t" lang="en" aria-hidden="true">View</span>{choices}</div>')

    def root(self, style: str = "") -> str:
        """The ``<div class="bipub">`` element (web)."""
        doc = f'<div class="bipub-doc">{self.banner()}{self.front()}{self.toc()}{self.body()}</div>'
        return (f'<div class="bipub" id="{e(self.doc_id)}" lang="{self.zl}">{style}{self.switcher()}{doc}</div>')

    # ------------------------------------------------------------ metadata
    def title_text(self) -> str:
        t = next((b for b in self.doc.front if b.kind == "title"), None)
        if t is None:
            return self.doc.name
        return t.source + (f" — {t.target}" if t.target else "")

    def authors(self) -> list[str]:
        b = next((b for b in self.doc.front if b.kind == "byline"), None)
        if b is None:
            return []
        return [s.source + (f" ({s.target})" if s.target else "") for s in b.segments]

    def head_meta(self) -> str:
        out = [f"<title>{e(self.title_text())}</title>"]
        authors = self.authors()
        if authors:
            out.append(f'<meta name="author" content="{e(", ".join(authors))}">')
        sub = next((b for b in self.doc.front if b.kind == "subtitle"), None)
        if sub is not None:
            zh, en = strip_lead_dashes(sub.source), strip_lead_dashes(sub.target or "")
            out.append(f'<meta name="description" content="{e(zh + (" — " + en if en else ""))}">')
        date = self.doc.meta.get("date")
        if date:
            out.append(f'<meta name="dcterms.created" content="{e(str(date))}">')
        pub = self.doc.meta.get("publication")
        if isinstance(pub, str):
            out.append(f'<meta name="keywords" content="{e(pub)}">')
        out.append('<meta name="generator" content="bipub">')
        return "".join(out)


def render_html(doc: Document, opts: RenderOptions, *, fragment: bool) -> str:
    """The standalone page (``fragment=False``) or the portal fragment (``fragment=True``).

    The fragment is a single ``<div class="bipub">`` carrying its own ``<style>``:
    paste it anywhere in a host page; it needs no script and loads nothing.
    """
    doc = convert_variant(doc, opts)
    m = Markup(doc, opts, "web")
    css = css_text("web.css", opts)
    if fragment:
        m.h0 = opts.fragment_heading
        if opts.fragment_css == "file":  # NAME.fragment.css beside it (bipub.render.writers): no inline style
            link = f'<link rel="stylesheet" href="{e(quote(fragment_css_name(doc.name, opts)))}">'
            return prefixed(m.root(link), opts.id_prefix) + "\n"
        return prefixed(m.root(f"<style>{css}</style>"), opts.id_prefix) + "\n"
    page_css = css_text("page.css", opts)
    return ("<!doctype html>\n"
            f'<html lang="{m.zl}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"{m.head_meta()}<style>{page_css}{css}</style></head>"
            f"<body><main>{prefixed(m.root(), opts.id_prefix)}</main></body></html>\n")


def print_html(doc: Document, opts: RenderOptions) -> str:
    """The HTML WeasyPrint typesets (no view switcher; ``render/css/print.css``)."""
    m = Markup(doc, opts, "print")
    pseudo = has_pseudo(doc)
    cls = "bipub bipub-print" + (" bipub-is-pseudo" if pseudo else "")
    return ("<!doctype html>\n"
            f'<html lang="{m.zl}"><head><meta charset="utf-8">{m.head_meta()}</head>'
            f'<body><div class="{cls}">{m.banner()}{m.front()}{m.toc()}{m.body()}</div></body></html>\n')
