"""Markdown source → `Document`.

markdown-it-py (CommonMark + tables) produces a flat token stream whose ``map``
gives each block's source lines; this module walks it once and builds the
document model.  Raw HTML never reaches the model: ``html_block`` and
``html_inline`` tokens are dropped and reported.  Inline markup (emphasis,
links, footnote references, hard breaks) becomes ``Segment.marks`` beside the
plain text (``source.inline``); a link other than http, https or mailto leaves
only its words behind, with a finding.  Footnote definitions become
``footnote`` blocks at the end of the section that first cites them; tables
are read by ``source.tables``; a ``---`` rule is a ``rule`` block.  Bad Markdown never raises; a broken front matter does, with the
file and line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bipub.findings import BipubError, Finding
from bipub.model import Block, Document, Mark, Section, Segment
from bipub.source.tables import read_table
from bipub.source.inline import (Marker, NoteDef, cjk_friendly, dropped_findings, inline_text, take_footnotes,
                                 unsafe_links, unsafe_url)
from bipub.pair import ZH_EN, LangPair
from bipub.text.normalize import segment_key
from bipub.source.limits import guard_nesting, nesting_findings

FRONT_KEYS = {"title": str, "subtitle": str, "authors": list, "publication": str, "date": (str, date), "place": str,
              "lang": str}
#: ``lang`` in the front matter: the script the Chinese is written in (``bipub import`` sets zh-Hant for a
#: Traditional source) → ``Document.variant``, so the build sets it in Traditional without converting it
SOURCE_SCRIPTS = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant-TW", "zh-Hant-TW": "zh-Hant-TW", "zh-Hant-HK": "zh-Hant-HK"}


@dataclass
class Parsed:
    document: Document
    findings: list[Finding] = field(default_factory=list)


def parse_path(path: Path | str, *, display_path: str | None = None, pair: LangPair = ZH_EN) -> Parsed:
    path = Path(path)
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BipubError(f"cannot read source: {e.strerror or e}", file=shown) from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise BipubError(f"not UTF-8 (byte {e.start}); convert it with `bipub import {shown}`",
                         file=shown, line=line) from e
    return parse_source(text, name=path.stem, path=shown, pair=pair)


# ---------------------------------------------------------------- front matter

def split_front_matter(text: str, path: str) -> tuple[dict, int, str]:
    """(front matter dict, number of lines it used, body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        return {}, 0, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "+++":
            toml = "\n".join(lines[1:i])
            try:
                meta = tomllib.loads(toml)
            except tomllib.TOMLDecodeError as e:
                m = re.search(r"line (\d+)", str(e))
                if m:
                    line = int(m.group(1)) + 1
                else:  # "at end of document": point at the last line of the front matter
                    line = max((k for k in range(1, i) if lines[k].strip()), default=0) + 1
                msg = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(e))
                raise BipubError(f"front matter is not valid TOML: {msg}", file=path, line=line) from e
            return meta, i + 1, "\n".join(lines[i + 1:])
    raise BipubError("front matter opened with +++ is never closed", file=path, line=1)


def _unopened_front_matter(body: str, path: str) -> list[Finding]:
    """A ``+++`` line after ``key = value`` lines at the top: the opening ``+++`` is missing."""
    lines = body.split("\n")
    for n, line in enumerate(lines[:40], 1):
        if line.strip() == "+++":
            keys = [x for x in lines[: n - 1] if x.strip()]
            if keys and all(re.match(r"\s*[A-Za-z_][\w-]*\s*=", x) for x in keys):
                return [Finding("parse.front-matter", "error",
                                f"line {n} closes a front matter that never opened: put +++ on line 1", path, n)]
            break
    return []


#: control characters a pasted text brings (Word's manual line break U+000B, a page break U+000C, an escape)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(text: str, path: str) -> tuple[str, list[Finding]]:
    """``text`` without control characters, and a finding for each line that had some: no edition can
    show them (a Word file refuses them, and the build died on one)."""
    findings = []
    if _CONTROL.search(text):
        for n, line in enumerate(text.split("\n"), 1):
            if found := sorted(set(_CONTROL.findall(line))):
                findings.append(Finding("parse.control-character", "warning", "control character "
                                        f"{', '.join(f'U+{ord(c):04X}' for c in found)} removed", path, n))
    return _CONTROL.sub("", text), findings


def _check_front(meta: dict, path: str, findings: list[Finding]) -> None:
    for key, value in meta.items():
        want = FRONT_KEYS.get(key)
        if want is None:
            findings.append(Finding("parse.front-matter", "warning",
                                    f"unknown front-matter key {key!r} (known: {', '.join(FRONT_KEYS)})", path, 1))
        elif not isinstance(value, want):
            findings.append(Finding("parse.front-matter", "error",
                                    f"front-matter key {key!r} has the wrong type ({type(value).__name__})", path, 1))


def zh_date(value) -> str:
    """ISO date → 2021年12月31日 (the numbers module renders it into English)."""
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------- inline text

def _only_image(token: Token) -> Token | None:
    kids = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip()) and c.type != "softbreak"]
    if len(kids) == 1 and kids[0].type == "image":
        return kids[0]
    return None


# ---------------------------------------------------------------- builder

class _Builder:
    def __init__(self, path: str, offset: int, pair: LangPair):
        self.path = path
        self.split = pair.split_source
        self.offset = offset  # lines taken by the front matter
        self.sections: list[Section] = []
        self.findings: list[Finding] = []
        self._sid = 0
        self._heading: Block | None = None
        self._blocks: list[Block] = []
        self._started = False
        self.notes: dict[str, NoteDef] = {}
        self.numbers: dict[str, str] = {}  # note label -> its number, in order of first citation
        self._cited: list[str] = []  # labels first cited in the current section
        self.md = None
        self.lines: list[str] = []  # the body's lines, as the tokens' line numbers count them

    def line(self, token: Token) -> int | None:
        return token.map[0] + 1 + self.offset if token.map else None

    def note_number(self, label: str) -> str | None:
        if label not in self.notes:
            return None
        if label not in self.numbers:
            self.numbers[label] = str(len(self.numbers) + 1)
            self._cited.append(label)
        return self.numbers[label]

    def marker(self, links: list[str]) -> Marker:
        return Marker(links, self.note_number)

    def _notes_here(self) -> None:
        """The definitions of the notes first cited in this section, as its last blocks."""
        cited, self._cited = self._cited, []
        for label in cited:
            note = self.notes[label]
            dropped: list[str] = []
            links: list[str] = []
            text = inline_text(self.md.parseInline(note.text)[0], dropped, links) if note.text else ""
            line = note.line + self.offset
            self.findings += dropped_findings(dropped, self.path, line)
            self.add("footnote", text, line, attrs={"number": self.numbers[label], "label": label}, links=links)

    def _close(self) -> None:
        self._notes_here()
        if self._started or self._blocks:
            self.sections.append(Section(f"s{self._sid}", self._heading, tuple(self._blocks)))

    def new_section(self, text: str, level: int, line: int | None, links: list[str]) -> None:
        self._close()
        self._sid += 1
        sid = f"s{self._sid}"
        pieces = self.pieces(text, links, None, line)
        plain, marks = pieces[0] if pieces else ("", ())
        seg = Segment(f"{sid}-h-1", segment_key(plain), plain, line=line, marks=marks)
        self._heading = Block("heading", f"{sid}-h", (seg,), line, level)
        self._blocks = []
        self._started = True

    def pieces(self, text: str, links: list[str], split, line) -> list[tuple[str, tuple[Mark, ...]]]:
        """``text`` (with markup sentinels) as (sentence, marks) pairs; an uncited note is a finding."""
        marker = self.marker(links)
        out = marker.pieces(text, split)
        for label in marker.missing:
            self.findings.append(Finding("parse.footnote-missing", "warning",
                                         f"note [^{label}] is cited but never defined; kept as text", self.path, line))
        return out

    def next_id(self) -> str:
        if not self._started and not self._blocks:
            self._sid = max(self._sid, 1)
        return f"s{self._sid or 1}-b{len(self._blocks) + 1}"

    def add(self, kind: str, text: str, line: int | None, *, split: bool = True, links=(), **kw) -> Block:
        bid = self.next_id()
        segs = []
        for piece, marks in self.pieces(text, list(links), self.split if split else None, line):
            segs.append(Segment(f"{bid}-{len(segs) + 1}", segment_key(piece), piece, line=line, marks=marks))
        block = Block(kind, bid, tuple(segs), line, **kw)
        self._blocks.append(block)
        return block

    def finish(self) -> tuple[Section, ...]:
        for label, note in self.notes.items():  # never cited: still printed, at the end, and reported
            if label not in self.numbers:
                self.findings.append(Finding("parse.footnote-unused", "warning",
                                             f"note [^{label}] is defined but never cited; printed at the end",
                                             self.path, note.line + self.offset))
                self.note_number(label)
        self._close()
        return tuple(self.sections)


def parse_source(text: str, *, name: str, path: str, pair: LangPair = ZH_EN) -> Parsed:
    """Parse Markdown text into segments split by the pair's ``split_source``. ``path`` is what findings and errors show."""
    text, findings = _without_controls(text.replace("\r\n", "\n"), path)
    meta, offset, body = split_front_matter(text, path)
    _check_front(meta, path, findings)
    if not offset:
        findings += _unopened_front_matter(body, path)
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        findings.append(Finding("parse.no-title", "warning",
                                f"no title in the front matter; the file name {name!r} stands in for it", path, 1))
    front = _front_blocks(meta)

    md = cjk_friendly(MarkdownIt("commonmark", {"html": True}).enable("table"))
    # Accept every link target at parse time so a `javascript:` link is recognised as a
    # link (and then dropped, keeping its words) rather than left behind as literal text.
    md.validateLink = lambda url: True
    too_deep = guard_nesting(md)  # markdown-it drops what is nested deeper than its limit: say so
    body, notes = take_footnotes(body)
    tokens = md.parse(body)
    b = _Builder(path, offset, pair)
    b.notes, b.md, b.lines = notes, md, body.split("\n")
    b.findings += nesting_findings(too_deep, path, offset)
    i = 0
    container: list[str] = []  # open list/quote containers
    list_numbers: list[int] = []
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if t == "heading_open":
            dropped: list[str] = []
            links: list[str] = []
            text = inline_text(tokens[i + 1], dropped, links)
            b.findings += dropped_findings(dropped, path, b.line(tok))
            b.findings += unsafe_links(tokens[i + 1], path, b.line(tok))
            if text:
                b.new_section(text, int(tok.tag[1]), b.line(tok), links)
            i += 3
            continue
        if t in ("bullet_list_open", "ordered_list_open"):
            container.append("ol" if t == "ordered_list_open" else "ul")
            list_numbers.append(int(tok.attrs.get("start", 1)) if t == "ordered_list_open" else 0)
        elif t in ("bullet_list_close", "ordered_list_close"):
            container.pop()
            list_numbers.pop()
        elif t == "blockquote_open":
            container.append("quote")
        elif t == "blockquote_close":
            container.pop()
        elif t == "list_item_close":
            if list_numbers and list_numbers[-1]:
                list_numbers[-1] += 1
        elif t == "paragraph_open":
            inline = tokens[i + 1]
            line = b.line(tok)
            img = _only_image(inline)
            if img is not None and not container:
                caption = "".join(c.content for c in img.children or []).strip()
                credit = (img.attrs.get("title") or "").strip()
                src = str(img.attrs.get("src") or "")
                if unsafe_url(src):
                    b.findings.append(Finding("parse.unsafe-url", "warning", f"dropped image source {src[:40]!r}", path, line))
                    src = ""
                elif re.match(r"(?i)\s*(https?:)?//", src):
                    b.findings.append(Finding("parse.remote-image", "warning",
                                              f"remote image {src[:50]!r} not fetched (bipub makes no network requests); "
                                              "save it beside the source and link it by file name", path, line))
                    src = ""
                blk = b.add("figure", caption, line, attrs={"src": src, "has_credit": bool(credit)})
                if credit:
                    blk = _append_segment(b, blk, credit, line)
                i += 3
                continue
            dropped = []
            links = []
            text = inline_text(inline, dropped, links)
            b.findings += dropped_findings(dropped, path, line)
            b.findings += unsafe_links(inline, path, line)
            if text:
                kind, kw = "paragraph", {}
                lists = [c for c in container if c in ("ul", "ol")]
                if lists:
                    kind = "list_item"
                    kw = {"level": len(lists), "attrs": {"ordered": lists[-1] == "ol", "number": list_numbers[-1]}}
                elif "quote" in container:
                    kind = "quote"
                b.add(kind, text, line, links=links, **kw)
            i += 3
            continue
        elif t == "table_open":
            i = read_table(tokens, i, b)
            continue
        elif t in ("fence", "code_block"):
            b.add("code", tok.content.rstrip("\n"), b.line(tok), split=False)
        elif t == "hr":
            b._blocks.append(Block("rule", b.next_id(), (), b.line(tok)))
        elif t == "html_block":
            b.findings.append(Finding("parse.raw-html", "warning",
                                      f"raw HTML dropped: {tok.content.strip()[:60]!r}", path, b.line(tok)))
        elif t not in _STRUCTURE:
            b.findings.append(Finding("parse.unsupported", "warning",
                                      f"Markdown element {t!r} is not rendered by bipub", path, b.line(tok)))
        i += 1

    lang = meta.get("lang", "zh-Hans")
    if lang not in SOURCE_SCRIPTS:
        findings.append(Finding("parse.front-matter", "error", f"lang {lang!r} is not one of {', '.join(SOURCE_SCRIPTS)}",
                                path, 1))
    doc = Document(name=name, path=path, meta=meta, front=front, sections=b.finish(),
                   variant=SOURCE_SCRIPTS.get(lang, "zh-Hans"))
    return Parsed(doc, findings + b.findings)


#: tokens that only open or close a structure the loop already follows
_STRUCTURE = {"bullet_list_close", "ordered_list_close", "list_item_open", "list_item_close",
              "blockquote_close", "paragraph_close", "heading_close", "inline"}


def _append_segment(b: _Builder, blk: Block, text: str, line) -> Block:
    seg = Segment(f"{blk.id}-{len(blk.segments) + 1}", segment_key(text), text, line=line)
    new = Block(blk.kind, blk.id, blk.segments + (seg,), blk.line, blk.level, blk.attrs, blk.rows)
    b._blocks[-1] = new
    return new


def _front_blocks(meta: dict) -> tuple[Block, ...]:
    blocks = []

    def block(kind: str, texts: list[str]) -> None:
        bid = f"s0-{kind}"
        segs = tuple(Segment(f"{bid}-{n}", segment_key(t), t, line=1) for n, t in enumerate(texts, 1) if t)
        if segs:
            blocks.append(Block(kind, bid, segs, line=1))

    for key in ("title", "subtitle"):
        if isinstance(meta.get(key), str):
            block(key, [meta[key].strip()])
    if isinstance(meta.get("authors"), list):
        block("byline", [str(a).strip() for a in meta["authors"]])
    if isinstance(meta.get("publication"), str):
        block("publication", [meta["publication"].strip()])
    if meta.get("date"):
        try:
            block("date", [zh_date(meta["date"])])
        except ValueError:
            pass
    if isinstance(meta.get("place"), str):
        block("place", [meta["place"].strip()])
    return tuple(blocks)


