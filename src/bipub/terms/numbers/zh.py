"""Chinese number expressions: numerals, and the pieces the recognition rules are made of.

All patterns run on the folded text (``scan.prepare``): ASCII digits, ``%``,
``.``, ``-``, ``~``, ``"``, ``'``, Simplified characters.  Every pattern starts
with a character class (look-behinds come after the first character), so the
regex engine can skip ahead to candidate positions.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bipub.terms.numbers.readings import Num
from bipub.text.normalize import HAN

CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_NOT_DIGITS = str.maketrans("", "", ",\u200b \u00a0\u202f\u2009")  # separators inside Arabic figures


def parse_chinese_numeral(s: str) -> Decimal:
    """Value of a Chinese numeral: ``三十`` → 30, ``一千五百`` → 1500, ``二〇二一`` → 2021,
    ``十八点九`` → 18.9, ``一点五万`` → 15000, ``三万亿`` → 3×10¹².  Raises ValueError on anything else."""
    if not s:
        raise ValueError("empty numeral")
    if "点" in s:
        whole, _, frac = s.partition("点")
        big = next((b for b in ("万亿", "万", "亿") if frac.endswith(b) and len(frac) > len(b)), "")
        frac = frac[:len(frac) - len(big)]
        if not frac or any(c not in CN_DIGIT for c in frac):
            raise ValueError(f"not a Chinese numeral: {s!r}")
        value = parse_chinese_numeral(whole) + Decimal("0." + "".join(str(CN_DIGIT[c]) for c in frac))
        return value * {"万亿": 10**12, "万": 10**4, "亿": 10**8, "": 1}[big]  # 一点五万: 15,000
    if all(c in CN_DIGIT for c in s):  # digit by digit: 二〇二一, 三
        return Decimal("".join(str(CN_DIGIT[c]) for c in s))
    total = 0  # completed 亿 groups
    section = 0  # completed 万 groups within the current 亿 group
    small = 0  # below 万
    digit: int | None = None
    for c in s:
        if c in CN_DIGIT:
            if digit is not None and CN_DIGIT[c] != 0:
                raise ValueError(f"not a Chinese numeral: {s!r}")
            digit = CN_DIGIT[c] if CN_DIGIT[c] else None
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


_SMALL = {"十": 10, "百": 100, "千": 1000}


def parse_mixed(groups: list[tuple[str, str]]) -> Decimal | None:
    """Exact value of digit groups each with its unit, in descending order: ``[("1", "亿"), ("2", "千万")]``
    → 120,000,000; ``[("2", "万"), ("5", "千")]`` → 25,000.  None when the groups are not one number
    written the ordinary way (a decimal, ``12千``, a unit twice or out of order, ``5千2亿``)."""
    total = section = small = 0
    last_small = 10**5  # the smallest 十/百/千 so far in the current group
    for digits, unit in groups:
        if not digits.isdigit() and digits not in CN_DIGIT:
            return None  # a decimal or a separator inside a later group
        d = int(digits) if digits.isdigit() else CN_DIGIT[digits]
        if d == 0:
            return None
        for i, u in enumerate(unit):
            if u in _SMALL:
                if i or d >= 10 or _SMALL[u] >= last_small:
                    return None  # 12千, 2百3千
                small, last_small, d = small + d * _SMALL[u], _SMALL[u], 0
                continue
            if d and small:
                return None  # 5千2万: a digit after 千 with no unit of its own
            group, d = small + d, 0  # 万 or 亿 closes the group
            if u == "万":
                if section or not 0 < group < 10**4:
                    return None
                section = group * 10**4
            else:
                if total or not 0 < section + group < 10**8:
                    return None
                total, section = (section + group) * 10**8, 0
            small, last_small = 0, 10**5
        if d:
            return None  # a digit group with no unit of its own
    return Decimal(total + section + small)


def num(written: str) -> Num:
    """A number as written (Arabic, with or without separators, or a Chinese numeral); ValueError if it is none."""
    value = Decimal(written.translate(_NOT_DIGITS)) if written[0].isdigit() else parse_chinese_numeral(written)
    return Num(value, written)


def integer(written: str) -> int:
    return int(num(written).value)


def month(written: str) -> int:
    n = integer(written)
    if not 1 <= n <= 12:
        raise ValueError(written)
    return n


def day(written: str) -> int:
    n = integer(written)
    if not 1 <= n <= 31:
        raise ValueError(written)
    return n


# --------------------------------------------------------------------------- pattern pieces

#: a space inside a figure: space, NBSP, narrow NBSP, thin space (``12 345.6``: groups of exactly three digits
#: after one to three leading digits); a zero-width space between two digits is ignored (``2\u200b345``).
#: A digit run next to such a space that is not a clean grouping (``12 3456``) is no number at all.
GROUP_SPACE = " \u00a0\u202f\u2009"
_GS = f"[{GROUP_SPACE}]"
AR = (rf"[0-9](?<![0-9.][0-9])(?<![0-9],[0-9])(?<![0-9]{_GS}[0-9])(?<![0-9]\u200b[0-9])"
      rf"(?:[0-9]{{0,2}}(?:{_GS}[0-9]{{3}})+|(?:\u200b?[0-9])*(?:,[0-9]{{3}})*)"
      rf"(?:\.[0-9]+)?(?![0-9])(?!\.[0-9])(?!\u200b[0-9])(?!{_GS}[0-9])(?!,[0-9])")

CN_CHARS = "〇零一二三四五六七八九两十百千万亿"
#: a Chinese numeral, with decimals (``零点五``, ``一点五万``); never from the middle of one (after 点) or a vague 几/数
CN = rf"[〇零一二三四五六七八九两十](?<![{CN_CHARS}第前几数点].)[{CN_CHARS}]*(?:点[〇零一二三四五六七八九]+(?:万亿|万|亿)?)?"
NUM = rf"(?:{AR}|{CN})"
MULT = "万亿|千万|百万|十万|千亿|百亿|十亿|亿|万"
MULT_VALUE = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "千亿": 10**11,
              "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "万": 10**4, "": 1}
#: unit as written → unit id (``en.UNITS`` words it)
UNITS = {
    "元": "CNY", "元人民币": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD",
    "吨": "t", "千瓦时": "kWh", "千瓦": "kW", "千伏": "kV", "兆瓦": "MW", "吉瓦": "GW",
    "平方公里": "km2", "平方千米": "km2", "平方米": "m2", "立方米": "m3",
    "公里": "km", "千米": "km", "米": "m", "公顷": "ha", "亩": "mu", "斤": "jin",
    "公斤": "kg", "千克": "kg", "小时": "h", "户": "household", "人次": "person-time",
}
UNIT = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
COUNTER = "个|家|项|台|件|名|位(?!数)|人(?!次)|座|所|条|辆|部|套|只|张|篇|份|款|架|艘|处|宗|例|栋"
PAREN = r"(?:\((?:次|套|个)\))?"
# Chinese numerals count only before these (not part of the match):
CN_TRIGGER = "年|天|次|批|类|种|周(?!年)|倍|轮"
MORE = "多|余"

#: ranking scope as written → scope id (``en.SCOPES`` words it)
SCOPES = {"全国": "country", "全省": "province", "全市": "city", "中部地区": "central", "中部": "central",
          "西部地区": "western", "西部": "western", "东部": "eastern", "全球": "world", "世界": "world"}
SCOPE = "|".join(sorted(SCOPES, key=len, reverse=True))
RANK_VERB = "位居|位列|名列|排名|居|排"
TOP_VERB = re.compile("(?:跻身|进入|迈入|挤进|居|排|列|进)$")
CJK_BEFORE = HAN
ORD_COUNTER = "个|位|名|届|次|台|家|项"

Y = r"[12](?<![0-9][12])[0-9]{3}(?![0-9])|[〇零一二三四五六七八九](?<![〇零一二三四五六七八九].)[〇零一二三四五六七八九]{3}"
M = (r"(?:1[0-2](?<![0-9]..)|0[1-9](?<![0-9]..)|[1-9](?<![0-9].))(?![0-9])"
     r"|十(?<![〇零一二三四五六七八九十两第前].)[一二]?|[一二三四五六七八九](?<![〇零一二三四五六七八九十两第前].)")
D = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
DASH = r"(?:-|~|至|到)"
Q = r"(?:第[一二三四1-4]|[一二三四1-4])季度"
