"""TMX 1.4b review files (translation-memory exchange).

One ``<tu>`` per segment: ``tuid`` = segment id; ``<prop type="x-bipub-key">``
and ``<prop type="x-bipub-state">`` carry the key and state (TMX has no
native review state); ``<note>`` holds provenance and glossary terms;
``creationid``/``changedate`` say who or what wrote the English and when.
On import the Chinese ``<tuv>`` is the one in the header's ``srclang`` (or
the ``zh*`` one when ``srclang="*all*"``), the English is the other.
"""

from __future__ import annotations

import re

from lxml import etree

from bipub import __version__
from bipub.findings import BipubError
from bipub.model import STATES
from bipub.memory.review import SOURCE_LANG, TARGET_LANG, ReviewFile, ReviewUnit
from bipub.formats.xliff import inline_text, local, parse_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tmx_date(iso: str) -> str | None:
    """``2026-11-28T21:00:00Z`` → ``20261128T210000Z`` (TMX's ISO 8601 basic form)."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z", iso or "")
    return "{}{}{}T{}{}{}Z".format(*m.groups()) if m else None


def dumps(units: list[ReviewUnit], *, document: str, name: str) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "bipub", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": SOURCE_LANG, "o-tmf": "bipub-jsonl",
    })
    body = etree.SubElement(root, "body")
    for u in units:
        tu = etree.SubElement(body, "tu", tuid=u.id)
        if u.by:
            tu.set("changeid", u.by)
        if u.at and _tmx_date(u.at):
            tu.set("changedate", _tmx_date(u.at))
        # TMX DTD: (note|prop)*, tuv+
        for note in u.notes:
            etree.SubElement(tu, "note").text = note
        if u.key:
            etree.SubElement(tu, "prop", type="x-bipub-key").text = u.key
        if u.state:
            etree.SubElement(tu, "prop", type="x-bipub-state").text = u.state
        etree.SubElement(tu, "prop", type="x-bipub-document").text = document
        if u.location:
            etree.SubElement(tu, "prop", type="x-bipub-location").text = u.location
        zh = etree.SubElement(tu, "tuv", {XML_LANG: SOURCE_LANG})
        etree.SubElement(zh, "seg").text = u.zh
        if u.en is not None:
            en = etree.SubElement(tu, "tuv", {XML_LANG: TARGET_LANG})
            etree.SubElement(en, "seg").text = u.en
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
        doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    )


def loads(data: bytes, shown: str) -> ReviewFile:
    root = parse_xml(data, shown)
    if local(root) != "tmx":
        raise BipubError(f"{shown}:{root.sourceline or 1}: root element is <{local(root)}>, expected <tmx>")
    header = next((c for c in root if local(c) == "header"), None)
    body = next((c for c in root if local(c) == "body"), None)
    if header is None or body is None:
        raise BipubError(f"{shown}:{root.sourceline or 1}: a TMX file needs a <header> and a <body>")
    srclang = (header.get("srclang") or "").lower()
    rf = ReviewFile(source_lang=header.get("srclang"), tool=header.get("creationtool"))
    seen: dict[str, int] = {}
    for n, tu in enumerate((c for c in body if local(c) == "tu"), 1):
        uid = tu.get("tuid") or f"tu{n}"
        if uid in seen:
            raise BipubError(f"{shown}:{tu.sourceline}: tuid {uid!r} already used on line {seen[uid]}")
        seen[uid] = tu.sourceline
        props = {p.get("type"): (p.text or "").strip() for p in tu if local(p) == "prop"}
        notes = tuple((c.text or "").strip() for c in tu if local(c) == "note" and (c.text or "").strip())
        tuvs = []
        for tuv in (c for c in tu if local(c) == "tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            seg = next((c for c in tuv if local(c) == "seg"), None)
            if not lang:
                raise BipubError(f"{shown}:{tuv.sourceline}: <tuv> without xml:lang")
            if seg is None:
                raise BipubError(f"{shown}:{tuv.sourceline}: <tuv xml:lang={lang!r}> has no <seg>")
            tuvs.append((lang, inline_text(seg)))
        if not tuvs:
            raise BipubError(f"{shown}:{tu.sourceline}: <tu tuid={uid!r}> has no <tuv>")
        if srclang and srclang != "*all*":
            src = next((t for t in tuvs if t[0] == srclang or t[0].split("-")[0] == srclang.split("-")[0]), None)
        else:
            src = next((t for t in tuvs if t[0].startswith("zh")), None)
        if src is None:
            raise BipubError(f"{shown}:{tu.sourceline}: <tu tuid={uid!r}> has no <tuv> in the source language {srclang!r}")
        rest = [t for t in tuvs if t is not src]
        tgt = next((t for t in rest if t[0].startswith("en")), rest[0] if rest else None)
        if rf.target_lang is None and tgt is not None:
            rf.target_lang = tgt[0]
        state = props.get("x-bipub-state")
        if state is not None and state not in STATES:
            raise BipubError(f"{shown}:{tu.sourceline}: unknown x-bipub-state {state!r}; use one of {', '.join(STATES)}")
        rf.document = rf.document or props.get("x-bipub-document")
        rf.units.append(ReviewUnit(
            id=uid, key=props.get("x-bipub-key"), zh=src[1], en=tgt[1] if tgt else None,
            state=state, notes=notes, line=tu.sourceline,
        ))
    return rf
