"""Parts of the Word edition: the inline markup of a segment as runs, and a rule across the page.

Inline markup of a segment in the Word edition: runs for bold, italic, links, note numbers, breaks.

The Chinese carries its marks where the source has them (``Segment.marks``): bold and
italic runs, a note reference as a superscript number, a hard break as a line break,
a link's words followed by its URL in brackets (a Word file is printed and signed;
the address must be readable on paper).  The English has bold and italic where the
HTML has them (an editor's placement from the memory, else placed automatically); its
note numbers follow the sentence (as in the HTML and PDF) and its links' URLs follow
it in brackets, so no URL and no note is lost.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bipub.model import EMPHASIS, Segment
from bipub.render.blocks import english_marks





def zh_pieces(seg: Segment) -> list[tuple[str, dict]]:
    """(text, format) runs of the Chinese: format keys bold, italic, superscript, br."""
    marks = [m for m in seg.marks]
    cuts = sorted({0, len(seg.source), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[tuple[str, dict]] = []
    for a, b in zip(cuts, cuts[1:]):
        text = seg.source[a:b]
        fmt = {"bold": any(m.kind == "b" and m.start <= a and b <= m.end for m in marks),
               "italic": any(m.kind == "i" and m.start <= a and b <= m.end for m in marks)}
        out.append((text, fmt))
        for m in marks:
            if m.kind == "link" and m.end == b and m.start < b:
                out.append((f" ({m.ref})", {}))
        out += zero_width([m for m in marks if m.start == m.end == b])
    if not cuts[1:]:  # an empty source: zero-width marks only
        out += zero_width(marks)
    return [(t, f) for t, f in out if t or f.get("br")]


def zero_width(marks) -> list[tuple[str, dict]]:
    """Note numbers (cited together: 1,2; side by side ¹² would read as note 12) and hard breaks."""
    out: list[tuple[str, dict]] = []
    for m in marks:
        if m.kind == "fn":
            out.append(("," * any(f.get("superscript") for _, f in out) + m.ref, {"superscript": True}))
        elif m.kind == "br":
            out.append(("", {"br": True}))
    return out


def en_pieces(seg: Segment, text: str) -> list[tuple[str, dict]]:
    """(text, format) runs of the English ``text`` (the sentence as typeset): bold and italic where the
    HTML has them (``render.blocks.english_marks``: an editor's placement, else the automatic one)."""
    if seg.target is None or seg.origin == "untranslated":  # the awaiting label
        return [(text, {})]
    marks = [m for m in english_marks(seg, text)[0] if m.kind in EMPHASIS]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    return [(text[a:b], {"bold": any(m.kind == "b" and m.start <= a and b <= m.end for m in marks),
                         "italic": any(m.kind == "i" and m.start <= a and b <= m.end for m in marks)})
            for a, b in zip(cuts, cuts[1:]) if b > a]


def en_tail(seg: Segment) -> list[tuple[str, dict]]:
    """What follows the English sentence: its links' URLs, its note numbers, its hard break."""
    out: list[tuple[str, dict]] = []
    urls = [m.ref for m in seg.marks if m.kind == "link"]
    if urls:
        out.append((" (" + ", ".join(urls) + ")", {}))
    out += zero_width([m for m in seg.marks if m.kind == "fn"])
    if any(m.kind == "br" for m in seg.marks):
        out.append(("", {"br": True}))
    return out


def add_rule(word) -> None:
    """A thematic break (``---``): a grey rule across the page, as a paragraph's bottom border."""
    p = word.add_paragraph()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "808080")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)
