"""The reader of Markdown: bipub's own sources, and Markdown copies scraped from the web.

**A bipub source** (``+++`` TOML front matter) is read back so that importing it
again changes nothing and loses nothing: its front matter, ``#`` headings
(levels kept), paragraphs and figures (``![caption](photo.png "credit")``, file
and credit kept) become pieces the repairs and checks see; every other block the
build's parser knows (tables, lists, quotes, code, raw HTML) is kept verbatim,
character for character.  A block nested deeper than ``NESTING_MAX`` levels is
reported (``import.deep-nesting``): the build's Markdown parser stops there.

**A scraped copy** (YAML ``---``, or TOML ``+++`` with keys bipub does not use, front matter with keys such as
``title``, ``author``, ``date``, ``source``, ``url``; or a ``.md`` file without
one) is read with a Markdown parser: its front matter goes to bipub's keys, its
headings, paragraphs, tables and images become pieces; HTML inside it is read as
HTML (``htmltext``): tags are never passed through as text, ``<style>`` and
``<script>`` are dropped and listed.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime

from bipub.importer import debris, htmltext, images, notes, patterns
from bipub.importer.clean import Marks, clean_lines
from bipub.importer.decode import ImportRefused, decode
from bipub.importer.intake import Intake, Options
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.write import unescape

NESTING_MAX = 8
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FIGURE = re.compile(r'^!\[(?P<cap>(?:[^\]\\]|\\.)*)\]\((?:<(?P<dest>[^<>\n]*)>|(?P<bare>[^\s()<>]*))'
                     r'(?:\s+"(?P<credit>(?:[^"\\]|\\.)*)")?\)$')
_CONTAINER = re.compile(r"^(?:[-*+]\s|\d{1,9}[.)]\s|>|\||```|~~~|<|\s{4})")
#: scraped front matter keys → bipub's
KEY_MAP = {"title": "title", "subtitle": "subtitle", "author": "authors", "authors": "authors", "byline": "authors",
           "date": "date", "published": "date", "pubdate": "date", "publish_date": "date",
           "source": "publication", "publication": "publication", "site_name": "publication", "sitename": "publication",
           "place": "place", "lang": "lang", "language": "lang"}


class MarkdownReader:
    name = "markdown"
    extensions = (".md", ".markdown", ".mdown")

    def sniff(self, data: bytes) -> bool:
        head = data[:4].lstrip(b"\xef\xbb\xbf")
        return head.startswith((b"+++\n", b"+++\r", b"---\n", b"---\r"))

    def read(self, data: bytes, name: str, report: Report, options: Options) -> Intake:
        decoded = decode(data, name)
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        raw = text.split("\n")
        if raw and raw[-1] == "":
            raw.pop()
        fm, end = _front(raw)
        if fm == "+++" and _own_keys(raw[1:end]):
            return _bipub_source(raw, end, name, report, options, decoded.encoding)
        meta = _scraped_meta(raw[1:end], fm, name, report) if fm else {}
        body_start = end + 1 if fm else 0
        body, footnotes = notes.lift_markdown(raw[body_start:], body_start + 1)
        pieces, source = htmltext.markdown_pieces("\n".join(body), body_start + 1, report)
        pieces += footnotes
        source += [(p.line, p.text) for p in footnotes]
        if options.to_simplified:
            lines = clean_lines("\n".join(p.text for p in pieces), Report(name), to_simplified=True)
            for p, ln in zip(pieces, lines):
                p.text = ln.text
        h1 = next((p for p in pieces if p.kind == "heading" and p.level == 1), None)
        if h1 is not None and "title" in meta and _squash(h1.text) == _squash(str(meta["title"])):
            pieces.remove(h1)  # the page's headline again, under its front matter
            report.remove(h1.line, h1.text)
            report.add("front-matter", "repaired", f"# {h1.text}: repeats the front matter's title, removed", h1.line)
        elif "title" not in meta:
            if h1 is not None:  # the heading moves to the front matter (counted there by the number check)
                meta["title"] = h1.text
                pieces.remove(h1)
                report.add("front-matter", "info", f"title {h1.text} taken from the # heading", h1.line)
        for p in pieces:
            if p.kind == "heading":
                p.level = max(2, p.level)
        source += [(no, line) for no, line in enumerate(raw[1:end], 2) if fm]
        pieces, assets = images.take(pieces, options.base, options.assets_dir, report)
        return Intake(decoded.encoding, meta=meta, pieces=pieces, source=source, assets=assets, explicit_paragraphs=True)


reader = MarkdownReader()


#: the front matter keys of a bipub source; a TOML header with others (Hugo's draft, categories …) is a scraped copy
OWN_KEYS = {"title", "subtitle", "authors", "publication", "date", "place", "lang"}


def _own_keys(lines: list[str]) -> bool:
    try:
        return set(tomllib.loads("\n".join(lines))) <= OWN_KEYS
    except tomllib.TOMLDecodeError:
        return True  # a broken bipub header: refused with its line by the source reader


def _front(raw: list[str]) -> tuple[str, int]:
    """(``"+++"`` or ``"---"``, index of the closing line), or ("", -1)."""
    if not raw:
        return "", -1
    first = raw[0].lstrip("\ufeff").strip()
    if first in ("+++", "---"):
        for i in range(1, len(raw)):
            if raw[i].strip() == first:
                return first, i
    return "", -1


def _scraped_meta(lines: list[str], fm: str, name: str, report: Report) -> dict:
    text = "\n".join(lines)
    try:
        if fm == "+++":
            data = tomllib.loads(text)
        else:
            import yaml  # PyYAML (installed with bipub's dependencies); safe_load builds no objects

            data = yaml.safe_load(text) or {}
    except Exception as e:  # noqa: BLE001 - any parse error of a scraped header is one finding, not a crash
        report.add("front-matter", "warning", f"the front matter at the top could not be read ({type(e).__name__}); "
                   "it was left out: copy what you need by hand", 1)
        report.remove(1, text)
        return {}
    if not isinstance(data, dict):
        report.remove(1, text)
        return {}
    meta: dict = {}
    for key, value in data.items():
        k = KEY_MAP.get(str(key).lower())
        if k is None or value in (None, "", []):
            report.add("front-matter", "info", f"front matter key {key} not used by bipub, left out", 1)
            report.remove(1, f"{key} {value}")
            continue
        if isinstance(value, (date, datetime)) or k == "date":
            full = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
            found = sorted(patterns.dates_in(full))
            if k != "date" or len(found) != 1:  # a range, a partial date, two dates: never made a date
                report.add("front-matter", "warning", f"front matter {key}: {full} is not one complete date "
                           "(year, month and day); left out: add date = \"YYYY-MM-DD\" by hand if it is known", 1)
                report.remove(1, f"{key} {full}")
                continue
            value = found[0]
            if full.startswith(value) and full != value:
                report.remove(1, full[10:])
                report.add("front-matter", "info", f"date {full} → {value} (the time of day left out)", 1)
            elif full != value:
                report.remove(1, full)
                report.add("front-matter", "info", f"date {full} → {value}", 1)
        if k == "authors":
            value = [str(v) for v in value] if isinstance(value, list) else [a for a in re.split(r"[,，、;；]\s*", str(value)) if a]
            value = [debris.clean_author(a) for a in value]
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        meta.setdefault(k, value if k == "authors" else str(value))
    if meta:
        report.add("front-matter", "info", f"front matter read: {', '.join(meta)}", 1)
    return meta


def _bipub_source(raw, end, name, report, options, encoding) -> Intake:
    try:
        meta = tomllib.loads("\n".join(raw[1:end]))
    except tomllib.TOMLDecodeError as e:
        raise ImportRefused(f"{name}:1: front matter is not valid TOML: {e}") from None
    marks = Marks(report, options.pinyin)
    pieces: list[Piece] = []
    source = [(no, line) for no, line in enumerate(raw[1:end], 2)]
    i, block = end + 1, 0
    while i < len(raw):
        line = marks.clean(raw[i].rstrip(), i + 1)
        if not line.strip():
            i, block = i + 1, block + 1
            continue
        start = i
        group = [line]
        fence = line.lstrip()[:3] if line.lstrip().startswith(("```", "~~~")) else ""
        i += 1
        while i < len(raw) and (fence or raw[i].strip()):
            nxt = marks.clean(raw[i].rstrip(), i + 1)
            group.append(nxt)
            i += 1
            if fence and nxt.strip().startswith(fence):
                break
        pieces.extend(_block(group, start + 1, block, report))
    for p in pieces:
        source += [(p.line, t) for t in p.texts()]
    marks.finish()
    # a bipub source marks its paragraphs: re-importing it never joins one to the next (a date line to the lede)
    return Intake(encoding, meta=meta, pieces=pieces, source=source, explicit_paragraphs=True, own_source=True)


_NOTE_DEF = re.compile(r"^ {0,3}\[\^([0-9A-Za-z-]+)\]:[ \t]?(.*)$")
_NOTE_REF = re.compile(r"(?<!\\)\[\^([0-9A-Za-z-]+)\](?!:)")


def _refs(text: str) -> str:
    """``[^1]`` (not an escaped ``\\[^1\\]``) → a note reference while importing."""
    return _NOTE_REF.sub(lambda m: notes.REF_OPEN + m.group(1) + notes.REF_CLOSE, text)


def _block(group: list[str], line: int, block: int, report: Report) -> list[Piece]:
    first = group[0]
    d = _NOTE_DEF.match(first)
    if d and all(g[:1] in (" ", "\t") for g in group[1:]):
        text = unescape(_refs(" ".join([d.group(2).strip()] + [g.strip() for g in group[1:]])))
        return [Piece("footnote", text, line, line + len(group) - 1, block=block, numbering=d.group(1))]
    h = _HEADING.match(first)
    if h and len(group) == 1:
        text = unescape(h.group(2))
        num = patterns.heading_number(text)
        return [Piece("heading", text, line, line, block=block, level=len(h.group(1)), numbering=num.kind if num else "plain")]
    f = _FIGURE.match(first)
    if f and len(group) == 1:
        credit = (f.group("credit") or "").replace('\\"', '"').replace("\\\\", "\\")
        src = f.group("dest") if f.group("dest") is not None else f.group("bare")
        return [Piece("figure", unescape(f.group("cap")), line, line, block=block, credit=credit, src=src or "")]
    if _CONTAINER.match(first) or any(_HEADING.match(g) or _FIGURE.match(g) for g in group[1:]):
        depth = max(_depth(g) for g in group)
        if depth > NESTING_MAX:
            report.add("deep-nesting", "warning", f"a list or quote nested {depth} levels deep: the build keeps at most "
                       f"{NESTING_MAX}; flatten it, or text below that level may not be published", line)
        return [Piece("verbatim", "\n".join(group), line, line + len(group) - 1, block=block, fixed=True)]
    text = ""
    for g in group:
        g = unescape(_refs(g.strip()))
        text += ("" if not text or not (text[-1].isascii() and g[:1].isascii()) else " ") + g
    return [Piece("paragraph", text, line, line + len(group) - 1, block=block)]


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _depth(line: str) -> int:
    """How deep a Markdown line is nested: quote marks plus list indents (two spaces a level)."""
    m = re.match(r"^([\s>]*)", line)
    lead = m.group(1) if m else ""
    return lead.count(">") + len(lead.replace(">", "").expandtabs(4)) // 2
