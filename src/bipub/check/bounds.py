"""Which side of a figure the Chinese puts the truth on, and whether the English turned it round.

``近1200万人`` is fewer than 12 million, ``超过1200万人``/``1200余万人``/``1200万人以上`` more: the
figure is the same, but ``over 12 million`` for ``近1200万人`` says another thing.  A bound is read
next to a number span (:func:`bound`): *below* after 近 将近 接近 不到 不足 or before 以下 以内 之内;
*above* after 超 超过 逾 高于 多于, before 以上 多, or where the rule says ``over`` (多/余).  ``近五年``
(the past five years) is no bound.  :func:`turned` says whether every place the English writes the
figure has a word of the other side (``nearly``/``under`` for above, ``over``/``more than`` for
below) and none of its own (``not less than`` is at least, ``not more than`` at most); ``about 12 million`` or ``12 million`` alone is never turned round.
"""

from __future__ import annotations

import re

_BELOW_BEFORE = ("将近", "接近", "不到", "不足", "近")
_BELOW_AFTER = ("以下", "以内", "之内")
_ABOVE_BEFORE = ("超过", "高于", "多于", "超", "逾")
_ABOVE_AFTER = ("以上", "多")
_TIME = ("年", "个月", "月", "天", "日", "周", "季度")  # 近五年: the past five years

#: "not less than" is at least, "not more than" at most (how regulations set fines and terms)
_NEGATED = re.compile(r"\bno(?:t)?\s+(?:(?P<least>less|fewer|lower)\s+than|(?P<most>more|greater|higher)\s+than|"
                      r"(?P<most2>exceeding|over|above))\b")
_ABOVE = re.compile(r"\b(?:over|more than|above|exceed\w*|upwards of|in excess of|topp\w*|surpass\w*|beyond|at least)"
                    r"\s+(?:\S+\s+)?$")
_ABOVE_AFTER_EN = re.compile(r"^\S*\s+(?:or more|and above|or above|plus)\b")
_BELOW = re.compile(r"\b(?:nearly|almost|close to|under|less than|below|fewer than|just short of|up to|within|"
                    r"no more than|not exceeding|at most)\s+(?:\S+\s+)?$")
_BELOW_AFTER_EN = re.compile(r"^\S*\s+(?:or less|or fewer|and below|or below)\b")


def bound(source: str, start: int, end: int, english: str) -> str:
    """``"above"``, ``"below"`` or ``""`` for the number span ``source[start:end]`` (its rule's English)."""
    before, after = source[:start], source[end:]
    if after.startswith(_TIME):
        return ""
    if english.startswith("over ") or before.endswith(_ABOVE_BEFORE) or after.startswith(_ABOVE_AFTER):
        return "above"
    if before.endswith(_BELOW_BEFORE) or after.startswith(_BELOW_AFTER):
        return "below"
    return ""


def turned(numeric: str, figure: str, side: str) -> bool:
    """Whether the English (``qa`` numeric form) writes ``figure`` only with words of the other side of ``side``."""
    found = [m for m in re.finditer(rf"(?<![\d.]){re.escape(figure)}(?![\d]|\.\d)", numeric)]
    if not found:
        return False
    for m in found:
        before, after = numeric[max(0, m.start() - 30):m.start()], numeric[m.end():m.end() + 25]
        before = _NEGATED.sub(lambda n: " at least " if n["least"] else " at most ", before)
        above = bool(_ABOVE.search(before) or _ABOVE_AFTER_EN.search(after))
        below = bool(_BELOW.search(before) or _BELOW_AFTER_EN.search(after))
        if not ((below and not above) if side == "above" else (above and not below)):
            return False
    return True
