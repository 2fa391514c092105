"""Recognition rules: Chinese number expressions → readings (``readings``), by rule.

Each rule is ``(kind, regex, handler)``, registered with ``@_rule(kind, *patterns)``;
the handler turns a match into a reading, or None to reject it.  ``scan`` runs
them all and keeps the longest expression (earlier rules win ties).  What is a
number and where it ends is decided here (each *decided* where it had an
alternative); how it reads in English is ``en``'s business.

Quantities
  * 万 ×10⁴, 亿 ×10⁸, 万亿 ×10¹², and 十万/百万/千万/十亿/百亿/千亿 after Arabic
    digits; 多/余 between the number and its multiplier or unit is "over".
    左右, 以上, 近, 约, 超过 are words for the translation and stay outside (*decided*).
  * A minus sign (``-`` ``－`` ``−``, never a dash ``—``) right before a percentage,
    amount or plain number, not after a digit or letter, is part of it (``scan``).
  * Digit groups each with a unit, descending, are one figure of exact value (``1亿2千万``
    120 million, ``12亿3456万``, ``2万5千``); anything irregular (``5千2万``, ``12千``, a
    decimal before more groups, ``1亿2千多万``) is matched as UNREADABLE: no piece of it is
    a number, so the QA check flags whatever the English says (*decided*).
  * ``12 345.6``: groups of three digits after a space, NBSP, narrow NBSP or thin space
    are one figure; a zero-width space between digits is ignored; ``12 3456`` is no number.
  * Units (``zh.UNITS``) belong to the match: ``807.9亿元`` is one amount.
  * Counters with no English of their own (个 家 项 台 件 名 位 人 座 …, plus a
    following ``（次）``/``（套）``) are part of the match and dropped (*decided*:
    the counted noun, and 人, are the translator's); counters that carry meaning
    (年 天 次 批 类 种 轮 代) stay outside.
  * ``十四届全国人大二次会议``, ``政协十四届三次会议``: N次会议 after 届/人大/政协/常委会 is the N-th session.
  * ``N大`` → N major, but a Chinese numeral above ten before 大 is a party congress
    (二十大); ``N届`` an ordinal; ``N周年`` an anniversary.

Chinese numerals (*decided*: only where they are clearly quantities)
  * before a counter or unit, before 年/天/次/批/类/种/周/倍/轮, after 第/前, after
    百分之, inside dates and plan names; a lone 一 is never a cardinal (一些 统一
    一体化 一批 一年 are words); a numeral starts with 一–九, 两, 十 or 〇/零 (百年,
    千万, 百强 are words) and not after 几 or 数 (vague quantities).  十分 and idioms
    are never matched.  A quoted phrase that starts with a Chinese numeral is a
    slogan (“两个确立” “四个意识”): no counts inside it (``scan``).
  * decimals: ``零点五个百分点`` (0.5), ``一点五万吨`` (15,000 tonnes); a numeral never starts
    after 点 (``五`` of 零点五 is not 5); ``三点意见`` (three points) has no decimals.
  * ``5.2 %``: a space before ``%`` or ``‰`` is still a percentage.

Per mille: ``6.39‰``, ``千分之一点五`` (per thousand; a minus sign before ``‰`` is kept, ``scan``).

Percentages, fractions: ``18.9%``, ``百分之五``, ``12.5个百分点``, ``三分之一``; ``两成`` (N tenths)
  is 20 percent (not after another numeral: 三五成群; not in 一成不变, 成为, 成员 …).
  Year-on-year verbs (同比增长) are not part of the match (*decided*).

Dates and ranges
  * ``2021年9月7日``, ``2021年5月``, ``9月26日``, ``2021年`` (a year), ``9月``/``12月份``,
    Chinese-digit dates (``二〇二一年九月``); a day alone (``7日``) is not matched.
  * ``1、2月份``/``2024年1、2月`` (a month list: January and February; not at the very start of a
    text, where ``1、`` may number a list item).
  * ``1至11月``/``1-11月``, ``2021年1至11月``, ``2020—2022年``/``2020年至2022年``,
    date to date (``9月7日至10月3日``, ``9月7日至10日``).
  * *Decided*: a four-digit number 1000–2999 before 年 is a year; other numbers
    before 年 are counts and 年 stays for the translation.
  * Numeric ranges ``5%—6%``, ``3000-5000万元``: the lower end must be smaller and
    no part may have a leading zero (phone-number-like strings stay unmatched).
  * 上半年/下半年, (第)一季度, 前三季度, attached to a year or not; 年底/年末/年初/年度
    after a year.  *Decided*: 年底, 今年, 全年 without a year number are words.

Ordinals and rankings
  * ``第一``, ``第3``, ``第十四届``; the counters 个 位 名 届 次 台 家 项 after 第N are
    part of the match, meaning-bearing ones (代 批 轮 条 年) are not.  ``第一时间``
    (immediately) is an idiom; ``第一产业``/``第二产业``/``第三产业`` (primary, secondary,
    tertiary sector) are terms.
  * ``居全国第9位``, ``排名全国第二``, ``中部第3位``: the ranking verb is part of the
    match and *decided* to be dropped; scopes ``zh.SCOPES``.
  * ``前三``/``前10``/``前十强``: not before 个/月/年/季度/天/批/次 (a period), and
    only after a ranking verb, after punctuation, or with 强/名/位.

Plans and labels: ``“十四五”``, ``十四五``, ``“十四五”规划``/``时期``/``期间`` (only
十一五…十九五; 十五 alone is fifteen); digit formulas such as ``3+3+2``.

Not numbers: nothing inside a Latin-letter code (``W12000-450``, ``C919``,
``PM2.5``, ``5G``; ``scan``); headings (``一、`` ``（一）``) and enumerators (``一是``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from bipub.terms.numbers import zh
from bipub.terms.numbers.readings import (
    AsWritten, Num, Date, DateRange, DayRange, Fraction, Label, Major, MonthList, MonthRange, Ordinal, Percent, PercentRange,
    PerMille,
    Period, Plan, Points, Quantity, QuantityRange, Ranking, Top, Year, YearRange,
)
from bipub.terms.numbers.zh import (
    AR, CJK_BEFORE, CN, COUNTER, CN_TRIGGER, D, DASH, M, MORE, MULT, MULT_VALUE, NUM, ORD_COUNTER, PAREN, Q,
    RANK_VERB, SCOPE, SCOPES, TOP_VERB, UNIT, UNITS, Y, day, integer, month, num,
)

Rule = tuple[str, "re.Pattern[str]", Callable[["re.Match[str]"], object]]
RULES: list[Rule] = []


def _rule(kind: str, *patterns: str):
    def deco(fn):
        for pattern in patterns:
            RULES.append((kind, re.compile(pattern), fn))
        return fn
    return deco


def _cardinal(written: str) -> bool:
    """A number that may be read as a cardinal: Arabic, or a parseable Chinese numeral other than a lone 一."""
    if written[0].isdigit():
        return True
    if written in ("一", "〇", "零"):
        return False
    try:
        num(written)
    except ValueError:
        return False
    return True


def _quantity(m, unit: str, counted: bool) -> Quantity | None:
    n, x = m["n"], m["x"] or ""
    if not _cardinal(n) or (m["m1"] and m["m2"]):
        return None
    if not n[0].isdigit() and x:  # 三万亿 is read as one numeral
        n, x = n + x, ""
    return Quantity(num(n), MULT_VALUE[x], bool(m["m1"] or m["m2"]), UNITS[unit] if unit else "", counted)


@_rule("amount", rf"(?P<n>{NUM})(?P<m1>{MORE})?(?P<x>{MULT})?(?P<m2>{MORE})?(?P<u>{UNIT})")
def _amount(m):
    return _quantity(m, m["u"], counted=False)


@_rule("count", rf"(?P<n>{NUM})(?P<m1>{MORE})?(?P<x>{MULT})?(?P<m2>{MORE})?(?:(?P<c>{COUNTER}){PAREN}|(?=(?:{CN_TRIGGER})))")
def _count(m):
    return _quantity(m, "", counted=True)


@_rule("count", rf"(?P<n>{AR})(?P<m1>{MORE})?(?P<x>{MULT})(?P<m2>{MORE})?")
def _scaled_number(m):
    return _quantity(m, "", counted=False)


#: a figure in digit groups each with its unit, descending (``1亿2千万``, ``12亿3456万``, ``2万5千``)
_MIXED_UNIT = "千万|百万|十万|亿|万|千|百|十"
_MIXED = rf"{AR}(?:{_MIXED_UNIT})+(?:(?:[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九])(?:{_MIXED_UNIT})+)+"
_MIXED_GROUP = re.compile(rf"([^一二两三四五六七八九十百千万亿]+|[一二两三四五六七八九])((?:{_MIXED_UNIT})+?)(?=[0-9一二两三四五六七八九]|$)")
#: what ``scan`` does with a match that is a number but cannot be read exactly: no piece of it is matched
UNREADABLE = object()


@_rule("amount", rf"(?P<n>{_MIXED})(?P<tail>{MORE})?(?P<u>{UNIT})")
@_rule("count", rf"(?P<n>{_MIXED})(?P<tail>(?:{MORE})[万亿]?)?(?:(?P<c>{COUNTER}){PAREN})?")
def _mixed(m):
    """Decided: exact value or nothing; ``1亿2千多万`` (over what?) and anything irregular is UNREADABLE."""
    groups = [(g, u) for g, u in _MIXED_GROUP.findall(m["n"])]
    value = zh.parse_mixed(groups) if not m["tail"] and "".join(g + u for g, u in groups) == m["n"] else None
    if value is None:
        return UNREADABLE
    unit = m.groupdict().get("u")
    return Quantity(Num(value, m["n"]), 1, False, UNITS[unit] if unit else "", bool(m.groupdict().get("c")))


@_rule("number", AR)
def _bare(m):
    return AsWritten(num(m.group()))


@_rule("label", r"[0-9](?<![0-9.][0-9])[0-9]*(?:\+[0-9]+)+(?![0-9.])")
def _label(m):
    return Label(m.group())


@_rule("count", rf"(?P<n>{NUM})大(?![学会小量型])")
def _major(m):
    if not _cardinal(m["n"]):
        return None
    n = num(m["n"])
    if not n.arabic and n.value > 10:
        return None  # 二十大: a party congress, see below
    return Major(n)


@_rule("ordinal", rf"(?P<n>{CN})大(?![学会小量型])")
def _congress(m):
    v = num(m["n"]).value
    return Ordinal(int(v), "congress") if 10 < v < 100 else None


@_rule("ordinal", rf"(?P<n>{CN})次(?=会议|全体会议|全会)")
def _session_meeting(m):
    """``十四届全国人大二次会议``: the Second Session (after 届, 人大, 政协 or 常委会; ``召开一次会议`` is one meeting)."""
    if not m.string[:m.start()].endswith(("届", "人大", "政协", "常委会")):
        return None
    return Ordinal(integer(m["n"]))


@_rule("ordinal", rf"(?P<n>{NUM})届")
def _session(m):
    return Ordinal(integer(m["n"])) if _cardinal(m["n"]) else None


@_rule("anniversary", rf"(?P<n>{NUM})周年")
def _anniversary(m):
    return Ordinal(integer(m["n"]), "anniversary") if _cardinal(m["n"]) else None


@_rule("percent", rf"(?P<n>{AR})[ \u00a0\u202f\u2009]?%")
def _percent(m):
    return Percent(num(m["n"]))


@_rule("percent", r"百分之(?P<n>[〇零一二三四五六七八九两十百千]+(?:点[〇零一二三四五六七八九]+)?|[0-9]+(?:\.[0-9]+)?)")
def _percent_cn(m):
    return Percent(num(m["n"]))


@_rule("permille", rf"(?P<n>{AR})[ \u00a0\u202f\u2009]?‰", r"千分之(?P<n>[〇零一二三四五六七八九两十百]+(?:点[〇零一二三四五六七八九]+)?|[0-9]+(?:\.[0-9]+)?)")
def _per_mille(m):
    return PerMille(num(m["n"]))


@_rule("percent", r"(?P<n>[一二两三四五六七八九1-9])(?<![〇零一二两三四五六七八九十几数0-9.].)成"
                  r"(?![为立功效果就本员绩熟长型交都品群片批套千百万不])")
def _tenths(m):
    """``两成``, ``九成``, ``3成``: N tenths, written as a percentage (20 percent); not 三五成群, 一成不变, 成为."""
    if m["n"].isdigit():
        return Percent(Num(int(m["n"]) * Decimal(10), f"{m['n']}0"))  # 3成: as if written 30%
    return Percent(Num(zh.CN_DIGIT[m["n"]] * Decimal(10), m.group()))


@_rule("points", rf"(?P<n>{NUM})(?P<more>多)?个?百分点")
def _points(m):
    return Points(num(m["n"]), bool(m["more"]))


@_rule("fraction", r"(?P<d>[二两三四五六七八九十]|[0-9]+)分之(?P<n>[一二三四五六七八九]|[0-9]+)(?![0-9一二三四五六七八九十百])")
def _fraction(m):
    d, n = integer(m["d"]), integer(m["n"])
    return Fraction(n, d) if 0 < n < d else None


@_rule("range", rf"(?P<a>{AR})%?{DASH}(?P<b>{AR})%")
def _percent_range(m):
    a, b = num(m["a"]), num(m["b"])
    return PercentRange(a, b) if a.value < b.value else None


@_rule("range", rf"(?P<a>{AR})(?P<xa>{MULT})?{DASH}(?P<b>{AR})(?P<xb>{MULT})?(?:(?P<u>{UNIT})|(?P<c>{COUNTER}){PAREN})?")
def _number_range(m):
    if any(len(s) > 1 and s[0] == "0" and not s.startswith("0.") for s in (m["a"], m["b"])):
        return None
    xb = m["xb"] or ""
    xa = m["xa"] or xb
    a, b = num(m["a"]), num(m["b"])
    if a.value * MULT_VALUE[xa] >= b.value * MULT_VALUE[xb]:
        return None
    return QuantityRange(a, b, MULT_VALUE[xa], MULT_VALUE[xb], UNITS[m["u"]] if m["u"] else "")


# dates ---------------------------------------------------------------------------

def _date_of(y: str | None, mo: str, d: str | None) -> Date:
    return Date(integer(y) if y else None, month(mo), day(d) if d else None)


@_rule("date", rf"(?P<y>{Y})年(?P<mo>{M})月(?:(?P<d>{D})日)?")
def _date(m):
    return _date_of(m["y"], m["mo"], m["d"])


@_rule("date", rf"(?P<y>{Y})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9])")
def _iso_date(m):
    return _date_of(m["y"], m["mo"], m["d"])


@_rule("date", rf"(?P<mo>{M})月(?:(?P<d>{D})日|份)?")
def _month_day(m):
    return _date_of(None, m["mo"], m["d"])


@_rule("range", rf"(?P<m1>{M})月(?:(?P<d1>{D})日)?{DASH}(?:(?P<y2>{Y})年)?(?P<m2>{M})月(?:(?P<d2>{D})日)?",
       rf"(?P<y1>{Y})年(?P<m1>{M})月(?:(?P<d1>{D})日)?{DASH}(?:(?P<y2>{Y})年)?(?P<m2>{M})月(?:(?P<d2>{D})日)?")
def _date_range(m):
    """9月7日至10月3日, 2021年9月至2022年3月: two dates."""
    y1, y2 = m.groupdict().get("y1"), m["y2"]
    if y1 and not y2 and not m["d1"]:
        return None  # 2021年9至12月 is a month range (below); 2021年9月至12月 reads the same way
    return DateRange(_date_of(y1, m["m1"], m["d1"]), _date_of(y2, m["m2"], m["d2"]))


@_rule("range", rf"(?P<m1>{M})月(?P<d1>{D})日?{DASH}(?P<d2>{D})日")
def _day_range(m):
    """9月7日至10日: two days of one month."""
    a, b = integer(m["d1"]), integer(m["d2"])
    return DayRange(month(m["m1"]), a, b) if 1 <= a < b <= 31 else None


@_rule("range", rf"(?P<y>{Y})年(?P<a>{M})(?:月)?{DASH}(?P<b>{M})月(?:份)?", rf"(?P<a>{M})(?:月)?{DASH}(?P<b>{M})月(?:份)?")
def _month_range(m):
    a, b, y = integer(m["a"]), integer(m["b"]), m.groupdict().get("y")
    if not 1 <= a < b <= 12:
        return None
    return MonthRange(a, b, integer(y) if y else None)


@_rule("date", rf"(?P<y>{Y})年(?P<ms>(?:{M})(?:、(?:{M}))+)月(?:份)?", rf"(?<=.)(?P<ms>(?:{M})(?:、(?:{M}))+)月(?:份)?")
def _month_list(m):
    """``1、2月份``, ``2024年1、2月``: a list of months, not the number 1 and February.  At the very start
    of a text ``1、`` may number a list item (``1、2月份完成…``): left to the other rules there."""
    months = tuple(month(x) for x in m["ms"].split("、"))
    if any(not a < b for a, b in zip(months, months[1:])) or not all(1 <= x <= 12 for x in months):
        return None
    y = m.groupdict().get("y")
    return MonthList(months, integer(y) if y else None)


_EDGES = {"底": "end", "末": "end", "初": "beginning", "度": "", None: ""}


@_rule("year", rf"(?P<y>{Y})年(?P<suffix>底|末|初|度)?")
def _year(m):
    return Year(integer(m["y"]), _EDGES[m["suffix"]])


@_rule("range", rf"(?P<a>{Y})年?{DASH}(?P<b>{Y})年")
def _year_range(m):
    a, b = integer(m["a"]), integer(m["b"])
    return YearRange(a, b) if a < b else None


_HALVES = {"上半年": 1, "下半年": 2}
_QUARTER_WORD = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@_rule("date", rf"(?P<y>{Y})年(?:(?P<h>上半年|下半年)|(?P<q>{Q})|前(?P<f>[二两三2-3])季度)",
       rf"(?:(?P<h>上半年|下半年)|(?P<q>{Q})|前(?P<f>[二两三2-3])季度)")
def _period(m):
    y = m.groupdict().get("y")
    year = integer(y) if y else None
    if m["h"]:
        return Period(year, half=_HALVES[m["h"]])
    if m["q"]:
        return Period(year, quarter=_QUARTER_WORD[m["q"].lstrip("第")[0]])
    return Period(year, quarters=_QUARTER_WORD.get(m["f"], 2))


# ordinals and rankings -------------------------------------------------------------

_ORD_NUM = r"(?:[0-9]+(?![0-9.])|[一二三四五六七八九十百千两〇零]+)"


@_rule("ranking", rf"(?:(?P<verb>{RANK_VERB})(?P<scope>{SCOPE})?|(?P<scope2>{SCOPE}))第(?P<n>{_ORD_NUM})(?:位|名)?")
def _ranking(m):
    scope = m["scope"] or m["scope2"]
    return Ranking(integer(m["n"]), SCOPES[scope] if scope else "")


@_rule("ordinal", rf"第(?P<n>{_ORD_NUM})(?:{ORD_COUNTER})?{PAREN}")
def _ordinal(m):
    if m.group().startswith("第一时间") or m.string.startswith("时间", m.end()):
        return None
    if m.group() in ("第一", "第二", "第三") and m.string.startswith("产业", m.end()):
        return None  # 第一产业: the primary sector (a term, not a rank)
    return Ordinal(integer(m["n"]))


@_rule("ranking", r"前(?P<n>[0-9]+(?![0-9.])|[一二三四五六七八九十两]+)(?P<rank>强|名|位)?(?!个|季度|月|年|天|批|次|[0-9一二三四五六七八九十两])")
def _top(m):
    before = m.string[max(m.start() - 2, 0) : m.start()]
    # 跻身前十 / “前三” / 前十强, but not 目前3家 / 此前两位 / 之前三个
    if not (m["rank"] or TOP_VERB.search(before) or not CJK_BEFORE.search(before[-1:])):
        return None
    n = num(m["n"])
    return Top(n) if n.value >= 2 else None


@_rule("plan", r"(?:(?P<q>[\"'])十(?P<a>[一二三四五六七八九])五(?P=q)|十(?<![0-9一二三四五六七八九十第].)(?P<b>[一二三四五六七八九])五(?![一二三四五六七八九十]))(?P<tail>规划|时期|期间)?")
def _plan(m):
    return Plan(10 + zh.CN_DIGIT[m["a"] or m["b"]], m["tail"] in ("时期", "期间"))
