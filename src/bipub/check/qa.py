"""Quality checks on every translated segment.

Each check is a small function ``check_x(seg, ctx)`` returning ``Finding``
objects (code, severity, message); ``CHECKS`` lists them in the order they run
and ``check_segment`` locates them (file, the segment's line and id).  The
term and number checks read the segment's spans (annotate stage): nothing is
matched again here.

| code                | severity | what it means |
|---------------------|----------|---------------|
| qa.empty            | warning  | the Chinese has text, the English is blank |
| qa.term-missing     | warning  | a glossary term of the source is not in the English as its approved rendering |
| qa.term-forbidden   | warning  | the English uses a rendering the glossary forbids for a term of the source |
| qa.term-proposed    | info     | the segment uses a term whose rendering is only *proposed* |
| qa.number-missing   | warning  | a number or date of the source is missing from the English, or changed (``figures.py``) |
| qa.number-extra     | warning  | a figure in the English (in digits, from 3 up in words, or ``doubled``, ``a third of``, ``hundreds of``) has no counterpart in the source (``figures.py``, ``figure_words.py``) |
| qa.number-unread    | warning  | a figure of the source no number rule can read (``3.4.5``, ``1２%``): its English is unchecked (``unread.py``) |
| qa.chinese-left     | warning  | Chinese characters were left in the English |
| qa.length-ratio     | warning  | the English is suspiciously short or long for the Chinese |
| qa.repeated-words   | warning  | a word or phrase repeats back to back (a known small-NMT failure) |

Checks that compare text fold case, width, curly quotes and hyphen/space
differences first, so ``High-Quality Development`` satisfies
``high-quality development``.  Segments with no English yet (``target is
None``) are not checked: the build counts them as untranslated.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from bipub.check.figures import check_number_extra, check_number_missing
from bipub.check.phrases import Phrases
from bipub.check.unread import check_number_unread
from bipub.findings import Finding
from bipub.model import Segment
from bipub.text.normalize import HAN, fold_width



@dataclass
class Context:
    """What the checks of one segment share: its term spans with their glossary entries, its number
    spans, and its English read once into words (``phrases.Phrases``) for the term checks."""

    terms: list = field(default_factory=list)  # (Span, Term) for each term span
    numbers: list = field(default_factory=list)  # number Spans
    english: Phrases | None = None  # the English's words, indexed (None: no English)


def make_context(seg: Segment, glossary) -> Context:
    terms = []
    for span in seg.spans:
        term = glossary.lookup(span.ref) if span.kind == "term" and glossary is not None else None
        if term is not None:
            terms.append((span, term))
    english = Phrases(_plain(seg.target)) if terms and seg.target else None
    return Context(terms, [sp for sp in seg.spans if sp.kind == "number"], english)


# ---------------------------------------------------------------- text helpers


def _plain(text: str) -> str:
    """Comparison form: width-folded, lower case, hyphens and runs of spaces as one space."""
    text = fold_width(text).lower()
    text = re.sub(r"[\-\u2010-\u2013]", " ", text)
    return " " + " ".join(re.findall(r"\w+(?:['.]\w+)*|[%$&+]", text.replace("’", "'"))) + " "


def _contains(target_plain: str, phrase: str) -> bool:
    """Whether the English (its ``_plain`` form) holds ``phrase``: a leading ``the`` optional ("the Belt
    and Road Initiative" is also fine as "Belt and Road Initiative"), the last word inflected."""
    return Phrases(target_plain).has(_plain(phrase))



# ---------------------------------------------------------------- checks


def check_empty(seg: Segment, ctx: Context):
    if seg.source.strip() and not seg.target.strip():
        return [Finding("qa.empty", "warning", "the English is empty")]
    return []


def _english(seg: Segment, ctx: Context) -> Phrases:
    return ctx.english if ctx.english is not None else Phrases(_plain(seg.target))


def check_term_missing(seg: Segment, ctx: Context):
    out = []
    english = _english(seg, ctx)
    seen = set()
    for span, t in ctx.terms:
        if (t.zh, t.en) in seen:
            continue
        seen.add((t.zh, t.en))
        if not english.has(_plain(t.en)):
            out.append(Finding("qa.term-missing", "warning",
                               f"glossary term {seg.surface(span)} should be rendered as “{t.en}”"))
    return out


def check_term_forbidden(seg: Segment, ctx: Context):
    out = []
    seen = set()
    english = None
    approved = None
    for span, t in ctx.terms:
        if not t.forbidden or t.zh in seen:
            continue
        seen.add(t.zh)
        english = english or _english(seg, ctx)
        # an approved rendering may contain a forbidden one ("Belt and Road" in "Belt and Road Initiative"),
        # or be one (湖南日报 "Hunan Daily" beside 湖南日报社, where "Hunan Daily" is forbidden): a forbidden
        # rendering counts only where it is not part of the approved rendering of a term of the segment
        if approved is None:
            approved = [s for _sp, other in ctx.terms for s in english.exact(_plain(other.en))]
        for bad in t.forbidden:
            if _plain(bad).strip() == _plain(t.en).strip():
                continue
            if any(not any(s < b and a < e for a, b in approved) for s, e in english.spans(_plain(bad))):
                out.append(Finding("qa.term-forbidden", "warning",
                                   f"“{bad}” is a forbidden rendering of {seg.surface(span)}; use “{t.en}”"))
    return out


def check_term_proposed(seg: Segment, ctx: Context):
    names = []
    for _span, t in ctx.terms:
        if t.status == "proposed" and t.zh not in names:
            names.append(t.zh)
    if not names:
        return []
    return [Finding("qa.term-proposed", "info", "rendering not yet approved for: " + ", ".join(names))]



def check_chinese_left(seg: Segment, ctx: Context):
    left = HAN.findall(seg.target)
    if not left:
        return []
    shown = "".join(left[:12]) + ("…" if len(left) > 12 else "")
    return [Finding("qa.chinese-left", "warning", f"{len(left)} Chinese character(s) left in the English: {shown}")]


#: English characters per Chinese character outside which a translation is suspicious.
#: Measured on the 98 human-translated units of the focus-ios XLIFF with ≥ 8 Chinese
#: characters: 1.7 to 5.6, median 3.3; the limits leave a wide margin on both sides.
MIN_RATIO, MAX_RATIO = 0.9, 9.0
#: segments with fewer Chinese characters are not ratio-checked (titles, names, dates)
MIN_CJK_FOR_RATIO = 8


def check_length_ratio(seg: Segment, ctx: Context):
    target = seg.target
    n = len(HAN.findall(seg.source))
    if n < MIN_CJK_FOR_RATIO or not target.strip():
        return []
    # text the rules rendered (numbers, terms) is as long in English as it is: leave it out of both sides
    rendered = [span for span, _t in ctx.terms] + ctx.numbers
    extra_en = sum(len(span.target) for span in rendered)
    extra_zh = sum(len(HAN.findall(seg.surface(span))) for span in rendered)
    n_free = n - extra_zh
    if n_free < MIN_CJK_FOR_RATIO:
        return []
    en = max(0, len(" ".join(target.split())) - extra_en)
    ratio = en / n_free
    if ratio < MIN_RATIO:
        return [Finding("qa.length-ratio", "warning",
                        f"the English looks too short ({ratio:.1f} letters per Chinese character; expected ≥ {MIN_RATIO})")]
    if ratio > MAX_RATIO:
        return [Finding("qa.length-ratio", "warning",
                        f"the English looks too long ({ratio:.1f} letters per Chinese character; expected ≤ {MAX_RATIO})")]
    return []


#: words English legitimately doubles ("that that", "had had")
_DOUBLE_OK = {"that", "had", "is", "do", "very", "bye", "no", "ha", "so", "far"}


def repeated_runs(text: str) -> list[str]:
    """Phrases of 1–6 words repeated back to back (punctuation ignored).

    A single word must repeat (``the the``) unless English allows it
    (``had had``); two to six words repeating once (``of the reform of the
    reform``) are reported.  Numbers are ignored.
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]*(?:\.[A-Za-z]+)*|\d[\d.,]*", text)]
    found: list[str] = []
    i = 0
    while i < len(words):
        hit = 0
        for n in range(6, 0, -1):
            a, b = words[i:i + n], words[i + n:i + 2 * n]
            if len(b) < n or a != b or any(w[0].isdigit() for w in a):
                continue
            if n == 1 and a[0] in _DOUBLE_OK and words[i + 2:i + 3] != a:
                continue
            found.append(" ".join(a))
            hit = n
            break
        i += hit * 2 if hit else 1
    return found


def check_repeated_words(seg: Segment, ctx: Context):
    runs = repeated_runs(seg.target)
    if not runs:
        return []
    return [Finding("qa.repeated-words", "warning", "repeated: " + "; ".join(f"“{r} {r}”" for r in runs[:3]))]


CHECKS = [
    check_empty,
    check_term_missing,
    check_term_forbidden,
    check_term_proposed,
    check_number_missing,
    check_number_extra,
    check_number_unread,
    check_chinese_left,
    check_length_ratio,
    check_repeated_words,
]


def check_segment(seg: Segment, *, glossary, file: str | None) -> list[Finding]:
    """Every check on one annotated segment; findings carry ``file``, the segment's line and id."""
    if seg.target is None:
        return []
    ctx = make_context(seg, glossary)
    checks = CHECKS if seg.target.strip() else [check_empty]  # blank English: one finding, not eight
    return [dataclasses.replace(f, file=file, line=seg.line, segment=seg.id) for check in checks for f in check(seg, ctx)]
