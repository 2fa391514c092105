"""Inline codes: the emphasis (bold, italic) of a unit in the exchange formats.

The text of a unit stays plain (``TranslationUnit.source``/``target``: keys,
the memory and the number rules see the words); its emphasis is kept beside it
as ``model.Mark`` (kinds ``b``, ``i``) and written as each format's paired codes:

=========  ===================================================================================
XLIFF 1.2  ``<g id="1" ctype="bold">一带一路</g>`` (read too: ``<bpt id="1" ctype="bold"/>…<ept id="1"/>``,
           ``<bx rid="1" ctype="bold"/>…<ex rid="1"/>``, XLIFF 2 ``<pc id="1" subType="xlf:b">``)
TMX 1.4b   ``<bpt i="1" type="bold">&lt;b&gt;</bpt>一带一路<ept i="1">&lt;/b&gt;</ept>``
PO         ``<b>一带一路</b>``, ``<i>…</i>`` in msgid and msgstr (po4a's and Weblate's convention)
=========  ===================================================================================

The source's codes are numbered 1, 2, … in text order; a target code carries
the number of the source code it stands for (the k-th bold of the English is
the k-th bold of the Chinese when the file has no numbers, as in PO).  On
reading, :func:`reconcile` matches the target's codes with the source's; a code
that does not pair, has no source code (invented) or covers no words is dropped
and described, and a source code with no target code is described too: the
import turns each description into a finding (never a silent loss, never a crash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from bipub.formats.xmlsafe import CODES, CONTROL, XML_FORBIDDEN, code_char, local
from bipub.model import EMPHASIS, Mark

#: kind → XLIFF 1.2 ``ctype`` / TMX ``type`` (both formats' own names for them)
CTYPE = {"b": "bold", "i": "italic"}
#: kind → the native code a TMX ``<bpt>``/``<ept>`` holds, and the PO tags
TAGS = {"b": ("<b>", "</b>"), "i": ("<i>", "</i>")}
WORD = {"b": "bold", "i": "italic"}
_KIND_OF = {"bold": "b", "b": "b", "strong": "b", "xlf:b": "b", "x-bold": "b",
            "italic": "i", "i": "i", "em": "i", "xlf:i": "i", "x-italic": "i"}
_TAG = re.compile(r"<(/?)([bi])>")
#: paired codes one side of a unit may carry; a sentence has a handful (more is a broken or hostile file)
MAX_CODES = 64


@dataclass(frozen=True)
class Code:
    """A paired inline code as read from a file: ``text[start:end]``; ``kind`` None when the file
    does not say (a target ``<g id="1">`` takes the kind of source code 1); ``id`` None in PO."""

    start: int
    end: int
    kind: str | None
    id: str | None = None
    words: str = ""  # the text it covers (for messages)


def kind_of(*names: str | None) -> str | None:
    """``b``/``i`` for a ctype, type, subType or native code (``bold``, ``xlf:b``, ``<strong>``), else None."""
    for name in names:
        words = (name or "").strip().lower().strip("<>/ ").split()
        if words and words[0] in _KIND_OF:
            return _KIND_OF[words[0]]
    return None


def emphasis(marks) -> list[Mark]:
    """The bold and italic marks, in text order (outer before inner)."""
    return sorted((m for m in marks or () if m.kind in EMPHASIS and m.end > m.start), key=lambda m: (m.start, -m.end))


def numbered(source_marks, target_marks=()) -> tuple[list[tuple[str, Mark]], list[tuple[str, Mark]]]:
    """(source marks with ids "1", "2", …; target marks with the id of the source mark of the same
    kind and rank, or a new id when the source has no such mark)."""
    src = [(str(n), m) for n, m in enumerate(emphasis(source_marks), 1)]
    by_kind: dict[str, list[str]] = {}
    for i, m in src:
        by_kind.setdefault(m.kind, []).append(i)
    out, extra = [], len(src)
    for m in emphasis(target_marks):
        ids = by_kind.get(m.kind)
        if ids:
            out.append((ids.pop(0), m))
        else:
            extra += 1
            out.append((str(extra), m))
    return src, out


def events(text: str, idmarks) -> list[tuple]:
    """``text`` as ("text", s), ("open", id, kind) and ("close", id, kind) events; a mark that would
    cross another (never made by bipub) is closed and reopened around it, so codes always nest.
    Linear for nested marks; a unit carries at most `MAX_CODES` of them."""
    out: list[tuple] = []
    stack: list[tuple[str, Mark]] = []
    open_ends: dict[int, int] = {}  # end position -> how many open marks end there
    starts = sorted((x for x in idmarks if x[1].end > x[1].start), key=lambda x: (x[1].start, -x[1].end))
    cuts = sorted({0, len(text), *(m.start for _, m in idmarks), *(m.end for _, m in idmarks)})
    k = 0
    for n, p in enumerate(cuts):
        while stack and stack[-1][1].end <= p:  # nested marks close innermost first
            top = stack.pop()
            open_ends[top[1].end] -= 1
            out.append(("close", top[0], top[1].kind))
        if open_ends.get(p):  # a crossing mark ends under another: close down to it, reopen the others
            reopen = []
            while open_ends.get(p):
                top = stack.pop()
                out.append(("close", top[0], top[1].kind))
                if top[1].end <= p:
                    open_ends[top[1].end] -= 1
                else:
                    reopen.append(top)
            for x in reversed(reopen):
                stack.append(x)
                out.append(("open", x[0], x[1].kind))
        while k < len(starts) and starts[k][1].start == p:
            stack.append(starts[k])
            open_ends[starts[k][1].end] = open_ends.get(starts[k][1].end, 0) + 1
            out.append(("open", starts[k][0], starts[k][1].kind))
            k += 1
        if n + 1 < len(cuts):
            out.append(("text", text[p:cuts[n + 1]]))
    return [e for e in out if e[0] != "text" or e[1]]


# ----------------------------------------------------------------------------- PO tags
def tagged(text: str, marks) -> str:
    """``text`` with its emphasis as ``<b>…</b>`` / ``<i>…</i>`` (PO, and the base record of every format)."""
    out = []
    for ev in events(text, [("", m) for m in emphasis(marks)]):
        if ev[0] == "text":
            out.append(ev[1])
        else:
            out.append(TAGS[ev[2]][0 if ev[0] == "open" else 1])
    return "".join(out)


def literal_tags(text: str) -> bool:
    """Does plain text hold something that reads as a PO tag (``<b>`` written as words)?"""
    return _TAG.search(text or "") is not None


def untag(text: str) -> tuple[str, list[Code], list[str]]:
    """``<b>…</b>`` / ``<i>…</i>`` text → (plain text, codes, problems); a tag that does not pair is
    dropped and described (``<b>`` never closed, ``</i>`` never opened)."""
    plain, codes, problems = [], [], []
    stack: list[tuple[str, int]] = []
    pos, at = 0, 0
    for m in _TAG.finditer(text):
        plain.append(text[pos:m.start()])
        at += m.start() - pos
        pos = m.end()
        closing, kind = m.group(1) == "/", m.group(2)
        if not closing:
            stack.append((kind, at))
        elif stack and stack[-1][0] == kind:
            codes.append(Code(stack.pop()[1], at, kind))
        else:
            problems.append(f"{TAGS[kind][1]} closes no {TAGS[kind][0]}")
    plain.append(text[pos:])
    problems += [f"{TAGS[k][0]} is never closed" for k, _ in stack]
    words = "".join(plain)
    return words, [Code(c.start, c.end, c.kind, None, words[c.start:c.end]) for c in codes], problems


# ----------------------------------------------------------------------------- reading back
def reconcile(source: list[Code], target: list[Code], target_text: str) -> tuple[tuple[Mark, ...] | None, list[str]]:
    """The emphasis of the English from the target's codes, matched with the source's, and problems.

    ``None`` when the target has no code at all (the file does not say: a tool that strips codes
    must not erase an emphasis), else the marks.  Problems: a target code with no source code of its
    number or kind (invented), one covering no words, a source code the English lacks (missing).
    """
    if len(target) > MAX_CODES:
        return None, [f"{len(target)} codes in the English (at most {MAX_CODES}); its emphasis is not read"]
    src = [c for c in source if c.kind in EMPHASIS][:MAX_CODES]
    ids = {c.id: c for c in src if c.id is not None}
    other = {c.id for c in source if c.kind not in EMPHASIS and c.id is not None}  # codes bipub does not carry
    target = [c for c in target if not (c.id in other and c.kind not in EMPHASIS)]
    free: dict[str, list[Code]] = {}
    for c in reversed(src):
        free.setdefault(c.kind, []).append(c)
    marks, problems, used = [], [], set()
    for c in sorted(target, key=lambda c: (c.start, -c.end)):
        words = target_text[c.start:c.end]
        if c.id is not None and c.id in ids:
            match = ids[c.id] if id(ids[c.id]) not in used else None
            kind = c.kind if c.kind in EMPHASIS else ids[c.id].kind
        elif c.id is None and c.kind in EMPHASIS and free.get(c.kind):
            queue = free[c.kind]  # the next unused source code of that kind (linear over the unit)
            while queue and id(queue[-1]) in used:
                queue.pop()
            match, kind = (queue[-1] if queue else None), c.kind
        else:
            match, kind = None, c.kind
        if match is None:
            what = WORD.get(kind or "", "code")
            if c.kind is None and c.id is not None and c.id not in ids and kind is None:
                what = f"code {c.id}"
            problems.append(f"{what} over “{words}” in the English has no code in the Chinese (invented); dropped")
            continue
        used.add(id(match))
        if c.end <= c.start or not words.strip():
            problems.append(f"{WORD[kind]} code {match.id or ''} in the English covers no words; dropped".replace("  ", " "))
            continue
        marks.append(Mark(c.start, c.end, kind))
    for c in src:
        if id(c) not in used and target_text.strip():
            problems.append(f"{WORD[c.kind]} code{' ' + c.id if c.id else ''} over “{c.words}” of the Chinese "
                            "is missing in the English")
    return (tuple(marks) if target else None), problems


def codes_of(text: str, marks) -> list[Code]:
    """The source's emphasis marks as codes without numbers (to reconcile a target read from PO tags)."""
    return [Code(m.start, m.end, m.kind, None, text[m.start:m.end]) for m in emphasis(marks)]


def marks_of(codes: list[Code]) -> tuple[Mark, ...]:
    """The emphasis marks of codes whose kind is known (the source side)."""
    return tuple(Mark(c.start, c.end, c.kind) for c in codes if c.kind in EMPHASIS and c.end > c.start)


# ----------------------------------------------------------------------------- XML
_WRAP = {"g", "pc"}  # codes that wrap their words (XLIFF 1.2, XLIFF 2)
_BEGIN = {"bpt", "bx", "sc"}  # the opening half of a pair (XLIFF 1.2, TMX, XLIFF 2)
_END = {"ept", "ex", "ec"}


def _pair_id(node, name: str) -> str | None:
    """What pairs an opening code with its closing one: ``rid``, TMX ``i``, XLIFF 2 ``startRef``, else ``id``."""
    return node.get("rid") or node.get("i") or (node.get("startRef") if name == "ec" else None) or node.get("id")


def _match_id(node) -> str | None:
    """What matches a code in the target with the source's: TMX ``x``, else ``id`` (``i`` in TMX)."""
    return node.get("x") or node.get("id") or node.get("i")


def coded_text(el) -> tuple[str, list[Code], list[str]]:
    """The words of a source/target/seg element (as ``xmlsafe.inline_text`` reads them), its paired
    emphasis codes and problems (a begin code never ended, an end code never begun, an isolated one)."""
    parts: list[str] = []
    size = 0
    codes: list[Code] = []
    problems: list[str] = []
    begun: dict[str, tuple[int, str | None, str | None]] = {}  # pair id -> (start, kind, match id)
    stack = [(el, False, 0)]
    while stack:
        node, closing, start = stack.pop()
        name = local(node)
        if closing:
            if name in _WRAP:
                codes.append(Code(start, size, kind_of(node.get("ctype"), node.get("subType"), node.get("type")),
                                  node.get("id")))
            parts.append(node.tail or "")
            size += len(node.tail or "")
            continue
        if node is not el:
            stack.append((node, True, size))
        if name in _BEGIN:
            begun[_pair_id(node, name) or ""] = (size, kind_of(node.get("ctype"), node.get("type"), node.get("subType"),
                                                                node.text), _match_id(node))
        elif name in _END:
            opened = begun.pop(_pair_id(node, name) or "", None)
            if opened is None:
                problems.append(f"<{name}> {_pair_id(node, name) or ''} ends a code that never began".replace("  ", " "))
            else:
                codes.append(Code(opened[0], size, opened[1], opened[2]))
        elif name == "it":
            problems.append(f"an isolated code <it pos={node.get('pos')!r}> has no partner; ignored")
        if name in CODES:
            ch = code_char(node, name)
            parts.append(ch)
            size += len(ch)
            continue
        if not isinstance(node.tag, str):
            continue
        parts.append(node.text or "")
        size += len(node.text or "")
        stack.extend((child, False, 0) for child in reversed(node))
    problems += [f"a code {k} begins and never ends".replace("  ", " ") for k in begun]
    text = "".join(parts)
    return text, [Code(c.start, c.end, c.kind, c.id, text[c.start:c.end]) for c in codes], problems


def _append(el, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _add_text(el, text: str, code: str, attr: str, count: list[int]) -> None:
    """Append ``text`` to ``el``; a character XML cannot carry becomes a control placeholder
    (as ``xmlsafe.put_text`` writes it); ``count`` counts them."""
    pieces = XML_FORBIDDEN.split(text)
    _append(el, pieces[0])
    for ch, tail in zip(XML_FORBIDDEN.findall(text), pieces[1:]):
        count[0] += 1
        ph = etree.SubElement(el, code, {attr: CONTROL})
        if attr == "ctype":
            ph.set("id", f"bipub-c{count[0]}")
        ph.text = f"U+{ord(ch):04X}"
        ph.tail = tail


def put_g(el, text: str, idmarks, g: str, ph: str) -> int:
    """XLIFF 1.2: ``text`` into ``el`` with each mark as ``<g id ctype>`` around its words; returns the
    control placeholders written."""
    count, stack = [0], [el]
    for ev in events(text, idmarks):
        if ev[0] == "text":
            _add_text(stack[-1], ev[1], ph, "ctype", count)
        elif ev[0] == "open":
            stack.append(etree.SubElement(stack[-1], g, {"id": ev[1], "ctype": CTYPE[ev[2]]}))
        else:
            stack.pop()
    return count[0]


def put_pairs(el, text: str, idmarks) -> int:
    """TMX: ``text`` into ``el`` with each mark as ``<bpt i x type>&lt;b&gt;</bpt>…<ept i>&lt;/b&gt;</ept>``."""
    count = [0]
    for ev in events(text, idmarks):
        if ev[0] == "text":
            _add_text(el, ev[1], "ph", "type", count)
        elif ev[0] == "open":
            etree.SubElement(el, "bpt", {"i": ev[1], "x": ev[1], "type": CTYPE[ev[2]]}).text = TAGS[ev[2]][0]
        else:
            etree.SubElement(el, "ept", {"i": ev[1]}).text = TAGS[ev[2]][1]
    return count[0]
