"""Inline markup of the source: emphasis, links, footnote references and hard breaks.

The text of a segment holds no markup: its key, the memory, the glossary and the
number rules see the words exactly as before.  The markup is kept beside it as
``Segment.marks`` (``Mark(start, end, kind, ref)``).  While a paragraph is read,
each piece of markup is a private-use sentinel character in the text; after the
paragraph is split into sentences each sentence's sentinels become its marks
(a bold run across a sentence end is closed and reopened, so each sentence
carries its part).

Emphasis next to Chinese: CommonMark decides whether ``**`` opens or closes by
the characters beside it, and a run between a full stop and an ideograph is
neither (``**一是加大宏观调控力度。**针对……`` stays literal asterisks, the way
Chinese reports set their bold lead sentences).  :func:`cjk_friendly` makes a
wide East Asian character beside a run count like punctuation, as the
``markdown-it-cjk-friendly`` extension does, so such runs open and close; text
without Chinese is read exactly as CommonMark reads it.

Footnotes: markdown-it-py's footnote plugin is not a dependency, so
``take_footnotes`` lifts ``[^label]: text`` definitions out of the body (their
lines left blank, so every other line number stays) and turns each ``[^label]``
reference into a sentinel the inline reader understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token

from bipub.findings import Finding
from bipub.model import Mark
from bipub.text.normalize import CJK_WIDE, HAN_ASTRAL

OPEN = {"b": "\ue000", "i": "\ue002", "link": "\ue004"}
CLOSE = {"b": "\ue001", "i": "\ue003", "link": "\ue005"}
FN, FN_END, BR = "\ue006", "\ue008", "\ue007"
_KIND_OF = {v: k for k, v in OPEN.items()} | {v: k for k, v in CLOSE.items()}
SENTINELS = set(OPEN.values()) | set(CLOSE.values()) | {FN, FN_END, BR}

_CJK = CJK_WIDE  # characters a soft line break joins without a space
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def unsafe_url(url: str) -> bool:
    """Anything but http, https and mailto (a relative link is kept)."""
    u = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    return ":" in u.split("/")[0] and not u.startswith(SAFE_SCHEMES)


def _edge(text: str, last: bool) -> str:
    chars = [c for c in (reversed(text) if last else text) if c not in SENTINELS]
    return chars[0] if chars else ""


def _join_soft(left: str, right: str) -> str:
    """A soft line break joins without a space between CJK characters, with one between Latin words."""
    a, b = _edge(left, True), _edge(right, False)
    if not a or not b or re.match(f"[{_CJK}]", a) or re.match(f"[{_CJK}]", b):
        return left + right
    return left + " " + right


def inline_text(token: Token, dropped: list[str], links: list[str]) -> str:
    """The text of an inline token with its markup as sentinels; URLs of kept links go to ``links``."""
    out = ""
    open_links: list[bool] = []
    for child in token.children or []:
        t = child.type
        if t in ("text", "code_inline"):
            out += child.content
        elif t == "softbreak":
            out += "\n"
        elif t == "hardbreak":
            out += BR + "\n"
        elif t == "image":  # inside a sentence or a cell: its words stay, the image is reported
            alt = "".join(c.content for c in child.children or []) or child.content
            dropped.append(f"![{alt}]({child.attrs.get('src', '')})")
            out += alt
        elif t == "html_inline":
            dropped.append(child.content)
        elif t in ("strong_open", "em_open"):
            out += OPEN["b" if t == "strong_open" else "i"]
        elif t in ("strong_close", "em_close"):
            out += CLOSE["b" if t == "strong_close" else "i"]
        elif t == "link_open":
            href = str(child.attrs.get("href", ""))
            keep = bool(href) and not unsafe_url(href)
            open_links.append(keep)
            if keep:
                links.append(href)
                out += OPEN["link"]
        elif t == "link_close":
            if open_links and open_links.pop():
                out += CLOSE["link"]
    parts = out.split("\n")
    text = parts[0]
    for p in parts[1:]:
        text = _join_soft(text.rstrip(), p.lstrip())
    return text.strip()


def dropped_findings(dropped: list[str], path: str, line) -> list[Finding]:
    """A finding for each piece :func:`inline_text` left out: raw HTML, or an image (``![…](…)``) that is
    not alone in its paragraph (only that is a figure)."""
    return [Finding("parse.inline-image", "warning", f"image {d[:60]!r} inside a sentence or a table cell is "
                    "not set (a figure is an image alone in its paragraph); its words are kept", path, line)
            if d.startswith("![") else
            Finding("parse.raw-html", "warning", f"raw HTML dropped: {d.strip()[:60]!r}", path, line) for d in dropped]


def unsafe_links(inline: Token, path: str, line) -> list[Finding]:
    """A finding for each link of ``inline`` whose scheme is not http, https or mailto (its words are kept)."""
    out = []
    for c in inline.children or []:
        if c.type == "link_open" and unsafe_url(str(c.attrs.get("href", ""))):
            out.append(Finding("parse.unsafe-url", "warning", f"link dropped: {str(c.attrs.get('href'))[:40]!r}", path, line))
    return out


@dataclass
class Marker:
    """Turns sentinel text into (text, marks) per sentence, carrying open markup across sentences."""

    links: list[str]
    note_number: object  # label -> number as str, or None when the note has no definition
    missing: list[str] = field(default_factory=list)
    _open: list[tuple[str, str]] = field(default_factory=list)  # (kind, ref) open at the sentence start
    _link: int = 0

    def pieces(self, text: str, split) -> list[tuple[str, tuple[Mark, ...]]]:
        """The sentences of ``text`` (split at hard breaks, then by ``split``), each with its marks."""
        out: list[tuple[str, tuple[Mark, ...]]] = []
        chunks = text.split(BR)
        for n, chunk in enumerate(chunks):
            for piece in (split(chunk) if split else [chunk]):
                clean, marks = self._extract(piece)
                stripped = clean.lstrip()
                lead = len(clean) - len(stripped)
                stripped = stripped.rstrip()
                marks = tuple(Mark(max(0, m.start - lead), min(len(stripped), max(0, m.end - lead)), m.kind, m.ref)
                              for m in marks)
                marks = tuple(m for m in marks if m.end > m.start or m.kind in ("fn", "br"))
                if stripped and out and any(m.kind == "fn" and m.start == 0 for m in marks):
                    prev, pm = out[-1]  # a reference right after the full stop closes the sentence before
                    out[-1] = (prev, pm + tuple(Mark(len(prev), len(prev), "fn", m.ref) for m in marks
                                                if m.kind == "fn" and m.start == 0))
                    marks = tuple(m for m in marks if not (m.kind == "fn" and m.start == 0))
                if stripped:
                    out.append((stripped, marks))
                elif out and marks:  # a note reference after the full stop belongs to the sentence before
                    prev, pm = out[-1]
                    out[-1] = (prev, pm + tuple(Mark(len(prev), len(prev), m.kind, m.ref) for m in marks
                                                if m.kind == "fn"))
            if n < len(chunks) - 1 and out:
                prev, pm = out[-1]
                out[-1] = (prev, pm + (Mark(len(prev), len(prev), "br"),))
        return out

    def _extract(self, piece: str) -> tuple[str, list[Mark]]:
        clean = ""
        marks: list[Mark] = []
        starts = [(kind, ref, 0) for kind, ref in self._open]
        i = 0
        while i < len(piece):
            ch = piece[i]
            if ch in OPEN.values():
                kind = _KIND_OF[ch]
                ref = self.links[self._link] if kind == "link" and self._link < len(self.links) else ""
                if kind == "link":
                    self._link += 1
                starts.append((kind, ref, len(clean)))
                self._open.append((kind, ref))
            elif ch in CLOSE.values():
                kind = _KIND_OF[ch]
                for k in range(len(starts) - 1, -1, -1):
                    if starts[k][0] == kind:
                        _, ref, at = starts.pop(k)
                        marks.append(Mark(at, len(clean), kind, ref))
                        break
                for k in range(len(self._open) - 1, -1, -1):
                    if self._open[k][0] == kind:
                        self._open.pop(k)
                        break
            elif ch == FN:
                end = piece.find(FN_END, i)
                label = piece[i + 1:end if end >= 0 else len(piece)]
                i = end if end >= 0 else len(piece)
                number = self.note_number(label)
                if number is None:
                    self.missing.append(label)
                    clean += f"[^{label}]"
                else:
                    marks.append(Mark(len(clean), len(clean), "fn", number))
            elif ch not in SENTINELS:
                clean += ch
            i += 1
        marks += [Mark(at, len(clean), kind, ref) for kind, ref, at in starts]  # still open: closed here
        return clean, sorted(marks, key=lambda m: (m.start, -m.end))


# ---------------------------------------------------------------- emphasis beside Chinese
_WIDE = re.compile(f"[{CJK_WIDE}{HAN_ASTRAL}]")


class _CjkState(StateInline):
    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:  # noqa: N802 (markdown-it's name)
        """markdown-it's delimiter scan, with a wide East Asian neighbour counted as punctuation."""
        pos, maximum, marker = start, self.posMax, self.src[start]
        last = self.src[start - 1] if start > 0 else " "
        while pos < maximum and self.src[pos] == marker:
            pos += 1
        nxt = self.src[pos] if pos < maximum else " "
        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last) or bool(_WIDE.match(last))
        next_punct = isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt) or bool(_WIDE.match(nxt))
        last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
        left = not (next_space or (next_punct and not (last_space or last_punct)))
        right = not (last_space or (last_punct and not (next_space or next_punct)))
        return Scanned(left and (canSplitWord or not right or last_punct),
                       right and (canSplitWord or not left or next_punct), pos - start)


def cjk_friendly(md):
    """``md`` with emphasis runs beside Chinese read as a Chinese writer means them (see the module doc)."""
    inline = md.inline

    def parse(src, md_, env, tokens):
        state = _CjkState(src, md_, env, tokens)
        inline.tokenize(state)
        for rule in inline.ruler2.getRules(""):
            rule(state)
        return state.tokens

    inline.parse = parse
    return md


# ---------------------------------------------------------------- footnotes

_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$")
_REF = re.compile(r"\[\^([^\]\s*_`\\]+)\](?!:)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class NoteDef:
    label: str
    text: str
    line: int  # 1-based line in the body


def take_footnotes(body: str) -> tuple[str, dict[str, NoteDef]]:
    """(body without the definitions and with references as sentinels, label -> definition)."""
    lines = body.split("\n")
    notes: dict[str, NoteDef] = {}
    fence = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if m:
            fence = None if fence == m.group(1) else (fence or m.group(1))
        if fence is None:
            d = _DEF.match(line)
            if d:
                text, start = [d.group(2)], i
                lines[i] = ""
                while i + 1 < len(lines) and lines[i + 1][:1] in (" ", "\t") and lines[i + 1].strip():
                    i += 1
                    text.append(lines[i].strip())
                    lines[i] = ""
                label = d.group(1)
                notes.setdefault(label, NoteDef(label, "\n".join(text).strip(), start + 1))
            else:
                lines[i] = _REF.sub(lambda r: FN + r.group(1) + FN_END, line)
        i += 1
    return "\n".join(lines), notes
