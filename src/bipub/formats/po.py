"""gettext PO review files (Poedit, Lokalize, Weblate, translate-toolkit).

One entry per segment::

    #. bipub: needs-review — by argos 1.9 zh→en, 2026-11-28T21:00:00Z
    #. glossary: 工信 → industry and information technology
    #. bipub-key: 3f2a9c0d1e4b
    #. bipub-state: needs-review
    #: source/NAME.md:12
    #, fuzzy
    msgctxt "s1-b2-1"
    msgid "这一年，……"
    msgstr "That year, …"

``msgctxt`` is the segment id (it also keeps a sentence that occurs twice
distinct).  ``draft`` and ``needs-review`` are ``fuzzy``; a PO editor drops
the flag when the translator confirms or edits the entry, which imports as
``reviewed`` (``approved`` if ``bipub-state: approved`` and not fuzzy).
The reader is a small strict parser: a broken entry is refused with its line.
"""

from __future__ import annotations

import re

from bipub import __version__
from bipub.findings import BipubError
from bipub.model import STATES
from bipub.memory.review import SOURCE_LANG, TARGET_LANG, ReviewFile, ReviewUnit

_ESC_OUT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESC_IN = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def quote(text: str) -> str:
    return '"' + "".join(_ESC_OUT.get(c, c) for c in text) + '"'


def _field(keyword: str, text: str) -> list[str]:
    """``msgid "…"`` — multi-line strings as gettext writes them (empty first line, one line per ``\\n``)."""
    if "\n" not in text.rstrip("\n"):
        return [f"{keyword} {quote(text)}"]
    lines = [f'{keyword} ""']
    pieces = text.split("\n")
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        chunk = piece if last else piece + "\n"
        if chunk:
            lines.append(quote(chunk))
    return lines


def _comment(prefix: str, text: str) -> list[str]:
    return [f"{prefix} {line}".rstrip() for line in text.splitlines() or [""]]


def dumps(units: list[ReviewUnit], *, document: str, name: str) -> bytes:
    out: list[str] = [
        f"# Review file for {document}, written by bipub {__version__}.",
        "# Edit msgstr; remove the fuzzy flag when an entry is right. Then: bipub review import FILE",
        'msgid ""',
        'msgstr ""',
    ]
    header = [
        f"Project-Id-Version: {name}", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit", f"Language: {TARGET_LANG}",
        f"X-Source-Language: {SOURCE_LANG.replace('-', '_')}", f"X-Generator: bipub {__version__}",
        f"X-Bipub-Document: {document}",
    ]
    out += [quote(h + "\n") for h in header]
    for u in units:
        out.append("")
        for note in u.notes:
            out += _comment("#.", note)
        if u.key:
            out.append(f"#. bipub-key: {u.key}")
        if u.state:
            out.append(f"#. bipub-state: {u.state}")
        if u.location:
            out.append(f"#: {u.location}")
        if u.state in ("draft", "needs-review"):
            out.append("#, fuzzy")
        out += _field("msgctxt", u.id)
        out += _field("msgid", u.zh)
        out += _field("msgstr", u.en or "")
    return ("\n".join(out) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- reading
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*)$')


def _unquote(s: str, shown: str, n: int) -> str:
    s = s.strip()
    if len(s) < 2 or not s.startswith('"') or not s.endswith('"'):
        raise BipubError(f'{shown}:{n}: expected a "quoted string", got {s[:40]!r}')
    body = s[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            if i + 1 >= len(body):
                raise BipubError(f"{shown}:{n}: string ends with a lone backslash")
            e = body[i + 1]
            if e not in _ESC_IN:
                raise BipubError(f"{shown}:{n}: unknown escape \\{e}")
            out.append(_ESC_IN[e])
            i += 2
            continue
        if c == '"':
            raise BipubError(f'{shown}:{n}: unescaped " inside a string')
        out.append(c)
        i += 1
    return "".join(out)


class _Entry:
    def __init__(self, line: int) -> None:
        self.line = line
        self.extracted: list[str] = []
        self.flags: set[str] = set()
        self.fields: dict[str, list[str]] = {}
        self.first_line: dict[str, int] = {}
        self.obsolete = False


def _entries(text: str, shown: str) -> list[_Entry]:
    entries: list[_Entry] = []
    cur: _Entry | None = None
    last_field: str | None = None

    def finish() -> None:
        nonlocal cur, last_field
        if cur is not None and (cur.fields or not cur.obsolete):
            if cur.fields:
                if "msgid" not in cur.fields:
                    raise BipubError(f"{shown}:{cur.line}: entry without msgid")
                if not any(k.startswith("msgstr") for k in cur.fields):
                    raise BipubError(f"{shown}:{cur.line}: msgid {''.join(cur.fields['msgid'])[:30]!r} has no msgstr")
                entries.append(cur)
        cur, last_field = None, None

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            finish()
            cur = _Entry(n)
            cur.obsolete = True  # obsolete entries are skipped
            continue
        if cur is not None and cur.obsolete:
            continue
        if line.startswith("#"):
            if cur is not None and cur.fields:
                finish()  # a comment after msgstr starts the next entry
            if cur is None:
                cur = _Entry(n)
            if line.startswith("#."):
                cur.extracted.append(line[2:].strip())
            elif line.startswith("#,"):
                cur.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        m = _KEYWORD.match(line)
        if m:
            kw = m.group(1)
            if cur is None:
                cur = _Entry(n)
            elif kw in cur.fields or (kw in ("msgid", "msgctxt") and any(k.startswith("msgstr") for k in cur.fields)):
                finish()  # entries not separated by a blank line
                cur = _Entry(n)
            if kw == "msgctxt" and "msgid" in cur.fields:
                raise BipubError(f"{shown}:{n}: msgctxt must come before msgid")
            if kw.startswith("msgstr") and "msgid" not in cur.fields:
                raise BipubError(f"{shown}:{n}: msgstr without msgid")
            cur.fields[kw] = [_unquote(m.group(3), shown, n)]
            cur.first_line.setdefault(kw, n)
            last_field = kw
            continue
        if line.startswith('"'):
            if cur is None or last_field is None:
                raise BipubError(f"{shown}:{n}: string continuation outside an entry")
            cur.fields[last_field].append(_unquote(line, shown, n))
            continue
        raise BipubError(f"{shown}:{n}: not PO syntax: {line[:40]!r}")
    finish()
    return entries


def loads(data: bytes, shown: str) -> ReviewFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise BipubError(f"{shown}:{line}: not UTF-8 (byte {e.start})") from e
    rf = ReviewFile(tool="gettext PO")
    seen: dict[str, int] = {}
    for e in _entries(text, shown):
        msgid = "".join(e.fields["msgid"])
        msgstr = "".join(e.fields.get("msgstr") or e.fields.get("msgstr[0]") or [])
        ctxt = "".join(e.fields["msgctxt"]) if "msgctxt" in e.fields else None
        if msgid == "" and ctxt is None:  # the header entry
            for h in msgstr.splitlines():
                k, _, v = h.partition(":")
                k, v = k.strip().lower(), v.strip()
                if k == "x-bipub-document":
                    rf.document = v
                elif k == "x-source-language":
                    rf.source_lang = v.replace("_", "-")
                elif k == "language":
                    rf.target_lang = v.replace("_", "-")
                elif k == "x-generator":
                    rf.tool = v
            continue
        uid = ctxt if ctxt is not None else f"line {e.first_line['msgid']}"
        if (ctxt, msgid) in seen:
            raise BipubError(f"{shown}:{e.first_line['msgid']}: duplicate entry (also on line {seen[(ctxt, msgid)]})")
        seen[(ctxt, msgid)] = e.first_line["msgid"]
        meta = dict(x.split(":", 1) for x in e.extracted if x.startswith("bipub-") and ":" in x)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        written = meta.get("bipub-state")
        if written is not None and written not in STATES:
            raise BipubError(f"{shown}:{e.line}: unknown bipub-state {written!r}; use one of {', '.join(STATES)}")
        if not msgstr:
            state = None
        elif "fuzzy" in e.flags:
            state = "draft" if written == "draft" else "needs-review"
        else:
            state = "approved" if written == "approved" else "reviewed"
        notes = tuple(x for x in e.extracted if not x.startswith(("bipub-key:", "bipub-state:")))
        rf.units.append(ReviewUnit(
            id=uid, key=meta.get("bipub-key"), zh=msgid, en=msgstr or None,
            state=state, notes=notes, line=e.first_line.get("msgctxt", e.first_line["msgid"]),
        ))
    return rf
