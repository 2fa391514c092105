"""Inline markup and the blocks beyond paragraphs: tables, footnotes, rules.

Inline (``Segment.marks``, set by the parse stage):

* Chinese: bold, italic and links exactly where the source has them; a note
  reference as a superscript number linking its note; a hard break as ``<br>``.
* English: the MT and the memory hold plain sentences, so a mark is placed
  where its English is known: over the whole sentence when it covers the whole
  Chinese sentence; over a glossary term's or a number's English when it covers
  exactly that term or number (the span knows its English); over the same
  Latin text when the Chinese holds Latin.  A link whose words cannot be found
  is kept after the sentence with its URL.  A note reference and a hard break
  close the English sentence.  Where a person placed the emphasis of the English
  (``Segment.target_marks``: a review file's inline codes kept in the memory),
  that placement is used instead.  An emphasis that cannot be placed is reported
  (``render.emphasis-unplaced``, :func:`inline_findings`), never silently lost.
* Bare URLs (``https://…``, ``mailto:…``) in either language become links.

Only http, https and mailto URLs reach here (the parse stage drops the others).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape

from bipub.findings import BipubError
from bipub.model import EMPHASIS, Block, Document, Mark, Segment
from bipub.render.options import page_size

_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\"'\u3000-\u303f\uff00-\uffef]+")
_ORDER = {"link": 0, "b": 1, "i": 2}
_TAG = {"b": "strong", "i": "em"}


def e(text: str) -> str:
    return escape(text, quote=True)


def linkify(text: str, plain) -> str:
    """``text`` with each bare URL as a link (trailing punctuation left out); the rest through ``plain``."""
    out, pos = [], 0
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?)]}")
        a, b = m.start(), m.start() + len(url)
        out.append(plain(text[pos:a]))
        out.append(f'<a class="bipub-url" href="{e(url)}">{e(url)}</a>')
        pos = b
    out.append(plain(text[pos:]))
    return "".join(out)


def marked(text: str, marks, plain, note_href) -> str:
    """``text`` with ``marks`` as HTML; every piece of text goes through ``plain`` (escaping)."""
    if not marks:
        return linkify(text, plain)
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out = []
    for n, p in enumerate(cuts):
        notes = 0  # notes cited together read 1,2 (side by side, ¹² would read as note 12)
        for m in marks:
            if m.start == m.end == p and m.kind == "fn":
                comma, notes = "," if notes else "", notes + 1
                out.append(f'<sup class="bipub-fnref">{comma}<a href="#{e(note_href(m.ref))}">{e(m.ref)}</a></sup>')
            elif m.start == m.end == p and m.kind == "br":
                out.append("<br>")
        if n + 1 == len(cuts):
            break
        q = cuts[n + 1]
        active = sorted((m for m in marks if m.start <= p and m.end >= q and m.end > m.start and m.kind in _ORDER),
                        key=lambda m: _ORDER[m.kind])
        piece = text[p:q]
        inner = plain(piece) if any(m.kind == "link" for m in active) else linkify(piece, plain)
        for m in reversed(active):
            if m.kind == "link":
                inner = f'<a class="bipub-a" href="{e(m.ref)}">{inner}</a>'
            else:
                inner = f"<{_TAG[m.kind]}>{inner}</{_TAG[m.kind]}>"
        out.append(inner)
    return "".join(out)


def english_marks(seg: Segment, target: str) -> tuple[list[Mark], list[Mark]]:
    """(marks placed on the English ``target``, marks that could not be placed).

    The emphasis a person placed on this English (``seg.target_marks``, from the memory) wins:
    the source's bold and italic are then not placed again.
    """
    placed, lost = [], []
    n = len(seg.source)
    mine = moved(seg.target_marks, seg.target or "", target)
    placed += mine
    for m in seg.marks:
        if mine and m.kind in EMPHASIS:
            continue
        if m.kind in ("fn", "br"):
            placed.append(Mark(len(target), len(target), m.kind, m.ref))
            continue
        if m.start == 0 and m.end >= n:
            placed.append(Mark(0, len(target), m.kind, m.ref))
            continue
        span = next((s for s in seg.spans if s.start == m.start and s.end == m.end), None)
        at = _span_english(seg, span, target) if span is not None else None
        if at is None:
            words = seg.source[m.start:m.end]
            at = (target.find(words), target.find(words) + len(words)) if words and words in target else None
        if at is None:
            lost.append(m)
        else:
            placed.append(Mark(at[0], at[1], m.kind, m.ref))
    return placed, lost


def _span_english(seg: Segment, span, target: str) -> tuple[int, int] | None:
    """Where a term's or number's English stands in ``target``: the k-th occurrence for the k-th span of
    the sentence with that English (增长5.2%，失业率为**5.2%** → the second "5.2 percent"), any case
    (a sentence starts with it), without a leading "the" (the MT restore drops a doubled one)."""
    english = span.target.strip()
    same = [s for s in seg.spans if s.target.strip().lower() == english.lower()]
    rank = same.index(span)
    for words, flags in ((english, 0), (english, re.IGNORECASE), (re.sub(r"(?i)^the\s+", "", english), re.IGNORECASE)):
        found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", target, flags)] if words else []
        if found:
            return found[min(rank, len(found) - 1)] if len(found) >= len(same) else found[0] if rank == 0 else None
    return None


def moved(marks, raw: str, shown: str) -> list[Mark]:
    """The emphasis ``marks`` of the English ``raw`` on ``shown``, the same English as typeset
    (typographer's quotes, an ellipsis): positions follow the edits, a mark never grows over new words."""
    marks = [m for m in marks if m.kind in EMPHASIS and 0 <= m.start < m.end <= len(raw)]
    if raw == shown or not marks:
        return marks
    ops = SequenceMatcher(None, raw, shown, autojunk=False).get_opcodes()

    def at(p: int, end: bool) -> int:
        for _, i1, i2, j1, j2 in ops:
            if i1 <= p < i2 or (end and i1 < p <= i2):
                return j1 + min(p - i1, j2 - j1) if p < i2 else j2
        return len(shown)

    out = [Mark(at(m.start, False), at(m.end, True), m.kind, m.ref) for m in marks]
    return [m for m in out if m.end > m.start]


def kept_exactly(marks, raw: str, new: str) -> tuple[Mark, ...]:
    """``marks`` of the English ``raw`` moved onto the edited English ``new`` when every emphasised phrase
    is still there word for word; else none (the Chinese emphasis is then placed anew, or reported)."""
    old = sorted((m for m in marks if m.kind in EMPHASIS), key=lambda m: (m.start, m.end))
    out = moved(old, raw, new)
    same = len(out) == len(old) and all(new[m.start:m.end] == raw[o.start:o.end] for m, o in zip(out, old))
    return tuple(out) if same else ()


def english(seg: Segment, target: str, plain, note_href) -> str:
    """The English sentence with the marks that can be placed; an unplaced link follows it with its URL."""
    placed, lost = english_marks(seg, target)
    body = marked(target, placed, plain, note_href)
    tail = [m for m in placed if m.start == m.end == len(target)]
    links = "".join(f' <span class="bipub-xlink">(<a class="bipub-a" href="{e(m.ref)}">{e(m.ref)}</a>)</span>'
                    for m in lost if m.kind == "link")
    if links and tail:  # keep a note number and a line break after the URL
        body = marked(target, [m for m in placed if m not in tail], plain, note_href)
        return body + links + marked("", [Mark(0, 0, m.kind, m.ref) for m in tail], plain, note_href)
    return body + links


def inline_findings(doc: Document):
    """(code, severity, message, segment) for each emphasis the English cannot show."""
    for seg in doc.segments():
        if not seg.marks or not seg.target or seg.origin == "untranslated":
            continue
        for m in english_marks(seg, seg.target)[1]:
            if m.kind in ("b", "i"):
                word = "bold" if m.kind == "b" else "italic"
                yield ("render.emphasis-unplaced", "info",
                       f"{word} {seg.source[m.start:m.end]!r} has no place in the English; "
                       f"the English sentence is printed without it", seg)


# ---------------------------------------------------------------- blocks

#: the PDF's table type: 8.2 pt, 7 pt with six or more columns (``bipub-wide``), and the cells' padding (pt)
PRINT_TABLE = {False: (8.2, 6.8), True: (7.0, 4.5)}
#: a figure character's width in ems (Noto Serif digits are 0.56 em), and a text column's least width in ems
FIGURE_EM, TEXT_MIN_EM = 0.6, 3
#: the PDF's left and right page margins together, in mm (css/print.css ``@page``)
PRINT_MARGINS_MM = 34


def print_fit(b: Block, page: str) -> str:
    """`` style="font-size: …pt"`` when the table's figures, each whole on one line, are wider than the
    PDF's text width at its usual size; the size at which they fit.  Figures never wrap (``bipub-num``),
    so without it a yearbook's sixteen columns of years ran off the right edge of the page, cut off."""
    try:
        text_width = (page_size(page)[0] - PRINT_MARGINS_MM) * 72 / 25.4
    except BipubError:  # a CSS page size bipub does not measure (pdf.py checks it): as A4
        text_width = (210 - PRINT_MARGINS_MM) * 72 / 25.4
    literal = tuple(b.attrs.get("literal", ()))
    ncols = max((len(r) for r in b.rows), default=0)
    figures = [0] * ncols  # the longest figure of each column, in characters
    for row in literal:
        for c, lit in enumerate(row):
            figures[c] = max(figures[c], len(lit or ""))
    ems = [n * FIGURE_EM or TEXT_MIN_EM for n in figures]  # each column's least width: its longest figure
    size, pad = PRINT_TABLE[ncols >= 6]
    if sum(ems) * size + ncols * pad <= text_width:
        return ""
    return f' style="font-size: {(text_width - ncols * pad) / sum(ems):.2f}pt"'


def table(m, b: Block) -> str:
    """One table across both columns: each text cell Chinese with its English beneath, figures once."""
    head = int(b.attrs.get("header_rows", 0) or 0)
    ncap = int(b.attrs.get("caption", 0) or 0)
    align = tuple(b.attrs.get("align", ()))
    literal = tuple(b.attrs.get("literal", ()))
    width = max((len(r) for r in b.rows), default=0)
    cap = ""
    if ncap:
        segs = b.segments[:ncap]
        cap = (f'<caption class="bipub-tcap">{m.zh_cell(segs)}'
               f'{m.en_cell(segs)}</caption>')
    rows = []
    for r, row in enumerate(b.rows):
        tag = "th" if r < head else "td"
        cells = []
        for c, cell in enumerate(row):
            cls = f' class="bipub-al-{align[c]}"' if c < len(align) and align[c] else ""
            lit = literal[r][c] if r < len(literal) and c < len(literal[r]) else None
            if lit is not None:
                cells.append(f'<{tag}{cls}><span class="bipub-num">{e(lit)}</span></{tag}>')
            elif cell:
                cells.append(f"<{tag}{cls}>{m.zh_cell(cell)}{m.en_cell(cell)}</{tag}>")
            else:
                cells.append(f"<{tag}{cls}></{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
        if r + 1 == head:
            rows[:] = [f"<thead>{''.join(rows)}</thead>"]
    body = rows[0] if head and rows else ""
    body += f"<tbody>{''.join(rows[1 if head else 0:])}</tbody>"
    wide = " bipub-wide" if width >= 6 else ""
    fit = print_fit(b, m.opts.page_size) if m.mode == "print" else ""
    scroll = ' tabindex="0" role="region" aria-label="表 Table"' if m.mode == "web" else ""
    return (f'<div class="bipub-table{wide}" id="{e(b.id)}"><div class="bipub-tscroll"{scroll}>'
            f'<table class="bipub-tbl bipub-cols{min(width, 9)}"{fit}>{cap}{body}</table></div></div>')


def footnote(m, b: Block, first: bool) -> str:
    """A note as a row of both columns, its number in each; small type under a short rule."""
    num = e(str(b.attrs.get("number", "")))
    mark = f'<span class="bipub-fnno">{num}</span> '
    cls = " bipub-fn-first" if first else ""
    zh = f'<span class="bipub-zh" lang="{m.zl}">{mark}{"".join(m.zh(s) for s in b.segments)}</span>'
    en = f'<span class="bipub-en" lang="en-US">{mark}{" ".join(m.en(s) for s in b.segments)}</span>'
    return f'<p class="bipub-row bipub-fn{cls}" id="{e(b.id)}" role="note">{zh}{en}</p>'


def rule(b: Block) -> str:
    return f'<hr class="bipub-rule" id="{e(b.id)}">'


def note_ids(doc: Document) -> dict[str, str]:
    """Note number → the id of its block (the target of every reference to it)."""
    return {str(b.attrs.get("number")): b.id for b in doc.blocks() if b.kind == "footnote"}
