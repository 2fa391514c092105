"""WordprocessingML the Word reader needs beside python-docx: the parts (notes, comments,
numbering), the blocks of the body, and the body's text as the number check counts it.

**The number check counts the document, not what the reader made of it**: ``raw_text``
gives every character a Word user could see or had deleted in a block (``w:t``,
``w:delText`` set apart by spaces, tabs and breaks as spaces), read straight from the XML; a text box's
alternative copy for old Word (``mc:Fallback``) and field instructions (``w:instrText``)
are not text.  Whatever the reader leaves out (a deletion, hidden text, a contents
field) must be listed as removed, or the check reports the figure lost.
"""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: the Symbol font's code points Word writes as ``w:sym`` (``F0xx`` or ``00xx``) that matter next to a figure
SYMBOL = {0x2B: "+", 0x2D: "−", 0x25: "%", 0x2E: ".", 0x2C: ",", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xA3: "≤",
          0xB3: "≥", 0xB0: "°", 0x3C: "<", 0x3E: ">", 0x3D: "=", 0xBB: "≈", 0xB9: "≠", 0xD7: "·"}


def blocks(parent):
    """The paragraphs and tables of the body in order, with the content controls (``w:sdt``) and custom
    XML around them opened; yields ``(element, sdt)``: ``sdt`` is the ``w:sdt`` the block lies in or None."""
    for el in parent.iterchildren():
        if el.tag in (W + "p", W + "tbl"):
            yield el, None
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                yield from ((b, el) for b, _ in blocks(content))
        elif el.tag == W + "customXml":
            yield from blocks(el)
        elif el.tag != W + "sectPr":
            yield el, None


def is_contents_sdt(sdt) -> bool:
    """A content control Word fills with a table of contents (``w:docPartGallery`` "Table of Contents")."""
    return sdt is not None and any((g.get(W + "val") or "").lower().startswith("table of contents")
                                   for g in sdt.iter(W + "docPartGallery"))


def raw_text(el) -> str:
    """Every visible or deleted character of ``el`` (see the module docstring)."""
    out: list[str] = []
    for x in el.iter(W + "t", W + "delText", W + "tab", W + "br", W + "cr", W + "p", W + "noBreakHyphen"):
        if inside(x, MC + "Fallback"):
            continue
        if x.tag == W + "t":
            out.append(x.text or "")
        elif x.tag == W + "delText":  # a deletion stands apart: ``4.6`` deleted before ``4.8`` is not 4.64.8
            out.append(f" {x.text or ''} ")
        elif x.tag == W + "noBreakHyphen":
            out.append("-")
        else:
            out.append(" ")
    return "".join(out)


def inside(el, tag: str) -> bool:
    p = el.getparent()
    while p is not None:
        if p.tag == tag:
            return True
        p = p.getparent()
    return False


def hidden(run) -> bool:
    """Is the run hidden text (``w:vanish`` in its properties, not switched off)?"""
    rpr = run.find(W + "rPr") if run is not None else None
    v = rpr.find(W + "vanish") if rpr is not None else None
    return v is not None and (v.get(W + "val") or "true").lower() not in ("0", "false", "off")


def symbol(el) -> str:
    """The character a ``w:sym`` shows, when it is a Symbol-font sign known here; else ""."""
    try:
        code = int(el.get(W + "char") or "", 16)
    except ValueError:
        return ""
    font = (el.get(W + "font") or "").lower()
    if font == "symbol" and (code & 0xFF00) in (0xF000, 0):
        return SYMBOL.get(code & 0xFF, "")
    return chr(code) if font not in ("symbol", "wingdings", "webdings") and 0x20 <= code < 0xE000 else ""


def part_xml(document, suffix: str):
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/" + suffix) and not rel.is_external:
            return etree.fromstring(rel.target_part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    return None


def notes(document, kind: str) -> dict[str, str]:
    """``kind`` "footnote" or "endnote": id → the note's text (deletions left out)."""
    root = part_xml(document, kind + "s")
    if root is None:
        return {}
    return {fn.get(W + "id"): "".join(t.text or "" for t in fn.iter(W + "t") if not inside(t, W + "del")).strip()
            for fn in root.iter(W + kind)}


def comments(document) -> dict[str, str]:
    root = part_xml(document, "comments")
    if root is None:
        return {}
    return {c.get(W + "id"): "".join(t.text or "" for t in c.iter(W + "t")).strip() for c in root.iter(W + "comment")}


def numbered(para, formats: dict) -> tuple[str, str] | None:
    """The (numId, level) of the number Word shows before this paragraph (``w:numPr`` on it or its style,
    with a visible format), or None."""
    for ppr in (para._p.pPr, getattr(para.style.element, "pPr", None) if para.style is not None else None):
        num = ppr.find(W + "numPr") if ppr is not None else None
        if num is not None:
            ident, lvl = num.find(W + "numId"), num.find(W + "ilvl")
            key = (ident.get(W + "val") if ident is not None else "", lvl.get(W + "val") if lvl is not None else "0")
            return key if formats.get(key) else None
    return None


def number_formats(document) -> dict:
    """(numId, level) → (format, text such as ``%1、`` or ``（%2）``, start) of a list level that shows a
    number; None for one that shows none (a bullet, format none)."""
    try:
        root = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    shows: dict = {}  # abstractNumId → {level: (format, text, start) or None}
    for absn in root.iter(W + "abstractNum"):
        levels = shows.setdefault(absn.get(W + "abstractNumId"), {})
        for lvl in absn.iter(W + "lvl"):
            fmt, text, start = (lvl.find(W + k) for k in ("numFmt", "lvlText", "start"))
            f = fmt.get(W + "val") if fmt is not None else "decimal"
            t = (text.get(W + "val") or "") if text is not None else ""
            visible = f not in ("none", "bullet", None) and "%" in t
            first = int(start.get(W + "val")) if start is not None and (start.get(W + "val") or "").isdigit() else 1
            levels[lvl.get(W + "ilvl")] = (f, t, first) if visible else None
    out: dict = {}
    for num in root.iter(W + "num"):
        ab = num.find(W + "abstractNumId")
        for ilvl, shown in (shows.get(ab.get(W + "val"), {}) if ab is not None else {}).items():
            out[(num.get(W + "numId"), ilvl)] = shown
    return out


_CN = "〇一二三四五六七八九"


def counted(n: int, fmt: str) -> str | None:
    """``n`` in a Word number format (``chineseCounting`` 十二, ``decimal`` 12, ``decimalEnclosedCircle`` ⑫),
    or None for a format not known here."""
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt.startswith("decimalFullWidth"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand") and 0 < n < 100:
        tens, ones = divmod(n, 10)
        return (_CN[tens] if tens > 1 else "") + ("十" if tens else "") + (_CN[ones] if ones or not tens else "")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN[int(c)] for c in str(n))
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        return chr((65 if fmt == "upperLetter" else 97) + n - 1)
    return None


def outline(para) -> int | None:
    """The paragraph's outline level (0 = top), set on the paragraph or its style (WPS and LibreOffice use it)."""
    for ppr in (para._p.pPr, getattr(para.style.element, "pPr", None) if para.style is not None else None):
        if ppr is None:
            continue
        lvl = ppr.find(W + "outlineLvl")
        if lvl is not None and (lvl.get(W + "val") or "9").isdigit() and int(lvl.get(W + "val")) < 9:
            return int(lvl.get(W + "val"))
    return None
