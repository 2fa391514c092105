"""Chinese numbers, units, dates, percentages and rankings rendered into English by rule.

``find_numbers(text)`` finds every number expression in Chinese text and gives
its English; ``render(surface)`` renders one expression.  The MT pipeline masks
each match before translation and puts ``english`` back afterwards, and QA
checks that the English contains every ``english``; so a rendering is complete
and self-contained (the unit belongs to the match: ``807.9亿元`` → ``80.79
billion yuan``) and carries nothing the translation has to supply (verbs such as
增长 stay outside the match).

Matching is done on a folded copy of the text (same length, same offsets; for
every character the rules use it agrees with ``normalize.fold``), so full-width digits (``１２３``), full-width ``％`` ``．`` ``－`` ``～`` and
Traditional characters (``億`` ``萬`` ``兩`` ``個``) behave like their plain
forms; ``surface`` is always the original text.  Overlapping candidates are
resolved longest first (``2021年9月7日`` beats ``2021年`` beats ``2021``).

Rules (each decision that had an alternative is marked *decided*):

Quantities
  * 万 ×10⁴, 亿 ×10⁸, 万亿 ×10¹², and 十万/百万/千万/十亿/百亿/千亿 after
    Arabic digits.  Arithmetic is exact (``Decimal``): ``807.9亿元`` →
    ``80.79 billion yuan``, ``4.16亿元`` → ``416 million yuan``, ``1.148万亿元``
    → ``1.148 trillion yuan``, ``1500万吨`` → ``15 million tonnes``.
  * Values of one million and more use million / billion / trillion;
    smaller values are written out with thousands separators (``12,000``,
    ``151,000``).  *Decided*: a bare four-digit number with no unit or counter
    (``2021湖南航空…对接会``) keeps no separator because it is usually a year;
    a bare number of five digits or more gets separators.  Numbers without a
    multiplier keep the digits written (``5.0%`` → ``5.0 percent``, ``3.0版``
    → ``3.0``).
  * A minus sign (``-`` ``－`` ``−``, never a dash ``—``) right before a percentage, amount or
    plain number, not after a digit or letter, is part of it: ``增长-2.7%`` → ``-2.7 percent``.
  * 多/余 between the number and its multiplier or unit → ``over``
    (``6600多万`` → ``over 66 million``).  左右, 以上, 近, 约, 超过 are words
    for the translation and stay outside the match (*decided*).
  * Units rendered: 元/人民币/元人民币 yuan, 美元 US dollars, 欧元 euros, 港元 Hong Kong
    dollars, 吨 tonnes, 千瓦 kilowatts, 千瓦时 kilowatt-hours, 兆瓦
    megawatts, 平方米 square meters, 平方公里 square kilometers, 立方米
    cubic meters, 公里/千米 kilometers, 米 meters, 公顷 hectares, 亩 mu,
    斤 jin, 公斤/千克 kilograms, 小时 hours, 户 households, 人次
    person-times.  Singular when the value is exactly 1 (``1 tonne``).
    *Decided*: American spelling (meters) except ``tonnes`` (unambiguous
    metric ton, as the brief asks).
  * Counters (measure words with no English of their own) are part of the
    match and dropped: 个 家 项 台 件 名 位 人 座 所 条 辆 部 套 只 张 篇 份
    款 架 艘 处 宗 例 栋, plus a following ``（次）``/``（套）``.  ``128个`` →
    ``128``, ``15.1万家（次）`` → ``151,000``.  *Decided*: the counted noun
    (企业, 项目) is left to the translation; 人 is dropped too (``1244万人``
    → ``12.44 million``: "jobs", "people", "students" is the translator's
    choice).  Counters that carry meaning (年 天 次 批 类 种 轮 代) stay
    outside the match.
  * ``N大`` → ``N major`` (``十大产业项目`` → ``ten major``, ``6大产业`` →
    ``6 major``); a Chinese numeral above ten before 大 is a party congress
    (``二十大`` → ``20th National Congress``).  ``N届`` → ordinal
    (``二十届`` → ``20th``).  ``N周年`` → ``75th anniversary``.

Chinese numerals
  * *Decided*: only matched where they are clearly quantities: before a
    counter or unit, before 年/天/次/批/类/种/周/倍 (``连续三年`` → ``three``),
    after 第/前, after 百分之, inside dates and plan names.  A lone ``一``
    is never a cardinal (``一些`` ``统一`` ``一体化`` ``一批`` ``一年`` are
    words), and a numeral must start with 一–九, 两, 十 or 〇/零 (so 百年,
    千万, 百强 are words) and not follow 几 or 数 (``几十万``, ``数十家`` are
    vague quantities for the translation).  ``十分`` (very) and idioms are never matched.
    A quoted phrase that starts with a Chinese numeral is a slogan (“两个确立”
    “四个意识” “两个一百年”): no counts are matched inside it.
    ``render("三十")`` still gives ``30``.
  * Style: a Chinese-numeral count of one to ten is written in words
    (``两个`` → ``two``, ``十大`` → ``ten major``), larger counts in digits
    (``三十`` → ``30``); Arabic digits stay digits (``7个`` → ``7``).
    Percentages, amounts with units and dates are always digits.
  * Slogans that begin with a number (两个确立, 四个意识, 两个一百年) are
    glossary terms: the glossary should win over ``find_numbers`` when both
    match (protect.py's job).

Percentages
  * *Decided*: ``18.9%`` → ``18.9 percent`` (the style of China's official
    English editions), ``百分之五`` → ``5 percent``, ``12.5个百分点`` →
    ``12.5 percentage points``, ``1个百分点`` → ``1 percentage point``.
  * *Decided*: year-on-year phrases are not part of the match:
    ``同比增长18.9%`` matches ``18.9%`` only; the translation carries the verb.
  * Fractions: ``三分之一`` → ``one-third``, ``四分之三`` → ``three-quarters``.

Dates and ranges
  * ``2021年9月7日`` → ``September 7, 2021``; ``2021年5月`` → ``May 2021``;
    ``9月26日`` → ``September 26``; ``2021年`` → ``2021`` (kind ``year``);
    ``9月`` / ``12月份`` → ``September`` / ``December``; Chinese-digit dates
    (``二〇二一年九月``) too.  A day alone (``7日``) is not matched.
  * ``1至11月`` / ``1-11月`` → ``January to November``; ``2021年1至11月`` →
    ``January to November 2021``; ``2020—2022年`` and ``2020年至2022年`` →
    ``2020–2022`` (en dash; ``normalize.fold`` folds it to ``-`` for QA).
  * Date to date: ``9月7日至10月3日`` → ``September 7 to October 3``,
    ``2021年9月至2022年3月`` → ``September 2021 to March 2022``, ``9月7日至10日``
    → ``September 7 to 10``.
  * *Decided*: a four-digit number 1000–2999 before 年 is a year (``1500年``
    too, though it could be "1,500 years"); other numbers before 年 are
    counts and 年 stays for the translation (``连续3年`` → ``3``).
  * Numeric ranges: ``5%—6%`` / ``5-6%`` → ``5 to 6 percent``, ``3000-5000万元``
    → ``30 million to 50 million yuan``; the lower end must be smaller and no
    part may have a leading zero (phone-number-like strings stay unmatched).
  * ``上半年`` → ``the first half of the year``, ``下半年`` → ``the second half
    of the year``, ``一季度``/``第一季度`` → ``the first quarter``, ``前三季度``
    → ``the first three quarters``; attached to a year: ``2021年上半年`` →
    ``the first half of 2021``, ``2021年底``/``年末`` → ``the end of 2021``,
    ``2021年初`` → ``the beginning of 2021``, ``2021年度`` → ``2021``.
    *Decided*: 年底, 今年, 全年 without a year number are words, not matched.

Ordinals and rankings
  * ``第一`` → ``first``, ``第3`` → ``third``, ``第十四届`` → ``14th``;
    ordinals up to tenth in words, above in digits (``11th``, ``22nd``).
    The counters 个 位 名 届 次 台 家 项 after 第N are part of the match;
    meaning-bearing ones (代 批 轮 条 年) are not (``第四代`` → ``fourth`` +
    代 for the translation).  *Decided*: ``第一时间`` (immediately) is an
    idiom, not matched.
  * ``居全国第9位`` → ``ninth in the country``; ``排名全国第二`` → ``second in
    the country``; ``中部第3位`` → ``third in central China``.  The ranking
    verb (居 位居 位列 排名 排 名列) is part of the match and *decided* to be
    dropped: the ordinal phrase stands on its own in English.  Scopes: 全国
    (the country), 全省 (the province), 全市 (the city), 中部/中部地区
    (central China), 西部, 东部, 全球/世界 (the world).
  * ``前三`` / ``前10`` / ``前十强`` → ``top three`` / ``top 10`` /
    ``top ten``; not before 个/月/年/季度/天/批/次 (``前三个月`` is a period), and
    only after a ranking verb (跻身 进入 居 排 列), after punctuation, or with
    强/名/位 (``目前3家`` is "currently 3").

Plans and labels
  * ``“十四五”`` (quotes included), ``十四五``, ``“十四五”规划`` → ``the 14th
    Five-Year Plan``; ``“十四五”时期``/``期间`` → ``the 14th Five-Year Plan
    period``.  Only 十一五…十九五 (``十五`` alone is fifteen).
  * Digit formulas such as ``3+3+2`` and ``1+20+9`` are one match, kind
    ``label``, rendered as written.

Not numbers
  * Nothing inside a Latin-letter code: ``W12000-450``, ``C919``, ``PM2.5``,
    ``5G``, ``6G`` are left for the glossary / protection as they are.
  * Headings (``一、`` ``（一）``) and enumerators (``一是`` ``二是``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["NumberMatch", "find_numbers", "parse_chinese_numeral", "render"]


@dataclass(frozen=True)
class NumberMatch:
    start: int  # offset in the input text
    end: int
    surface: str  # text[start:end]
    english: str  # the English rendering, by rule
    #: amount (with a unit), count (counter, multiplier or Chinese numeral), number (bare digits),
    #: percent, points, fraction, date, year, range, ordinal, ranking, anniversary, plan, label
    kind: str


# --------------------------------------------------------------------------- numerals

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_ORD_WORDS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def parse_chinese_numeral(s: str) -> Decimal:
    """Value of a Chinese numeral: ``三十`` → 30, ``一千五百`` → 1500, ``二〇二一`` → 2021,
    ``十八点九`` → 18.9, ``三万亿`` → 3×10¹².  Raises ValueError on anything else."""
    if not s:
        raise ValueError("empty numeral")
    if "点" in s:
        whole, _, frac = s.partition("点")
        if not frac or any(c not in _CN_DIGIT for c in frac):
            raise ValueError(f"not a Chinese numeral: {s!r}")
        return parse_chinese_numeral(whole) + Decimal("0." + "".join(str(_CN_DIGIT[c]) for c in frac))
    if all(c in _CN_DIGIT for c in s):  # digit by digit: 二〇二一, 三
        return Decimal("".join(str(_CN_DIGIT[c]) for c in s))
    total = 0  # completed 亿 groups
    section = 0  # completed 万 groups within the current 亿 group
    small = 0  # below 万
    digit: int | None = None
    for c in s:
        if c in _CN_DIGIT:
            if digit is not None and _CN_DIGIT[c] != 0:
                raise ValueError(f"not a Chinese numeral: {s!r}")
            digit = _CN_DIGIT[c] if _CN_DIGIT[c] else None
        elif c in _CN_UNIT:
            small += (1 if digit is None else digit) * _CN_UNIT[c]
            digit = None
        elif c in _CN_BIG:
            group = small + (digit or 0)
            if group == 0 and section == 0 and total == 0:
                raise ValueError(f"not a Chinese numeral: {s!r}")
            if c == "万":
                section = (section + group) * 10**4
            else:
                total = (total + section + group) * 10**8
                section = 0
            small, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return Decimal(total + section + small + (digit or 0))


def _arabic(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _value(num: str) -> Decimal:
    return _arabic(num) if num[0].isdigit() else parse_chinese_numeral(num)


def _plain(d: Decimal) -> str:
    """Decimal without exponent or trailing zeros, integer part with separators."""
    d = d.normalize()
    s = format(d, "f")
    whole, dot, frac = s.partition(".")
    return f"{int(whole):,}" + (dot + frac if frac else "")


_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def _scaled(v: Decimal) -> str:
    """``8.079E+10`` → ``80.79 billion``; below a million → ``151,000``."""
    for size, word in _SCALES:
        if v >= size:
            return f"{_plain(v / size)} {word}"
    return _plain(v)


def _as_written(num: str) -> str:
    """Arabic digits as written, separators added to the integer part when it has five digits or more."""
    num = num.replace(",", "")
    whole, dot, frac = num.partition(".")
    if len(whole) >= 5:
        whole = f"{int(whole):,}"
    return whole + dot + frac


def _count_words(v: Decimal) -> str:
    """Chinese-numeral counts: one to ten in words, more in digits."""
    if v == v.to_integral_value() and 0 <= v <= 10:
        return _WORDS[int(v)]
    return _scaled(v)


def _ordinal(v: Decimal | int, words: bool = True) -> str:
    n = int(v)
    if words and 0 < n <= 10:
        return _ORD_WORDS[n]
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------- regex pieces
# All patterns run on the folded text: ASCII digits, '%', '.', '-', '~', '"', "'", Simplified characters.

# Every pattern starts with a character class (look-behinds come after the first character),
# so the regex engine can skip ahead to candidate positions: this keeps a whole report under 20 ms.
_AR = r"[0-9](?<![0-9.][0-9])(?<![0-9],[0-9])[0-9]*(?:,[0-9]{3})*(?:\.[0-9]+)?(?![0-9])"
_CN_CHARS = "〇零一二三四五六七八九两十百千万亿"
_CN = rf"[〇零一二三四五六七八九两十](?<![{_CN_CHARS}第前几数].)[{_CN_CHARS}]*"
_NUM = rf"(?:{_AR}|{_CN})"
_MULT = "万亿|千万|百万|十万|千亿|百亿|十亿|亿|万"
_MULT_VALUE = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "千亿": 10**11,
               "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "万": 10**4, "": 1}
_UNITS: dict[str, tuple[str, str]] = {
    "元": ("yuan", "yuan"), "元人民币": ("yuan", "yuan"), "人民币": ("yuan", "yuan"), "美元": ("US dollar", "US dollars"), "欧元": ("euro", "euros"),
    "港元": ("Hong Kong dollar", "Hong Kong dollars"), "港币": ("Hong Kong dollar", "Hong Kong dollars"),
    "吨": ("tonne", "tonnes"), "千瓦时": ("kilowatt-hour", "kilowatt-hours"), "千瓦": ("kilowatt", "kilowatts"),
    "兆瓦": ("megawatt", "megawatts"), "吉瓦": ("gigawatt", "gigawatts"),
    "平方公里": ("square kilometer", "square kilometers"), "平方千米": ("square kilometer", "square kilometers"),
    "平方米": ("square meter", "square meters"), "立方米": ("cubic meter", "cubic meters"),
    "公里": ("kilometer", "kilometers"), "千米": ("kilometer", "kilometers"), "米": ("meter", "meters"),
    "公顷": ("hectare", "hectares"), "亩": ("mu", "mu"), "斤": ("jin", "jin"),
    "公斤": ("kilogram", "kilograms"), "千克": ("kilogram", "kilograms"), "小时": ("hour", "hours"),
    "户": ("household", "households"), "人次": ("person-time", "person-times"),
}
_UNIT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_COUNTER = "个|家|项|台|件|名|位(?!数)|人(?!次)|座|所|条|辆|部|套|只|张|篇|份|款|架|艘|处|宗|例|栋"
_PAREN = r"(?:\((?:次|套|个)\))?"
# Chinese numerals count only before these (not part of the match):
_CN_TRIGGER = "年|天|次|批|类|种|周(?!年)|倍|轮"
_MORE = "多|余"

_SCOPES = {"全国": "in the country", "全省": "in the province", "全市": "in the city", "中部地区": "in central China",
           "中部": "in central China", "西部地区": "in western China", "西部": "in western China",
           "东部": "in eastern China", "全球": "in the world", "世界": "in the world"}
_SCOPE = "|".join(sorted(_SCOPES, key=len, reverse=True))
_RANK_VERB = "位居|位列|名列|排名|居|排"
_TOP_VERB = re.compile("(?:跻身|进入|迈入|挤进|居|排|列|进)$")
_CJK_BEFORE = re.compile("[\u3400-\u9fff]")
_ORD_COUNTER = "个|位|名|届|次|台|家|项"

_Y = r"[12](?<![0-9][12])[0-9]{3}(?![0-9])|[〇零一二三四五六七八九](?<![〇零一二三四五六七八九].)[〇零一二三四五六七八九]{3}"
_M = (r"(?:1[0-2](?<![0-9]..)|0[1-9](?<![0-9]..)|[1-9](?<![0-9].))(?![0-9])"
      r"|十(?<![〇零一二三四五六七八九十两第前].)[一二]?|[一二三四五六七八九](?<![〇零一二三四五六七八九十两第前].)")
_D = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_DASH = r"(?:-|~|至|到)"
_Q = r"(?:第[一二三四1-4]|[一二三四1-4])季度"


def _num(v: str) -> int:
    return int(_value(v))


def _month(v: str) -> str:
    n = _num(v)
    if not 1 <= n <= 12:
        raise ValueError(v)
    return _MONTHS[n]


def _year(v: str) -> str:
    return str(_num(v))


# --------------------------------------------------------------------------- handlers
# Each rule: (kind, compiled regex, handler(match) -> english or None to reject).

_Rule = tuple[str, "re.Pattern[str]", Callable[["re.Match[str]"], "str | None"]]
_RULES: list[_Rule] = []


def _rule(kind: str, *patterns: str):
    def deco(fn):
        for pattern in patterns:
            _RULES.append((kind, re.compile(pattern), fn))
        return fn
    return deco


def _quantity(num: str, mult: str, more: str, unit: str, cn_count: bool) -> str:
    """English of number × multiplier (+ unit); ``more`` is 多/余 (→ "over")."""
    v = _value(num) * _MULT_VALUE[mult]
    if cn_count and not num[0].isdigit() and not unit:
        text = _count_words(v)
    elif mult or not num[0].isdigit() or v >= 10**6:
        text = _scaled(v)
    else:  # Arabic digits below a million keep the decimals written
        text = _as_written(num) if "." in num else _plain(v)
    if unit:
        single, plural = _UNITS[unit]
        text += " " + (single if v == 1 and not more else plural)
    return ("over " if more else "") + text


def _check_cn(num: str) -> bool:
    """A Chinese numeral that may be read as a cardinal: not a lone 一, parseable."""
    if num[0].isdigit():
        return True
    if num in ("一", "〇", "零"):
        return False
    try:
        parse_chinese_numeral(num)
    except ValueError:
        return False
    return True


@_rule("amount", rf"(?P<n>{_NUM})(?P<m1>{_MORE})?(?P<x>{_MULT})?(?P<m2>{_MORE})?(?P<u>{_UNIT})")
def _amount(m):
    n, x = m["n"], m["x"] or ""
    if not _check_cn(n) or (m["m1"] and m["m2"]):
        return None
    if not n[0].isdigit() and x:  # 三万亿 parsed as a whole numeral
        n, x = n + x, ""
    return _quantity(n, x, m["m1"] or m["m2"] or "", m["u"], cn_count=False)


@_rule("count", rf"(?P<n>{_NUM})(?P<m1>{_MORE})?(?P<x>{_MULT})?(?P<m2>{_MORE})?(?:(?P<c>{_COUNTER}){_PAREN}|(?=(?:{_CN_TRIGGER})))")
def _count(m):
    n, x = m["n"], m["x"] or ""
    if not _check_cn(n) or (m["m1"] and m["m2"]):
        return None
    if not n[0].isdigit() and x:
        n, x = n + x, ""
    return _quantity(n, x, m["m1"] or m["m2"] or "", "", cn_count=True)


@_rule("count", rf"(?P<n>{_AR})(?P<m1>{_MORE})?(?P<x>{_MULT})(?P<m2>{_MORE})?")
def _scaled_number(m):
    if m["m1"] and m["m2"]:
        return None
    return _quantity(m["n"], m["x"], m["m1"] or m["m2"] or "", "", cn_count=False)


@_rule("number", _AR)
def _bare(m):
    return _as_written(m.group())


@_rule("label", r"[0-9](?<![0-9.][0-9])[0-9]*(?:\+[0-9]+)+(?![0-9.])")
def _label(m):
    return m.group()


@_rule("count", rf"(?P<n>{_NUM})大(?![学会小量型])")
def _major(m):
    n = m["n"]
    if not _check_cn(n):
        return None
    v = _value(n)
    if not n[0].isdigit() and v > 10:
        return None  # 二十大: a party congress, see below
    return f"{_count_words(v) if not n[0].isdigit() else _as_written(n)} major"


@_rule("ordinal", rf"(?P<n>{_CN})大(?![学会小量型])")
def _congress(m):
    v = _value(m["n"])
    return f"{_ordinal(v)} National Congress" if 10 < v < 100 else None


@_rule("ordinal", rf"(?P<n>{_NUM})届")
def _session(m):
    if not _check_cn(m["n"]):
        return None
    return _ordinal(_value(m["n"]))


@_rule("anniversary", rf"(?P<n>{_NUM})周年")
def _anniversary(m):
    if not _check_cn(m["n"]):
        return None
    return f"{_ordinal(_value(m['n']), words=False)} anniversary"


@_rule("percent", rf"(?P<n>{_AR})%")
def _percent(m):
    return f"{_as_written(m['n'])} percent"


@_rule("percent", r"百分之(?P<n>[〇零一二三四五六七八九两十百千]+(?:点[〇零一二三四五六七八九]+)?|[0-9]+(?:\.[0-9]+)?)")
def _percent_cn(m):
    n = m["n"]
    return f"{_as_written(n) if n[0].isdigit() else _plain(parse_chinese_numeral(n))} percent"


@_rule("points", rf"(?P<n>{_NUM})(?P<more>多)?个?百分点")
def _points(m):
    n = m["n"]
    if not n[0].isdigit():
        try:
            n_text = _plain(parse_chinese_numeral(n))
        except ValueError:
            return None
    else:
        n_text = _as_written(n)
    unit = "percentage point" if _value(n) == 1 and not m["more"] else "percentage points"
    return f"{'over ' if m['more'] else ''}{n_text} {unit}"


_FRACTION_DENOM = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}


@_rule("fraction", r"(?P<d>[二两三四五六七八九十]|[0-9]+)分之(?P<n>[一二三四五六七八九]|[0-9]+)(?![0-9一二三四五六七八九十百])")
def _fraction(m):
    d, n = _num(m["d"]), _num(m["n"])
    if not 0 < n < d:
        return None
    if d <= 10:
        single, plural = _FRACTION_DENOM.get(d, (_ORD_WORDS[d], _ORD_WORDS[d] + "s"))
        return f"{_WORDS[n]}-{single if n == 1 else plural}"
    return f"{n}/{d}"


@_rule("range", rf"(?P<a>{_AR})%?{_DASH}(?P<b>{_AR})%")
def _percent_range(m):
    if _arabic(m["a"]) >= _arabic(m["b"]):
        return None
    return f"{_as_written(m['a'])} to {_as_written(m['b'])} percent"


@_rule("range", rf"(?P<a>{_AR})(?P<xa>{_MULT})?{_DASH}(?P<b>{_AR})(?P<xb>{_MULT})?(?:(?P<u>{_UNIT})|(?P<c>{_COUNTER}){_PAREN})?")
def _number_range(m):
    a, b = m["a"], m["b"]
    xb = m["xb"] or ""
    xa = m["xa"] or xb
    if any(len(s) > 1 and s[0] == "0" and not s.startswith("0.") for s in (a, b)):
        return None
    va, vb = _arabic(a) * _MULT_VALUE[xa], _arabic(b) * _MULT_VALUE[xb]
    if va >= vb:
        return None
    unit = ""
    if m["u"]:
        unit = " " + _UNITS[m["u"]][1]
    ta = _scaled(va) if xa else _as_written(a)
    tb = _scaled(vb) if xb else _as_written(b)
    return f"{ta} to {tb}{unit}"


# dates ---------------------------------------------------------------------------

@_rule("date", rf"(?P<y>{_Y})年(?P<mo>{_M})月(?:(?P<d>{_D})日)?")
def _date(m):
    y, mo = _year(m["y"]), _month(m["mo"])
    if m["d"]:
        d = _num(m["d"])
        if not 1 <= d <= 31:
            return None
        return f"{mo} {d}, {y}"
    return f"{mo} {y}"


@_rule("date", rf"(?P<y>{_Y})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9])")
def _iso_date(m):
    return f"{_MONTHS[int(m['mo'])]} {int(m['d'])}, {m['y']}"


@_rule("date", rf"(?P<mo>{_M})月(?:(?P<d>{_D})日|份)?")
def _month_day(m):
    mo = _month(m["mo"])
    if m["d"]:
        d = _num(m["d"])
        return f"{mo} {d}" if 1 <= d <= 31 else None
    return mo


def _one_date(y: str | None, mo: str, d: str | None) -> str:
    """``September 7, 2021`` / ``September 2021`` / ``September 7`` / ``September``."""
    text = _month(mo)
    if d:
        day = _num(d)
        if not 1 <= day <= 31:
            raise ValueError(d)
        text += f" {day}"
    if y:
        text += f", {_year(y)}" if d else f" {_year(y)}"
    return text


@_rule("range", rf"(?P<m1>{_M})月(?:(?P<d1>{_D})日)?{_DASH}(?:(?P<y2>{_Y})年)?(?P<m2>{_M})月(?:(?P<d2>{_D})日)?",
       rf"(?P<y1>{_Y})年(?P<m1>{_M})月(?:(?P<d1>{_D})日)?{_DASH}(?:(?P<y2>{_Y})年)?(?P<m2>{_M})月(?:(?P<d2>{_D})日)?")
def _date_range(m):
    """9月7日至10月3日, 2021年9月至2022年3月: each end written out, joined by "to"."""
    y1, y2 = m.groupdict().get("y1"), m["y2"]
    if y1 and not y2 and not m["d1"]:
        return None  # 2021年9至12月 is a month range (below); 2021年9月至12月 reads the same way
    return f"{_one_date(y1, m['m1'], m['d1'])} to {_one_date(y2, m['m2'], m['d2'])}"


@_rule("range", rf"(?P<m1>{_M})月(?P<d1>{_D})日?{_DASH}(?P<d2>{_D})日")
def _day_range(m):
    """9月7日至10日 → September 7 to 10."""
    a, b = _num(m["d1"]), _num(m["d2"])
    return f"{_month(m['m1'])} {a} to {b}" if 1 <= a < b <= 31 else None


@_rule("range", rf"(?P<y>{_Y})年(?P<a>{_M})(?:月)?{_DASH}(?P<b>{_M})月(?:份)?", rf"(?P<a>{_M})(?:月)?{_DASH}(?P<b>{_M})月(?:份)?")
def _month_range(m):
    a, b, y = _num(m["a"]), _num(m["b"]), m.groupdict().get("y")
    if not 1 <= a < b <= 12:
        return None
    text = f"{_MONTHS[a]} to {_MONTHS[b]}"
    return f"{text} {_year(y)}" if y else text


@_rule("year", rf"(?P<y>{_Y})年(?P<suffix>底|末|初|度)?")
def _year_rule(m):
    y = _year(m["y"])
    return {"底": f"the end of {y}", "末": f"the end of {y}", "初": f"the beginning of {y}"}.get(m["suffix"] or "", y)


@_rule("range", rf"(?P<a>{_Y})年?{_DASH}(?P<b>{_Y})年")
def _year_range(m):
    a, b = _num(m["a"]), _num(m["b"])
    return f"{a}–{b}" if a < b else None


_HALVES = {"上半年": "first half", "下半年": "second half"}
_QUARTER_WORD = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@_rule("date", rf"(?P<y>{_Y})年(?:(?P<h>上半年|下半年)|(?P<q>{_Q})|前(?P<f>[二两三2-3])季度)",
       rf"(?:(?P<h>上半年|下半年)|(?P<q>{_Q})|前(?P<f>[二两三2-3])季度)")
def _period(m):
    y = m.groupdict().get("y")
    of = f"of {_year(y)}" if y else "of the year"
    if m["h"]:
        return f"the {_HALVES[m['h']]} {of}"
    if m["q"]:
        n = _QUARTER_WORD[m["q"].lstrip("第")[0]]
        base = f"the {_ORD_WORDS[n]} quarter"
    else:
        base = f"the first {_WORDS[_QUARTER_WORD.get(m['f'], 2)]} quarters"
    return f"{base} of {_year(y)}" if y else base


# ordinals and rankings -------------------------------------------------------------

_ORD_NUM = r"(?:[0-9]+(?![0-9.])|[一二三四五六七八九十百千两〇零]+)"


@_rule("ranking", rf"(?:(?P<verb>{_RANK_VERB})(?P<scope>{_SCOPE})?|(?P<scope2>{_SCOPE}))第(?P<n>{_ORD_NUM})(?:位|名)?")
def _ranking(m):
    try:
        text = _ordinal(_value(m["n"]))
    except (ValueError, ArithmeticError):
        return None
    scope = m["scope"] or m["scope2"]
    return f"{text} {_SCOPES[scope]}" if scope else text


@_rule("ordinal", rf"第(?P<n>{_ORD_NUM})(?:{_ORD_COUNTER})?{_PAREN}")
def _ordinal_rule(m):
    if m.group().startswith("第一时间") or m.string.startswith("时间", m.end()):
        return None
    try:
        return _ordinal(_value(m["n"]))
    except (ValueError, ArithmeticError):
        return None


@_rule("ranking", r"前(?P<n>[0-9]+(?![0-9.])|[一二三四五六七八九十两]+)(?P<rank>强|名|位)?(?!个|季度|月|年|天|批|次|[0-9一二三四五六七八九十两])")
def _top(m):
    n = m["n"]
    before = m.string[max(m.start() - 2, 0) : m.start()]
    # 跻身前十 / “前三” / 前十强, but not 目前3家 / 此前两位 / 之前三个
    if not (m["rank"] or _TOP_VERB.search(before) or not _CJK_BEFORE.search(before[-1:])):
        return None
    try:
        v = _value(n)
    except (ValueError, ArithmeticError):
        return None
    if v < 2:
        return None
    return f"top {_count_words(v) if not n[0].isdigit() else n}"


@_rule("plan", r"(?:(?P<q>[\"'])十(?P<a>[一二三四五六七八九])五(?P=q)|十(?<![0-9一二三四五六七八九十第].)(?P<b>[一二三四五六七八九])五(?![一二三四五六七八九十]))(?P<tail>规划|时期|期间)?")
def _plan(m):
    n = 10 + _CN_DIGIT[m["a"] or m["b"]]
    tail = " period" if m["tail"] in ("时期", "期间") else ""
    return f"the {_ordinal(n)} Five-Year Plan{tail}"


# Latin-letter codes (W12000-450, C919, PM2.5, 5G): nothing inside them is a number.
_CODE = re.compile(r"[0-9a-z][0-9a-z.\-_/]*")


def _code_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    for m in _CODE.finditer(folded):
        s = m.group()
        if any(c.isalpha() for c in s) and any(c.isdigit() for c in s):
            spans.append((m.start(), m.end()))
    return spans


def _build_fold_table() -> dict[int, str]:
    """Width folding, ASCII lower case and Traditional→Simplified for every character the rules use.

    Cheaper than ``normalize.fold`` on a whole document (which converts every character)
    and equivalent for matching, since only these characters occur in the patterns."""
    import opencc

    table = {ord(k): v for k, v in ((chr(cp), chr(cp).lower()) for cp in range(ord("A"), ord("Z") + 1))}
    used = {c for _, p, _ in _RULES for c in p.pattern if ord(c) > 0x2E80}
    used |= set(_CN_CHARS) | {c for u in _UNITS for c in u} | set("个第点分之")
    for name in ("s2t", "s2tw", "s2hk"):
        conv = opencc.OpenCC(name)
        for c in used:
            t = conv.convert(c)
            if len(t) == 1 and t != c:
                table[ord(t)] = c
    table[ord("，")] = "、"  # a full-width comma separates list items, never thousands
    for cp in range(0xFF01, 0xFF5F):
        if cp != ord("，"):
            table.setdefault(cp, chr(cp - 0xFEE0).lower())
    table.update({0x3000: " ", 0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"',
                  0x2014: "-", 0x2015: "-", 0x2013: "-"})
    return table


_FOLD: dict[str, str] = {}
_FOLD_RE: list[re.Pattern[str]] = []
_HAS_LATIN = re.compile("[a-z]")
# Every match lies within _LEFT characters before and _RIGHT after a run of these (a ranking verb and
# scope before 第, a multiplier, 多, a unit and a parenthesis after the digits), so only those windows
# are scanned: a whole Government Work Report has about 400 windows covering a quarter of its text.
_ANCHOR = re.compile(r"[0-9〇零一二三四五六七八九两十百千万亿]+|半年|季度|第|前")
_LEFT, _RIGHT = 8, 20
_SEP = "\x00\x00"
_ASCII_ALNUM = re.compile("[0-9a-z]")
_SIGNED = {"percent", "points", "amount", "number"}
_MINUS = "-－−"  # hyphen-minus, full-width minus, minus sign; never the dashes — –
# A quoted phrase that starts with a Chinese numeral is a slogan name (“两个确立” “四个意识”
# “两个一百年”): the glossary renders it, numbers inside it are not counts.
_SLOGAN = re.compile(r"“[〇零一二三四五六七八九两十百千][^“”\n]{0,10}”")  # between windows; no rule matches it or across it


def _prepare(text: str) -> str:
    """The matching form of ``text``: same length, same offsets (see ``normalize.fold``)."""
    if not _FOLD_RE:
        _FOLD.update({chr(k): v for k, v in _build_fold_table().items()})
        _FOLD_RE.append(re.compile("[" + "".join(re.escape(c) for c in _FOLD) + "]"))
    # substituting only the characters that change is ten times faster than str.translate on CJK text
    return _FOLD_RE[0].sub(lambda m: _FOLD[m.group()], text)


def _windows(folded: str, windowed: bool = True) -> tuple[str, list[int], list[int]]:
    """The windows of ``folded`` joined by _SEP, with each window's start in the joined text and its shift.

    ``windowed=False`` gives the whole text as one window (the tests check both give the same matches)."""
    if not windowed:
        return folded, [0], [0]
    spans: list[list[int]] = []
    for m in _ANCHOR.finditer(folded):
        s, e = max(0, m.start() - _LEFT), m.end() + _RIGHT
        if spans and s <= spans[-1][1]:
            spans[-1][1] = e
        else:
            spans.append([s, e])
    starts, shifts, pieces, pos = [], [], [], 0
    for s, e in spans:
        e = min(e, len(folded))
        starts.append(pos)
        shifts.append(s - pos)
        pieces.append(folded[s:e])
        pos += e - s + len(_SEP)
    return _SEP.join(pieces), starts, shifts


def find_numbers(text: str, *, _windowed: bool = True) -> list[NumberMatch]:
    """Every number expression in Chinese text, non-overlapping, sorted by start (longest expression wins)."""
    if not text:
        return []
    folded = _prepare(text)
    compact, starts, shifts = _windows(folded, _windowed)
    codes = _code_spans(compact) if _HAS_LATIN.search(compact) else []
    candidates: list[tuple[int, int, str, str]] = []
    slogans = [m.span() for m in _SLOGAN.finditer(text)] if "“" in text else []
    for kind, pattern, handler in _RULES:
        for m in pattern.finditer(compact):
            start, end = m.span()
            if start == end:
                continue
            if codes and any(s < end and start < e for s, e in codes):
                continue
            try:
                english = handler(m)
            except (ValueError, ArithmeticError):
                english = None
            if english and kind == "count" and slogans:
                shifted = start + shifts[bisect_right(starts, start) - 1]
                if any(s <= shifted < e for s, e in slogans):
                    english = None
            if english:
                shift = shifts[bisect_right(starts, start) - 1]
                start, end = start + shift, end + shift
                if kind in _SIGNED and start and text[start - 1] in _MINUS and not _ASCII_ALNUM.match(folded, max(start - 2, 0)):
                    start, english = start - 1, "-" + english  # 增长-2.7% (a minus sign, not a dash)
                candidates.append((start, end, kind, english))
    # longest first; among equal lengths the earlier rule (more specific) wins
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = bytearray(len(text))
    chosen = []
    for start, end, kind, english in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(NumberMatch(start, end, text[start:end], english, kind))
    chosen.sort(key=lambda m: m.start)
    return chosen


def render(surface: str) -> str:
    """The English of one number expression (raises ValueError if it is not one)."""
    matches = find_numbers(surface)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(surface):
        return matches[0].english
    folded = _prepare(surface)
    if folded and all(c in _CN_CHARS for c in folded) and folded not in ("〇", "零"):
        try:
            return _count_words(parse_chinese_numeral(folded))
        except ValueError:
            pass
    found = ", ".join(m.surface for m in matches) or "none"
    raise ValueError(f"not one number expression: {surface!r} (number expressions found: {found})")
