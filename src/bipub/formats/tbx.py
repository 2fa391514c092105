"""TBX termbases: write TBX-Basic (TBX 2, ``<martif>``), read TBX 2 and TBX v3.

What bipub writes is the dialect Trados MultiTerm, memoQ and OmegaT import::

    <termEntry id="t3">
      <descrip type="subjectField">company</descrip>      ← Term.type
      <note>Official English name on the company website.</note>   ← Term.note
      <langSet xml:lang="zh-CN">
        <tig><term>中联重科</term>
             <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>中联</term>                                ← a variant
             <termNote type="termType">variant</termNote>
             <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="en">
        <tig><term>Zoomlion</term>
             <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>Zhonglian Heavy Industry</term>           ← forbidden rendering
             <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>

Status: an ``approved`` term's English is ``preferredTerm-admn-sts``, a
``proposed`` one's is ``admittedTerm-admn-sts``; forbidden renderings are
``deprecatedTerm-admn-sts`` (memoQ and Trados show them as forbidden).

Reading accepts TBX 2 (``martif``/``termEntry``/``langSet``/``tig`` or ``ntig``)
and TBX v3 (``tbx``/``conceptEntry``/``langSec``/``termSec``).  An entry's
``descrip``/``note`` elements of other types become the note.  Line numbers of
each entry are kept for findings (parsed with expat, no extra dependency).
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from bipub.findings import Finding

PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "forbidden", "deprecated")


@dataclass
class Node:
    """A minimal element: local tag name, attributes (local names), text, children, line."""

    tag: str
    attrib: dict
    line: int
    children: list["Node"] = field(default_factory=list)
    text: str = ""

    def find_all(self, *tags: str):
        return [c for c in self.children if c.tag in tags]

    def iter(self, *tags: str):
        if self.tag in tags:
            yield self
        for c in self.children:
            yield from c.iter(*tags)

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


def parse_xml(data: bytes, label: str) -> Node:
    """Parse XML into ``Node``s with line numbers; raises ValueError naming file and line."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    root: list[Node] = []
    stack: list[Node] = []

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1]

    def start(name, attrs):
        node = Node(local(name), {local(k): v for k, v in attrs.items()}, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(name):
        stack.pop()

    def chars(data):
        if stack:
            node = stack[-1]
            if node.children:  # tail text: keep it in reading order on a text child
                node.children.append(Node("#text", {}, parser.CurrentLineNumber, text=data))
            else:
                node.text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ValueError(f"{label}:{exc.lineno}: not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)})") from None
    if not root:
        raise ValueError(f"{label}: empty XML document")
    return root[0]


@dataclass
class TbxTerm:
    text: str
    status: str = ""  # administrativeStatus value, "" when absent
    term_type: str = ""  # termType value (e.g. "variant")


@dataclass
class TbxEntry:
    """One concept: terms per language plus entry-level subject field and notes."""

    line: int
    id: str = ""
    subject: str = ""
    notes: list[str] = field(default_factory=list)
    zh: list[TbxTerm] = field(default_factory=list)
    en: list[TbxTerm] = field(default_factory=list)
    other_langs: list[str] = field(default_factory=list)


def _lang(node: Node) -> str:
    return (node.attrib.get("lang") or "").lower()


def _term_of(tig: Node) -> TbxTerm:
    term = next(tig.iter("term"), None)  # <tig><term> or <ntig><termGrp><term>
    text = term.all_text().strip() if term is not None else ""
    status = term_type = ""
    for tn in tig.iter("termNote"):
        kind = tn.attrib.get("type", "")
        if kind == "administrativeStatus":
            status = tn.all_text().strip()
        elif kind == "termType":
            term_type = tn.all_text().strip()
    return TbxTerm(text, status, term_type)


def read_tbx(path: Path, label: str | None = None) -> tuple[list[TbxEntry], list[Finding]]:
    """Entries of a TBX file.  Structural problems become findings; bad XML raises ValueError."""
    label = label or str(path)
    root = parse_xml(Path(path).read_bytes(), label)
    findings: list[Finding] = []
    if root.tag not in ("martif", "tbx"):
        raise ValueError(f"{label}:{root.line}: not a TBX file (root element <{root.tag}>, expected <martif> or <tbx>)")
    entries: list[TbxEntry] = []
    for te in root.iter("termEntry", "conceptEntry"):
        entry = TbxEntry(line=te.line, id=te.attrib.get("id", ""))
        for child in te.children:
            if child.tag in ("descrip", "note", "admin", "transac"):
                kind = child.attrib.get("type", "")
                value = " ".join(child.all_text().split())
                if not value:
                    continue
                if child.tag == "descrip" and kind == "subjectField":
                    entry.subject = value
                elif child.tag == "note" or kind in ("definition", ""):
                    entry.notes.append(value)
                else:
                    entry.notes.append(f"{kind}: {value}")
            elif child.tag == "descripGrp":
                for d in child.iter("descrip"):
                    value = " ".join(d.all_text().split())
                    if value:
                        entry.notes.append(value)
        for ls in te.iter("langSet", "langSec"):
            lang = _lang(ls)
            terms = [_term_of(t) for t in ls.iter("tig", "ntig", "termSec")]
            if lang.startswith("zh"):
                entry.zh.extend(terms)
            elif lang.startswith("en"):
                entry.en.extend(terms)
            else:
                entry.other_langs.append(lang or "?")
        entries.append(entry)
    if not entries:
        findings.append(Finding("glossary.empty-import", "warning", "no termEntry/conceptEntry elements found", label, root.line))
    return entries, findings


def _tig(text: str, status: str, term_type: str = "") -> str:
    notes = ""
    if term_type:
        notes += f'<termNote type="termType">{escape(term_type)}</termNote>'
    notes += f'<termNote type="administrativeStatus">{status}</termNote>'
    return f"<tig><term>{escape(text)}</term>{notes}</tig>"


def format_tbx(terms, *, source_desc: str = "bipub glossary") -> str:
    """TBX-Basic (TBX 2, martif) text for ``terms`` (``bipub.terms.glossary.Term``)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<martif type="TBX-Basic-V1" xml:lang="zh-CN">',
        "<martifHeader>",
        f"<fileDesc><sourceDesc><p>{escape(source_desc)}</p></sourceDesc></fileDesc>",
        '<encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>',
        "</martifHeader>",
        "<text>",
        "<body>",
    ]
    for i, t in enumerate(terms, 1):
        parts = [f"<termEntry id={quoteattr(f't{i}')}>"]
        if t.type and t.type != "term":
            parts.append(f'<descrip type="subjectField">{escape(t.type)}</descrip>')
        if t.note:
            parts.append(f"<note>{escape(t.note)}</note>")
        parts.append('<langSet xml:lang="zh-CN">')
        parts.append(_tig(t.zh, PREFERRED))
        parts.extend(_tig(v, ADMITTED, "variant") for v in t.variants)
        parts.append("</langSet>")
        parts.append('<langSet xml:lang="en">')
        parts.append(_tig(t.en, PREFERRED if t.status == "approved" else ADMITTED))
        parts.extend(_tig(f, DEPRECATED[0]) for f in t.forbidden)
        parts.append("</langSet>")
        parts.append("</termEntry>")
        out.append("\n".join(parts))
    out += ["</body>", "</text>", "</martif>", ""]
    return "\n".join(out)
