"""Figures the English writes as words, and what in the Chinese accounts for them.

``qa.number-extra`` reads digits and number words (``three``, ``fourth``); English
also states figures with words that are no numerals.  Each is a figure only when
the Chinese states the same one (a *named* rule, tested in ``test_figure_words``):

| English (any inflection)                         | says  | the Chinese that accounts for it |
|--------------------------------------------------|-------|----------------------------------|
| halve, halved                                    | × 1/2 | 一半 减半 半数 折半 过半 二分之一 五成 50% |
| half (``half of``, ``the first half``)           | 1/2   | as above, or any 半 (上半年, 半个世纪; not 半导体), or a figure ending in .5 (1.5年: one and a half years) |
| double(d), doubling; twice, double (adjective)   | × 2   | 增长1倍 翻一番 翻番 是…的2倍 增长100%; as a plain word also 双 两位数 两次 两轮 |
| triple(d), treble(d); quadruple(d); quintuple(d) | × 3, 4, 5 | 增长2倍 是…的3倍 增长200%; 翻两番 (× 4) |
| twofold, three-fold, 5-fold                      | × N   | N倍 (word for word), or the multiple itself (增长1倍: twofold) |
| a third of, one-third, two-thirds, three-quarters, a fifth of, one in five … | n/d | 三分之一 …; a percentage (25% is a quarter); N成 (两成 is a fifth) |
| dozens, scores of, tens of, hundreds, thousands, tens of thousands, hundreds of millions … | a magnitude | a vague quantity of that magnitude: 数十 几十 十几 十余 (dozens), 数百 上百 百余 (hundreds), 数万 上万 (tens of thousands), 数亿 上亿 …; 数以万计; 千家万户 成千上万 亿万 千百年 any |
| a dozen                                          | 12    | 12, 十二, or a vague dozen (十几 十余 十多) |
| a decade, two decades; decades                   | 10 years × N | 十年 10年 (a decade), 二十年 (two decades); 几十年 数十年 十几年 (decades) |

*Decided*: ``增长N倍`` (增加 提高 扩大 上升 提升 翻 N倍) is an increase by N times, so the
result is N+1 times (``增长1倍`` doubled, ``增长2倍`` tripled); ``是…的N倍``, ``增至N倍``
and any other ``N倍`` is N times.  ``N倍`` may also be rendered word for word (``twofold``
for 两倍).  A ``third`` or ``quarter`` is a fraction with ``one`` or a numerator above one
(``one-third``, ``two thirds``), or ``a`` and ``of`` (``a third of``); ``a third
consecutive year`` and ``the first three quarters`` are an ordinal and a period.

:func:`read_english` finds these in the English, :func:`read_source` what the Chinese
states, :func:`unaccounted` which English ones the Chinese does not account for; the
extra-figure check blanks what it found (:func:`blank`) before reading digits and
number words, and the missing-figure check accepts ``doubled`` for ``增长1倍`` and
``a third`` for ``三分之一`` (:func:`says`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from bipub.terms.numbers.zh import CN_DIGIT, parse_chinese_numeral
from bipub.text.normalize import fold

ANY = -1  # a magnitude the idioms (千家万户, 成千上万) give: any vague quantity

_NUMERATOR = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_DENOMINATOR = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9, "tenth": 10}
_FACTOR = {"halv": Fraction(1, 2), "doubl": Fraction(2), "tripl": Fraction(3), "trebl": Fraction(3),
           "quadrupl": Fraction(4), "quintupl": Fraction(5)}
_FOLD_WORD = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_VAGUE = {"dozens": 1, "scores": 1, "tens": 1, "hundreds": 2, "thousands": 3, "millions": 6, "billions": 9,
          "trillions": 12}

_EN = re.compile(
    r"\b(?:(?P<fac>halv|doubl|tripl|trebl|quadrupl|quintupl)(?:e|ed|es|ing)\b(?![- ]check)"
    r"|(?P<twice>twice)\b"
    r"|(?P<fold>two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)[- ]?fold\b"
    r"|(?P<num>a|one|two|three|four|five|six|seven|eight|nine)[- ](?P<den>half|third|quarter|fifth|sixth|seventh|eighth"
    r"|ninth|tenth)(?P<pl>s)?\b(?P<of> of\b)?"
    r"|(?P<inn>one|two|three|four) in (?P<ind>two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|(?P<half>half)\b"
    r"|(?:(?P<pre>dozens|scores|tens|hundreds) of )?(?P<vague>dozens|scores(?= of\b)|tens(?= of\b)|hundreds|thousands"
    r"|millions|billions|trillions)\b"
    r"|(?:a |one )?(?P<dozen>dozen)\b"
    r"|(?:(?P<dn>two|three|four|five|six|seven|eight|nine|ten|\d+) )?(?P<decade>decade)(?P<dpl>s)?\b)")
_STEMS = re.compile(r" in (?:two|three|four|five|six|seven|eight|nine|ten)\b|halv|doubl|twice|tripl|trebl|quadrupl|quintupl|fold|half|third|quarter|fifth|sixth|seventh|eighth"
                    r"|ninth|tenth|dozen|scores|tens|hundreds|thousands|millions|billions|trillions|decade")
_PERIOD_BEFORE = re.compile(r"(?:first|last|past|next|previous|the|consecutive|straight)\s+$")


@dataclass(frozen=True)
class WordFigure:
    """A figure the English states in words: ``kind`` factor, fold, part, half, vague or dozen."""

    start: int
    end: int
    text: str
    kind: str
    value: Fraction | int = 0  # a factor or part; for ``vague`` the power of ten
    plain: bool = False  # ``twice``/``double`` as an adjective: also a plain "two" (双, 两次)


@lru_cache(maxsize=1024)
def read_english(english: str) -> tuple[WordFigure, ...]:
    text = english.lower() if english.isascii() else fold(english)  # same length, same offsets
    if not _STEMS.search(text):
        return ()
    out = []
    for m in _EN.finditer(text):
        s, e = m.span()
        g = m.groupdict()
        if g["fac"]:
            plain = m.group() == "double"
            out.append(WordFigure(s, e, english[s:e], "factor", _FACTOR[g["fac"]], plain))
        elif g["twice"]:
            out.append(WordFigure(s, e, english[s:e], "factor", Fraction(2), True))
        elif g["fold"]:
            n = g["fold"]
            out.append(WordFigure(s, e, english[s:e], "fold", Fraction(_FOLD_WORD.get(n) or n)))
        elif g["den"]:
            n, d = _NUMERATOR[g["num"]], _DENOMINATOR[g["den"]]
            if d == 2:  # a half, one half, one-half
                out.append(WordFigure(s, e, english[s:e], "half", Fraction(1, 2)))
                continue
            hyphen = text[m.end("num")] == "-"
            alone = g["of"] or not re.match(r"s?(?:\s*[a-z0-9]|-)", text[m.end("den"):])  # a third of; ... a third.
            fraction = (n > 1 or g["num"] == "one" or hyphen or alone) if d != 4 else (hyphen or alone)
            if not fraction or _PERIOD_BEFORE.search(text, max(0, s - 20), s):
                continue  # a third consecutive year; the first three quarters; a fifth time
            if g["of"]:
                e = m.end("den") + len(g["pl"] or "")
            out.append(WordFigure(s, e, english[s:e], "part", Fraction(n, d)))
        elif g["inn"]:  # one in five
            n, d = _FOLD_WORD.get(g["inn"], 1), _FOLD_WORD[g["ind"]]
            if n < d:
                out.append(WordFigure(s, e, english[s:e], "part", Fraction(n, d)))
        elif g["half"]:
            out.append(WordFigure(s, e, english[s:e], "half", Fraction(1, 2)))
        elif g["vague"]:
            power = _VAGUE[g["vague"]] + (_VAGUE[g["pre"]] if g["pre"] else 0)
            out.append(WordFigure(s, e, english[s:e], "vague", power))
        elif g["decade"]:
            n = _FOLD_WORD.get(g["dn"]) or int(g["dn"]) if g["dn"] else (0 if g["dpl"] else 1)
            out.append(WordFigure(s, e, english[s:e], "decade", n))  # 0: decades
        else:
            out.append(WordFigure(s, e, english[s:e], "dozen", 12))
    return tuple(out)


# ------------------------------------------------------------------ the Chinese

_CN = "[〇零一二两三四五六七八九十百]+(?:点[〇零一二三四五六七八九]+)?"
_TIMES = re.compile(rf"(?P<verb>增长|增加|提高|扩大|上升|提升|翻)?(?:了)?(?:近|约|达|超过|超|逾)?"
                    rf"(?P<n>[0-9]+(?:\.[0-9]+)?|{_CN})(?:多|余)?倍")
_DOUBLINGS = re.compile(r"翻(?:了)?(?:近|约|将近|接近)?(?P<n>[一两二三四五1-5])?番")
_PERCENT = re.compile(rf"(?:(?P<a>[0-9]+(?:\.[0-9]+)?)%|百分之(?P<c>{_CN}))")
_PART = re.compile(r"(?P<d>[0-9]+|[二两三四五六七八九十百]+)分之(?P<n>[0-9]+|[一二两三四五六七八九十]+)")
_TENTHS = re.compile(r"(?<![〇零一二两三四五六七八九十几数0-9.])(?P<n>[一二两三四五六七八九1-9])成(?![为立功效果就本员绩熟长型交都品群片批套千百万不])")
_HALF = re.compile(r"一半|减半|半数|折半|过半|对半")
_ANY_HALF = re.compile(r"半(?!导体|岛|径|衰期)")
_POINT_FIVE = re.compile(r"[0-9]\.5(?![0-9])")  # 1.5年: one and a half years
_PLAIN_TWO = re.compile(r"双|两位数|[两二](?:次|轮|度|遍|回|届|番)|每半年")  # 每半年: twice a year
_UNIT_POWER = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8, "十万": 5, "百万": 6, "千万": 7, "十亿": 9, "百亿": 10,
               "千亿": 11, "万亿": 12}
_VAGUE_CN = re.compile(
    r"(?:数以?|几|上(?=[百千万亿])|成(?=[百千]))(?P<a>十万|百万|千万|十亿|百亿|千亿|万亿|十|百|千|万|亿)"
    r"|(?P<b>十|百|千)(?:几|余|多|来)(?P<b2>万亿|万|亿)?"
    r"|(?P<c>[0-9]+)(?:余|多)(?P<c2>万亿|万|亿)?"
    r"|(?P<d>万|亿)(?:余|多)")
_YEARS = re.compile(r"(?<![0-9一二两三四五六七八九十百千])(?P<n>[0-9]+|[一二两三四五六七八九十]+)(?:多|余)?年(?!代)")
_VAGUE_DECADES = re.compile(r"(?:几|数)十(?:多|余)?年|十(?:几|多|余)年|[二三四五六七八九]十(?:多|余)年")
#: a character without which the Chinese states none of these figures (a fast path)
_ANY_FIGURE = re.compile(r"[0-9倍番%分成半双两二数几上十百千万亿年]")
_IDIOM = re.compile(r"千家万户|千千万万|成千上万|成百上千|亿万|万千|千万家|千百年")
_DOZEN = re.compile(r"(?<![0-9.])12(?![0-9]|\.[0-9])|(?<![一二两三四五六七八九十百千])十二(?![十百千])|十(?:几|余|多|来)(?![万亿])")


def _value(written: str) -> Fraction:
    return Fraction(written) if written[0].isdigit() else Fraction(str(parse_chinese_numeral(written)))


@dataclass
class SourceFigures:
    """What the Chinese states that English may write in words."""

    factors: set = field(default_factory=set)  # 增长1倍 → 2, 翻两番 → 4, 是…的3倍 → 3; ANY for 成倍
    literal: set = field(default_factory=set)  # N of N倍: a word-for-word "N-fold"
    parts: set = field(default_factory=set)  # 三分之一 → 1/3, 两成 → 1/5, 25% → 1/4, 一半 → 1/2
    magnitudes: set = field(default_factory=set)  # 数百 → 2, 上万 → 4; ANY for the idioms
    any_half: bool = False  # any 半 (上半年): "half" as a word
    plain_two: bool = False  # 双, 两次, 两位数: "double" and "twice" as words
    dozen: bool = False  # 12, 十二, 十几
    percents: set = field(default_factory=set)  # 增长1.5倍: an increase of 150 percent
    decades: set = field(default_factory=set)  # 十年 → 1, 二十年 → 2, 几十年 → 0 (decades)


def multiple(source: str, start: int, end: int) -> tuple[Fraction, Fraction, bool] | None:
    """(the multiple, N, an increase?) when ``source[start:end]`` is the N of ``N倍`` (``增长1倍``: (2, 1, True))."""
    return _multiples(source).get((start, end))


@lru_cache(maxsize=256)
def _multiples(source: str) -> dict[tuple[int, int], tuple[Fraction, Fraction, bool]]:
    out = {}
    for m in _TIMES.finditer(fold(source)) if "倍" in source else ():
        try:
            n = _value(m["n"])
        except ValueError:
            continue
        out[m.span("n")] = (n + 1 if m["verb"] else n), n, bool(m["verb"])
    return out


@lru_cache(maxsize=1024)
def read_source(source: str) -> SourceFigures:
    """What ``source`` states (cached: one reading per sentence, never changed after)."""
    text = fold(source)
    out = SourceFigures()
    if not _ANY_FIGURE.search(text):
        return out
    for m in _TIMES.finditer(text):
        try:
            n = _value(m["n"])
        except ValueError:
            continue
        out.factors.add(n + 1 if m["verb"] else n)
        out.literal.add(n)
        if m["verb"]:
            out.percents.add(n * 100)
    for m in _DOUBLINGS.finditer(text):
        out.factors.add(Fraction(2) ** (CN_DIGIT.get(m["n"]) or int(m["n"] or 1)))
    if "成倍" in text:
        out.factors.add(ANY)
    if "倍增" in text or "双倍" in text:
        out.factors.add(Fraction(2))
    for m in _PERCENT.finditer(text):
        try:
            p = _value(m["a"] or m["c"]) / 100
        except ValueError:
            continue
        out.parts.add(p)
        out.factors.add(1 + p)  # 增长100%: doubled
    for m in _PART.finditer(text):
        try:
            d, n = _value(m["d"]), _value(m["n"])
        except ValueError:
            continue
        if 0 < n < d:
            out.parts.add(n / d)
    for m in _TENTHS.finditer(text):
        out.parts.add(Fraction(CN_DIGIT.get(m["n"]) or int(m["n"]), 10))
    if _HALF.search(text):
        out.parts.add(Fraction(1, 2))
    out.any_half = bool(_ANY_HALF.search(text) or _POINT_FIVE.search(text)) or Fraction(1, 2) in out.parts
    if Fraction(1, 2) in out.parts:
        out.factors.add(Fraction(1, 2))
    out.plain_two = bool(_PLAIN_TWO.search(text))
    for m in _VAGUE_CN.finditer(text):
        if m["a"]:
            out.magnitudes.add(_UNIT_POWER[m["a"]])
        elif m["b"]:
            out.magnitudes.add(_UNIT_POWER[m["b"]] + (_UNIT_POWER[m["b2"]] if m["b2"] else 0))
        elif m["c"]:
            out.magnitudes.add(len(m["c"]) - 1 + (_UNIT_POWER[m["c2"]] if m["c2"] else 0))
        else:
            out.magnitudes.add(_UNIT_POWER[m["d"]])
    if _IDIOM.search(text):
        out.magnitudes.add(ANY)
    out.dozen = bool(_DOZEN.search(text))
    for m in _YEARS.finditer(text):
        try:
            n = _value(m["n"])
        except ValueError:
            continue
        if n and n % 10 == 0:
            out.decades.add(int(n // 10))
    if _VAGUE_DECADES.search(text):
        out.decades.add(0)
    return out


def accounted(fig: WordFigure, src: SourceFigures) -> bool:
    """Whether the Chinese states the figure ``fig`` says (the table of the module doc)."""
    if fig.kind == "factor":
        return fig.value in src.factors or ANY in src.factors or (fig.plain and src.plain_two)
    if fig.kind == "fold":
        return fig.value in src.factors or fig.value in src.literal or ANY in src.factors
    if fig.kind == "part":
        return fig.value in src.parts
    if fig.kind == "half":
        return src.any_half
    if fig.kind == "vague":
        return fig.value in src.magnitudes or ANY in src.magnitudes
    if fig.kind == "decade":
        return fig.value in src.decades
    return src.dozen or 1 in src.magnitudes


def unaccounted(english: str, src: SourceFigures) -> tuple[tuple[WordFigure, ...], list[WordFigure]]:
    """(every word figure of the English, those the Chinese (``read_source``) does not account for)."""
    figs = read_english(english)
    return figs, [f for f in figs if not accounted(f, src)]


def blank(english: str, figs: tuple[WordFigure, ...]) -> str:
    """The English with the word figures blanked out (same length), for the digit and number-word check."""
    out = list(english)
    for f in figs:
        out[f.start:f.end] = " " * (f.end - f.start)
    return "".join(out)


def says(english: str, value: Fraction, *, kinds: tuple[str, ...]) -> bool:
    """Whether the English states ``value`` in words of one of ``kinds`` (``factor``/``fold``, ``part``/``half``)."""
    return any(f.kind in kinds and f.value == value for f in read_english(english))
