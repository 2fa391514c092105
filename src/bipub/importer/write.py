"""Pieces → the Markdown source; both output files written atomically.

The front matter is TOML between ``+++`` lines, keys in a fixed order
(``title``, ``subtitle``, ``authors``, ``publication``, ``date``, ``place``,
then any other key a hand-edited input had).  Paragraph text is escaped so
that Markdown reads back exactly the characters written.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date, datetime
from pathlib import Path

from bipub.atomic import file_mode
from bipub.importer.pieces import Piece

FRONT_ORDER = ("title", "subtitle", "authors", "publication", "date", "place")


# ------------------------------------------------------------------ TOML

def toml_string(s: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (date, datetime)):
        return toml_string(v.isoformat())
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return toml_string(str(v))


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def front_matter(meta: dict) -> str:
    """``+++`` … ``+++`` with the keys of ``meta`` in the fixed order.

    Written even when empty: the ``+++`` lines mark the file as a bipub source, so
    importing it again reads it as one and changes nothing.
    """
    keys = [k for k in FRONT_ORDER if meta.get(k) not in (None, "", [])]
    keys += [k for k in meta if k not in FRONT_ORDER and not isinstance(meta[k], dict)]
    lines = ["+++"]
    for k in keys:
        name = k if _BARE_KEY.match(k) else toml_string(k)
        lines.append(f"{name} = {toml_value(meta[k])}")
    lines.append("+++")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ Markdown

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+=](?=\s|$)|>|(\d{1,9})([.)])(?=\s|$))")


def escape(text: str) -> str:
    """Escape what Markdown would read as markup, so the text comes back as written."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    m = _LINE_START.match(text)
    if m:
        if m.group(2):
            text = m.group(2) + "\\" + text[len(m.group(2)):]
        else:
            text = "\\" + text
    if text.startswith(("    ", "\t")):
        text = text.lstrip()
    return text


def unescape(text: str) -> str:
    """Undo :func:`escape` (backslash before ASCII punctuation)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def figure(caption: str, credit: str, src: str = "") -> str:
    """``![caption](<src> "credit")``; ``<>`` when the text gave no image file."""
    cap = escape(caption)
    dest = "<" + src.replace("\\", "/").replace("<", "%3C").replace(">", "%3E") + ">"
    if not credit:
        return f"![{cap}]({dest})"
    cred = credit.replace("\\", "\\\\").replace('"', '\\"')
    return f'![{cap}]({dest} "{cred}")'


def table(rows: list[list[str]]) -> str:
    """A pipe table, the first row its header; ``|`` inside a cell escaped, line ends made spaces."""
    def cell(c: str) -> str:
        return _INLINE_SPECIAL.sub(r"\\\1", " ".join(c.split())) or " "

    width = max(len(r) for r in rows)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(cell(c) for c in rows[0]) + " |", "|" + "---|" * width]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows[1:]]
    return "\n".join(out)


_NOTE_REF = re.compile("\ue000([0-9A-Za-z-]+)\ue001")


def _notes(text: str) -> str:
    """Footnote references (kept as ``\ue000N\ue001`` while importing) → ``[^N]``."""
    return _NOTE_REF.sub(r"[^\1]", text)


def markdown(meta: dict, pieces: list[Piece]) -> str:
    """The whole source file: front matter, then headings, paragraphs and figures, one blank line apart."""
    parts = []
    fm = front_matter(meta)
    for p in pieces:
        if p.kind == "heading":
            parts.append("#" * p.level + " " + _INLINE_SPECIAL.sub(r"\\\1", p.text))
        elif p.kind == "paragraph":
            parts.append(_notes(escape(p.text)))
        elif p.kind == "footnote":
            parts.append(f"[^{p.numbering}]: " + _notes(escape(p.text)))
        elif p.kind == "verbatim":
            parts.append(p.text)
        elif p.kind == "figure":
            parts.append(figure(p.text, p.credit, p.src))
        elif p.kind == "table" and p.rows:
            parts.append(table(p.rows))
    body = "\n\n".join(parts)
    return fm + ("\n" if fm and body else "") + body + ("\n" if body else "")


# ------------------------------------------------------------------ files

def write_both(md_path: Path, md_text: str, json_path: Path, data: dict) -> None:
    """Write the source and its findings JSON: both or neither (temp files, then ``os.replace``)."""
    md_path.parent.mkdir(parents=True, exist_ok=True)
    old_json = json_path.read_bytes() if json_path.exists() else None
    tmp_md = _temp(md_path, md_text.encode("utf-8"))
    try:
        tmp_json = _temp(json_path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except BaseException:
        os.unlink(tmp_md)
        raise
    try:
        os.replace(tmp_json, json_path)
        try:
            os.replace(tmp_md, md_path)
        except BaseException:
            # put the old findings back so the pair stays consistent
            if old_json is None:
                json_path.unlink(missing_ok=True)
            else:
                json_path.write_bytes(old_json)
            raise
    finally:
        for t in (tmp_md, tmp_json):
            if os.path.exists(t):
                os.unlink(t)


def _temp(target: Path, data: bytes) -> str:
    """A temp file beside ``target`` holding ``data``, with the mode ``target`` should get (``atomic.file_mode``:
    its current mode, else ``0o666 & ~umask``; ``mkstemp`` alone would make it ``0600``)."""
    fd, name = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(name, file_mode(target))
    except BaseException:
        os.unlink(name)
        raise
    return name
