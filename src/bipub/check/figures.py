"""The number checks: ``qa.number-missing`` and ``qa.number-extra`` (``qa`` runs them).

``qa.number-missing``: every number span's English (its anchors, :func:`number_anchors`: digits,
scale words, month names, ``%``, ``‰``) is in the English, or the same value in other words
(``1,409.67 million`` for ``1.40967 billion``, ``doubled`` for ``增长1倍``: ``figure_words``), with
its minus sign.  ``qa.number-extra``: every figure of the English, in digits, number words or
figure words (``half``, ``a third of``, ``hundreds of``), comes from the Chinese.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from fractions import Fraction

from bipub.check import bounds, figure_words, units
from bipub.findings import Finding
from bipub.model import Segment
from bipub.terms.numbers.zh import CN_CHARS, parse_chinese_numeral
from bipub.text.normalize import fold_width

_SCALE = ("hundred", "thousand", "million", "billion", "trillion")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def number_anchors(english: str) -> list[str]:
    """The parts of a number's English that any correct translation keeps.

    Digits (thousands separators dropped), scale words, month names and the
    percent sign: ``31 December 2021`` → ``['31', 'december', '2021']``, so
    ``December 31, 2021`` passes too.  Small numbers and ordinals are anchors as
    words (``top ten`` → ``['ten']``, which ``top 10`` also satisfies; ``third in
    the world`` → ``['third']``, so ``the world's third`` passes).  A rendering with
    none of these is its own anchor.
    """
    text = _numeric_form(english)
    anchors = re.findall(r"\d+(?:\.\d+)?", text)
    words = re.findall(r"[a-z]+", text)
    anchors += [w for w in words if w in _SCALE or w in _MONTHS or w in _WORDS or w in _ORDINALS]
    anchors += [sign for sign in "%‰" if sign in text] + (["pp"] if " pp" in text else [])
    return anchors or [text.strip()]


_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_ONES = {w: n for n, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_COMPOUND = re.compile(rf"\b({'|'.join(_TENS)})[- ]({'|'.join(_ONES)})\b")
_A_SCALE = re.compile(r"\b(?:a|one) (hundred|thousand|million|billion|trillion)\b")


@lru_cache(maxsize=4096)
def _numeric_form(text: str) -> str:
    """Comparison form of English figures: width folded, lower case, no thousands separators, ``%`` ``‰``
    ``pp`` for percent, per thousand and percentage points; ``twenty-five`` → 25, ``a hundred`` → 100,
    ``a million`` → 1 million."""
    text = fold_width(text).lower()
    if "ty" in text:
        text = _COMPOUND.sub(lambda m: str(_TENS[m[1]] + _ONES[m[2]]), text)
    if "hundred" in text or "thousand" in text or "illion" in text:
        text = _A_SCALE.sub(lambda m: {"hundred": "100", "thousand": "1000"}.get(m[1], f"1 {m[1]}"), text)
    if "," in text:
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    if "p" in text:
        text = re.sub(r"\s*(?:percentage[- ]points?|ppts?|(?<=\d) points?)\b", " pp", text)
        text = re.sub(r"\s*(?:per\s*cent|percent)\b", "%", text)
        text = re.sub(r"\s*(?:per\s*thousand|per\s*mille|permille)\b", "‰", text)
    return text


_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen twenty").split()
_ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
             "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
#: small numbers may be written either way: "three" ⇔ "3", "14th" ⇔ "fourteenth"
_SPELLED: dict[str, set[str]] = {}
for _n, (_w, _o) in enumerate(zip(_WORDS, _ORDINALS)):
    _SPELLED.setdefault(str(_n), set()).update({_w, _o})
    _SPELLED.setdefault(_w, set()).add(str(_n))
    _SPELLED.setdefault(_o, set()).add(str(_n))


#: spelled-out numbers the extra-figure check reads, with their values: 3 to 20 and the tens
#: (one, two, first, second are everyday words); a scale word after one multiplies it
_CHECKED_WORDS = {w: float(n) for words in (_WORDS, _ORDINALS) for n, w in enumerate(words) if n >= 3} | {
    w: float(10 * n) for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}
_SCALE_VALUE = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", fold_width(text).lower())


def _has_anchor(target_numeric: str, anchor: str) -> bool:
    return _Anchors(target_numeric).has(anchor)


class _Anchors:
    """The number anchors an English text holds, indexed once so that checking
    every number of a long segment costs one pass over the text, not one per number.

    A digit form counts where it is not part of a longer number (``5`` is not in
    ``5.2`` or ``15``); a word where it is a whole word.
    """

    def __init__(self, target_numeric: str):
        self.text = target_numeric
        # a number chain 5 / 5.2 / 1.2.3: only a chain of one or two parts is a whole number
        chains = re.findall(r"(?<![\d.])\d+(?:\.\d+)*", target_numeric)
        self.numbers = {c for c in chains if c.count(".") <= 1}
        self.words = set(re.findall(r"\w+", target_numeric))
        self.searched: dict[str, bool] = {}

    def has(self, anchor: str) -> bool:
        if anchor in ("%", "‰"):
            return anchor in self.text
        return any(self._form(form) for form in {anchor} | _SPELLED.get(anchor, set()))

    def _form(self, form: str) -> bool:
        if re.fullmatch(r"\d+(?:\.\d+)?", form):
            return form in self.numbers
        if re.fullmatch(r"\w+", form) and not form[:1].isdigit():
            return form in self.words
        if form not in self.searched:  # an unusual rendering used as its own anchor: searched once
            if form[:1].isdigit():
                hit = re.search(rf"(?<![\d.]){re.escape(form)}(?!\d|\.\d)", self.text)
            else:
                hit = re.search(rf"\b{re.escape(form)}\b", self.text)
            self.searched[form] = hit is not None
        return self.searched[form]


def check_number_missing(seg: Segment, ctx):  # ctx: qa.Context
    out = []
    numeric = _numeric_form(seg.target)
    present = _Anchors(numeric)
    amounts = None
    for n in ctx.numbers:
        missing = [a for a in number_anchors(n.target) if not present.has(a)]
        if missing and all(a[:1].isdigit() or a in _SCALE for a in missing):
            amounts = _amounts(numeric) if amounts is None else amounts
            if _amount(n.target) in amounts:  # 1,409.67 million for 1.40967 billion
                missing = []
        if missing and _said_in_words(seg, n):
            missing = []
        if not missing and (unit := units.unit_of(n.target)) and not units.written(seg.target, unit):
            missing = [units.UNITS[unit][1]]  # 1.2万亿元 as 1.2 trillion US dollars
        if missing:
            out.append(Finding("qa.number-missing", "warning",
                               f"{seg.surface(n)} should appear as “{n.target}” (missing or changed: {' '.join(missing)})"))
        elif n.target.startswith("-") and not _sign_kept(numeric, n.target):
            out.append(Finding("qa.number-missing", "warning", f"{seg.surface(n)} should appear as “{n.target}”: the "
                               "English drops the minus sign (write it, or say the figure fell: fell, down, decreased)"))
        elif (side := bounds.bound(seg.source, n.start, n.end, n.target)) and \
                bounds.turned(numeric, number_anchors(n.target)[0], side):
            shown = seg.source[max(0, n.start - 2):n.end + 2]
            out.append(Finding("qa.number-missing", "warning", f"{shown}: the Chinese puts the figure {n.target} as a "
                               f"bound from {side}, the English from the other side (nearly/over turned round)"))
    return out


_SCALED = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:\s+(thousand|million|billion|trillion)\b)?")
_FALLING = re.compile(r"\b(?:fell|fall(?:s|ing)?|down|declin\w*|decreas\w*|drop\w*|contract\w*|shr[ai]nk\w*|lower|negative"
                      r"|minus|reduc\w*|less)\b")


def _written(m: re.Match) -> tuple[Decimal, str]:
    """A figure (``_SCALED``) as its value and the digits it writes: ``1409.67 million`` and ``1.40967 billion``
    are (1409670000, ``140967``); ``12000`` and ``12 thousand`` (12000, ``12``); ``5.0`` is not ``5`` (``50``, ``5``):
    the same figure is the same value written with the same precision."""
    figure = m[1]
    digits = figure.replace(".", "").lstrip("0") if "." in figure else figure.strip("0")
    return Decimal(figure) * _SCALE_VALUE.get(m[2], 1), digits


def _amounts(numeric: str) -> set[tuple[Decimal, str]]:
    """The figures a (``_numeric_form``) text writes, as ``_written``."""
    return {_written(m) for m in _SCALED.finditer(numeric)}


def _amount(english: str) -> tuple[Decimal, str] | None:
    """A number's English as ``_written`` when it writes one figure (``1.40967 billion``, ``over 3 million``)."""
    found = list(_SCALED.finditer(_numeric_form(english)))
    return _written(found[0]) if len(found) == 1 else None


def _sign_kept(numeric: str, english: str) -> bool:
    """Whether the English keeps the minus of ``-0.5 percent``: ``-0.5`` or ``minus 0.5``, or a falling word
    (``fell``, ``down``, ``a decrease of``) in the 40 characters before the figure."""
    digits = number_anchors(english)[0]
    for m in re.finditer(rf"(?<![\d.]){re.escape(digits)}(?![\d]|\.\d)", numeric):
        before = numeric[max(0, m.start() - 40):m.start()]
        if before.endswith(("-", "−", "–")) or _FALLING.search(before):
            return True
    return False


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _plain_number(value: Fraction) -> str:
    return format(value.numerator / value.denominator, "g") if value.denominator != 1 else str(value.numerator)


_DECADES = {"ten": 1, "10": 1, "20": 2, "30": 3, "40": 4, "50": 5, "60": 6, "70": 7, "80": 8, "90": 9, "100": 10}
_FALL = re.compile("下降|减少|降低|压减|缩减|缩小|减")


def _said_in_words(seg: Segment, n) -> bool:
    """Whether the English states the number ``n`` in words (``figure_words``): ``doubled`` for the 1 of
    ``增长1倍``, ``twofold`` for the 两 of ``两倍``; ``a third`` for ``三分之一``; ``a fifth`` for ``20%``."""
    times = figure_words.multiple(seg.source, n.start, n.end)
    if times is not None:
        factor, written, increase = times
        percent = number_anchors(f"{_plain_number(written * 100)} percent") if increase else None
        return figure_words.says(seg.target, factor, kinds=("factor", "fold")) or \
            figure_words.says(seg.target, written, kinds=("fold",)) or \
            (percent is not None and all(_has_anchor(_numeric_form(seg.target), a) for a in percent))
    ordinal = _ORDINALS.index(n.target) if n.target in _ORDINALS else (
        int(n.target[:-2]) if re.fullmatch(r"\d+(?:st|nd|rd|th)", n.target) else 0)
    if ordinal and seg.source.startswith(("章", "节", "编", "部分", "卷"), n.end):  # 第三章: Chapter III
        return re.search(rf"(?<![A-Za-z]){_roman(ordinal)}(?![A-Za-z])", seg.target) is not None
    if n.target == "100th anniversary" or (n.target == "100" and seg.source.startswith("年", n.end)):
        # 建党100周年, 建军一百年: the centenary
        return re.search(r"\b(?:centenary|centennial|century)\b", seg.target, re.I) is not None
    if seg.source.startswith(("年", "多年", "余年"), n.end) and n.target in _DECADES:  # 十年: a decade
        return figure_words.says(seg.target, _DECADES[n.target], kinds=("decade",))
    if n.target == "two" and seg.source.startswith(("次", "遍", "回", "度"), n.end):
        return figure_words.says(seg.target, Fraction(2), kinds=("factor",))  # 两次: twice
    half = re.fullmatch(r"(\d+)\.5", n.target)
    if half and int(half[1]) < len(_WORDS):  # 1.5年: one and a half years
        return re.search(rf"\b(?:{half[1]}|{_WORDS[int(half[1])]}) and a half\b", seg.target, re.I) is not None
    months = re.fullmatch(r"January to (\w+)(?: (\d{4}))?", n.target)  # 1-11月: the first 11 months
    if months:
        k = _MONTHS.index(months[1].lower()) + 1
        year = months[2] or ""
        return re.search(rf"\bfirst (?:{k}|{_WORDS[k]}) months\b", seg.target, re.I) is not None and year in seg.target
    period = re.fullmatch(r"the (first|second|third|fourth) (quarter|half) of (?:the year|(\d{4}))", n.target) or \
        re.fullmatch(r"the (first|second|third|fourth) (quarter)", n.target)
    if period:  # 一季度: Q1; 2024年上半年: H1 2024
        k = _ORDINALS.index(period[1])
        year = period[3] if period.re.groups > 2 and period[3] else ""
        return re.search(rf"\b{period[2][0].upper()}{k}\b", seg.target) is not None and year in seg.target
    if n.ref == "fraction":
        value = next((f.value for f in figure_words.read_english(n.target) if f.kind == "part"), None)
    elif n.ref == "percent" and n.target.endswith(" percent") and not n.target.startswith("-"):
        value = Fraction(n.target.removesuffix(" percent").replace(",", "")) / 100
        if figure_words.says(seg.target, 1 + value, kinds=("factor", "fold")) or (
                value == Fraction(1, 2) and _FALL.search(seg.source)
                and figure_words.says(seg.target, value, kinds=("factor",))):
            return True  # 增长100%: doubled; 下降50%: halved
    else:
        return False
    return value is not None and figure_words.says(seg.target, value, kinds=("part", "half"))


def _figures(text: str) -> list[str]:
    """Figures written with digits: ``2,021.5`` → ``2021.5``; ``14th`` → ``14``; ``2021-2025`` → both years."""
    return re.findall(r"\d+(?:\.\d+)?", _numeric_form(text))


def _value(figure: str) -> float:
    return float(figure)


def _chinese_numerals(source: str) -> set[float]:
    """Values of the Chinese numerals in the source: ``百强`` → 100, ``超万吨`` → 10000."""
    values = set()
    for run in re.findall(f"[{CN_CHARS}]+", source):
        for form in (run, "一" + run):  # a bare magnitude (万, 亿) is one of it
            try:
                values.add(float(parse_chinese_numeral(form)))
                break
            except ValueError:
                continue
    return values


def check_number_extra(seg: Segment, ctx):  # ctx: qa.Context
    """Every figure in digits in the English must come from the source: a number span's English
    (by its anchors, ``ten`` accounting for ``10``), a term's approved English (``14th Five-Year Plan``,
    ``5G``) or the same number in the Chinese, in digits (``G60``, ``3+3+2``) or in Chinese numerals
    (``百强`` → ``top 100``).  Numbers spelled out (``three``, ``fourth``, ``thirty thousand``: 3 to 20 and
    the tens, times a scale word after them) are checked the same way; ``one``, ``two``, ``first``,
    ``second`` are not (articles, "one of", "the second half")."""
    known = set(_figures(seg.source))
    span_amounts = {a for a in map(_amount, (n.target for n in ctx.numbers)) if a is not None}
    known |= {m[1] for m in _SCALED.finditer(_numeric_form(seg.target))
              if m[2] and _written(m) in span_amounts}  # 1,409.67 million: 1.40967 billion
    for n in ctx.numbers:
        for anchor in number_anchors(n.target):
            known |= {form for form in {anchor} | _SPELLED.get(anchor, set()) if form[:1].isdigit()}
    for _span, t in ctx.terms:
        known |= set(_figures(t.en)) | {str(_CHECKED_WORDS[w]) for w in _words(t.en) if w in _CHECKED_WORDS}
    values = {_value(k) for k in known if re.fullmatch(r"\d+(?:\.\d+)?", k)} | _chinese_numerals(seg.source)
    src = figure_words.read_source(seg.source)
    values |= {float(p) for p in src.percents}  # 增长1.5倍: an increase of 150 percent
    values |= {float(p * 100) for p in src.parts}  # 减半: a 50 percent cut
    if "半年" in seg.source and "上半年" not in seg.source and "下半年" not in seg.source:
        values.add(6.0)  # 近半年: the past six months
    values |= {float(value) for value, _digits in span_amounts}  # three million for 3 million
    figs, unaccounted = figure_words.unaccounted(seg.target, src)
    term_english = " ".join(t.en for _span, t in ctx.terms)
    in_terms = {(f.kind, f.value) for f in figure_words.read_english(term_english)} if unaccounted else set()
    extra = [f.text for f in unaccounted if (f.kind, f.value) not in in_terms]
    target = figure_words.blank(seg.target, figs)
    for figure in _figures(target):
        if _value(figure) not in values and figure not in extra:
            extra.append(figure)
    words = _words(_numeric_form(target))
    for i, word in enumerate(words):
        if word not in _CHECKED_WORDS:
            continue
        scale = _SCALE_VALUE.get(words[i + 1], 1) if i + 1 < len(words) else 1  # "ten thousand" is 10000
        if _CHECKED_WORDS[word] * scale not in values and word not in extra:
            extra.append(word if scale == 1 else f"{word} {words[i + 1]}")
    if not extra:
        return []
    return [Finding("qa.number-extra", "warning",
                    f"figure(s) in the English not found in the source: {', '.join(extra)}")]
