"""XLIFF review files: bipub writes XLIFF 1.2, reads 1.2 and 2.x.

Why 1.2: it is the version every CAT tool reads and writes natively (OmegaT,
Trados, memoQ, Phrase, Poedit, Virtaal, Xcode, translate-toolkit); XLIFF 2.x
is read by fewer tools and often only through conversion filters.  Files in
2.0/2.1 from other tools are still accepted on import.

One ``<file>`` per document (``original`` = the source path), one
``<trans-unit>`` per segment: ``id`` = segment id, ``resname`` = segment key,
``<note from="bipub">`` = state and provenance, ``<note from="glossary">`` =
glossary terms found in the source.  States: see :mod:`bipub.memory.review`.
"""

from __future__ import annotations

from lxml import etree

from bipub import __version__
from bipub.findings import BipubError
from bipub.memory.review import SOURCE_LANG, TARGET_LANG, ReviewFile, ReviewUnit

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: bipub state → (target state, state-qualifier, approved)
STATE_OUT = {
    "draft": ("needs-review-translation", "mt-suggestion", False),
    "needs-review": ("needs-review-translation", "fuzzy-match", False),
    "reviewed": ("translated", None, True),
    "approved": ("final", None, True),
}

# inline codes whose text is markup, not words (XLIFF 1.2 and 2.x)
_CODES = {"ph", "bpt", "ept", "it", "x", "bx", "ex", "sub", "sc", "ec", "cp"}


def _q(tag: str) -> str:
    return f"{{{NS12}}}{tag}"


def dumps(units: list[ReviewUnit], *, document: str, name: str) -> bytes:
    """XLIFF 1.2 bytes for ``units`` of one document."""
    root = etree.Element(_q("xliff"), nsmap={None: NS12}, version="1.2")
    f = etree.SubElement(root, _q("file"), {
        "original": document, "source-language": SOURCE_LANG, "target-language": TARGET_LANG,
        "datatype": "plaintext", "product-name": name,
    })
    header = etree.SubElement(f, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": "bipub", "tool-name": "bipub", "tool-version": __version__})
    body = etree.SubElement(f, _q("body"))
    for u in units:
        attrs = {"id": u.id}
        if u.key:
            attrs["resname"] = u.key
        tu = etree.SubElement(body, _q("trans-unit"), attrs)
        tu.set(f"{{{XML_NS}}}space", "preserve")
        etree.SubElement(tu, _q("source")).text = u.zh
        if u.en is not None:
            target = etree.SubElement(tu, _q("target"))
            target.text = u.en
            state, qualifier, approved = STATE_OUT.get(u.state or "draft", STATE_OUT["draft"])
            target.set("state", state)
            if qualifier:
                target.set("state-qualifier", qualifier)
            tu.set("approved", "yes" if approved else "no")
        else:
            tu.set("approved", "no")
        for note in u.notes:
            origin = "glossary" if note.startswith("glossary:") else "bipub"
            etree.SubElement(tu, _q("note"), {"from": origin}).text = note
        if u.location:
            cg = etree.SubElement(tu, _q("context-group"), {"purpose": "location"})
            path, line = _split_location(u.location)
            etree.SubElement(cg, _q("context"), {"context-type": "sourcefile"}).text = path
            if line:
                etree.SubElement(cg, _q("context"), {"context-type": "linenumber"}).text = line
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _split_location(location: str) -> tuple[str, str]:
    """``source/x.md:12`` → (``source/x.md``, ``12``); no line → (location, "")."""
    path, _, line = location.rpartition(":")
    return (path, line) if path and line.isdigit() else (location, "")


# --------------------------------------------------------------------------- reading
#: libxml2 messages a user cannot act on, in plain words
_XML_HINTS = {
    "xmlParseEntityRef: no name": "a bare & (write &amp; in text)",
    "StartTag: invalid element name": "a bare < or a broken tag (write &lt; in text)",
    "Premature end of data": "the file ends in the middle of an element (cut off?)",
    "EntityRef: expecting ';'": "an & that does not start an entity (write &amp;)",
}


def parse_xml(data: bytes, shown: str) -> etree._Element:
    """Parse XML safely (no entities, no network); malformed → ``BipubError("FILE:LINE: …")``."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        line, column = getattr(e, "position", None) or (e.lineno, None)
        msg = (e.msg or str(e)).split(", line ")[0].strip()
        for raw, plain in _XML_HINTS.items():
            if msg.startswith(raw):
                msg = plain
        where = f" (column {column})" if column else ""
        raise BipubError(f"{shown}:{line or 1}: not well-formed XML{where}: {msg}") from e


def local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def inline_text(el) -> str:
    """The words of a source/target/seg element: text of ``<g>``/``<mrk>``/``<hi>`` kept, inline codes dropped."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and local(child) not in _CODES:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _err(shown: str, el, msg: str) -> BipubError:
    return BipubError(f"{shown}:{el.sourceline or 1}: {msg}")


def state_in_12(target, unit) -> str | None:
    """bipub state of an XLIFF 1.2 trans-unit, or None when the file does not say."""
    state = target.get("state") if target is not None else None
    qualifier = target.get("state-qualifier") if target is not None else None
    approved = unit.get("approved")
    if state in ("final", "signed-off"):
        return "approved"
    if state and state.startswith("needs-review"):
        return "draft" if qualifier in ("mt-suggestion", "leveraged-mt") else "needs-review"
    if state == "translated" or approved == "yes":
        return "reviewed"
    if state in ("new", "needs-translation", "needs-adaptation", "needs-l10n"):
        return "draft"
    return None


STATE_IN_20 = {"initial": "draft", "translated": "reviewed", "reviewed": "reviewed", "final": "approved"}


def loads(data: bytes, shown: str) -> ReviewFile:
    root = parse_xml(data, shown)
    if local(root) != "xliff":
        raise _err(shown, root, f"root element is <{local(root)}>, expected <xliff>")
    version = root.get("version") or ""
    ns = etree.QName(root).namespace
    if version.startswith("2") or ns == NS20:
        return _load20(root, shown)
    return _load12(root, shown)


def _children(el, name: str):
    return [c for c in el if local(c) == name]


def _load12(root, shown: str) -> ReviewFile:
    rf = ReviewFile()
    files = _children(root, "file")
    if not files:
        raise _err(shown, root, "no <file> element")
    for f in files:
        rf.document = rf.document or f.get("original")
        rf.source_lang = rf.source_lang or f.get("source-language")
        rf.target_lang = rf.target_lang or f.get("target-language")
        for tool in f.iter("{*}tool"):
            rf.tool = rf.tool or tool.get("tool-name") or tool.get("tool-id")
        seen: dict[str, int] = {}
        for tu in f.iter("{*}trans-unit"):
            uid = tu.get("id")
            if not uid:
                raise _err(shown, tu, "<trans-unit> without an id")
            if uid in seen:
                raise _err(shown, tu, f"trans-unit id {uid!r} already used on line {seen[uid]}")
            seen[uid] = tu.sourceline
            sources = _children(tu, "source")
            if not sources:
                raise _err(shown, tu, f"<trans-unit id={uid!r}> has no <source>")
            targets = _children(tu, "target")
            target = targets[0] if targets else None
            notes = tuple((n.text or "").strip() for n in _children(tu, "note") if (n.text or "").strip())
            rf.units.append(ReviewUnit(
                id=uid, key=tu.get("resname"), zh=inline_text(sources[0]),
                en=inline_text(target) if target is not None else None,
                state=state_in_12(target, tu), notes=notes, line=tu.sourceline,
            ))
    return rf


def _load20(root, shown: str) -> ReviewFile:
    rf = ReviewFile(source_lang=root.get("srcLang"), target_lang=root.get("trgLang"))
    files = _children(root, "file")
    if not files:
        raise _err(shown, root, "no <file> element")
    for f in files:
        rf.document = rf.document or f.get("original")
        for unit in f.iter("{*}unit"):
            uid = unit.get("id")
            if not uid:
                raise _err(shown, unit, "<unit> without an id")
            segs = [c for c in unit if local(c) in ("segment", "ignorable")]
            if not segs:
                raise _err(shown, unit, f"<unit id={uid!r}> has no <segment>")
            zh, en, states = [], [], []
            has_target = False
            for s in segs:
                src = _children(s, "source")
                if not src:
                    raise _err(shown, s, f"<{local(s)}> in unit {uid!r} has no <source>")
                zh.append(inline_text(src[0]))
                tgt = _children(s, "target")
                if tgt:
                    has_target = True
                    en.append(inline_text(tgt[0]))
                if local(s) == "segment":
                    states.append(STATE_IN_20.get(s.get("state", ""), None))
            known = [x for x in states if x]
            # a unit is only as far along as its weakest segment
            state = min(known, key=["draft", "needs-review", "reviewed", "approved"].index) if known else None
            notes = tuple((n.text or "").strip() for n in unit.iter("{*}note") if (n.text or "").strip())
            rf.units.append(ReviewUnit(
                id=uid, key=None, zh="".join(zh), en="".join(en) if has_target else None,
                state=state, notes=notes, line=unit.sourceline,
            ))
    return rf
