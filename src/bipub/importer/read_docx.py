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
  and comment is a warning with its paragraph and words, for the editor to settle.

Findings point at the paragraph: ``line`` is the paragraph's number in the
document (tables and images count as one each).
"""

from __future__ import annotations

import io
import re
import zipfile

from bipub.importer import patterns
from bipub.importer.decode import ImportRefused
from bipub.importer.intake import Intake, Options
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import head

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题|título|überschrift)\s*(\d)$", re.IGNORECASE)
_CAPTION_STYLE = re.compile(r"^(?:caption|题注|图注|表注)$", re.IGNORECASE)
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
        self.footnotes = _footnotes(document)
        self.used_notes: list[str] = []
        self.comments = _comments(document)
        self.numbered: list[int] = []  # paragraphs with Word's automatic numbering
        self.formats = _number_formats(document)

    def run(self) -> Intake:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        body = self.doc.element.body
        for no, el in enumerate(body.iterchildren(), 1):
            if el.tag == W + "p":
                self.paragraph(Paragraph(el, self.doc), no)
            elif el.tag == W + "tbl":
                self.table(Table(el, self.doc), no)
        for k, n in enumerate(self.used_notes, 1):
            text = self.footnotes.get(n, "")
            self.pieces.append(Piece("footnote", text, self.pieces[-1].end if self.pieces else 1, 0, numbering=str(k)))
            self.source.append((0, text))
        for p in self.pieces:
            p.end = p.end or p.line
        self.report.add_lines("auto-numbering", "warning", "Word numbers these paragraphs automatically (一、 1. …): the "
                              "numbers Word shows are not in the text and were not imported; type them in where they matter",
                              self.numbered)
        return Intake("DOCX", meta=self.meta, pieces=self.pieces, source=self.source, assets=self.assets,
                      explicit_paragraphs=True)

    def paragraph(self, para, no: int) -> None:
        text = self.text(para._p, no)
        style = (para.style.name if para.style is not None else "") or ""
        for blip in para._p.iter(A + "blip"):
            self.image(blip.get(R + "embed"), no)
        if not text.strip():
            return
        if _numbered(para, self.formats):
            self.numbered.append(no)
        self.source.append((no, text))  # note references are not figures: the number check skips them
        text = text.strip()
        m = _HEADING_STYLE.match(style.strip())
        low = style.strip().lower()
        if low in ("title", "标题") and "title" not in self.meta:
            self.meta["title"] = text
            self.report.add("front-matter", "info", f"title {head(text, 20)} (style {style})", no)
        elif low in ("subtitle", "副标题") and "subtitle" not in self.meta:
            self.meta["subtitle"] = text
        elif m or _outline(para) is not None:
            num = patterns.heading_number(text)
            level = int(m.group(1)) if m else _outline(para) + 1
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

    def text(self, p, no: int) -> str:
        """The paragraph's text as it reads with tracked changes in place; changes and comments reported."""
        out: list[str] = []
        for el in p.iter():
            tag = el.tag
            if tag == W + "t" and not _inside(el, W + "del"):
                out.append(el.text or "")
            elif tag in (W + "tab",):
                out.append(" ")
            elif tag == W + "footnoteReference":
                n = el.get(W + "id") or ""
                if n not in self.used_notes:
                    self.used_notes.append(n)
                out.append(f"{FN_OPEN}{self.used_notes.index(n) + 1}{FN_CLOSE}")
            elif tag in (W + "ins", W + "del"):
                words = "".join(t.text or "" for t in el.iter(W + "t", W + "delText"))
                if words.strip():
                    who = el.get(W + "author") or "someone"
                    if tag == W + "del":
                        self.report.remove(no, words)
                        what = f"deletion by {who} “{head(words, 20)}” is left out"
                    else:
                        what = f"insertion by {who} “{head(words, 20)}” is in the text"
                    self.report.add("tracked-change", "warning", f"tracked change not yet accepted in Word: {what}; "
                                    "accept or reject it in Word and import again, or check it here", no)
            elif tag == W + "commentReference":
                c = self.comments.get(el.get(W + "id") or "", "")
                self.report.remove(no, c)
                self.report.add("comment", "warning", f"Word comment left out of the text: “{head(c, 30)}”", no)
        return "".join(out)

    def table(self, table, no: int) -> None:
        from bipub.importer.tables import grid

        from docx.table import _Cell

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
                cell = _Cell(tc, table)
                row.append((" ".join(self.text(p._p, no).strip() for p in cell.paragraphs).strip(), tc.grid_span, down))
            rows.append(row)
        rows = grid(rows, self.report, no)
        if rows:
            self.pieces.append(Piece("table", "", no, no, rows=rows))
            self.source += [(no, c) for r in rows for c in r]

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


def _numbered(para, formats: dict) -> bool:
    """Does Word show a number before this paragraph (``w:numPr`` on it or its style, with a visible format)?"""
    for ppr in (para._p.pPr, getattr(para.style.element, "pPr", None) if para.style is not None else None):
        num = ppr.find(W + "numPr") if ppr is not None else None
        if num is not None:
            ident, lvl = num.find(W + "numId"), num.find(W + "ilvl")
            key = (ident.get(W + "val") if ident is not None else "", lvl.get(W + "val") if lvl is not None else "0")
            return formats.get(key, False)
    return False


def _number_formats(document) -> dict:
    """(numId, level) → does that list level show a number (a format other than none, a ``%1`` in its text)?"""
    try:
        root = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    shows: dict = {}  # abstractNumId → {level: visible}
    for absn in root.iter(W + "abstractNum"):
        levels = shows.setdefault(absn.get(W + "abstractNumId"), {})
        for lvl in absn.iter(W + "lvl"):
            fmt, text = lvl.find(W + "numFmt"), lvl.find(W + "lvlText")
            levels[lvl.get(W + "ilvl")] = (fmt is None or fmt.get(W + "val") not in ("none", None)) \
                and text is not None and "%" in (text.get(W + "val") or "")
    out: dict = {}
    for num in root.iter(W + "num"):
        ab = num.find(W + "abstractNumId")
        for ilvl, visible in (shows.get(ab.get(W + "val"), {}) if ab is not None else {}).items():
            out[(num.get(W + "numId"), ilvl)] = visible
    return out


def _outline(para) -> int | None:
    """The paragraph's outline level (0 = top), set on the paragraph or its style (WPS and LibreOffice use it)."""
    for ppr in (para._p.pPr, getattr(para.style.element, "pPr", None) if para.style is not None else None):
        if ppr is None:
            continue
        lvl = ppr.find(W + "outlineLvl")
        if lvl is not None and (lvl.get(W + "val") or "9").isdigit() and int(lvl.get(W + "val")) < 9:
            return int(lvl.get(W + "val"))
    return None


def _inside(el, tag: str) -> bool:
    p = el.getparent()
    while p is not None:
        if p.tag == tag:
            return True
        p = p.getparent()
    return False


def _part_xml(document, suffix: str):
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/" + suffix) and not rel.is_external:
            return etree.fromstring(rel.target_part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    return None


def _footnotes(document) -> dict[str, str]:
    root = _part_xml(document, "footnotes")
    if root is None:
        return {}
    return {fn.get(W + "id"): "".join(t.text or "" for t in fn.iter(W + "t")).strip() for fn in root.iter(W + "footnote")}


def _comments(document) -> dict[str, str]:
    root = _part_xml(document, "comments")
    if root is None:
        return {}
    return {c.get(W + "id"): "".join(t.text or "" for t in c.iter(W + "t")).strip() for c in root.iter(W + "comment")}
