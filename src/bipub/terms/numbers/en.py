"""English wording of number readings (``readings``), in the style of China's official English editions.

``word(reading)`` gives the English; each reading type has one wording function,
registered with ``@_words(Type)``.  Style (each *decided* where it had an alternative):

* Values of one million and more use million / billion / trillion (``80.79
  billion``); smaller values are written out with thousands separators
  (``12,000``).  Arithmetic is exact (``Decimal``).
* Arabic digits with no multiplier keep the digits written (``5.0 percent``,
  ``3.0``); a bare number gets separators only from five digits on (*decided*: a
  bare four-digit number is usually a year).
* A Chinese-numeral count of one to ten is written in words (``two``, ``ten
  major``), larger ones in digits; Arabic digits stay digits.  Percentages,
  amounts with units and dates are always digits.
* ``18.9 percent``, ``12.5 percentage points``, ``1 percentage point``, ``6.39 per thousand`` (‰, 千分之);
  ``one-third``, ``three-quarters``.
* Units: American spelling (meters) except ``tonnes`` (*decided*: the
  unambiguous metric ton); singular when the value is exactly 1 and not "over".
* Dates ``September 7, 2021``, ``May 2021``; ranges with "to", years with an en
  dash (``2020–2022``).  Ordinals up to tenth in words, above in digits.
* 多/余 → ``over``; a minus sign stays (``-2.7 percent``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from bipub.terms.numbers.readings import (
    AsWritten, Date, DateRange, DayRange, Fraction, Label, Major, MonthList, MonthRange, Num, Ordinal, Percent,
    PerMille, PercentRange, Period, Plan, Points, Quantity, QuantityRange, Ranking, Signed, Top, Year, YearRange,
)

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
ORD_WORDS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

#: unit id → (singular, plural)
UNITS: dict[str, tuple[str, str]] = {
    "CNY": ("yuan", "yuan"), "USD": ("US dollar", "US dollars"), "EUR": ("euro", "euros"),
    "HKD": ("Hong Kong dollar", "Hong Kong dollars"),
    "t": ("tonne", "tonnes"), "kWh": ("kilowatt-hour", "kilowatt-hours"), "kW": ("kilowatt", "kilowatts"), "kV": ("kilovolt", "kilovolts"),
    "MW": ("megawatt", "megawatts"), "GW": ("gigawatt", "gigawatts"),
    "km2": ("square kilometer", "square kilometers"), "m2": ("square meter", "square meters"),
    "m3": ("cubic meter", "cubic meters"), "km": ("kilometer", "kilometers"), "m": ("meter", "meters"),
    "ha": ("hectare", "hectares"), "mu": ("mu", "mu"), "jin": ("jin", "jin"),
    "kg": ("kilogram", "kilograms"), "h": ("hour", "hours"),
    "household": ("household", "households"), "person-time": ("person-time", "person-times"),
}

#: scope id → the words after a ranking
SCOPES = {"country": "in the country", "province": "in the province", "city": "in the city",
          "central": "in central China", "western": "in western China", "eastern": "in eastern China",
          "world": "in the world"}

_NOT_DIGITS = str.maketrans("", "", ",\u200b \u00a0\u202f\u2009")  # separators inside Arabic figures
_FRACTION_DENOM = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}
_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def plain(d: Decimal) -> str:
    """Decimal without exponent or trailing zeros, integer part with separators."""
    s = format(d.normalize(), "f")
    whole, dot, frac = s.partition(".")
    return f"{int(whole):,}" + (dot + frac if frac else "")


def scaled(v: Decimal) -> str:
    """``8.079E+10`` → ``80.79 billion``; below a million → ``151,000``."""
    for size, name in _SCALES:
        if v >= size:
            return f"{plain(v / size)} {name}"
    return plain(v)


def as_written(num: str) -> str:
    """Arabic digits as written, separators added to the integer part when it has five digits or more."""
    whole, dot, frac = num.translate(_NOT_DIGITS).partition(".")
    if len(whole) >= 5:
        whole = f"{int(whole):,}"
    return whole + dot + frac


def count_words(v: Decimal) -> str:
    """Chinese-numeral counts: one to ten in words, more in digits."""
    if v == v.to_integral_value() and 0 <= v <= 10:
        return WORDS[int(v)]
    return scaled(v)


def ordinal(n: int, words: bool = True) -> str:
    if words and 0 < n <= 10:
        return ORD_WORDS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _digits(num: Num) -> str:
    """A number that is always digits: Arabic as written, a Chinese numeral by value."""
    return as_written(num.written) if num.arabic else plain(num.value)


_WORDING: dict[type, Callable] = {}


def _words(kind: type):
    def deco(fn):
        _WORDING[kind] = fn
        return fn
    return deco


def word(reading) -> str:
    """The English of a reading."""
    return _WORDING[type(reading)](reading)


@_words(Quantity)
def _quantity(q: Quantity) -> str:
    num, v = q.num, q.value
    if q.counted and not num.arabic and not q.unit:
        text = count_words(v)
    elif q.scale != 1 or not num.arabic or v >= 10**6:
        text = scaled(v)
    else:  # Arabic digits below a million keep the decimals written
        text = as_written(num.written) if "." in num.written else plain(v)
    if q.unit:
        single, plural = UNITS[q.unit]
        text += " " + (single if v == 1 and not q.more else plural)
    return ("over " if q.more else "") + text


#: bare digits this long, written without separators, are a code (a credit code, an ID card, a phone or
#: account number), never a quantity of the genre, which writes large amounts with 万/亿
CODE_DIGITS = 11


@_words(AsWritten)
def _as_written(r: AsWritten) -> str:
    """Bare digits; a code (`CODE_DIGITS` or more, or a leading 0: 0731) is kept as written, never grouped
    (430102199001011234 is not 430,102,199,001,011,234)."""
    written = r.num.written
    if written.isdigit() and written.isascii() and (len(written) >= CODE_DIGITS or (written[0] == "0" and len(written) > 1)):
        return written
    return as_written(written)


@_words(Label)
def _label(r: Label) -> str:
    return r.text


@_words(Major)
def _major(r: Major) -> str:
    return f"{as_written(r.num.written) if r.num.arabic else count_words(r.num.value)} major"


@_words(Ordinal)
def _ordinal(r: Ordinal) -> str:
    if r.what == "congress":
        return f"{ordinal(r.n)} National Congress"
    if r.what == "anniversary":
        return f"{ordinal(r.n, words=False)} anniversary"
    return ordinal(r.n)


@_words(Percent)
def _percent(r: Percent) -> str:
    return f"{_digits(r.num)} percent"


@_words(PerMille)
def _per_mille(r: PerMille) -> str:
    return f"{_digits(r.num)} per thousand"


@_words(Points)
def _points(r: Points) -> str:
    unit = "percentage point" if r.num.value == 1 and not r.more else "percentage points"
    return f"{'over ' if r.more else ''}{_digits(r.num)} {unit}"


@_words(Fraction)
def _fraction(r: Fraction) -> str:
    n, d = r.numerator, r.denominator
    if d <= 10:
        single, plural = _FRACTION_DENOM.get(d, (ORD_WORDS[d], ORD_WORDS[d] + "s"))
        return f"{WORDS[n]}-{single if n == 1 else plural}"
    return f"{n}/{d}"


@_words(PercentRange)
def _percent_range(r: PercentRange) -> str:
    return f"{as_written(r.low.written)} to {as_written(r.high.written)} percent"


@_words(QuantityRange)
def _quantity_range(r: QuantityRange) -> str:
    def end(num: Num, scale: int) -> str:
        return scaled(num.value * scale) if scale != 1 else as_written(num.written)

    unit = " " + UNITS[r.unit][1] if r.unit else ""
    return f"{end(r.low, r.low_scale)} to {end(r.high, r.high_scale)}{unit}"


@_words(Date)
def _date(r: Date) -> str:
    """``September 7, 2021`` / ``September 2021`` / ``September 7`` / ``September``."""
    text = MONTHS[r.month]
    if r.day:
        text += f" {r.day}"
    if r.year:
        text += f", {r.year}" if r.day else f" {r.year}"
    return text


@_words(Year)
def _year(r: Year) -> str:
    return {"end": f"the end of {r.year}", "beginning": f"the beginning of {r.year}"}.get(r.edge, str(r.year))


@_words(DateRange)
def _date_range(r: DateRange) -> str:
    return f"{_date(r.low)} to {_date(r.high)}"


@_words(DayRange)
def _day_range(r: DayRange) -> str:
    return f"{MONTHS[r.month]} {r.low} to {r.high}"


@_words(MonthRange)
def _month_range(r: MonthRange) -> str:
    text = f"{MONTHS[r.low]} to {MONTHS[r.high]}"
    return f"{text} {r.year}" if r.year else text


@_words(MonthList)
def _month_list(r: MonthList) -> str:
    names = [MONTHS[x] for x in r.months]
    text = f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{text} {r.year}" if r.year else text


@_words(YearRange)
def _year_range(r: YearRange) -> str:
    return f"{r.low}–{r.high}"


@_words(Period)
def _period(r: Period) -> str:
    if r.half:
        return f"the {ORD_WORDS[r.half]} half of {r.year if r.year else 'the year'}"
    base = f"the {ORD_WORDS[r.quarter]} quarter" if r.quarter else f"the first {WORDS[r.quarters]} quarters"
    return f"{base} of {r.year}" if r.year else base


@_words(Ranking)
def _ranking(r: Ranking) -> str:
    return f"{ordinal(r.n)} {SCOPES[r.scope]}" if r.scope else ordinal(r.n)


@_words(Top)
def _top(r: Top) -> str:
    return f"top {r.num.written if r.num.arabic else count_words(r.num.value)}"


@_words(Plan)
def _plan(r: Plan) -> str:
    return f"the {ordinal(r.n)} Five-Year Plan{' period' if r.period else ''}"


@_words(Signed)
def _signed(r: Signed) -> str:
    return "-" + word(r.reading)
