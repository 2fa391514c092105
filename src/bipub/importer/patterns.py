"""The line patterns of Chinese newspaper and government text.

Each function takes one piece of text and returns what it recognises or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bipub.importer.fold import on_simplified
from bipub.text.normalize import HAN_CHARS

_HAN = HAN_CHARS
_NUM_CN = "一二三四五六七八九十百零〇两兩"
CN_NUMERALS = _NUM_CN
#: a document number on a line of its own: ``第722号``, ``国办发〔2024〕1号``, ``湘政发[2023]12号``
DOC_NUMBER = re.compile(f"^(?:第[0-9０-９{_NUM_CN}]{{1,6}}号|[{HAN_CHARS}]{{1,8}}[〔\\[［(（][0-9０-９]{{4}}[〕\\]］)）][0-9０-９]{{1,5}}号)$")
_SP = " \u3000"

# ------------------------------------------------------------------ headings

#: numbering kinds, from the outermost to the innermost; heading levels follow this order
NUMBERING_ORDER = ("part", "chapter", "section", "cn1", "cn2", "ar1", "ar2")
#: how each kind looks, for the docs and messages
NUMBERING_EXAMPLE = {"part": "第一部分", "chapter": "第一章", "section": "第一节", "cn1": "一、",
                     "cn2": "（一）", "ar1": "1.", "ar2": "（1）", "plain": "unnumbered"}

_NUMBERED = (
    ("part", re.compile(f"^第([{_NUM_CN}\\d]+)部[分份][{_SP}]*(.*)$"), None),
    ("chapter", re.compile(f"^第([{_NUM_CN}\\d]+)章[{_SP}]*(.*)$"), None),
    ("section", re.compile(f"^第([{_NUM_CN}\\d]+)[节節][{_SP}]*(.*)$"), None),  # 節: Traditional
    ("cn1", re.compile(f"^([{_NUM_CN}]+)、[{_SP}]*(.+)$"), None),
    ("cn2", re.compile(f"^（([{_NUM_CN}]+)）[{_SP}]*(.+)$"), None),
    ("cn2", re.compile(f"^\\(([{_NUM_CN}]+)\\)[{_SP}]*(.+)$"), "half-width brackets (一)"),
    ("ar2", re.compile(f"^[（(](\\d{{1,2}})[）)][{_SP}]*(.+)$"), None),
    ("ar1", re.compile(f"^(\\d{{1,2}})[.．、](?![\\d.．])[{_SP}]*(.+)$"), None),
    # misprinted numbering: the wrong mark after the number, or a bracket left open
    ("cn1", re.compile(f"^([{_NUM_CN}]{{1,3}})[，,.．][{_SP}]*([{_HAN}].*)$"), "numbering {num} followed by {mark} instead of 、"),
    ("cn2", re.compile(f"^（([{_NUM_CN}]{{1,3}})(?!）)[{_SP}]*([^{_NUM_CN}）].*)$"), "numbering （{num} has no closing bracket"),
)


@dataclass(frozen=True)
class Numbered:
    kind: str  # one of NUMBERING_ORDER
    number: int  # the value of the number (一 → 1)
    text: str  # the heading text after the number
    problem: str | None  # a description when the numbering itself looks misprinted


@on_simplified
def heading_number(text: str) -> Numbered | None:
    """``一、总体要求`` → Numbered("cn1", 1, "总体要求", None)."""
    for kind, rx, problem in _NUMBERED:
        m = rx.match(text)
        if not m:
            continue
        num = cn_number(m.group(1))
        if num is None:
            continue
        if problem:
            mark = text[len(m.group(1)):len(m.group(1)) + 1]
            problem = problem.format(num=m.group(1), mark=mark)
        return Numbered(kind, num, m.group(2).strip(), problem)
    return None


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGITS.update({"〇": 0, "两": 2, "兩": 2})


def cn_number(s: str) -> int | None:
    """``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105, ``7`` → 7."""
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _DIGITS:
            cur = _DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


#: a line that starts a list item or a numbered item: ``1. `` ``12、`` ``（3）`` ``[4]`` ``①`` ``一、`` ``第五条`` ``- `` ``• ``
ITEM_START = re.compile(
    f"^(?:[0-9０-９]{{1,6}}[.．、)）](?![0-9０-９])|[（(][0-9０-９{_NUM_CN}]{{1,4}}[)）]|[\\[［〔【][0-9０-９]{{1,4}}[\\]］〕】]"
    f"|[\u2460-\u2473\u2776-\u277f]|[{_NUM_CN}]{{1,4}}、|第[{_NUM_CN}0-9０-９]{{1,6}}[条章节節款项部编篇]"
    f"|[-*+•·●○■□◆◇▪►√][{_SP}])"
)


@on_simplified
def item_start(text: str) -> bool:
    """Does ``text`` start with an enumerator or a bullet (a list item, a numbered article)?"""
    return bool(ITEM_START.match(text))


# ------------------------------------------------------------------ photo credits

_NAME = f"[{_HAN}·]{{2,5}}"
_NAMES = f"{_NAME}(?:[{_SP}、，,]+{_NAME})*"
_AGENCY = f"(?:(?:新华社|中新社|本报|人民日报|[{_HAN}]{{2,6}}报)?(?:特约)?(?:记者|通讯员|摄影记者)[{_SP}]*)"
#: a whole line that is a credit: ``唐俊 摄``, ``本报记者 唐俊 摄``, ``图/唐俊``, ``（新华社记者 李贺 摄）``, ``摄影：唐俊``
_CREDIT_LINE = re.compile(
    f"^(?:[（(][{_SP}]*)?(?:"
    f"(?:{_AGENCY})?{_NAMES}[{_SP}]*(?:[{_SP}]|/|／)摄(?:影)?"  # 唐俊 摄, 唐俊/摄
    f"|(?:{_AGENCY})?{_NAMES}[{_SP}]+摄(?:影)?"
    f"|(?:图|摄影|图片)[{_SP}]*(?:/|／|:|：)[{_SP}]*(?:{_AGENCY})?{_NAMES}"  # 图/唐俊, 摄影：唐俊
    f"|(?:{_AGENCY}){_NAMES}[{_SP}]*摄"  # 本报记者唐俊摄
    f")[{_SP}]*(?:[）)])?$"
)
#: a credit at the end of a caption line: ``…下线。 唐俊 摄`` or ``…下线。（新华社记者 李贺 摄）``
_CREDIT_TAIL = re.compile(
    f"^(?P<caption>.*[。！？”）)…])[{_SP}]*(?P<credit>"
    f"[（(][{_SP}]*(?:{_AGENCY})?{_NAMES}[{_SP}]*摄[{_SP}]*[）)]"
    f"|(?:{_AGENCY})?{_NAMES}[{_SP}]+摄"
    f"|(?:图|摄影)[{_SP}]*(?:/|／|:|：)[{_SP}]*(?:{_AGENCY})?{_NAMES})$"
)


@on_simplified
def credit_line(text: str) -> str | None:
    """The credit when the whole line is one (brackets removed, spacing as printed)."""
    if len(text) > 40 or not _CREDIT_LINE.match(text):
        return None
    return _unbracket(text)


@on_simplified
def credit_tail(text: str) -> tuple[str, str] | None:
    """(caption, credit) when a caption line ends with its credit."""
    m = _CREDIT_TAIL.match(text)
    if not m or not m.group("caption").strip():
        return None
    return m.group("caption").strip(), _unbracket(m.group("credit"))


def _unbracket(credit: str) -> str:
    c = credit.strip(_SP)
    if c[:1] in "（(" and c[-1:] in "）)":
        c = c[1:-1].strip(_SP)
    return c


# ------------------------------------------------------------------ bylines

_ROLE = (f"(?:[{_HAN}]{{0,10}}(?:总理|主席|省长|市长|县长|部长|厅长|局长|书记|主任|委员|代表|社长|总编辑|主编)"
         f"|(?:新华社|中新社|本报|[{_HAN}]{{2,6}}报)?(?:特约)?(?:记者|通讯员)|文|撰文|作者|编者|撰稿)")
_BYLINE_PREFIXED = re.compile(f"^(?P<role>{_ROLE})[{_SP}]*(?:[/／:：][{_SP}]*)?(?P<names>[{_HAN}·][{_HAN}·{_SP}、，,]*)$")
_BYLINE_BARE = re.compile(f"^[{_HAN}·]{{1,3}}(?:[{_SP}、，,]+[{_HAN}·]{{1,3}})+$")


@dataclass(frozen=True)
class Byline:
    authors: list[str]
    role: str  # "本报记者", "国务院总理", "" ...


def byline(text: str) -> Byline | None:
    """``曹 娜 谢卓芳`` → ["曹娜", "谢卓芳"]; ``本报记者 唐俊`` → ["唐俊"]; ``国务院总理 李　强`` → ["李强"].

    A name printed with a space inside (``曹 娜``, ``李　强``, padded to the width
    of a three-character name) is put back together: single characters pair up.
    A line over 40 characters is no byline, and costs nothing to refuse (no folding to
    Simplified first: the paragraph joiner asks this of every growing paragraph).
    """
    return None if len(text) > 40 else _byline(text)


@on_simplified
def _byline(text: str) -> Byline | None:
    m = _BYLINE_PREFIXED.match(text)
    role = ""
    if m:
        role, names = m.group("role"), m.group("names")
    elif _BYLINE_BARE.match(text):
        names = text
    else:
        return None
    tokens = [t for t in re.split(f"[{_SP}、，,]+", names.strip()) if t]
    authors: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if len(t) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) <= 2 and (len(tokens[i + 1]) == 1 or not role):
            t += tokens[i + 1]
            i += 1
        authors.append(t)
        i += 1
    if any(len(a) < 2 or len(a) > 5 for a in authors):
        return None
    if not role and len(authors) < 2:
        return None
    return Byline(authors, role)


# ------------------------------------------------------------------ date lines

_CN_DIGIT = "〇零一二三四五六七八九十"
_DATE = re.compile(
    f"(?P<y>\\d{{4}}|[{_CN_DIGIT}]{{4}})[{_SP}]*年[{_SP}]*(?P<m>\\d{{1,2}}|[{_CN_DIGIT}]{{1,2}})[{_SP}]*月"
    f"[{_SP}]*(?P<d>\\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})[{_SP}]*日"
    f"|(?P<y2>\\d{{4}})[-/.](?P<m2>\\d{{1,2}})[-/.](?P<d2>\\d{{1,2}})"
)
_DATE_NOISE = re.compile(f"(?:星期|周|礼拜)[一二三四五六日天]|第[{_SP}]*\\d+[{_SP}]*版|[{_SP}、:：（）()|｜/·]")


@dataclass(frozen=True)
class Dateline:
    date: str  # ISO YYYY-MM-DD
    place: str
    publication: str
    authors: tuple[str, ...] = ()


#: labels a web page's date line prints: ``发布时间：`` before the date, ``来源：`` / ``作者：`` after it
_WHEN_LABEL = re.compile(f"(?:发布|发稿|更新|录入|刊发)?(?:时间|日期)[{_SP}]*[:：]")
_TIME = re.compile(f"(?<![0-9])[0-2]?[0-9][:：][0-5][0-9](?:[:：][0-5][0-9])?(?![0-9])")
_LABELLED = re.compile(f"(?P<label>来源|來源|稿源|出处|作者|文)[{_SP}]*[:：][{_SP}]*(?P<value>[^{_SP}|｜]+(?:[{_SP}、]+[{_HAN}·]{{2,4}}(?=[{_SP}]|$))*)")
#: the longest date line taken (a web page's ``2024年05月12日 07:30 来源：湖南日报 作者：张三``)
DATELINE_MAX = 60


@on_simplified
def dateline(text: str) -> Dateline | None:
    """A short line that is a date, maybe with a place, a paper, a time, a source or an author:
    ``湖南日报 2021年12月31日 星期五``, ``2024年05月12日 07:30 来源：湖南日报``."""
    if len(text) > DATELINE_MAX:
        return None
    m = _DATE.search(text)
    if not m or _in_range(text, m):
        return None
    iso = _iso(m)
    if iso is None:
        return None
    rest = text[: m.start()] + " " + text[m.end():]
    publication = place = ""
    authors: list[str] = []
    for f in list(_LABELLED.finditer(rest))[::-1]:
        value = f.group("value").strip("（）()《》")
        if f.group("label") in ("作者", "文"):
            authors = [a for a in re.split(f"[{_SP}、，,]+", value) if a]
            if not all(re.fullmatch(f"[{_HAN}·]{{2,5}}", a) for a in authors):
                return None
        else:
            publication = value
        rest = rest[: f.start()] + " " + rest[f.end():]
    rest = _WHEN_LABEL.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    for part in _DATE_NOISE.sub(" ", rest).split():
        if part.startswith("《") or part.endswith("》") or part.endswith("报"):
            publication = publication or part.strip("《》")
        elif re.fullmatch(f"[{_HAN}]{{2,8}}", part) and not place:
            place = part
        else:
            return None
    return Dateline(iso, place, publication, tuple(authors))


def dates_in(text: str) -> set[str]:
    """Every complete date written in ``text`` (``2024年5月12日``, ``2024-05-12``, ``2024/5/12``), as ISO dates.

    Only a real date expression counts: year, month and day all printed.  A range or a
    partial date (``2024年1-9月``, ``2024年5月``, ``2024-05``) is never a date.
    """
    out = set()
    for m in _DATE.finditer(text):
        iso = _iso(m)
        if iso and not _in_range(text, m):
            out.add(iso)
    return out


def _iso(m: re.Match) -> str | None:
    y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"), m.group("d2"))
    try:
        yi, mi, di = _cn_int(y), _cn_int(mo), _cn_int(d)
    except (ValueError, KeyError):
        return None
    if not (1800 <= yi <= 2200 and 1 <= mi <= 12 and 1 <= di <= 31):
        return None
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def _in_range(text: str, m: re.Match) -> bool:
    """``2024-1-9`` inside ``2024年1-9月``, ``12024-01-09``, ``2024-01-09-2``: digits or a range mark run on."""
    before, after = text[max(0, m.start() - 1):m.start()], text[m.end():m.end() + 1]
    runs_on = "[\\-]" if m.group().endswith("日") else "[0-9０-９月\\-]"  # ``20日08:41``: a time follows the day
    return bool(re.match("[0-9０-９年]", before) or re.match(runs_on, after))


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and "十" not in s:  # a year: 二〇二一
        return int("".join(str(_DIGITS[c]) for c in s))
    n = cn_number(s)
    if n is None:
        raise ValueError(s)
    return n


# ------------------------------------------------------------------ subtitles

_SUBTITLE = re.compile("^(?:——|—|--|－－)[^—].{1,80}$")


def subtitle(text: str) -> bool:
    """``——2021年湖南工业和信息化工作纪实``: a dash-led line without a sentence end."""
    return bool(_SUBTITLE.match(text)) and not any(c in "。！？" for c in text)
