"""The reader of Word documents (``.docx``, from Word, WPS or LibreOffice), with python-docx.

* **Headings** by paragraph style: ``Heading 1``–``Heading 6`` / ``标题 1``–``标题 6``
  (level + 1 in the Markdown, ``##`` for Heading 1), or by outline level (``w:outlineLvl``,
  how WPS and LibreOffice often mark them); ``Title``/``标题`` → the title,
  ``Subtitle``/``副标题`` → the subtitle; a paragraph in another style whose text
  carries heading numbering (``第一章`` ``一、`` ``（一）``) → a numbered heading.
* **Tables** → Markdown tables (cell texts as printed).
* **Footnotes** → Markdown footnotes: ``[^1]`` where the reference stands, ``[^1]: …``
  after the text.
* **Images** → figures: the image is written beside the source
  (``source/NAME.assets/image1.png``); the caption is the paragraph after it in a
  caption style (``Caption``/``题注``) or starting ``图``.
* **Automatic numbering** (Word's list and heading numbers, not in the text) is
  reported: the numbers Word shows are not imported (``import.auto-numbering``).
* **Tracked changes and comments** are reported, never silently accepted: the text
  is imported as it reads with insertions in and deletions out, and each change
  and comment is a warning with its paragraph and words, for the editor to settle;
  a change touching a figure is an error.  Hidden text is left out and reported; a text
  box is read once and put after its paragraph; the table of contents Word made is
  removed and listed; content controls are opened.
* **The number check** counts the document's own XML (``docx_xml.raw_text``), so a
  figure this reader misses is an error, never a silent loss.

Findings point at the paragraph: ``line`` is the paragraph's number in the
document (tables and images count as one each).
"""

from __future__ import annotations

import io
import re
import zipfile

from bipub.importer.decode import OLD_WORD, ImportRefused
from bipub.importer.intake import Intake, Options
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer import contents, patterns
from bipub.importer import docx_xml as x
from bipub.importer.text import head, tail

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题|título|überschrift)\s*(\d)$", re.IGNORECASE)
_CAPTION_STYLE = re.compile(r"^(?:caption|题注|图注|表注)$", re.IGNORECASE)
#: the styles Word gives the entries of a table of contents it made (``TOC 1``, ``toc 2``, ``目录 1``)
_TOC_STYLE = re.compile(r"^(?:toc|目录|contents)\s*\d$", re.IGNORECASE)
#: a line break (``w:br``) while a paragraph's text is read; ``_Walk.breaks`` settles it
_BREAK = "\ue002"
#: footnote references become ``\ue000N\ue001`` in the text; the writer makes them ``[^N]``
FN_OPEN, FN_CLOSE = "\ue000", "\ue001"


class DocxReader:
    name = "docx"
    extensions = (".docx", ".docm", ".wps")

    def sniff(self, data: bytes) -> bool:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return "word/document.xml" in z.namelist()
        except zipfile.BadZipFile:
            return False

    def read(self, data: bytes, name: str, report: Report, options: Options) -> Intake:
        import docx

        if data.startswith(OLD_WORD[0]):
            raise ImportRefused(f"{name}: byte 0: not text: looks like {OLD_WORD[1]}")
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as e:  # noqa: BLE001 - python-docx raises several kinds for a broken package
            raise ImportRefused(f"{name}: byte 0: not a readable Word document ({type(e).__name__}: {e})") from None
        return _Walk(document, report, options).run()


reader = DocxReader()


class _Walk:
    def __init__(self, document, report: Report, options: Options) -> None:
        self.doc, self.report, self.options = document, report, options
        self.pieces: list[Piece] = []
        self.source: list[tuple[int, str]] = []
        self.meta: dict = {}
        self.assets: dict[str, bytes] = {}
        self.notes = {"footnote": x.notes(document, "footnote"), "endnote": x.notes(document, "endnote")}
        self.used_notes: list[tuple[str, str]] = []  # (kind, id) in the order the text refers to them
        self.comments = x.comments(document)
        self.numbered: list[tuple[int, str]] = []  # paragraphs with Word's automatic numbering, the number shown
        self.counts: dict[str, dict[int, int]] = {}  # list (numId) → level → its count so far
        self.formats = x.number_formats(document)
        self.fields: list[list] = []  # Word's fields open at this point: [instruction, reached its result]
        self.contents: list[tuple[int, str]] = []  # paragraphs of a table of contents Word made (a TOC field)

    def run(self) -> Intake:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for no, (el, sdt) in enumerate(x.blocks(self.doc.element.body), 1):
            self.source.append((no, x.raw_text(el)))  # the number check counts the document itself
            if el.tag == W + "p":
                self.paragraph(Paragraph(el, self.doc), no, x.is_contents_sdt(sdt))
            elif el.tag == W + "tbl":
                self.table(Table(el, self.doc), no)
            elif x.raw_text(el).strip():
                self.report.remove(no, x.raw_text(el))
                self.report.add("unknown-part", "warning", f"a part of the Word document the reader does not know "
                                f"({el.tag.rsplit('}', 1)[-1]}) was left out: “{head(x.raw_text(el).strip(), 30)}”", no)
        for k, (kind, n) in enumerate(self.used_notes, 1):
            text = self.notes[kind].get(n, "")
            if not text:
                self.report.add("footnote", "warning", f"the {kind} referred to as [^{k}] is empty or not in the file; "
                                "write its text or take the reference out", self.pieces[-1].end if self.pieces else 1)
            self.pieces.append(Piece("footnote", text, self.pieces[-1].end if self.pieces else 1, 0, numbering=str(k)))
            self.source.append((0, text))
        for p in self.pieces:
            p.end = p.end or p.line
        put = [n for n, label in self.numbered if label]
        shown = next((label for _, label in self.numbered if label), "")
        self.report.add_lines("auto-numbering", "warning", f"Word numbers these paragraphs automatically: the numbers it "
                              f"shows were put in the text as Word counts them (the first: {shown}); check them against "
                              "the document", put)
        self.report.add_lines("auto-numbering", "warning", "Word numbers these paragraphs automatically in a format not "
                              "known here: the numbers Word shows are not in the text and were not imported; type them in "
                              "where they matter", [n for n, label in self.numbered if not label])
        if self.contents:
            entries = "；".join(head(t.strip(), 16) for _, t in self.contents[:4]) + ("…" if len(self.contents) > 4 else "")
            self.report.add_lines("contents", "repaired", f"removed the table of contents Word made ({entries}); "
                                  "the edition makes its own contents", [n for n, _ in self.contents])
        return Intake("DOCX", meta=self.meta, pieces=self.pieces, source=self.source, assets=self.assets,
                      explicit_paragraphs=True)

    def paragraph(self, para, no: int, in_contents: bool = False) -> None:
        toc_open = self._in_toc()
        text = self.text(para._p, no)
        style = (para.style.name if para.style is not None else "") or ""
        if in_contents or toc_open or self._in_toc() or _TOC_STYLE.match(style.strip()):
            if text.strip():
                last = self.pieces[-1] if self.pieces else None
                if not self.contents and last is not None and last.end == no - 1 and contents.is_header(last.text):
                    self.pieces.pop()  # its 目录 line goes with it
                    self.contents.append((last.line, last.text))
                    self.report.remove(last.line, last.text)
                self.contents.append((no, text))
                self.report.remove(no, text)
            return
        for blip in para._p.iter(A + "blip"):
            self.image(blip.get(R + "embed"), no)
        if text.strip():
            self.place(para, text.strip(), style, no)
        self.text_boxes(para._p, no)

    def place(self, para, text: str, style: str, no: int) -> None:
        """The paragraph's text as the title, a heading, a caption or a paragraph."""
        key = x.numbered(para, self.formats)
        if key is not None:
            label = self.label(key)
            self.numbered.append((no, label))
            if label:  # what Word shows: the number check counts it as the document's
                text = label + text
                self.source[-1] = (no, label + self.source[-1][1])
        m = _HEADING_STYLE.match(style.strip())
        low = style.strip().lower()
        if low in ("title", "标题") and "title" not in self.meta:
            self.meta["title"] = text
            self.report.add("front-matter", "info", f"title {head(text, 20)} (style {style})", no)
        elif low in ("subtitle", "副标题") and "subtitle" not in self.meta:
            self.meta["subtitle"] = text
        elif m or x.outline(para) is not None:
            num = patterns.heading_number(text)
            level = int(m.group(1)) if m else x.outline(para) + 1
            self.pieces.append(Piece("heading", text, no, no, level=min(level + 1, 6), numbering=num.kind if num else "plain"))
        elif _CAPTION_STYLE.match(style.strip()) or (self.pieces and self.pieces[-1].kind == "figure"
                                                     and not self.pieces[-1].text and text.startswith(("图", "Figure"))):
            last = self.pieces[-1] if self.pieces else None
            if last is not None and last.kind == "figure" and not last.text:
                last.text, last.end = text, no
            else:
                self.pieces.append(Piece("paragraph", text, no, no))
        else:
            num = patterns.heading_number(text)
            if num is not None and len(text) <= 40 and not re.search("[。！？；]", num.text):
                self.pieces.append(Piece("heading", text, no, no, numbering=num.kind))
            else:
                self.pieces.append(Piece("paragraph", text, no, no))

    def label(self, key: tuple[str, str]) -> str:
        """The number Word shows for list ``key`` (numId, level) at this paragraph (``一、``, ``（二）``, ``3.``),
        counted per list, deeper levels starting again; "" when a format is not known here."""
        ident, level = key[0], int(key[1]) if key[1].isdigit() else 0
        counts = self.counts.setdefault(ident, {})
        counts[level] = counts.get(level, self.formats[key][2] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        out = self.formats[key][1]
        for k in range(1, 10):
            if f"%{k}" in out:
                fmt = self.formats.get((ident, str(k - 1))) or ("decimal", "", 1)
                shown = x.counted(counts.get(k - 1, fmt[2]), fmt[0])
                if shown is None:
                    return ""
                out = out.replace(f"%{k}", shown)
        return out

    def _in_toc(self) -> bool:
        return any(instr.strip().upper().startswith("TOC") for instr, _ in self.fields)

    def text_boxes(self, p, no: int) -> None:
        """A text box's paragraphs (its Word 2010 copy, never the old copy beside it) as paragraphs after this one."""
        boxes = [b for b in p.iter(W + "txbxContent") if not x.inside(b, x.MC + "Fallback") and not x.inside(b, W + "txbxContent")]
        for box in boxes:
            texts = [t.strip() for t in (self.text(q, no) for q in box.iter(W + "p")) if t.strip()]
            self.pieces += [Piece("paragraph", t, no, no) for t in texts]
            if texts:
                self.report.add("text-box", "warning", f"a text box (“{head(texts[0], 20)}”) is put after its paragraph "
                                "as paragraphs of its own; check where it belongs", no)

    def text(self, p, no: int) -> str:
        """The paragraph's text as it reads with tracked changes in place; changes and comments reported,
        hidden text left out and reported, a line break between two digits kept as a space and reported."""
        out: list[str] = []
        hide: list[str] = []
        for el in p.iter():
            tag = el.tag
            if x.inside(el, x.MC + "Fallback") or (el is not p and _in_box(el, p)):
                continue
            if tag == W + "t" and not x.inside(el, W + "del"):
                (hide if x.hidden(el.getparent()) else out).append(el.text or "")
            elif tag == W + "fldChar":
                kind = el.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append(["", False])
                elif kind == "separate" and self.fields:
                    self.fields[-1][1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag == W + "instrText" and self.fields:
                self.fields[-1][0] += el.text or ""
            elif tag == W + "tab":
                out.append(" ")
            elif tag in (W + "br", W + "cr"):
                out.append(_BREAK)
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "sym":
                self.sym(el, out, no)
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                key = (tag.rsplit("}", 1)[-1][:-9], el.get(W + "id") or "")
                if key not in self.used_notes:
                    self.used_notes.append(key)
                out.append(f"{FN_OPEN}{self.used_notes.index(key) + 1}{FN_CLOSE}")
            elif tag in (W + "ins", W + "del", W + "moveFrom", W + "moveTo"):
                self.change(el, no)
            elif tag == W + "commentReference":
                c = self.comments.get(el.get(W + "id") or "", "")
                self.report.remove(no, c)
                self.report.add("comment", "warning", f"Word comment left out of the text: “{head(c, 30)}”", no)
        if "".join(hide).strip():
            self.report.remove(no, "".join(hide))
            self.report.add("hidden-text", "warning", f"hidden text (Word's hidden font) left out: “{head(''.join(hide), 30)}”; "
                            "it does not print in Word, so it is not published; check it", no)
        return self.breaks("".join(out), no)

    def breaks(self, text: str, no: int) -> str:
        """Word's line breaks inside a paragraph: nothing between Chinese characters, a space between Latin
        letters or digits; two digits around one are never joined (``12⏎34`` is not 1234): a warning."""
        def join(m: re.Match) -> str:
            a, b = m.string[m.start() - 1: m.start()], m.string[m.end(): m.end() + 1]
            if a.isdigit() and b.isdigit():
                self.report.add("digit-break", "warning", f"a line break inside the paragraph stands between two digits "
                                f"({tail(m.string[:m.start()], 12)}|{head(m.string[m.end():], 12)}): kept apart "
                                "with a space, never joined; check the figure", no)
            return " " if a.isascii() and b.isascii() and a.isalnum() and b.isalnum() else ""
        return re.sub(_BREAK + "+", join, text)

    def sym(self, el, out: list[str], no: int) -> None:
        """A symbol Word draws from a font (``w:sym``): a known sign is put in the text, never silently."""
        shown = x.symbol(el)
        out.append(shown)
        what = f"put in as {shown}" if shown else "not known here, left out"
        self.report.add("symbol", "warning", f"a Word symbol (font {el.get(W + 'font')}, code {el.get(W + 'char')}) "
                        f"{what}; check it, above all beside a figure", no)

    def change(self, el, no: int) -> None:
        """A tracked change (insertion, deletion, move) not yet settled in Word: reported; one that touches a
        figure is an error (the editor must settle which figure is published)."""
        tag = el.tag.rsplit("}", 1)[-1]
        words = "".join(t.text or "" for t in el.iter(W + "t", W + "delText"))
        if not words.strip():
            return
        who = el.get(W + "author") or "someone"
        if tag in ("del", "moveFrom"):
            self.report.remove(no, words)
            what = f"{'deletion' if tag == 'del' else 'move (from here)'} by {who} “{head(words, 20)}” is left out"
        else:
            what = f"{'insertion' if tag == 'ins' else 'move (to here)'} by {who} “{head(words, 20)}” is in the text"
        figure = any(c.isdigit() for c in words)
        self.report.add("tracked-change", "error" if figure else "warning",
                        f"tracked change not yet accepted in Word: {what}"
                        + ("; it changes a figure" if figure else "")
                        + "; accept or reject it in Word and import again, or check it here", no)

    def table(self, table, no: int) -> None:
        from bipub.importer.tables import grid

        layout = []  # per row: (grid column, tc) — a gridSpan cell is one tc over several columns
        for tr in table._tbl.tr_lst:
            col, cells = tr.grid_before, []
            for tc in tr.tc_lst:
                cells.append((col, tc))
                col += tc.grid_span
            layout.append(cells)
        rows = []
        for i, cells in enumerate(layout):
            row = []
            for col, tc in cells:
                if tc.vMerge == "continue":
                    continue  # covered by the cell above; grid() leaves it empty
                down = 1
                if tc.vMerge == "restart":
                    for later in layout[i + 1:]:
                        if not any(c == col and t.vMerge == "continue" for c, t in later):
                            break
                        down += 1
                row.append((self.cell(tc, no), tc.grid_span, down))
            rows.append(row)
        rows = grid(rows, self.report, no)
        if rows:
            self.pieces.append(Piece("table", "", no, no, rows=rows))

    def cell(self, tc, no: int) -> str:
        """A cell's paragraphs, a space apart; a table inside the cell gives its cells' texts in order (reported)."""
        texts = []
        for el in tc.iterchildren(W + "p", W + "tbl", W + "sdt"):
            inner = [el] if el.tag == W + "p" else [q for q in el.iter(W + "p") if not _in_box(q, el)]
            texts += [self.text(q, no).strip() for q in inner]
            if el.tag == W + "tbl":
                self.report.add("table-in-table", "warning", f"a table inside a table cell: its cells are put in the "
                                f"cell one after another ({head(' '.join(t for t in texts if t), 30)}); check them", no)
        return " ".join(t for t in texts if t)

    def image(self, rid: str | None, no: int) -> None:
        part = self.doc.part.related_parts.get(rid) if rid else None
        if part is None or not hasattr(part, "blob"):
            self.report.add("image", "warning", "an image that is not inside the file (linked) was left out", no)
            return
        name = str(part.partname).rsplit("/", 1)[-1]
        self.assets[name] = part.blob
        src = f"{self.options.assets_dir}/{name}" if self.options.assets_dir else name
        self.pieces.append(Piece("figure", "", no, no, src=src))
        self.report.add("image", "info", f"image {name} written beside the source as {src}", no)


def _in_box(el, p) -> bool:
    """Is ``el`` inside a text box of paragraph ``p`` (read apart by ``text_boxes``)?"""
    q = el.getparent()
    while q is not None and q is not p:
        if q.tag == W + "txbxContent":
            return True
        q = q.getparent()
    return False
