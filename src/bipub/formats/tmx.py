"""TMX 1.4b review files (translation-memory exchange).

One ``<tu>`` per segment: ``tuid`` = segment id; ``<prop type="x-bipub-key">``
and ``<prop type="x-bipub-state">`` carry the key and state (TMX has no
native review state); ``<prop type="x-bipub-base">`` the target as exported;
``<note>`` holds provenance (who or what wrote the target in the memory, and
when) and glossary terms.  bipub writes no ``changeid``/``changedate``: those
are the tool's, so on import they say who changed the unit in the CAT tool and
when.  An untranslated unit has only its
source ``<tuv>``.  On import the source ``<tuv>`` is the one in the header's
``srclang`` (or the ``zh*`` one when ``srclang="*all*"``), the target the
other; ``by``/``at`` come from the target ``<tuv>``'s or the ``<tu>``'s
``changeid``/``changedate`` (else ``creationid``/``creationdate``).
A unit without ``x-bipub-state`` has no state: TMX cannot say whether anybody
read it (a CAT tool's ``project_save.tmx`` filled automatically is not a review).
"""

from __future__ import annotations

import re

from lxml import etree

from bipub import __version__
from bipub.findings import Finding
from bipub.formats.inline import coded_text, marks_of, numbered, put_pairs, reconcile
from bipub.formats.unit import TranslationFile, TranslationUnit, base_text, iso_utc, read_base_marked, tags
from bipub.formats.xliff import control_finding
from bipub.formats.xmlsafe import fail, local, parse_xml, plain, put_text, root_name
from bipub.model import STATES

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE_PROP = "x-bipub-base"


def _tmx_date(iso: str | None) -> str | None:
    """``2026-11-28T21:00:00Z`` → ``20261128T210000Z`` (TMX's ISO 8601 basic form)."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z", iso or "")
    return "{}{}{}T{}{}{}Z".format(*m.groups()) if m else None


def _lang_matches(lang: str, wanted: str) -> bool:
    return lang == wanted or lang.split("-")[0] == wanted.split("-")[0]


class Tmx:
    name = "tmx"
    extensions = (".tmx",)

    @staticmethod
    def sniff(head: bytes) -> bool:
        return root_name(head) == "tmx"

    @staticmethod
    def dumps(units: list[TranslationUnit], *, document: str, name: str, pair=None,
              report: list[Finding] | None = None, exported_at: str | None = None) -> bytes:
        source_lang, target_lang = tags(pair)
        root = etree.Element("tmx", version="1.4")
        header = etree.SubElement(root, "header", {
            "creationtool": "bipub", "creationtoolversion": __version__, "datatype": "plaintext",
            "segtype": "sentence", "adminlang": "en", "srclang": source_lang, "o-tmf": "bipub-jsonl",
        })
        if _tmx_date(exported_at):
            header.set("creationdate", _tmx_date(exported_at))
        body = etree.SubElement(root, "body")
        for u in units:
            tu = etree.SubElement(body, "tu", tuid=plain(u.id))
            # TMX DTD: (note|prop)*, tuv+
            for note in u.notes:
                etree.SubElement(tu, "note").text = plain(note)
            if u.key:
                etree.SubElement(tu, "prop", type="x-bipub-key").text = u.key
            if u.state:
                etree.SubElement(tu, "prop", type="x-bipub-state").text = u.state
            etree.SubElement(tu, "prop", type="x-bipub-document").text = plain(document)
            if u.location:
                etree.SubElement(tu, "prop", type="x-bipub-location").text = plain(u.location)
            etree.SubElement(tu, "prop", type=BASE_PROP).text = plain(base_text(u.target, u.target_marks or ()))
            src_codes, tgt_codes = numbered(u.source_marks, u.target_marks or ())
            src = etree.SubElement(tu, "tuv", {XML_LANG: source_lang})
            n = _put(etree.SubElement(src, "seg"), u.source, src_codes)
            if u.target is not None:
                tgt = etree.SubElement(tu, "tuv", {XML_LANG: target_lang})
                n += _put(etree.SubElement(tgt, "seg"), u.target, tgt_codes)
            if n and report is not None:
                report.append(control_finding(u, n, '<ph type="x-bipub-control">'))
        return etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
            doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        )

    @staticmethod
    def loads(data: bytes, shown: str, pair=None) -> TranslationFile:
        root = parse_xml(data, shown)
        if local(root) != "tmx":
            raise fail(shown, root.sourceline, f"root element is <{local(root)}>, expected <tmx>")
        header = next((c for c in root if local(c) == "header"), None)
        body = next((c for c in root if local(c) == "body"), None)
        if header is None or body is None:
            raise fail(shown, root.sourceline, "a TMX file needs a <header> and a <body>")
        srclang = (header.get("srclang") or "").lower()
        tf = TranslationFile(source_lang=header.get("srclang"), tool=header.get("creationtool"))
        if header.get("creationtool") == "bipub":
            tf.exported_at = iso_utc(header.get("creationdate"))
        seen: dict[str, int] = {}
        for n, tu in enumerate((c for c in body if local(c) == "tu"), 1):
            tf.units.append(_unit(tu, n, srclang, tags(pair)[1].lower(), seen, tf, shown))
        return tf


def _put(seg, text: str, codes) -> int:
    return put_pairs(seg, text, codes) if codes else put_text(seg, text, "ph", "type")


def _unit(tu, n: int, srclang: str, wanted: str, seen: dict, tf: TranslationFile, shown: str) -> TranslationUnit:
    uid = tu.get("tuid") or f"tu{n}"
    if uid in seen:
        raise fail(shown, tu.sourceline, f"tuid {uid!r} already used on line {seen[uid]}")
    seen[uid] = tu.sourceline
    props = {p.get("type"): (p.text or "").strip() for p in tu if local(p) == "prop"}
    notes = tuple((c.text or "").strip() for c in tu if local(c) == "note" and (c.text or "").strip())
    tuvs = []
    for tuv in (c for c in tu if local(c) == "tuv"):
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
        seg = next((c for c in tuv if local(c) == "seg"), None)
        if not lang:
            raise fail(shown, tuv.sourceline, "<tuv> without xml:lang")
        if seg is None:
            raise fail(shown, tuv.sourceline, f"<tuv xml:lang={lang!r}> has no <seg>")
        tuvs.append((lang, coded_text(seg), tuv))
    if not tuvs:
        raise fail(shown, tu.sourceline, f"<tu tuid={uid!r}> has no <tuv>")
    if srclang and srclang != "*all*":
        src = next((t for t in tuvs if _lang_matches(t[0], srclang)), None)
    else:
        src = next((t for t in tuvs if t[0].startswith("zh")), None)
    if src is None:
        raise fail(shown, tu.sourceline, f"<tu tuid={uid!r}> has no <tuv> in the source language {srclang!r}")
    rest = [t for t in tuvs if t is not src]
    tgt = next((t for t in rest if _lang_matches(t[0], wanted)), rest[0] if rest else None)
    if tf.target_lang is None and tgt is not None:
        tf.target_lang = tgt[0]
    state = props.get("x-bipub-state")
    if state is not None and state not in STATES:
        raise fail(shown, tu.sourceline, f"unknown x-bipub-state {state!r}; use one of {', '.join(STATES)}")
    tf.document = tf.document or props.get("x-bipub-document")
    target, tgt_codes, problems = tgt[1] if tgt else (None, [], [])
    source, src_codes, more = src[1]
    marks, rest = reconcile(src_codes, tgt_codes, target or "")
    base = read_base_marked(props.get(BASE_PROP))
    who = [tgt[2], tu] if tgt else [tu]
    by = next((el.get(a) for a in ("changeid", "creationid") for el in who if el.get(a)), None)
    at = next((iso_utc(el.get(a)) for a in ("changedate", "creationdate") for el in who if el.get(a)), None)
    return TranslationUnit(
        id=uid, key=props.get("x-bipub-key"), source=source, target=target or None,
        state=state if target else None, notes=notes, line=tu.sourceline, by=by, at=at,
        flags=frozenset({f"x-bipub-state={state}"} if state else ()), origin_target=base[0], origin_marks=base[1],
        location=props.get("x-bipub-location"), source_marks=marks_of(src_codes),
        target_marks=marks if target else None, problems=tuple(more + problems + rest) if target else tuple(more),
    )
