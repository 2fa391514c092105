"""The reader of saved web pages (``.html``/``.htm``): the article, not the page.

The page is read block by block (``htmltext``: headings, paragraphs, tables,
images, each with its line in the saved file).  trafilatura finds which blocks
are the article, and its title, author, date and site.  The article is the run
of blocks from the first to the last one trafilatura kept, so headings and
tables between them stay even when the extractor drops them.  Every visible
block outside it (navigation, widgets, related links, footers) is listed
(``import.page-furniture``, with its line) and its figures count as removed for
the number check, so no figure disappears unlisted.  Editor lines, app
promotions and share widgets inside the article are removed by ``debris``, like
in any other input.
"""

from __future__ import annotations

import re
from datetime import date

from bipub.importer import htmltext, images, patterns
from bipub.importer.decode import ImportRefused, decode
from bipub.importer.intake import Intake, Options
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import head

_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|meta\s)", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(rb"<(?:p|div|table|h[1-6]|section|article)[\s>]", re.IGNORECASE)
_SQUASH = re.compile(r"[\s\u3000]+")
#: the header of a list of other articles under the article (``相关新闻``, ``推荐阅读``): the article ends above it
_RELATED = re.compile(r"^[【\[]?(?:相关新闻|相关阅读|相关链接|相关文章|推荐阅读|热点推荐|热门推荐|精彩推荐|猜你喜欢|更多阅读|往期回顾)[】\]]?[：:]?$")
_MARKS = re.compile("\ue000[^\ue001]*\ue001|[0-9\\[\\]［］]")
#: site names appended to a page title: ``标题_新华网``, ``标题 - 人民网``
_TITLE_SITE = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s)\s*[^_|｜\-—–]{2,20}$")


class HtmlReader:
    name = "html"
    extensions = (".html", ".htm", ".xhtml", ".shtml")

    def sniff(self, data: bytes) -> bool:
        """A page (doctype, ``<html>``, ``<head>``), or text that is mostly HTML blocks (a scraped body)."""
        head = data[:65536].lstrip(b"\xef\xbb\xbf")
        return bool(_SNIFF.match(head[:2048])) or (
            head[:1] == b"<" and len(_BLOCK_TAG.findall(head)) >= 3)

    def read(self, data: bytes, name: str, report: Report, options: Options) -> Intake:
        import lxml.html
        import trafilatura

        decoded = decode(data, name)
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decoded.text)
        try:
            tree = lxml.html.document_fromstring(text)
        except Exception as e:  # noqa: BLE001 - lxml raises several kinds for broken markup
            raise ImportRefused(f"{name}: byte 0: not a readable HTML page ({e})") from None
        body = tree.find("body")
        page = htmltext.html_pieces("", report, tree=body if body is not None else tree)  # what the page shows
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_tables=True, include_images=True,
                                          include_comments=False, favor_recall=True)
        kept = {_key(t) for p in _body(doc.body) for t in p.texts()} - {""} if doc is not None and doc.body is not None else set()
        hits = [i for i, p in enumerate(page) if any(_key(t) in kept for t in p.texts())]
        if not page:
            raise ImportRefused(f"{name}: byte 0: no text found in this web page")
        if not hits:
            report.add("html", "warning", "the extractor found no article in this page: every visible block is "
                       "imported; remove what is not the article", None)
            hits = [0, len(page) - 1]
        lo, hi = hits[0], hits[-1] + 1
        hi = next((i for i in range(lo + 1, hi) if _RELATED.match(_SQUASH.sub("", page[i].text))), hi)
        pieces = page[lo:hi]
        meta = _meta(doc, page[max(0, lo - 3):lo] + pieces, pieces, report, text) if doc is not None else {}
        _furniture(page[:lo] + page[hi:], meta, report)
        source = [(p.line, t) for p in page for t in p.texts()]
        shown = {_key(t) for p in page for t in p.texts()}
        source += [(None, " ".join(v) if isinstance(v, list) else str(v)) for v in meta.values()
                   if _key(" ".join(v) if isinstance(v, list) else str(v)) not in shown]
        pieces, assets = images.take(pieces, options.base, options.assets_dir, report)
        return Intake(f"HTML ({decoded.encoding})", meta=meta, pieces=pieces, source=source, assets=assets,
                      explicit_paragraphs=True)


reader = HtmlReader()


def _body(body) -> list[Piece]:
    """trafilatura's XML (``head``, ``p``, ``list/item``, ``table/row/cell``, ``graphic``) → pieces."""
    out: list[Piece] = []
    for el in body.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            level = int((el.get("rend") or "h2")[1:] or 2) if (el.get("rend") or "").startswith("h") else 2
            t = htmltext._text(el)
            if t:
                out.append(Piece("heading", t, 0, 0, level=level, numbering="plain"))
        elif tag in ("p", "item", "quote") and not _inside(el, ("table", "p", "item", "quote")):
            t = htmltext._text(el)
            if t:
                out.append(Piece("paragraph", t, 0, 0))
        elif tag == "table" and not _inside(el, ("table",)):
            rows = [[htmltext._text(c) for c in row if c.tag == "cell"] for row in el.iter("row")]
            rows = [r for r in rows if any(r)]
            if rows:
                out.append(Piece("table", "", 0, 0, rows=rows))
        elif tag == "graphic":
            out.append(Piece("figure", (el.get("title") or el.get("alt") or "").strip(), 0, 0, src=el.get("src") or ""))
    return out


def _inside(el, tags) -> bool:
    p = el.getparent()
    while p is not None:
        if p.tag in tags:
            return True
        p = p.getparent()
    return False


def _key(text: str) -> str:
    """What the page's block and the extractor's text share: no spaces, no note marks (the extractor keeps
    ``<sup>1</sup>`` as a glued ``1`` where the page's block has a note reference)."""
    return _SQUASH.sub("", _MARKS.sub("", text))


def _meta(doc, near: list[Piece], pieces: list[Piece], report: Report, page_text: str) -> dict:
    """Title, author, date and site of the page; the article's own heading, when it is the title, moves there."""
    meta: dict = {}
    title = (doc.title or "").strip()
    if title:
        first = next((p for p in near if p.kind == "heading"), None)
        if first is not None and _key(first.text) and _key(first.text) in _key(title):
            title = first.text  # the page title with the site's name appended: the article heading is the title
            if first in pieces:
                pieces.remove(first)
        elif _TITLE_SITE.search(title):
            cut = _TITLE_SITE.sub("", title)
            report.add("front-matter", "info", f"page title {title}: site name {title[len(cut):].strip(' _|｜-—–')} left out", None)
            title = cut
        meta["title"] = title
    if doc.author:
        meta["authors"] = [a for a in re.split(r"\s*[;；,，、|]\s*", doc.author) if a]
    if doc.date:
        try:
            found = date.fromisoformat(str(doc.date)[:10]).isoformat()
        except ValueError:
            found = ""
        if found and found in patterns.dates_in(page_text):
            meta["date"] = found
        else:  # the extractor's guess (from a title such as 2024年1-9月…) is not a date the page prints
            report.add("front-matter", "info", f"the extractor guessed the date {doc.date}, but the page prints no such "
                       "complete date; left out: add date = \"YYYY-MM-DD\" by hand if it is known", None)
    if doc.sitename:
        meta["publication"] = doc.sitename
    if meta:
        report.add("front-matter", "info", "from the page: " + "; ".join(
            f"{k} {', '.join(v) if isinstance(v, list) else v}" for k, v in meta.items()), None)
    return meta


def _furniture(outside: list[Piece], meta: dict, report: Report) -> None:
    """List every visible block of the page outside the article (but the title that went to the front matter)."""
    kept = {_SQUASH.sub("", str(v)) for v in meta.values() if not isinstance(v, list)}  # figures and all
    left: list[int] = []
    examples: list[str] = []
    for p in outside:
        for t in p.texts():
            if not _key(t) or _SQUASH.sub("", t) in kept:
                continue
            report.remove(p.line, t)
            left.append(p.line)
            if len(examples) < 3:
                examples.append(head(t, 16))
    report.add_lines("page-furniture", "repaired", "left out page text outside the article (navigation, widgets, "
                     f"footers: {' / '.join(examples)})", sorted(set(left)))
