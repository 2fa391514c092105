"""The bilingual Word edition (``--format docx``): output/NAME.docx, written with python-docx.

What Chinese government translation offices send for sign-off: a title page, a
contents (a Word TOC field, filled in so it reads before anyone updates it),
then per section its heading (Word's Heading 1–3, both languages) and a
two-column table (Table Grid), Chinese left, English right, **one row per
block**, so each paragraph sits beside its translation however long either is.
A table of the source is set full width between two parallel tables (each
cell the Chinese with the English beneath, figures right-aligned as in the
source's alignment when it has one), captioned with Word's Caption style; a
photo spans both columns with its caption below.

Fonts are named for both scripts on every style: ``w:ascii``/``w:hAnsi`` a
serif every office has (Times New Roman; LibreOffice maps it to the
metric-compatible Liberation Serif), ``w:eastAsia`` Noto Serif CJK SC/TC/HK,
declared in the font table with the system serif of that script as its
``w:altName`` (SimSun, PMingLiU, MingLiU_HKSCS), which Word and WPS use when the
Noto font is not installed.  Runs carry ``w:lang`` (en-US / zh-CN, zh-TW, zh-HK)
so spelling and line breaking follow the language.

Read by Word, WPS and LibreOffice (tests/test_render_docx.py reads it back with
python-docx and converts it with LibreOffice).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips

from bipub.atomic import replacing
from bipub.findings import BipubError
from bipub.model import Block, Document, Section, Segment
from bipub.render.docx_table import SIZES, plan, repeat_header
from bipub.render.docx_parts import add_rule, en_pieces, en_tail, zh_pieces
from bipub.render.html import (AWAITING, MARKS, PSEUDO_BANNER, en_typeset, files_of, has_pseudo, shorten,
                               strip_lead_dashes)
from bipub.render.options import RenderOptions, page_size
from bipub.render.resources import DOCX_KINDS, Refused, sniff_image
from bipub.render.variant import convert_text, convert_variant, zh_font_suffix, output_stem

LATIN_FONT = "Times New Roman"
MONO_FONT = "Courier New"
#: Noto CJK region suffix -> (Word language tag, the system serif Word/WPS use when Noto is missing)
CJK = {"SC": ("zh-CN", "SimSun"), "TC": ("zh-TW", "PMingLiU"), "HK": ("zh-HK", "MingLiU_HKSCS")}
TOC_LEVELS = 3


def set_fonts(rpr_owner, zh_font: str, zh_lang: str, latin: str = LATIN_FONT) -> None:
    """Name the Latin and the East Asian font (and languages) on a style or a run."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", zh_font)):
        fonts.set(qn(attr), value)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):  # a theme font would win
        fonts.attrib.pop(qn(theme), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), zh_lang)


def declare_font(word, name: str, alt: str) -> None:
    """A ``w:font`` entry in the font table: Noto Serif CJK with the system serif as ``w:altName``."""
    part = next(p for p in word.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    entry = (f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
             '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')
    blob = part.blob.decode("utf-8")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    if ns not in blob.split(">", 2)[1]:
        raise BipubError("unexpected Word template: its font table has no w: namespace")
    part._blob = blob.replace("</w:fonts>", entry + "</w:fonts>").encode("utf-8")


def add_field(paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (``PAGE``, ``TOC …``) whose result reads ``shown`` until it is updated."""
    def fld(kind):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld("separate")
    if shown:
        paragraph.add_run(shown)
    fld("end")


class WordEdition:
    """Builds one python-docx document from a bipub Document."""

    def __init__(self, doc: Document, opts: RenderOptions):
        self.doc = doc
        self.opts = opts
        suffix = zh_font_suffix(opts)
        self.zh_font = f"Noto Serif CJK {suffix}"
        self.zh_lang, alt = CJK[suffix]
        self.word = new_docx()
        declare_font(self.word, self.zh_font, alt)
        self.files = files_of(doc, opts)
        levels = [s.heading.level for s in doc.sections if s.heading is not None]
        self.top = min(levels) if levels else 1
        self.table_no = 0
        self.styles()
        self.page()

    # ------------------------------------------------------------ set-up
    def styles(self) -> None:
        st = self.word.styles
        for n in range(1, TOC_LEVELS + 1):  # Word's built-in contents styles, absent from python-docx's template
            if f"TOC {n}" not in [x.name for x in st]:
                toc = st.add_style(f"TOC {n}", WD_STYLE_TYPE.PARAGRAPH)
                toc.base_style = st["Normal"]
                toc.paragraph_format.left_indent = Cm(0.75 * (n - 1))
                toc.paragraph_format.space_after = Pt(2)
        for name in ("Normal", "Title", "Subtitle", "Caption", "Table Grid", "TOC Heading", "List Paragraph",
                     *(f"Heading {n}" for n in range(1, TOC_LEVELS + 1)),
                     *(f"TOC {n}" for n in range(1, TOC_LEVELS + 1))):
            style = st[name]
            set_fonts(style.element, self.zh_font, self.zh_lang)
            if name.startswith(("Heading", "Title", "Subtitle", "TOC Heading")):
                style.font.color.rgb = RGBColor(0x1B, 0x1B, 0x1B)
        st["Normal"].font.size = Pt(10.5)  # 五号, the body size of Chinese official documents
        st["Normal"].paragraph_format.space_after = Pt(4)
        for n, size in ((1, 16), (2, 14), (3, 12)):
            st[f"Heading {n}"].font.size = Pt(size)
        st["Title"].font.size = Pt(22)

    def page(self) -> None:
        w, h, landscape = page_size(self.opts.page_size)
        sec = self.word.sections[0]
        sec.page_width, sec.page_height = Mm(w), Mm(h)
        if landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
        for side in ("left_margin", "right_margin"):
            setattr(sec, side, Cm(2))
        sec.top_margin = sec.bottom_margin = Cm(2.2)
        sec.different_first_page_header_footer = True  # no page number on the title page
        foot = sec.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_field(foot, "PAGE", "1")
        # pseudo text, and the publish gate's mark (a draft, machine translated), on every page
        banner = " · ".join(([PSEUDO_BANNER] if has_pseudo(self.doc) else []) +
                            ([MARKS[self.opts.mark]] if self.opts.mark in MARKS else []))
        if banner:
            for head in (sec.header.paragraphs[0], sec.first_page_header.paragraphs[0]):
                head.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = head.add_run(banner)
                run.bold, run.font.color.rgb = True, RGBColor(0xA4, 0, 0)

    # ------------------------------------------------------------ text
    def ui(self, label: str) -> str:
        return convert_text(label, self.opts)

    def zh_text(self, segs) -> str:
        return "".join(s.source for s in segs)

    def en_text(self, segs) -> str:
        return " ".join(self.en(s) for s in segs)

    @staticmethod
    def en(seg: Segment) -> str:
        if seg.target is None or seg.origin == "untranslated":
            return f"{AWAITING} {seg.id}"
        return en_typeset(seg.target)

    def runs(self, paragraph, segs, zh: bool, prefix: str = "") -> list:
        """The segments as runs with their inline marks (bold, italic, note numbers, links' URLs)."""
        out = [self.lang_run(paragraph, prefix, zh)] if prefix else []
        for i, seg in enumerate(segs):
            pieces = zh_pieces(seg) if zh else [(" ", {})] * bool(i) + en_pieces(seg, self.en(seg)) + en_tail(seg)
            for text, fmt in pieces:
                if fmt.get("br"):
                    paragraph.add_run().add_break()
                    continue
                run = self.lang_run(paragraph, text, zh)
                run.bold, run.italic = fmt.get("bold") or None, fmt.get("italic") or None
                if fmt.get("superscript"):
                    run.font.superscript = True
                out.append(run)
        return out

    def lang_run(self, paragraph, text: str, zh: bool):
        run = paragraph.add_run(text)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), self.zh_lang if zh else "en-US")
        lang.set(qn("w:eastAsia"), self.zh_lang)
        run._r.get_or_add_rPr().append(lang)
        return run

    # ------------------------------------------------------------ front matter and contents
    def front(self) -> None:
        for b in self.doc.front:
            zh = self.zh_text(b.segments)
            en = self.en_text(b.segments)
            if b.kind == "title":
                self.pair_paragraphs(zh, en, style="Title")
            elif b.kind == "subtitle":
                self.pair_paragraphs(zh, strip_lead_dashes(en) if en.startswith(("—", "-")) else en,
                                     style="Subtitle")
            else:
                if b.kind == "byline":
                    zh = "\u3000".join(s.source for s in b.segments)
                    ens = [self.en(s) for s in b.segments]
                    en = ens[0] if len(ens) == 1 else ", ".join(ens[:-1]) + " and " + ens[-1]
                self.pair_paragraphs(zh, en)
        waiting = sum(1 for s in self.doc.segments() if s.target is None or s.origin == "untranslated")
        if waiting:
            p = self.word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.lang_run(p, f"{waiting} segment{'s' if waiting != 1 else ''} awaiting translation", False).italic = True
        if self.doc.front:
            self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def pair_paragraphs(self, zh: str, en: str, style: str | None = None) -> None:
        for text, is_zh in ((zh, True), (en, False)):
            p = self.word.add_paragraph(style=style)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.lang_run(p, text, is_zh)

    def heading_level(self, b: Block) -> int:
        return max(1, min(TOC_LEVELS, b.level - self.top + 1))

    def contents(self) -> None:
        heads = [s.heading for s in self.doc.sections if s.heading is not None]
        if not heads:
            return
        title = self.word.add_paragraph(style="TOC Heading")
        self.lang_run(title, self.ui("目录") + "  ", True)
        self.lang_run(title, "Contents", False)
        entries = [(self.heading_level(b), f"{self.zh_text(b.segments)}  {self.en_text(b.segments)}") for b in heads]
        first = self.word.add_paragraph(style=f"TOC {entries[0][0]}")
        # the field's result is the list of headings (readable before an update; Word's F9 renumbers it)
        for kind, el in (("begin", None), ("instr", None), ("separate", None)):
            run = first.add_run()
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u '
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
                if kind == "begin":
                    el.set(qn("w:dirty"), "true")
            run._r.append(el)
        first.add_run(entries[0][1])
        last = first
        for level, text in entries[1:]:
            last = self.word.add_paragraph(text, style=f"TOC {level}")
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        last.add_run()._r.append(end)
        settings = self.word.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
        self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ------------------------------------------------------------ body
    def section(self, sec: Section) -> None:
        if sec.heading is not None:
            b = sec.heading
            p = self.word.add_heading(level=self.heading_level(b))
            self.lang_run(p, self.zh_text(b.segments), True)
            p.add_run().add_break()
            self.lang_run(p, self.en_text(b.segments), False)
        grid = None
        for b in sec.blocks:
            if b.rows:
                self.data_table(b)
                grid = None
                continue
            if b.kind == "figure" and self.picture(b):
                grid = None
                continue
            if b.kind == "rule":  # a thematic break: a rule across the page, between two tables
                add_rule(self.word)
                grid = None
                continue
            if grid is None:
                grid = self.parallel_table()
            self.block_row(grid, b)

    def parallel_table(self):
        table = self.word.add_table(rows=0, cols=2)
        table.style = self.word.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        return table

    def block_row(self, table, b: Block) -> None:
        cells = table.add_row().cells
        sec = self.word.sections[0]
        half = int((sec.page_width - sec.left_margin - sec.right_margin) / 2)
        cells[0].width = cells[1].width = half
        mark = ""
        if b.kind == "list_item":
            num = b.attrs.get("number") if b.attrs.get("ordered") else None
            mark = f"{num}. " if num else "• "
        elif b.kind == "footnote":  # a note of the source: its number in both columns
            mark = f"{b.attrs.get('number', '')} "
        segs = b.segments
        credit = None
        if b.kind == "figure":
            segs = list(segs)
            credit = segs.pop() if b.attrs.get("has_credit") and segs else None
        for cell, is_zh in ((cells[0], True), (cells[1], False)):
            p = cell.paragraphs[0]
            if b.kind == "figure":
                p.style = self.word.styles["Caption"]
                self.lang_run(p, (self.ui("图") if is_zh else "Photo") + " ", is_zh).bold = True
            for run in self.runs(p, segs, is_zh, mark):
                if b.kind == "code":
                    run.font.name = MONO_FONT
                if b.kind == "quote" and not is_zh:
                    run.italic = True
            if b.kind == "list_item" and b.level > 1:
                p.paragraph_format.left_indent = Cm(0.6 * (b.level - 1))
            if credit is not None:
                self.lang_run(p, " " + (credit.source if is_zh else self.en(credit)), is_zh).italic = not is_zh

    def data_table(self, b: Block) -> None:
        """A table of the source, full width: each cell its Chinese with the English beneath."""
        self.table_no += 1
        width = max((len(r) for r in b.rows), default=0)
        head = int(b.attrs.get("header_rows", 0) or 0)
        aligns = list(b.attrs.get("align") or ())
        literal = tuple(b.attrs.get("literal") or ())  # figure cells: the figures as written, not segments
        caption = b.segments[:int(b.attrs.get("caption", 0) or 0)]
        cap = self.word.add_paragraph(style="Caption")
        if caption:  # the source's caption (表1 …) in both languages
            self.runs(cap, caption, True)
            cap.add_run().add_break()
            self.runs(cap, caption, False)
        else:
            self.lang_run(cap, f"{self.ui('表')}{self.table_no}  ", True)
            self.lang_run(cap, f"Table {self.table_no}", False)
        table = self.word.add_table(rows=0, cols=width)
        table.style = self.word.styles["Table Grid"]
        sec = self.word.sections[0]  # the usable width, EMU → twips
        layout = plan(b, int((sec.page_width - sec.left_margin - sec.right_margin) / 635))
        table.autofit = False
        for col, w in zip(table.columns, layout.widths):  # fixed widths: Word's are equal, and broke figures
            col.width = Twips(w)
        for i, row in enumerate(b.rows):
            cells = table.add_row().cells
            for j, cell in enumerate(row):
                lit = literal[i][j] if i < len(literal) and j < len(literal[i]) else None
                zh_p = cells[j].paragraphs[0]
                if lit is not None:  # a figure: once, as written, the same in both languages
                    paras = [(zh_p, [self.lang_run(zh_p, lit, False)])]
                else:
                    en_p = cells[j].add_paragraph()
                    en_runs = self.runs(en_p, cell, False)
                    for run in en_runs:
                        run.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
                    paras = [(zh_p, self.runs(zh_p, cell, True)), (en_p, en_runs)]
                align = aligns[j] if j < len(aligns) else None
                cells[j].width = Twips(layout.widths[j])  # Word reads the cell's width, LibreOffice the grid's
                for p, runs in paras:
                    if align in ("right", "center"):
                        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.CENTER
                    for run in runs:
                        run.bold = True if i < head else run.bold
                        if layout.size < SIZES[0]:  # a dense table in smaller type, so its figures fit
                            run.font.size = Pt(layout.size)
            if i < head:  # header rows repeat on every page the table runs over
                repeat_header(table.rows[i])
        self.word.add_paragraph()

    def picture(self, b: Block) -> bool:
        """A photo inside the project, full width, then its caption row; False: caption only."""
        src = str(b.attrs.get("src") or "")
        if not src:
            return False
        try:
            path = self.files.figure_path(src)
        except Refused:  # check_figures reports it; the caption is set without the photo
            return False
        if sniff_image(path) not in DOCX_KINDS:  # SVG, WebP: reported by check_figures, the caption alone
            return False
        sec = self.word.sections[0]
        usable = sec.page_width - sec.left_margin - sec.right_margin
        p = self.word.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        with path.open("rb") as fh:
            p.add_run().add_picture(fh, width=int(usable * 0.9))
        self.block_row(self.parallel_table(), b)
        return True

    def build(self):
        self.front()
        self.contents()
        for sec in self.doc.sections:
            self.section(sec)
        core = self.word.core_properties
        title = next((b for b in self.doc.front if b.kind == "title"), None)
        whole = (title.source + (f" — {title.target}" if title.target else "")) if title else self.doc.name
        core.title = shorten(whole, 255)  # Word's limit for a property; the title page has it whole
        core.language = self.zh_lang
        core.author = "bipub"
        return self.word


def render_docx(doc: Document, opts: RenderOptions, out: Path) -> None:
    """Write the Word edition of ``doc`` to ``out`` (atomically)."""
    word = WordEdition(convert_variant(doc, opts), opts).build()
    with replacing(Path(out)) as tmp:
        word.save(str(tmp))


class DocxWriter:
    name = "docx"
    slow = False

    def outputs(self, stem: str) -> list[str]:
        return [stem + ".docx"]

    def write(self, doc: Document, options: RenderOptions, out_dir: Path) -> list[Path]:
        path = Path(out_dir) / self.outputs(output_stem(doc.name, options))[0]
        render_docx(doc, options, path)
        return [path]


DOCX = DocxWriter()
