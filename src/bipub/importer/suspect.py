"""Suspicions: what the importer cannot repair, reported for the editor.

* ``import.unterminated`` (warning): a paragraph ends without closing
  punctuation and nothing continues it;
* ``import.starts-mid-sentence`` (error): a paragraph starts with punctuation
  no sentence starts with, or is the missing end of a broken paragraph nearby
  (it starts with the character the broken one ends with);
* ``import.out-of-order`` (error): around such a fragment the page layout has
  scrambled the text; the finding names the raw lines whose order the editor
  must decide (the evidence widened by two paragraphs on each side);
* ``import.digit-break`` (warning): a paragraph breaks off where the next one
  goes on, with a digit at the break (``174915`` | ``5.0``): never joined,
  because a join there could make one figure out of two;
* ``import.unbalanced-quote`` (warning): a quotation mark or bracket opened and
  never closed in its paragraph, or closed without being opened;
* ``import.misprinted-heading`` (warning): numbering out of sequence, or, in
  parallel unnumbered headings (``高地建设蓝图绘就``), a two-character word the
  text never uses although both its characters are common in it;
* ``import.empty-section`` (warning): a heading with no text before the next heading;
* ``import.stray-text`` (warning): in a Chinese text, a short paragraph without
  a single Chinese character (``Public domain``: left over from a web page?).
"""

from __future__ import annotations

from bipub.importer.pieces import Piece
from collections import Counter

from bipub.importer.official import issue_note
from bipub.importer.patterns import NUMBERING_ORDER, heading_number
from bipub.importer.repairs import BODY, fragment_candidates, starts_mid_sentence
from bipub.importer.report import Report
from bipub.importer.text import excerpt, head, is_cjk, is_digit, is_terminated, tail, touches_digit, unbalanced

#: paragraphs on each side of the evidence included in an out-of-order region
REGION_MARGIN = 2
#: a character the text uses at least this often counts as common (misprinted-heading check)
COMMON_CHAR = 3


def check(pieces: list[Piece], report: Report) -> None:
    _broken(pieces, report)
    _quotes(pieces, report)
    _heading_numbers(pieces, report)
    _heading_pairs(pieces, report)
    _empty_sections(pieces, report)
    _stray_text(pieces, report)


def _broken(pieces: list[Piece], report: Report) -> None:
    body = [p for p in pieces if p.kind in BODY]
    evidence: list[tuple[Piece, ...]] = []
    flagged: set[int] = set()
    for i, a in enumerate(pieces):
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if a.kind == "paragraph" and nxt is not None and nxt.kind == "paragraph" and _split_decimal(a.text, nxt.text):
            # ``增长8.`` | ``4%``: a decimal point at the break looks like a full stop; never joined, never silent
            report.add("digit-break", "warning", f"paragraph ends with {tail(a.text, 10)} and line {nxt.line} starts "
                       f"with {head(nxt.text, 10)}: a figure may be broken at its decimal point (8. | 4% = 8.4%?); "
                       "left as written: join them by hand if they are one figure", a.end)
            continue
        if a.kind != "paragraph" or not a.text or is_terminated(a.text) or issue_note(a.text):
            continue  # an issue note (``（…会议通过）``) ends with its bracket
        if nxt is not None and nxt.kind in ("table", "figure", "verbatim"):
            continue  # a caption or an introduction: it ends where the table or figure begins
        if nxt is not None and nxt.kind == "paragraph" and touches_digit(a.text, nxt.text):
            report.add("digit-break", "warning", f"paragraph breaks off at {tail(a.text, 10)} and line {nxt.line} goes on "
                       f"with {head(nxt.text, 10)}: a figure stands at the break, so they were not joined "
                       "(one figure or two? join them by hand if they are one sentence)", a.end)
            continue
        frags = fragment_candidates(pieces, i)
        if frags:
            f = frags[0]
            report.add("unterminated", "warning", f"paragraph breaks off at {tail(a.text, 10)}; "
                       f"line {f.line} ({head(f.text, 8)}) may continue it", a.end)
            report.add("starts-mid-sentence", "error", f"fragment {head(f.text, 10)} starts mid-sentence; "
                       f"it may continue line {a.end} ({tail(a.text, 8)})", f.line)
            flagged.add(id(f))
            evidence.append((a, f))
        else:
            report.add("unterminated", "warning", f"paragraph ends without closing punctuation: {tail(a.text, 12)}", a.end)
    for k, p in enumerate(body):
        if p.kind == "paragraph" and id(p) not in flagged and starts_mid_sentence(p.text):
            prev = body[k - 1] if k else None
            if prev is None or prev.kind != "paragraph" or is_terminated(prev.text):
                report.add("starts-mid-sentence", "error", f"paragraph starts mid-sentence: {head(p.text, 10)}", p.line)
                evidence.append((p,))
    _regions(body, evidence, report)


def _regions(body: list[Piece], evidence: list[tuple[Piece, ...]], report: Report) -> None:
    paras = [p for p in body if p.kind == "paragraph"]
    where = {id(p): k for k, p in enumerate(paras)}
    spans: list[tuple[int, int]] = []
    for group in evidence:
        idx = sorted(where[id(p)] for p in group if id(p) in where)
        if not idx:
            continue
        lo, hi = max(0, idx[0] - REGION_MARGIN), min(len(paras) - 1, idx[-1] + REGION_MARGIN)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    for lo, hi in spans:
        first, last = paras[lo], paras[hi]
        report.add("out-of-order", "error", f"lines {first.line}–{last.end} may be out of page order "
                   "(a fragment starts mid-sentence there); decide the order of these paragraphs", first.line)


def _quotes(pieces: list[Piece], report: Report) -> None:
    for p in pieces:
        if p.kind not in ("paragraph", "figure", "heading", "title", "subtitle"):
            continue
        bad = unbalanced(p.text)
        if bad:
            mark, at = bad[0]
            what = "opened and never closed" if mark in "“‘「『（(《【〔" else "closed but never opened" if mark != '"' else "odd in number"
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            report.add("unbalanced-quote", "warning", f"{mark} {what}: {excerpt(p.text, at, 8, 10)}{more}", p.line)


def _heading_numbers(pieces: list[Piece], report: Report) -> None:
    """Numbers of one kind must count 1, 2, 3 … under their parent heading."""
    last: dict[str, int] = {}
    for p in pieces:
        if p.kind != "heading" or p.numbering == "plain":
            continue
        num = heading_number(p.text)
        if num is None:
            continue
        expected = last.get(p.numbering, 0) + 1
        if num.number != expected and num.number != 1:
            report.add("misprinted-heading", "warning", f"{head(p.text, 16)}: numbered {num.number}, expected {expected}", p.line)
        last[p.numbering] = num.number
        # a heading restarts the numbering of every kind below it
        for k in list(last):
            if _deeper(k, p.numbering):
                del last[k]


def _deeper(kind: str, than: str) -> bool:
    return kind in NUMBERING_ORDER and than in NUMBERING_ORDER and NUMBERING_ORDER.index(kind) > NUMBERING_ORDER.index(than)


def _pairs(text: str) -> list[str]:
    return [text[i: i + 2] for i in range(len(text) - 1) if is_cjk(text[i]) and is_cjk(text[i + 1])]


def _heading_pairs(pieces: list[Piece], report: Report) -> None:
    """Parallel unnumbered headings (all the same even length, ``高地建设蓝图绘就``) are read as
    two-character words; a word the text never uses, made of two characters the text uses
    often (``技术业基…``: 业 and 基 are common, 业基 never occurs), is a likely misprint."""
    heads = [p for p in pieces if p.kind == "heading" and p.numbering == "plain"]
    if len(heads) < 3 or len({len(h.text) for h in heads}) != 1 or len(heads[0].text) % 2:
        return
    text = "\n".join(p.text for p in pieces if p.kind in ("paragraph", "figure"))
    chars = Counter(text)
    pairs = {text[k: k + 2] for k in range(len(text) - 1)}
    for h in heads:
        words = [h.text[i: i + 2] for i in range(0, len(h.text), 2)]
        odd = [w for w in words if all(is_cjk(c) for c in w) and w not in pairs
               and min(chars[w[0]], chars[w[1]]) >= COMMON_CHAR]
        if odd:
            report.add("misprinted-heading", "warning", f"heading {h.text}: {', '.join(odd)} is not used anywhere in the text "
                       "although its characters are common there; a misprint?", h.line)


def _empty_sections(pieces: list[Piece], report: Report) -> None:
    body = [p for p in pieces if p.kind in ("paragraph", "heading", "figure")]
    for p, nxt in zip(body, body[1:] + [None]):
        if p.kind == "heading" and (nxt is None or (nxt.kind == "heading" and nxt.level <= p.level)):
            report.add("empty-section", "warning", f"heading {head(p.text, 16)} has no text under it", p.line)


#: paragraphs shorter than this without Chinese characters are suspect in a Chinese text
STRAY_MAX = 40


def _stray_text(pieces: list[Piece], report: Report) -> None:
    text = "".join(p.text for p in pieces)
    if not text or sum(1 for c in text if is_cjk(c)) < len(text) / 2:
        return
    for p in pieces:
        if p.kind == "paragraph" and len(p.text) < STRAY_MAX and not any(is_cjk(c) for c in p.text):
            report.add("stray-text", "warning", f"{p.text}: no Chinese in a Chinese text; left over from a web page or layout?", p.line)


def _split_decimal(left: str, right: str) -> bool:
    """``…8.`` followed by ``4%…``: a digit, a point, the break, a digit."""
    return len(left) >= 2 and left[-1] in ".．" and is_digit(left[-2]) and bool(right) and is_digit(right[0])
