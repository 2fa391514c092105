"""HTML and Markdown markup → pieces; markup never reaches the text.

``html_pieces`` walks an HTML tree (lxml): ``h1``–``h6`` become headings,
``p``, ``li``, ``blockquote``, ``div`` text blocks paragraphs, ``table`` a table
(rows of cell texts), ``img`` (with its ``figcaption`` or ``alt``) a figure;
``script``, ``style``, ``noscript``, ``iframe``, ``form``, ``button``, ``svg`` are
dropped and listed (``import.html``).  ``markdown_pieces`` does the same for a
Markdown copy (markdown-it), reading any HTML inside it with ``html_pieces``.
"""

from __future__ import annotations

import re

from bipub.importer.notes import REF_OPEN, REF_CLOSE
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import GROUPING_SPACE, collapse_spaces, head
from bipub.text.normalize import CJK_WIDE

DROP = {"script", "style", "noscript", "iframe", "form", "button", "svg", "template", "select", "nav", "footer", "header"}
BLOCKS = {"p", "div", "li", "blockquote", "section", "article", "dd", "dt", "pre", "address", "center", "td", "th",
          "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "main", "ul", "ol", "dl", "table", "tr", "tbody",
          "thead", "tfoot", "caption", "body", "html", "span-block"}


#: images that are page furniture, not the article's pictures
_WIDGET_IMG = re.compile(r"qr|erweima|ewm|二维码|logo|icon|share|weixin|wechat|weibo|banner|ad[-_/]|spacer|pixel|1x1",
                         re.IGNORECASE)


#: the text of a ``<sup>`` that is a note mark: ``1`` ``[2]`` ``（3）`` ``④``
_SUP_LABEL = re.compile(r"^[\[［〔(（]?(\d{1,3}|[\u2460-\u2473])[\]］〕)）]?$")
#: the id of a footnote list item (``<li id="fn1">``, ``footnote-2``, ``note3``)
_NOTE_ID = re.compile(r"(?:fn|footnote|note|endnote)[-_:]?(\d{1,3})$", re.IGNORECASE)


def sup_label(text: str) -> str | None:
    """The note label a superscript shows, or None (``<sup>2</sup>`` in ``m<sup>2</sup>`` is a unit, not a note:
    only a mark right after Chinese text or punctuation is taken, see ``_text``)."""
    m = _SUP_LABEL.match(text.strip())
    if not m:
        return None
    v = m.group(1)
    return str(ord(v) - 0x2460 + 1) if not v.isdigit() else v


_SUPERSCRIPTS = str.maketrans("0123456789+-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻")


def superscript(before: str, text: str) -> str:
    """What a ``<sup>`` reads as after ``before``: a note reference after Chinese text or punctuation
    (``617亿斤<sup>1</sup>``), superscript characters after a figure or a unit (``10<sup>6</sup>`` → ``10⁶``,
    ``km<sup>2</sup>`` → ``km²``: never glued into ``106``), else its text."""
    before = before.rstrip()
    label = sup_label(text)
    if label and before and not before[-1].isascii():
        return REF_OPEN + label + REF_CLOSE
    t = text.strip()
    if before and before[-1].isascii() and before[-1].isalnum() and t and all(c in "0123456789+-−" for c in t):
        return t.translate(_SUPERSCRIPTS)
    return text


def _text(el) -> str:
    """The element's text without dropped children, ``<br>`` as a space, ``<sup>1</sup>`` a note reference."""
    parts: list[str] = []

    def walk(e) -> None:
        tag = e.tag if isinstance(e.tag, str) else ""
        if tag.lower() in DROP:
            if e.tail:
                parts.append(e.tail)
            return
        if tag.lower() == "sup" and e is not el and len(e) == 0:
            parts.append(superscript("".join(parts), e.text_content()))
            if e.tail:
                parts.append(e.tail)
            return
        if tag.lower() == "br":
            parts.append(" ")
        elif e.text and isinstance(e.tag, str):
            parts.append(e.text)
        for c in e:
            walk(c)
        if e is not el and e.tail:
            parts.append(e.tail)

    walk(el)
    return _join_text("".join(parts))


def _span(value) -> int:
    """A ``colspan``/``rowspan`` attribute as a count (1 when absent or unreadable)."""
    m = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(m.group(1)), 1000)) if m else 1


def _join_text(s: str) -> str:
    """Whitespace runs → one space, none between two Chinese characters."""
    # a no-break space between digit groups is kept for the grouping check (clean.Marks), not collapsed
    keep = [m.group() for m in GROUPING_SPACE.finditer(s)]
    parts = [collapse_spaces(x.replace("\n", " ")) for x in GROUPING_SPACE.split(s)]
    s = "".join(a + b for a, b in zip(parts, keep + [""]))
    return re.sub(f"(?<=[{CJK_WIDE}]) (?=[{CJK_WIDE}])", "", s)


def html_pieces(html: str, report: Report, first_line: int = 1, *, tree=None) -> list[Piece]:
    """Pieces of an HTML document or fragment (``first_line``: the line the HTML starts on in the input)."""
    import lxml.html

    if tree is None:
        if not html.strip():
            return []
        try:
            tree = lxml.html.fromstring(html)
        except Exception:  # noqa: BLE001 - unparseable markup: its text, tags stripped
            return [Piece("paragraph", _join_text(re.sub(r"<[^>]*>", " ", html)), first_line, first_line)]
    out: list[Piece] = []
    dropped: list[tuple[int, str]] = []

    def line_of(e) -> int:
        return first_line + (getattr(e, "sourceline", None) or 1) - 1

    def walk(e) -> None:
        tag = e.tag.lower() if isinstance(e.tag, str) else ""
        if not tag:
            return
        if tag in DROP:
            txt = e.text_content() if tag != "svg" else ""
            if txt.strip() or tag in ("script", "style"):
                dropped.append((line_of(e), f"<{tag}> {head(collapse_spaces(txt), 30)}"))
                report.remove(line_of(e), txt)
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            t = _text(e)
            if t:
                out.append(Piece("heading", t, line_of(e), line_of(e), level=int(tag[1]), numbering="plain"))
            return
        if tag == "table":
            from bipub.importer.tables import grid

            rows = grid([[(_text(c), _span(c.get("colspan")), _span(c.get("rowspan")))
                          for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
                         for tr in e.iter("tr")], report, line_of(e))
            if rows:
                out.append(Piece("table", "", line_of(e), line_of(e), rows=rows))
            return
        if tag == "img" and _WIDGET_IMG.search((e.get("src") or "") + " " + (e.get("class") or "")):
            dropped.append((line_of(e), f"<img> {head(e.get('src') or '', 30)} (a QR code, logo or icon)"))
            return
        if tag == "img":
            cap = (e.get("alt") or "").strip()
            out.append(Piece("figure", cap, line_of(e), line_of(e), src=e.get("src") or ""))
            return
        if tag == "figure":
            img = next(iter(e.iter("img")), None)
            cap_el = next(iter(e.iter("figcaption")), None)
            cap = _text(cap_el) if cap_el is not None else ((img.get("alt") or "") if img is not None else "")
            out.append(Piece("figure", cap, line_of(e), line_of(e), src=(img.get("src") or "") if img is not None else ""))
            return
        note = _NOTE_ID.search(e.get("id") or "") if tag == "li" else None
        if note is not None:  # a footnote list's item: the note, marked with its label for ``notes.lift``
            t = _text(e).rstrip("↩︎↑^ ")
            if t:
                out.append(Piece("paragraph", REF_OPEN + note.group(1) + REF_CLOSE + t, line_of(e), line_of(e)))
            return
        has_blocks = any(isinstance(c.tag, str) and c.tag.lower() in BLOCKS | {"img", "table", "br"} | DROP for c in e)
        if not has_blocks or tag in ("p", "li", "dd", "dt", "blockquote") and not any(
                isinstance(c.tag, str) and c.tag.lower() in {"p", "div", "table", "ul", "ol", "img", "figure"} for c in e):
            t = _text(e)
            if t:
                out.append(Piece("paragraph", t, line_of(e), line_of(e)))
            return
        if e.text and e.text.strip():
            out.append(Piece("paragraph", _join_text(e.text), line_of(e), line_of(e)))
        for c in e:
            if isinstance(c.tag, str) and c.tag.lower() == "br":
                pass
            else:
                walk(c)
            if c.tail and c.tail.strip():
                out.append(Piece("paragraph", _join_text(c.tail), line_of(c), line_of(c)))

    walk(tree)
    for line, what in dropped:
        report.add("html", "repaired", f"dropped {what}", line)
    return out


def markdown_pieces(body: str, first_line: int, report: Report) -> tuple[list[Piece], list[tuple[int, str]]]:
    """Pieces of a Markdown copy, and its text line by line (tags stripped) for the number check."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(body)
    pieces: list[Piece] = []
    source: list[tuple[int, str]] = []
    tags = 0
    i = 0
    while i < len(tokens):
        t = tokens[i]
        line = first_line + (t.map[0] if t.map else 0)
        if t.type == "heading_open":
            text, n = _inline(tokens[i + 1])
            tags += n
            if text:
                pieces.append(Piece("heading", text, line, line, level=int(t.tag[1]), numbering="plain"))
            i += 3
            continue
        if t.type == "paragraph_open":
            inline = tokens[i + 1]
            kids = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
            if len(kids) == 1 and kids[0].type == "image":
                img = kids[0]
                cap = "".join(c.content for c in img.children or [])
                pieces.append(Piece("figure", cap, line, line, credit=img.attrs.get("title") or "",
                                    src=str(img.attrs.get("src") or "")))
            else:
                text, n = _inline(inline)
                tags += n
                if text:
                    pieces.append(Piece("paragraph", text, line, line))
            i += 3
            continue
        if t.type == "table_open":
            rows: list[list[str]] = []
            while tokens[i].type != "table_close":
                if tokens[i].type == "tr_open":
                    rows.append([])
                elif tokens[i].type == "inline":
                    rows[-1].append(_inline(tokens[i])[0])
                i += 1
            pieces.append(Piece("table", "", line, line, rows=rows))
        elif t.type == "html_block":
            tags += 1
            pieces.extend(html_pieces(t.content, report, line))
        elif t.type in ("fence", "code_block"):
            pieces.append(Piece("paragraph", t.content.strip(), line, line))
        i += 1
    if tags:
        report.add("html", "repaired", f"read the HTML inside the Markdown as HTML ({tags} blocks or paragraphs with tags): "
                   "its text kept, its tags not passed through", first_line)
    for p in pieces:
        source += [(p.line, x) for x in p.texts()]
    return pieces, source


def _inline(token) -> tuple[str, int]:
    """The text of an inline token (links reduced to their words, HTML tags removed) and how many tags it had."""
    out: list[str] = []
    tags = 0
    sup = None
    for c in token.children or []:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif c.type == "html_inline":
            tags += 1
            if re.match(r"<sup[\s>]", c.content, re.IGNORECASE):
                sup = len(out)
            elif re.match(r"</sup\s*>", c.content, re.IGNORECASE) and sup is not None:
                out[sup:] = [superscript("".join(out[:sup]), "".join(out[sup:]))]
                sup = None
        elif c.type == "image":
            out.append("".join(k.content for k in c.children or []))
    return _join_text("".join(out)), tags
