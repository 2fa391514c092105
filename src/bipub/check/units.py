"""The unit of an amount is part of its figure: ``1.2万亿元`` is not ``1.2 trillion US dollars``.

``qa.number-missing`` asks, for every amount with a unit (``en.UNITS``: yuan, US dollars, tonnes,
kilowatt-hours, hectares …), that the English writes that unit in one of the ways English writes it
(:data:`FORMS`: ``RMB 1.2 trillion``, ``US$1.2 trillion``, ``12,000 t``, ``9.2 trillion kWh``).  Counters
(``户`` households, ``人次`` person-times) are left to the translation: 户 also counts businesses.
"""

from __future__ import annotations

import re

from bipub.terms.numbers.en import UNITS

#: unit id → how English may write it (regular expression on lower-case text)
FORMS = {
    "CNY": r"yuan|rmb|renminbi|cny|¥",
    "USD": r"(?:us\s?)?dollars?|usd|us\$|\$",
    "EUR": r"euros?|eur|€",
    "HKD": r"(?:hong kong|hk)\s?dollars?|hkd|hk\$",
    "t": r"(?:metric )?tonnes?|(?:metric )?tons?|tce|t",
    "kWh": r"kilowatt[- ]?hours?|kwh|kw[·⋅ ]h",
    "kW": r"kilowatts?|kw",
    "kV": r"kilovolts?|kv",
    "MW": r"megawatts?|mw",
    "GW": r"gigawatts?|gw",
    "km2": r"square kilomet(?:er|re)s?|sq\.? ?km|km2|km²",
    "m2": r"square met(?:er|re)s?|sq\.? ?m|m2|m²",
    "m3": r"cubic met(?:er|re)s?|cu\.? ?m|m3|m³",
    "km": r"kilomet(?:er|re)s?|km",
    "m": r"met(?:er|re)s?|m",
    "ha": r"hectares?|ha",
    "mu": r"mu",
    "jin": r"jin|catty|catties",
    "kg": r"kilo(?:gram)?s?|kg",
    "h": r"hours?|hrs?|h",
}
_ENDINGS = sorted(((form, unit) for unit, words in UNITS.items() if unit in FORMS for form in words),
                  key=lambda fu: -len(fu[0]))
_PATTERNS = {unit: re.compile(rf"(?<![a-z])(?:{forms})(?![a-z])") for unit, forms in FORMS.items()}


def unit_of(english: str) -> str | None:
    """The unit id an amount's English ends with (``1.2 trillion yuan`` → ``CNY``), or None."""
    for form, unit in _ENDINGS:
        if english.endswith(" " + form):
            return unit
    return None


def written(english: str, unit: str) -> bool:
    """Whether ``english`` writes ``unit`` in one of its forms."""
    return _PATTERNS[unit].search(english.lower()) is not None
