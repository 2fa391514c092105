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

Every entry also carries ``#. bipub-base: "…"``, the msgstr as exported (a JSON
string; see `bipub.formats.unit`).  Raw ``#,`` flags are kept in
``TranslationUnit.flags``; the header's ``Last-Translator`` and
``PO-Revision-Date`` become each unit's ``by``/``at`` (a PO file has no
per-entry author).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from bipub import __version__
from bipub.findings import Finding, InputRefused
from bipub.formats.inline import literal_tags, marks_of, reconcile, tagged, untag
from bipub.formats.unit import BASE, TranslationFile, TranslationUnit, base_text, iso_utc, read_base_marked, tags
from bipub.model import STATES

_ESC_OUT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
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


class Po:
    name = "po"
    extensions = (".po", ".pot")

    @staticmethod
    def sniff(head: bytes) -> bool:
        text = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
        return not text.startswith("<") and re.search(r'^msgid\s+"', text, re.M) is not None

    @staticmethod
    def loads(data: bytes, shown: str) -> TranslationFile:
        return _loads(data, shown)

    @staticmethod
    def dumps(units: list[TranslationUnit], *, document: str, name: str, pair=None,
              report: list[Finding] | None = None, exported_at: str | None = None) -> bytes:
        source_lang, target_lang = tags(pair)
        out: list[str] = [
            f"# Review file for {_line(document)}, written by bipub {__version__}.",
            "# Edit msgstr; remove the fuzzy flag when an entry is right. Then: bipub review import FILE",
            'msgid ""',
            'msgstr ""',
        ]
        header = [
            f"Project-Id-Version: {_line(name)}", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit", f"Language: {target_lang.replace('-', '_')}",
            f"X-Source-Language: {source_lang.replace('-', '_')}", f"X-Generator: bipub {__version__}",
            f"X-Bipub-Document: {_line(document)}",
        ]
        if exported_at:
            header.append(f"X-Bipub-Exported: {exported_at}")
        out += [quote(h + "\n") for h in header]
        for u in units:
            out.append("")
            for note in u.notes:
                out += _comment("#.", note)
            if u.key:
                out.append(f"#. bipub-key: {u.key}")
            if u.state:
                out.append(f"#. bipub-state: {u.state}")
            out.append(f"#. {BASE}: {base_text(u.target, u.target_marks or ())}")
            if u.location:
                out.append(f"#: {_line(u.location).replace(' ', '_')}")
            if u.state in ("draft", "needs-review"):
                out.append("#, fuzzy")
            out += _field("msgctxt", u.id)
            out += _field("msgid", tagged(u.source, u.source_marks))
            out += _field("msgstr", tagged(u.target or "", u.target_marks or ()))
            if report is not None and (literal_tags(u.source) or literal_tags(u.target or "")):
                report.append(literal_finding(u))
        return ("\n".join(out) + "\n").encode("utf-8")



def literal_finding(u: TranslationUnit) -> Finding:
    path, _, line = (u.location or "").rpartition(":")
    return Finding("formats.literal-tags", "warning",
                   f"unit {u.id}: its text holds <b>, </b>, <i> or </i> as words; in PO these are bipub's "
                   "emphasis codes, so they read back as emphasis", path or u.location, int(line) if line.isdigit() else None)


def _line(text: str) -> str:
    """A value for a one-line place (header, comment): line breaks become spaces."""
    return " ".join(text.splitlines())


# --------------------------------------------------------------------------- reading
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*)$')


def _unquote(s: str, shown: str, n: int) -> str:
    s = s.strip()
    if len(s) < 2 or not s.startswith('"') or not s.endswith('"'):
        raise InputRefused(f'{shown}:{n}: expected a "quoted string", got {s[:40]!r}')
    body = s[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            if i + 1 >= len(body):
                raise InputRefused(f"{shown}:{n}: string ends with a lone backslash")
            e = body[i + 1]
            if e not in _ESC_IN:
                raise InputRefused(f"{shown}:{n}: unknown escape \\{e}")
            out.append(_ESC_IN[e])
            i += 2
            continue
        if c == '"':
            raise InputRefused(f'{shown}:{n}: unescaped " inside a string')
        out.append(c)
        i += 1
    return "".join(out)


class _Entry:
    def __init__(self, line: int) -> None:
        self.line = line
        self.extracted: list[str] = []
        self.references: list[str] = []
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
                    raise InputRefused(f"{shown}:{cur.line}: entry without msgid")
                if not any(k.startswith("msgstr") for k in cur.fields):
                    raise InputRefused(f"{shown}:{cur.line}: msgid {''.join(cur.fields['msgid'])[:30]!r} has no msgstr")
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
            elif line.startswith("#:"):
                cur.references.extend(line[2:].split())
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
                raise InputRefused(f"{shown}:{n}: msgctxt must come before msgid")
            if kw.startswith("msgstr") and "msgid" not in cur.fields:
                raise InputRefused(f"{shown}:{n}: msgstr without msgid")
            cur.fields[kw] = [_unquote(m.group(3), shown, n)]
            cur.first_line.setdefault(kw, n)
            last_field = kw
            continue
        if line.startswith('"'):
            if cur is None or last_field is None:
                raise InputRefused(f"{shown}:{n}: string continuation outside an entry")
            cur.fields[last_field].append(_unquote(line, shown, n))
            continue
        raise InputRefused(f"{shown}:{n}: not PO syntax: {line[:40]!r}")
    finish()
    return entries


def _decode(data: bytes, shown: str) -> str:
    """The text of a PO file: UTF-16 with a byte-order mark (Notepad's "Unicode"), else the ``charset``
    its header declares (a Chinese tool's GBK or GB18030), else UTF-8; bytes that are not that → refused."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        data = data.decode("utf-16").encode("utf-8")
    declared = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
    charset = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        codec = "utf-8"
    try:
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputRefused(f"{shown}:{line}: not {'UTF-8' if codec == 'utf-8' else charset} (byte {e.start})") from e


def _loads(data: bytes, shown: str) -> TranslationFile:
    text = _decode(data, shown)
    tf = TranslationFile(tool="gettext PO")
    seen: dict[tuple, int] = {}
    by = at = None
    for e in _entries(text, shown):
        msgid = "".join(e.fields["msgid"])
        msgstr = "".join(e.fields.get("msgstr") or e.fields.get("msgstr[0]") or [])
        ctxt = "".join(e.fields["msgctxt"]) if "msgctxt" in e.fields else None
        if msgid == "" and ctxt is None:  # the header entry
            head = _header(msgstr)
            tf.document = head.get("x-bipub-document")
            tf.source_lang = head.get("x-source-language", "").replace("_", "-") or None
            tf.target_lang = head.get("language", "").replace("_", "-") or None
            tf.tool = head.get("x-generator") or tf.tool
            tf.exported_at = iso_utc(head.get("x-bipub-exported"))
            translator = head.get("last-translator", "")
            by = translator if translator and "FULL NAME" not in translator else None
            at = iso_utc(head.get("po-revision-date"))
            continue
        uid = ctxt if ctxt is not None else f"line {e.first_line['msgid']}"
        if (ctxt, msgid) in seen:
            raise InputRefused(f"{shown}:{e.first_line['msgid']}: duplicate entry (also on line {seen[(ctxt, msgid)]})")
        seen[(ctxt, msgid)] = e.first_line["msgid"]
        meta = dict(x.split(":", 1) for x in e.extracted if x.startswith("bipub-") and ":" in x)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        written = meta.get("bipub-state")
        if written is not None and written not in STATES:
            raise InputRefused(f"{shown}:{e.line}: unknown bipub-state {written!r}; use one of {', '.join(STATES)}")
        if not msgstr:
            state = None
        elif "fuzzy" in e.flags:
            state = "draft" if written == "draft" else "needs-review"
        else:
            state = "approved" if written == "approved" else "reviewed"
        notes = tuple(x for x in e.extracted if not x.startswith(("bipub-key:", "bipub-state:", f"{BASE}:")))
        msgid, src_codes, problems = untag(msgid)
        msgstr, tgt_codes, more = untag(msgstr)
        marks, rest = reconcile(src_codes, tgt_codes, msgstr)
        base = read_base_marked(meta.get(BASE))
        tf.units.append(TranslationUnit(
            id=uid, key=meta.get("bipub-key"), source=msgid, target=msgstr or None,
            state=state, notes=notes, line=e.first_line.get("msgctxt", e.first_line["msgid"]),
            location=" ".join(e.references) or None, flags=frozenset(e.flags),
            origin_target=base[0], origin_marks=base[1], source_marks=marks_of(src_codes),
            target_marks=marks if msgstr else None, problems=tuple(problems + (more + rest if msgstr else [])),
        ))
    if by or at:
        tf.units = [replace(u, by=by, at=at) for u in tf.units]
    return tf


def _header(msgstr: str) -> dict[str, str]:
    out = {}
    for h in msgstr.splitlines():
        k, _, v = h.partition(":")
        out[k.strip().lower()] = v.strip()
    return out
