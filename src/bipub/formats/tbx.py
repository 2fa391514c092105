"""TBX termbases: write TBX-Basic (TBX 2 ``<martif>``, or TBX v3 ``<tbx>``), read both.

What bipub writes by default is the dialect Trados MultiTerm, memoQ and OmegaT import::

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
        <tig><term>Zhonglian Heavy Industry</term>           ← forbidden rendering, its own term
             <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>

Status: an ``approved`` term's target is ``preferredTerm-admn-sts``, a
``proposed`` one's ``admittedTerm-admn-sts``; each forbidden rendering is a
term of its own with ``deprecatedTerm-admn-sts`` (memoQ and Trados show it as
forbidden).  ``version=3`` writes the same as TBX v3 (``conceptEntry`` /
``langSec`` / ``termSec``, TBX-Basic, DCT style).  Tools that do not honour
the status (OmegaT 3.6 offers deprecated terms as ordinary suggestions) get
``approved_only=True``: only approved entries, forbidden renderings left out
of the terms and named in the entry's note (``Forbidden: …``).

Reading accepts TBX 2 (``martif``/``termEntry``/``langSet``/``tig`` or ``ntig``)
and TBX v3 (``tbx``/``conceptEntry``/``langSec``/``termSec``) through the one
hardened XML stack (`bipub.formats.xmlsafe`: linear time, no entities).  An
entry's ``descrip``/``note`` elements of other types become the note; each
entry keeps its line for findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from bipub.findings import Finding
from bipub.formats.unit import tags
from bipub.formats.xmlsafe import FormatError, all_text, fail, local, parse_xml, plain
from bipub.terms.model import TYPES, Term

PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "forbidden", "deprecated")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS_V3 = "urn:iso:std:iso:30042:ed-2"


@dataclass
class TbxTerm:
    text: str
    status: str = ""  # administrativeStatus value, "" when absent
    term_type: str = ""  # termType value (e.g. "variant")


@dataclass
class TbxEntry:
    """One concept: terms in the source and target language plus entry-level subject field and notes."""

    line: int
    id: str = ""
    subject: str = ""
    notes: list[str] = field(default_factory=list)
    source: list[TbxTerm] = field(default_factory=list)
    target: list[TbxTerm] = field(default_factory=list)
    other_langs: list[str] = field(default_factory=list)

    # the names callers written for zh→en use
    @property
    def zh(self) -> list[TbxTerm]:
        return self.source

    @property
    def en(self) -> list[TbxTerm]:
        return self.target


def _words(el) -> str:
    return " ".join(all_text(el).split())


_STATUS_ELEMENTS = ("administrativeStatus", "normativeAuthorization")
#: what tools call the status in a ``termNote``/``descrip`` of their own (MultiTerm's custom "Status" or "Usage")
_STATUS_TYPES = ("administrativestatus", "normativeauthorization", "status", "usage", "usagestatus")
#: administrativeStatus (TBX-Basic) and normativeAuthorization (TBX 2008) values, as tools spell them
#: (``preferredTerm-admn-sts``, ``deprecatedTerm``, ``Preferred``, IATE's ``obsoleteTerm-admn-sts``)
_STATUS_KINDS = {
    "preferred": PREFERRED, "standardized": PREFERRED, "legal": PREFERRED, "regulated": PREFERRED,
    "admitted": ADMITTED, "proposed": ADMITTED, "accepted": ADMITTED,
    "deprecated": DEPRECATED[0], "superseded": DEPRECATED[0], "obsolete": DEPRECATED[0],
    "forbidden": DEPRECATED[0], "notrecommended": DEPRECATED[0], "rejected": DEPRECATED[0],
    "donotuse": DEPRECATED[0], "avoid": DEPRECATED[0], "notallowed": DEPRECATED[0], "approved": PREFERRED,
}
#: termType values of a form that is not the term's main one
_SHORT_TYPES = ("variant", "abbreviation", "acronym", "shortform", "short form", "initialism", "clippedterm")
_TRADITIONAL = re.compile(r"[-_](tw|hk|mo|hant)\b")
#: three-letter codes some tools write (memoQ, MultiTerm) for the two-letter ones of the pair
_LANG_ALIASES = {"zho": "zh", "chi": "zh", "cmn": "zh", "eng": "en"}


def status_of(value: str) -> str | None:
    """An administrative status as `PREFERRED`, `ADMITTED` or ``DEPRECATED[0]``; "" when absent,
    None when the value is not one bipub knows."""
    key = value.strip().lower().removesuffix("-admn-sts").replace(" ", "").replace("-", "").replace("'", "")
    if not key:
        return ""
    return _STATUS_KINDS.get(key.removesuffix("term"))


def _term_of(tig, label: str, findings: list[Finding]) -> TbxTerm:
    """One term: ``<tig>``, ``<ntig><termGrp>`` or ``<termSec>``; its status and type as ``termNote``
    (TBX 2, TBX v3 DCT) or as elements of their own (TBX v3 DCA: ``<basic:administrativeStatus>``)."""
    term = next(tig.iter("{*}term"), None)
    text = _words(term) if term is not None else ""  # a pretty-printed term: its line break and indent are one space
    status = term_type = ""
    for el in tig.iter():
        kind = el.get("type", "") if local(el) in ("termNote", "descrip") else local(el)
        if kind.lower() in _STATUS_TYPES:
            value = all_text(el).strip()
            status = status_of(value)
            if status is None:
                findings.append(Finding("glossary.unknown-status", "warning",
                                        f"{text!r}: administrative status {value!r} is not one bipub knows; "
                                        "taken as admitted (proposed)", label, el.sourceline))
                status = ADMITTED
        elif kind == "termType":
            term_type = all_text(el).strip()
    return TbxTerm(text, status, term_type)


def _lang_of(el) -> str:
    """The language of a ``langSet``/``langSec`` as its base code (``ZH-cn``, ``zh_CN``, ``zho`` → ``zh``)."""
    lang = (el.get(XML_LANG) or el.get("lang") or "").lower().replace("_", "-")
    base = lang.split("-")[0]
    return _LANG_ALIASES.get(base, base)


def _notes(parent, skip: tuple[str, ...]) -> list[str]:
    """The descriptions and notes directly under ``parent`` (or in a ``descripGrp``/``termGrp``), as
    note texts; the subject field and the elements named in ``skip`` are left to the caller."""
    out = []
    for child in parent:
        name = local(child)
        if name in skip or name in ("term", "termNote", *_STATUS_ELEMENTS, "termType") or \
                child.get("type") == "subjectField" or child.get("type", "").lower() in _STATUS_TYPES:
            continue
        if name in ("descripGrp", "termGrp"):
            out.extend(_notes(child, skip))
            continue
        if name not in ("descrip", "note", "admin", "transac", "definition", "context", "source"):
            continue
        kind = child.get("type", "") if name in ("descrip", "admin", "transac") else ""
        value = _words(child)
        if value:
            out.append(f"{kind}: {value}" if kind and kind not in ("definition", "") else value)
    return out


def read_tbx(path: Path, label: str | None = None, *, pair=None) -> tuple[list[TbxEntry], list[Finding]]:
    """Entries of a TBX file.  Structural problems become findings; a file that is not
    safe, well-formed TBX raises `FormatError` (a ``ValueError``) naming file and line."""
    label = label or str(path)
    root = parse_xml(Path(path).read_bytes(), label)
    if local(root) not in ("martif", "tbx"):
        raise fail(label, root.sourceline, f"not a TBX file (root element <{local(root)}>, expected <martif> or <tbx>)")
    source_lang, target_lang = (t.lower().split("-")[0] for t in tags(pair))
    entries: list[TbxEntry] = []
    findings: list[Finding] = []
    for te in root.iter("{*}termEntry", "{*}conceptEntry"):
        entry = TbxEntry(line=te.sourceline, id=te.get("id", ""))
        groups = [g for g in te if local(g) == "descripGrp"]  # IATE puts the subject field in one
        for child in [*te, *(c for g in groups for c in g)]:
            if local(child) == "subjectField" or (local(child) == "descrip" and child.get("type") == "subjectField"):
                entry.subject = "; ".join(x for x in (entry.subject, _words(child)) if x)
        entry.notes.extend(_notes(te, ("langSet", "langSec", "subjectField")))
        traditional: list[TbxTerm] = []  # zh-TW, zh-HK, zh-Hant: after the Simplified terms (variants)
        for ls in te.iter("{*}langSet", "{*}langSec"):
            lang = _lang_of(ls)
            tigs = list(ls.iter("{*}tig", "{*}ntig", "{*}termSec"))
            terms = [_term_of(t, label, findings) for t in tigs]
            if lang in (source_lang, target_lang):
                entry.notes.extend(f"{lang}: {n}" for n in _notes(ls, ("tig", "ntig", "termSec")))
                entry.notes.extend(f"{t.text}: {n}" for t, tig in zip(terms, tigs)
                                   for n in _notes(tig, ()))
            if lang == source_lang and _TRADITIONAL.search((ls.get(XML_LANG) or ls.get("lang") or "").lower()):
                traditional.extend(terms)
            elif lang == source_lang:
                entry.source.extend(terms)
            elif lang == target_lang:
                entry.target.extend(terms)
            else:
                entry.other_langs.append(lang or "?")
        entry.source.extend(traditional)
        entries.append(entry)
    if not entries:
        findings.append(Finding("glossary.empty-import", "warning", "no termEntry/conceptEntry elements found",
                                label, root.sourceline))
    return entries, findings


def entry_term(entry: TbxEntry, label: str) -> tuple[Term | None, list[Finding]]:
    """A TBX entry as one glossary Term (first source term, first allowed target term)."""
    source = [t for t in entry.source if t.text]
    allowed = [t for t in entry.target if t.text and t.status not in DEPRECATED]
    forbidden = tuple(t.text for t in entry.target if t.text and t.status in DEPRECATED)
    if not source or not allowed:
        missing = "source-language" if not source else "target-language"
        if source and forbidden:
            missing = "target-language term that is not deprecated"
        elif not entry.source and not entry.target and entry.other_langs:
            missing += f" term (languages: {', '.join(entry.other_langs)})"
        else:
            missing += " term"
        name = f"entry {entry.id} " if entry.id else "an entry "
        return None, [Finding("glossary.empty-field", "warning", f"{name}has no {missing}; skipped",
                              label, entry.line)]
    # the Chinese: a full form that is not deprecated (工业和信息化部 before its short form 工信部)
    main = next((t for t in source if t.term_type.lower() not in _SHORT_TYPES and t.status not in DEPRECATED),
                next((t for t in source if t.term_type != "variant"), source[0]))
    rendering = next((t for t in allowed if t.status == PREFERRED), allowed[0])
    notes = list(entry.notes)
    kind = entry.subject.lower() or "term"
    if kind not in TYPES:  # a subject field of the tool's own ("economy"): kept in the note
        notes.insert(0, f"subject: {entry.subject}")
        kind = "term"
    others = [t.text for t in allowed if t is not rendering]
    if others:
        notes.append("other English: " + " | ".join(others))
    return Term(
        zh=main.text, en=rendering.text, variants=tuple(t.text for t in source if t is not main),
        forbidden=forbidden, status="approved" if rendering.status == PREFERRED else "proposed",
        note="; ".join(notes), type=kind, file=label, line=entry.line,
    ), []


# --------------------------------------------------------------------------- writing
def _term(parent, v3: bool, text: str, status: str, term_type: str = "") -> None:
    tig = etree.SubElement(parent, "termSec" if v3 else "tig")
    etree.SubElement(tig, "term").text = plain(text)
    if term_type:
        etree.SubElement(tig, "termNote", type="termType").text = term_type
    etree.SubElement(tig, "termNote", type="administrativeStatus").text = status


def format_tbx(terms, *, source_desc: str = "bipub glossary", approved_only: bool = False,
               version: int = 2, pair=None) -> bytes:
    """TBX-Basic bytes for ``terms`` (`bipub.terms.glossary.Term`); see the module doc for the options."""
    source_lang, target_lang = tags(pair)
    v3 = version == 3
    if v3:
        root = etree.Element("tbx", {"type": "TBX-Basic", "style": "dct", XML_LANG: source_lang}, nsmap={None: NS_V3})
        header = etree.SubElement(root, "tbxHeader")
    else:
        root = etree.Element("martif", {"type": "TBX-Basic-V1", XML_LANG: source_lang})
        header = etree.SubElement(root, "martifHeader")
    etree.SubElement(etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = plain(source_desc)
    if not v3:
        etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for i, t in enumerate(terms, 1):
        if approved_only and t.status != "approved":
            continue
        entry = etree.SubElement(body, "conceptEntry" if v3 else "termEntry", id=f"t{i}")
        if t.type and t.type != "term":
            etree.SubElement(entry, "descrip", type="subjectField").text = plain(t.type)
        note = t.note
        if approved_only and t.forbidden:
            note = "; ".join(x for x in (note, "Forbidden: " + " | ".join(t.forbidden)) if x)
        if note:
            etree.SubElement(entry, "note").text = plain(note)
        lang = "langSec" if v3 else "langSet"
        src = etree.SubElement(entry, lang, {XML_LANG: source_lang})
        _term(src, v3, t.zh, PREFERRED)
        for v in t.variants:
            _term(src, v3, v, ADMITTED, "variant")
        tgt = etree.SubElement(entry, lang, {XML_LANG: target_lang})
        _term(tgt, v3, t.en, PREFERRED if t.status == "approved" else ADMITTED)
        if not approved_only:
            for f in t.forbidden:
                _term(tgt, v3, f, DEPRECATED[0])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class Tbx:
    """The TBX entry of `bipub.formats.TERMBASES`."""

    name = "tbx"
    extensions = (".tbx", ".xml")

    @staticmethod
    def read(path: Path, label: str, *, pair=None) -> tuple[list[Term], list[Finding]]:
        entries, findings = read_tbx(path, label, pair=pair)
        terms = []
        for entry in entries:
            term, found = entry_term(entry, label)
            findings += found
            if term is not None:
                terms.append(term)
        if not entries:
            raise FormatError(f"{label}: no term entries (<termEntry> or <conceptEntry>)")
        return terms, findings

    @staticmethod
    def write(terms, *, source_desc: str = "bipub glossary", approved_only: bool = False, pair=None) -> bytes:
        return format_tbx(terms, source_desc=source_desc, approved_only=approved_only, pair=pair)
