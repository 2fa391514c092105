"""What a number expression says, apart from any language: the readings.

Recognition (``zh_rules``) turns Chinese text into one of these; wording
(``en``) turns one of these into English.  A reading keeps what the wording
needs to follow the house style: the value, and whether it was written in
Arabic digits (kept as written) or as a Chinese numeral.  Units and scopes are
language-neutral ids (``"CNY"``, ``"t"``, ``"country"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Num:
    """A number as written: ``value`` and ``written`` (the digits, or the Chinese numeral)."""

    value: Decimal
    written: str

    @property
    def arabic(self) -> bool:
        return self.written[0].isdigit()


@dataclass(frozen=True)
class Quantity:
    """``num`` × ``scale`` (万 → 10⁴), over it when ``more`` (多/余), with a ``unit`` id or none.

    ``counted``: a count before a counter or a word such as 年 (a Chinese-numeral
    count of one to ten is written in words)."""

    num: Num
    scale: int = 1
    more: bool = False
    unit: str = ""
    counted: bool = False

    @property
    def value(self) -> Decimal:
        return self.num.value * self.scale


@dataclass(frozen=True)
class AsWritten:
    """Bare Arabic digits with no unit or counter (``2021``, ``151000``)."""

    num: Num


@dataclass(frozen=True)
class Label:
    """A digit formula such as ``3+3+2``: written as it is."""

    text: str


@dataclass(frozen=True)
class Major:
    """``N大``: N major (十大产业 → ten major)."""

    num: Num


@dataclass(frozen=True)
class Ordinal:
    """``第N``, ``N届``: the N-th; ``what`` is ``""``, ``"congress"`` (二十大) or ``"anniversary"`` (N周年)."""

    n: int
    what: str = ""


@dataclass(frozen=True)
class Percent:
    num: Num


@dataclass(frozen=True)
class PerMille:
    """``‰``, ``千分之``: per thousand."""

    num: Num


@dataclass(frozen=True)
class Points:
    """Percentage points (``个百分点``)."""

    num: Num
    more: bool = False


@dataclass(frozen=True)
class Fraction:
    numerator: int
    denominator: int


@dataclass(frozen=True)
class PercentRange:
    low: Num
    high: Num


@dataclass(frozen=True)
class QuantityRange:
    """``3000-5000万元``: both ends with their scale (the lower end takes the upper's if it has none)."""

    low: Num
    high: Num
    low_scale: int = 1
    high_scale: int = 1
    unit: str = ""


@dataclass(frozen=True)
class Date:
    """A calendar date, any part of it missing but the month (a year alone is a ``Year``)."""

    year: int | None
    month: int
    day: int | None = None


@dataclass(frozen=True)
class Year:
    """A year; ``edge`` is ``""``, ``"end"`` (年底/年末) or ``"beginning"`` (年初)."""

    year: int
    edge: str = ""


@dataclass(frozen=True)
class DateRange:
    low: Date
    high: Date


@dataclass(frozen=True)
class DayRange:
    """Two days of one month (``9月7日至10日``)."""

    month: int
    low: int
    high: int


@dataclass(frozen=True)
class MonthRange:
    low: int
    high: int
    year: int | None = None


@dataclass(frozen=True)
class MonthList:
    """``1、2月份``: January and February (two or more months, in order)."""

    months: tuple[int, ...]
    year: int | None = None


@dataclass(frozen=True)
class YearRange:
    low: int
    high: int


@dataclass(frozen=True)
class Period:
    """Part of a year: ``half`` 1 or 2, or ``quarter`` 1–4, or the first ``quarters`` quarters."""

    year: int | None = None
    half: int = 0
    quarter: int = 0
    quarters: int = 0


@dataclass(frozen=True)
class Ranking:
    """The N-th place, in a ``scope`` id (``"country"``, ``"central"``) or none."""

    n: int
    scope: str = ""


@dataclass(frozen=True)
class Top:
    """``前N``: the top N."""

    num: Num


@dataclass(frozen=True)
class Plan:
    """``十四五``: the N-th Five-Year Plan (its ``period`` with 时期/期间)."""

    n: int
    period: bool = False


@dataclass(frozen=True)
class Signed:
    """A minus sign before a percentage, amount or number (``增长-2.7%``)."""

    reading: object


Reading = (Quantity | AsWritten | Label | Major | Ordinal | Percent | PerMille | Points | Fraction | PercentRange
           | QuantityRange | Date | Year | DateRange | DayRange | MonthRange | YearRange | Period | Ranking | Top
           | Plan | Signed)
