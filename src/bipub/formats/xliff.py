"""XLIFF review files: bipub writes XLIFF 1.2, reads 1.2 and 2.x.

Why 1.2: it is the version every CAT tool reads and writes natively (OmegaT,
Trados, memoQ, Phrase, Poedit, Virtaal, Xcode, translate-toolkit); XLIFF 2.x
is read by fewer tools and often only through conversion filters.  Files in
2.0/2.1 from other tools are still accepted on import.

One ``<file>`` per document (``original`` = the source path), one
``<trans-unit>`` per segment: ``id`` = segment id, ``resname`` = segment key,
``<note from="bipub">`` = state and provenance, ``<note from="glossary">`` =
glossary terms found in the source, ``<note from="bipub-base">`` = the target
as exported (a JSON string; see `bipub.formats.unit`).  Every unit has a
``<target>``: an untranslated one is empty with ``state="needs-translation"``,
so no tool skips it.  States (bipub → XLIFF):

=============  ===============================================================
draft          ``state="needs-review-translation" state-qualifier="mt-suggestion"``
needs-review   ``state="needs-review-translation" state-qualifier="fuzzy-match"``
reviewed       ``state="translated" approved="yes"``
approved       ``state="final" approved="yes"`` (``signed-off`` reads as approved too)
(none)         empty ``<target state="needs-translation"/>``, ``approved="no"``
=============  ===============================================================

Who and when: on reading, a ``phase-name`` on the ``<target>`` or
``<trans-unit>`` names a ``<phase>`` of the header, whose ``contact-name`` (or
``tool-id``) and ``date`` become the unit's ``by``/``at``.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from bipub import __version__
from bipub.findings import Finding
from bipub.formats.inline import coded_text, marks_of, numbered, put_g, reconcile
from bipub.formats.unit import BASE, TranslationFile, TranslationUnit, base_text, iso_utc, read_base_marked, tags
from bipub.formats.xmlsafe import children, fail, local, parse_xml, plain, put_text, root_name

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
STATE_IN_20 = {"initial": "draft", "translated": "reviewed", "reviewed": "reviewed", "final": "approved"}
_ORDER = ["draft", "needs-review", "reviewed", "approved"]


def _q(tag: str) -> str:
    return f"{{{NS12}}}{tag}"


def control_finding(u: TranslationUnit, n: int, how: str) -> Finding:
    path, line = split_location(u.location or "")
    return Finding("formats.control-character", "warning",
                   f"unit {u.id}: {n} control character(s) written as {how}; other tools show them as tags",
                   path or None, int(line) if line else None)


def split_location(location: str) -> tuple[str, str]:
    """``source/x.md:12`` → (``source/x.md``, ``12``); no line → (location, "")."""
    path, _, line = location.rpartition(":")
    return (path, line) if path and line.isdigit() else (location, "")


class Xliff:
    name = "xliff"
    extensions = (".xlf", ".xliff")

    @staticmethod
    def sniff(head: bytes) -> bool:
        return root_name(head) == "xliff"

    @staticmethod
    def dumps(units: list[TranslationUnit], *, document: str, name: str, pair=None,
              report: list[Finding] | None = None, exported_at: str | None = None) -> bytes:
        """XLIFF 1.2 bytes for ``units`` of one document."""
        source_lang, target_lang = tags(pair)
        root = etree.Element(_q("xliff"), nsmap={None: NS12}, version="1.2")
        f = etree.SubElement(root, _q("file"), {
            "original": plain(document), "source-language": source_lang, "target-language": target_lang,
            "datatype": "plaintext", "product-name": plain(name),
        })
        header = etree.SubElement(f, _q("header"))
        if exported_at:
            group = etree.SubElement(header, _q("phase-group"))
            etree.SubElement(group, _q("phase"), {"phase-name": "bipub-export", "process-name": "review",
                                                  "tool-id": "bipub", "date": exported_at})
        etree.SubElement(header, _q("tool"), {"tool-id": "bipub", "tool-name": "bipub", "tool-version": __version__})
        body = etree.SubElement(f, _q("body"))
        for u in units:
            attrs = {"id": plain(u.id)}
            if u.key:
                attrs["resname"] = u.key
            tu = etree.SubElement(body, _q("trans-unit"), attrs)
            tu.set(f"{{{XML_NS}}}space", "preserve")
            src_codes, tgt_codes = numbered(u.source_marks, u.target_marks or ())
            n = _put(etree.SubElement(tu, _q("source")), u.source, src_codes)
            target = etree.SubElement(tu, _q("target"))
            if u.target is not None:
                n += _put(target, u.target, tgt_codes)
                state, qualifier, approved = STATE_OUT[u.state or "draft"]
                target.set("state", state)
                if qualifier:
                    target.set("state-qualifier", qualifier)
                tu.set("approved", "yes" if approved else "no")
            else:
                target.set("state", "needs-translation")
                tu.set("approved", "no")
            if n and report is not None:
                report.append(control_finding(u, n, '<ph ctype="x-bipub-control">'))
            for note in u.notes:
                origin = "glossary" if note.startswith("glossary:") else "bipub"
                etree.SubElement(tu, _q("note"), {"from": origin}).text = plain(note)
            etree.SubElement(tu, _q("note"), {"from": BASE}).text = plain(base_text(u.target, u.target_marks or ()))
            if u.location:
                cg = etree.SubElement(tu, _q("context-group"), {"purpose": "location"})
                path, line = split_location(u.location)
                etree.SubElement(cg, _q("context"), {"context-type": "sourcefile"}).text = plain(path)
                if line:
                    etree.SubElement(cg, _q("context"), {"context-type": "linenumber"}).text = line
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    @staticmethod
    def loads(data: bytes, shown: str) -> TranslationFile:
        root = parse_xml(data, shown)
        if local(root) != "xliff":
            raise fail(shown, root.sourceline, f"root element is <{local(root)}>, expected <xliff>")
        version = root.get("version") or ""
        if version.startswith("2") or etree.QName(root).namespace == NS20:
            return _load20(root, shown)
        return _load12(root, shown)


def _put(el, text: str, codes) -> int:
    """The text of a source or target: its emphasis as ``<g>``, control characters as ``<ph>``."""
    return put_g(el, text, codes, _q("g"), _q("ph")) if codes else put_text(el, text, _q("ph"), "ctype")


def coded_unit(source_el, target_el) -> dict:
    """The text, emphasis and code problems of a source and a target element, as unit fields."""
    source, src_codes, problems = coded_text(source_el)
    target, tgt_codes, more = coded_text(target_el) if target_el is not None else ("", [], [])
    marks, rest = reconcile(src_codes, tgt_codes, target)
    return {"source": source, "target": target, "source_marks": marks_of(src_codes),
            "target_marks": marks if target else None, "problems": tuple(problems + more + (rest if target else []))}


# --------------------------------------------------------------------------- reading 1.2
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


def _flags_12(target, unit) -> frozenset[str]:
    flags = {f"approved={unit.get('approved')}"} if unit.get("approved") else set()
    if target is not None:
        for attr in ("state", "state-qualifier"):
            if target.get(attr):
                flags.add(f"{attr}={target.get(attr)}")
    return frozenset(flags)


def _notes(el) -> tuple[tuple[str, ...], tuple]:
    """(notes for the reviewer, (origin_target, origin_marks)) from the ``<note>`` children of a unit."""
    notes: list[str] = []
    base = None
    for n in el:
        if local(n) != "note":
            continue
        if BASE in (n.get("from"), n.get("category")):
            base = n.text
        elif (n.text or "").strip():
            notes.append(n.text.strip())
    return tuple(notes), read_base_marked(base)


def _phases(f) -> dict[str, tuple[str | None, str | None]]:
    out = {}
    for ph in f.iter("{*}phase"):
        who = ph.get("contact-name") or ph.get("contact-email") or ph.get("tool-id") or ph.get("tool")
        out[ph.get("phase-name") or ""] = (who, iso_utc(ph.get("date")))
    return out


def _load12(root, shown: str) -> TranslationFile:
    tf = TranslationFile()
    files = children(root, "file")
    if not files:
        raise fail(shown, root.sourceline, "no <file> element")
    for f in files:
        seen: dict[str, int] = {}  # ids are unique within a <file>; bundles of documents repeat them
        tf.document = tf.document or f.get("original")
        tf.source_lang = tf.source_lang or f.get("source-language")
        tf.target_lang = tf.target_lang or f.get("target-language")
        for tool in f.iter("{*}tool"):
            tf.tool = tf.tool or tool.get("tool-name") or tool.get("tool-id")
        phases = _phases(f)
        if "bipub-export" in phases:
            tf.exported_at = tf.exported_at or phases["bipub-export"][1]
        for tu in f.iter("{*}trans-unit"):
            uid = tu.get("id")
            if not uid:
                raise fail(shown, tu.sourceline, "<trans-unit> without an id")
            if uid in seen:
                raise fail(shown, tu.sourceline, f"trans-unit id {uid!r} already used on line {seen[uid]}")
            seen[uid] = tu.sourceline
            sources = children(tu, "source")
            if not sources:
                raise fail(shown, tu.sourceline, f"<trans-unit id={uid!r}> has no <source>")
            targets = children(tu, "target")
            target = targets[0] if targets else None
            coded = coded_unit(sources[0], target)
            text = coded.pop("target")
            notes, base = _notes(tu)
            phase = (target.get("phase-name") if target is not None else None) or tu.get("phase-name")
            by, at = phases.get(phase, (None, None)) if phase and phase != "bipub-export" else (None, None)
            tf.units.append(TranslationUnit(
                id=uid, key=tu.get("resname"), target=text or None,
                state=state_in_12(target, tu) if text else None, notes=notes, line=tu.sourceline,
                by=by, at=at, flags=_flags_12(target, tu), origin_target=base[0], origin_marks=base[1], **coded,
            ))
    return tf


# --------------------------------------------------------------------------- reading 2.x
def _load20(root, shown: str) -> TranslationFile:
    tf = TranslationFile(source_lang=root.get("srcLang"), target_lang=root.get("trgLang"))
    files = children(root, "file")
    if not files:
        raise fail(shown, root.sourceline, "no <file> element")
    for f in files:
        tf.document = tf.document or f.get("original")
        for unit in f.iter("{*}unit"):
            uid = unit.get("id")
            if not uid:
                raise fail(shown, unit.sourceline, "<unit> without an id")
            segs = [c for c in unit if local(c) in ("segment", "ignorable")]
            if not segs:
                raise fail(shown, unit.sourceline, f"<unit id={uid!r}> has no <segment>")
            source, target, states, flags = [], [], [], set()
            codes: tuple[list, list, list] = ([], [], [])  # source codes, target codes, problems
            for s in segs:
                src = children(s, "source")
                if not src:
                    raise fail(shown, s.sourceline, f"<{local(s)}> in unit {uid!r} has no <source>")
                _add_coded(source, codes[0], codes[2], src[0])
                tgt = children(s, "target")
                if tgt:
                    _add_coded(target, codes[1], codes[2], tgt[0])
                if local(s) == "segment":
                    states.append(STATE_IN_20.get(s.get("state", ""), None))
                    flags.update(f"{a}={s.get(a)}" for a in ("state", "subState") if s.get(a))
            known = [x for x in states if x]
            text = "".join(target)
            # a unit is only as far along as its weakest segment
            state = min(known, key=_ORDER.index) if known and text else None
            notes_el = next((c for c in unit if local(c) == "notes"), None)
            notes, base = _notes(notes_el) if notes_el is not None else ((), (None, None))
            marks, rest = reconcile(codes[0], codes[1], text)
            tf.units.append(TranslationUnit(
                id=uid, key=None, source="".join(source), target=text or None, state=state, notes=notes,
                line=unit.sourceline, flags=frozenset(flags), origin_target=base[0], origin_marks=base[1],
                source_marks=marks_of(codes[0]), target_marks=marks if text else None,
                problems=tuple(codes[2] + (rest if text else [])),
            ))
    return tf


def _add_coded(texts: list[str], codes: list, problems: list, el) -> None:
    """One XLIFF 2 segment's source or target appended to the unit's, its codes moved to their place."""
    text, found, more = coded_text(el)
    at = sum(map(len, texts))
    texts.append(text)
    codes += [replace(c, start=c.start + at, end=c.end + at) for c in found]
    problems += more
