"""Notes under the body → Markdown footnotes; never a stray digit in the prose.

While importing, a note reference is ``REF_OPEN + label + REF_CLOSE`` in the text
(``write`` makes it ``[^label]``, the syntax the build's parser reads) and a note
is a piece of kind ``footnote`` (``numbering`` its label).  References come from

* Markdown footnotes ``[^1]`` with their definitions ``[^1]: …`` (``lift_markdown``,
  before the Markdown parser sees them: CommonMark alone would read them as links);
* HTML ``<sup>1</sup>`` / ``<sup>[1]</sup>`` (``htmltext``), and the items of a
  footnote list (``<li id="fn1">``);
* in any text, bracketed marks ``[1]`` ``［1］`` ``〔1〕``, circled ``①`` and
  superscript ``¹`` that match a note of the notes section.

A **notes section** (``lift``) stands at the end of the body: a line ``注释：`` /
``注：`` / ``【注释】`` followed by numbered items (``[1]…`` ``1. …`` ``（1）…``
``①…``), or ``注：1. …`` with the first item on the same line, or items that
carry a reference mark from the markup.  Each item becomes a footnote.  Numbered
lines without such a header are a list and stay as they are.

A reference without a note, and a note without a reference, are warnings
(``import.footnote``); a reference without a note is taken out of the text (a
stray ``1`` glued to a figure would reach the English as a number) and listed.
The number check does not count note labels; the marks taken out are listed.
"""

from __future__ import annotations

import re

from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import head

REF_OPEN, REF_CLOSE = "\ue000", "\ue001"
#: a reference while importing
REF = re.compile(f"{REF_OPEN}([^{REF_OPEN}{REF_CLOSE}]+){REF_CLOSE}")
#: a footnote label the build's parser reads (``[^label]``)
LABEL = re.compile(r"^[0-9A-Za-z-]{1,20}$")

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳
#: a note item: its label, then its text
ITEM = re.compile(
    f"^(?:{REF_OPEN}(?P<s>[^{REF_CLOSE}]+){REF_CLOSE}|[\\[［〔【](?P<b>\\d{{1,3}})[\\]］〕】]|(?P<p>\\d{{1,3}})[.．、](?![0-9])"
    f"|[（(](?P<r>\\d{{1,3}})[)）]|(?P<c>[{_CIRCLED}])|(?P<u>[{_SUPERSCRIPT}]+))[ \u3000]*(?P<text>\\S.*)$", re.DOTALL)
#: the line that opens a notes section; ``rest`` is the first item when it is on the same line
HEADER = re.compile(r"^[【\[]?(?:注释|注解|脚注|尾注|附注|注)[】\]]?[ \u3000]*[:：]?[ \u3000]*(?P<rest>.*)$", re.DOTALL)


def label_of(m: re.Match) -> str:
    """The label of an ``ITEM`` match as digits (``①`` → ``1``, ``¹²`` → ``12``)."""
    if m.group("c"):
        return str(_CIRCLED.index(m.group("c")) + 1)
    if m.group("u"):
        return "".join(str(_SUPERSCRIPT.index(c)) for c in m.group("u"))
    return next(m.group(g) for g in "sbpr" if m.group(g))


def _marks(label: str) -> re.Pattern:
    """The reference marks of note ``label`` in body text."""
    alts = [re.escape(REF_OPEN + label + REF_CLOSE), f"[\\[［〔]{re.escape(label)}[\\]］〕]"]
    if label.isdigit() and 1 <= int(label) <= 20:
        alts.append(_CIRCLED[int(label) - 1])
    if label.isdigit():
        alts.append("(?<![" + _SUPERSCRIPT + "])" + "".join(_SUPERSCRIPT[int(d)] for d in label) + "(?![" + _SUPERSCRIPT + "])")
    return re.compile("|".join(alts))


def lift(pieces: list[Piece], report: Report) -> list[Piece]:
    """Make the notes section at the end of ``pieces`` footnotes and their marks in the text references."""
    found = _section(pieces)
    if found is None:
        _orphans(pieces, report)
        return pieces
    header, items = found
    body = pieces[: header if header is not None else items[0][0]]
    notes: list[Piece] = []
    for k, (i, m) in enumerate(items):
        p = pieces[i]
        label = label_of(m)
        if not LABEL.match(label):
            label = str(k + 1)
        printed = m.group(0)[: m.start("text")]
        if not printed.startswith(REF_OPEN):
            report.remove(p.line, printed)
        notes.append(Piece("footnote", m.group("text").strip(), p.line, p.end, block=p.block, numbering=label))
    if header is not None:
        h = pieces[header]
        rest = HEADER.match(h.text).group("rest")
        report.remove(h.line, h.text[: len(h.text) - len(rest)] if rest else h.text)
    uncited = []
    for note in notes:
        rx = _marks(note.numbering)
        hits = 0
        for p in body:
            hits += _cite(p, rx, note.numbering, report)
        if not hits:
            uncited.append(note)
    lines = sorted({n.line for n in notes} | ({pieces[header].line} if header is not None else set()))
    labels = ", ".join(f"[^{n.numbering}]" for n in notes[:6]) + (", …" if len(notes) > 6 else "")
    report.add("footnote", "repaired", f"the notes under the text (lines {', '.join(map(str, lines))}) made footnotes "
               f"{labels}; their marks in the text made references", lines[0])
    for note in uncited:
        report.add("footnote", "warning", f"note {note.numbering} ({head(note.text, 12)}) has no reference mark in the "
                   f"text; kept as footnote [^{note.numbering}], printed at the end: put [^{note.numbering}] where it belongs",
                   note.line)
    out = body + notes
    _orphans(out, report)
    return out


def _section(pieces: list[Piece]) -> tuple[int | None, list[tuple[int, re.Match]]] | None:
    """(index of the header or None, [(index, item match)]) of the notes section at the end, or None."""
    items: list[tuple[int, re.Match]] = []
    i = len(pieces) - 1
    while i >= 0 and pieces[i].kind == "paragraph" and ITEM.match(pieces[i].text):
        items.insert(0, (i, ITEM.match(pieces[i].text)))
        i -= 1
    if i >= 0 and pieces[i].kind in ("paragraph", "heading"):
        h = HEADER.match(pieces[i].text)
        if h and (not h.group("rest") or ITEM.match(h.group("rest"))) and pieces[i].text[:1] in "注【[":
            if h.group("rest"):
                items.insert(0, (i, ITEM.match(h.group("rest"))))
            return (i, items) if items else None
    marked = [(k, m) for k, m in items if m.group("s")]
    if marked and marked[0][0] == items[0][0]:
        return None, items  # footnote items the markup marks (``<li id="fn1">``, ``<sup>1</sup> …``)
    return None


def _cite(p: Piece, rx: re.Pattern, label: str, report: Report) -> int:
    """Turn the marks of note ``label`` in piece ``p`` into references; how many."""
    texts = [p.text] if p.rows is None else []
    if not texts or not rx.search(p.text):
        return 0
    hits = 0

    def swap(m: re.Match) -> str:
        nonlocal hits
        hits += 1
        if not m.group(0).startswith(REF_OPEN):
            report.remove(p.line, m.group(0))
        return REF_OPEN + label + REF_CLOSE

    p.text = rx.sub(swap, p.text)
    return hits


def _orphans(pieces: list[Piece], report: Report) -> None:
    """References left without a note: taken out of the text and listed."""
    defined = {p.numbering for p in pieces if p.kind == "footnote"}
    for p in pieces:
        if p.kind == "footnote" or p.rows is not None or REF_OPEN not in p.text:
            continue
        for m in REF.finditer(p.text):
            if m.group(1) not in defined:
                report.add("footnote", "warning", f"a note mark {m.group(1)} ({head(p.text[:m.start()][-10:], 10)}|"
                           f"{m.group(1)}) has no note text in the copy: taken out of the text (a stray digit would read "
                           "as a figure); find the note in the original", p.line)
        p.text = REF.sub(lambda m: m.group(0) if m.group(1) in defined else "", p.text)


def lift_markdown(lines: list[str], first_line: int) -> tuple[list[str], list[Piece]]:
    """Markdown footnotes of a scraped copy: definitions ``[^x]: …`` lifted out as footnote pieces
    (their lines left blank), references ``[^x]`` made references.  Labels the build's parser
    cannot read are numbered."""
    out = list(lines)
    notes: list[Piece] = []
    names: dict[str, str] = {}

    def name(label: str) -> str:
        if label not in names:
            names[label] = label if LABEL.match(label) and label not in names.values() else str(len(names) + 1)
        return names[label]

    fence = None
    i = 0
    while i < len(out):
        line = out[i]
        f = re.match(r"^ {0,3}(```|~~~)", line)
        if f:
            fence = None if fence == f.group(1) else (fence or f.group(1))
        d = None if fence else re.match(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$", line)
        if d:
            text, start = [d.group(2).strip()], i
            out[i] = ""
            while i + 1 < len(out) and out[i + 1][:1] in (" ", "\t") and out[i + 1].strip():
                i += 1
                text.append(out[i].strip())
                out[i] = ""
            notes.append(Piece("footnote", "".join(text), first_line + start, first_line + i, numbering=name(d.group(1))))
        elif not fence and "[^" in line:
            out[i] = re.sub(r"\[\^([^\]\s]+)\](?!:)", lambda r: REF_OPEN + name(r.group(1)) + REF_CLOSE, line)
        i += 1
    return out, notes
