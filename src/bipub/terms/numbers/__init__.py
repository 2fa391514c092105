"""Chinese numbers, units, dates, percentages and rankings, rendered into English by rule.

``find_numbers(text)`` finds every number expression in Chinese text and gives
its English and its reading; ``render(surface)`` renders one expression.  The MT
pipeline masks each match before translation and puts ``english`` back
afterwards, and QA checks that the English contains every ``english``; so a
rendering is complete and self-contained (the unit belongs to the match:
``807.9亿元`` → ``80.79 billion yuan``) and carries nothing the translation has
to supply (verbs such as 增长 stay outside the match).

Recognition is separate from wording:

* ``zh`` and ``zh_rules``: what counts as a number expression in Chinese and
  what it says (a reading, ``readings``: a quantity with its unit id, a date,
  a ranking with its scope id ...);
* ``en``: how a reading is written in English (house style: ``80.79 billion
  yuan``, ``18.9 percent``, ``September 7, 2021``, ``ninth in the country``);
* ``scan``: runs the rules over a text, longest expression first.

Slogans that begin with a number (两个确立, 四个意识, 两个一百年) are glossary
terms: the glossary wins over ``find_numbers`` where both match (protect's job).
"""

from bipub.terms.numbers.scan import NumberMatch, find_numbers, render
from bipub.terms.numbers.zh import parse_chinese_numeral

__all__ = ["NumberMatch", "find_numbers", "parse_chinese_numeral", "render"]
