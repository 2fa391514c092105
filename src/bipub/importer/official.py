"""What regulations, policy documents and official releases print around their text.

* **Article numbers** (``第一条　为了…``): the space after ``第N条`` is structure, not
  layout padding.  It is kept as one ideographic space (U+3000), whatever spaces the
  copy had (``第一条 为了`` → ``第一条　为了``); a copy that printed none is left as it is.
* **Issue notes** under a title: an adoption or issue note in brackets
  (``（2024年3月28日湖南省第十四届人民代表大会常务委员会第九次会议通过）``), a document
  number (``湘政发〔2024〕5号``, bracketed or not).  They are never headings: they stay a
  paragraph of their own, never joined to a neighbour.
* The **issuing body** printed beside the date line at the top (``国家统计局`` over
  ``2024年2月29日``), an organisation's name right under the title
  (``湖南省人民政府办公厅``), or the signature above a notice's closing date line
  (``湖南省人民政府`` / ``2024年3月1日``, named like an organisation): it goes to the
  front matter ``authors``, listed, as the date goes to ``date``.
"""

from __future__ import annotations

import re
from typing import Callable

from bipub.importer import patterns
from bipub.importer.fold import on_simplified
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.text.normalize import HAN_CHARS, to_simplified_chars

_NUM = "一二三四五六七八九十百千零〇两0-9０-９"
#: ``第一条`` at the start of a paragraph, with the spaces after it
ARTICLE = re.compile(f"^(?P<num>第[{_NUM}]+[条條])[ \u3000\u00a0]+(?=\\S)")
ARTICLE_SPACE = "\u3000"
#: a document number: ``湘政发〔2024〕5号`` ``国办发[2023]12号``
DOC_NUMBER = re.compile(f"[{HAN_CHARS}]{{1,10}}" r"[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号")
_NOTE_END = re.compile(r"(?:通过|发布|印发|批准|公布|修正|修订|修改|施行|制定|颁布|签署|决定)[）)]$")
#: the longest issue note taken
NOTE_MAX = 160
#: an issuing body's name ends like an organisation's
ORGAN = re.compile(r"(?:局|厅|委|委员会|政府|办公室|办公厅|部|院|署|中心|省委|市委|县委|党委|常委会|人大|政协|总局|银行|统计局)$")
ORGAN_MAX = 20
#: the issuing body is looked for among the first pieces (the signature above a closing date line too)
TOP = 4


@on_simplified
def issue_note(text: str) -> bool:
    """Is ``text`` an adoption/issue note or a document number (never a heading)?"""
    t = text.strip()
    if len(t) > NOTE_MAX:
        return False
    if DOC_NUMBER.fullmatch(t.strip("（）()")):
        return True
    if not (t[:1] in "（(" and t[-1:] in "）)"):
        return False
    return bool(_NOTE_END.search(t) or patterns.dates_in(t) or DOC_NUMBER.search(t))


def split_article(text: str) -> tuple[str, str] | None:
    """``("第一条", "为了…")`` for a paragraph that starts with an article number and a space, else None."""
    m = ARTICLE.match(text)
    return (m.group("num"), text[m.end():]) if m else None


def mark_notes(pieces: list[Piece]) -> None:
    """Issue notes are paragraphs that are never joined (and so never taken for headings)."""
    for p in pieces:
        if p.kind == "paragraph" and issue_note(p.text):
            p.fixed = True


def issuing_body(pieces: list[Piece], report: Report, heading_like: Callable[[str], bool]) -> None:
    """The issuing body at the top goes to ``authors`` (see the module docstring); ``heading_like``
    is the structure's test for a short line that could be a heading."""
    date = next((i for i, p in enumerate(pieces) if p.kind == "dateline"), None)
    near = [date - 1, date + 1] if date is not None else []
    for i in near + [1]:
        if not 1 <= i < len(pieces) or (i > TOP and i != date - 1):
            continue
        p = pieces[i]
        if p.kind != "paragraph" or p.fixed or len(p.text) > ORGAN_MAX or not heading_like(p.text) \
                or patterns.heading_number(p.text):
            continue
        if (date is None or i != date - 1 or i > TOP) and not ORGAN.search(_simplified(p.text)):
            continue
        p.kind, p.fields = "byline", {"authors": [p.text]}
        report.add("front-matter", "repaired", f"issuing body {p.text} → authors", p.line)
        return


def _simplified(text: str) -> str:
    return to_simplified_chars(text)
