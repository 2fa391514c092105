"""Site boilerplate at the start or end of a raw text: removed, each removal reported.

Texts copied from Wikisource and similar sites carry the site's licence
notice and template scraps after the article (``本作品是中华人民共和国的法律…``,
``注：中文维基文库社群认为…``, ``Public domain`` / ``false``).  They are not part of
the text and must not be translated as if they were.

The rule is deliberately narrow.  The text is cut into blocks (lines between
blank lines); starting from the **last** block and going backwards (and from
the **first** block going forwards), a block is removed while it is one of:

* a **licence notice**: it starts with ``本作品`` (or ``This work``) and speaks of
  公有领域 / 著作权 / 版权 / 许可 / 授权 / 知识共享 (public domain, copyright, licence);
* a **site note**: it starts with ``注：`` and names 维基文库 / 维基百科 / Wikisource / Wikipedia;
* **site lines** only: every line is a licence tag (``Public domain``, ``PD-…``,
  ``CC BY-SA 4.0``, ``GFDL``), a template flag (``true`` / ``false``), a link
  (``https://…``, ``取自“…”``, ``来源：https://…``), the site's name
  (``维基文库，自由的图书馆``) or wiki navigation (``← 上一篇``, ``下一篇 →``,
  ``姊妹计划``, ``数据项``, ``分类：…``), and at least one of them is not a bare
  ``true`` / ``false``.

The first block that is none of these stops the walk: boilerplate in the
middle of the text is left alone (the stray-text check still flags scraps such
as a lone ``Public domain`` there).  A plain ``来源：新华社`` names the source
of the article and is kept.  Every removed block is a finding
``repaired import.boilerplate`` at its first raw line with its first words.
"""

from __future__ import annotations

import re

from bipub.importer.clean import Line
from bipub.importer.report import Report
from bipub.importer.text import head

_LICENCE_START = re.compile(r"^(本作品|this work\b)", re.IGNORECASE)
_LICENCE_WORDS = re.compile(r"公有领域|著作权|版权|许可|授权|知识共享|public domain|copyright|licen[cs]e", re.IGNORECASE)
_NOTE_START = re.compile(r"^注[：:]")
_SITE_NAMES = re.compile(r"维基文库|维基百科|維基文庫|維基百科|wikisource|wikipedia", re.IGNORECASE)

_FLAG = re.compile(r"^(true|false)$", re.IGNORECASE)
_SITE_LINE = re.compile(
    r"""^(?:
        public\ domain
      | PD-[\w-]+
      | CC[- ]?(?:BY|0)[\w .-]*
      | GFDL[\w .-]*
      | https?://\S+
      | (?:取自|检索自|來自|来源[：:]|出处[：:]|source:)\s*[“"「]?https?://\S+
      | .{0,20}(?:维基文库|維基文庫|wikisource).{0,20}
      | ←.{0,40} | .{0,40}→
      | (?:上一[篇页章节]|下一[篇页章节]|返回目录|目录|姊妹计划|姊妹計劃|数据项|數據項|百科|分类|分類|categories)(?:[：:].{0,60})?
      | 本页面最后修订于.{0,40}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def _blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """``(start, stop)`` index ranges of the blank-line-separated blocks of ``lines``."""
    out, start = [], None
    for i, ln in enumerate(lines):
        if ln.text and start is None:
            start = i
        elif not ln.text and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def kind(block: list[str]) -> str | None:
    """What boilerplate the block's lines are (``licence notice``, ``site note``, ``site lines``), or None."""
    joined = "".join(block)
    if _LICENCE_START.match(joined) and _LICENCE_WORDS.search(joined):
        return "licence notice"
    if _NOTE_START.match(joined) and _SITE_NAMES.search(joined):
        return "site note"
    if all(_SITE_LINE.match(t) or _FLAG.match(t) for t in block) and not all(_FLAG.match(t) for t in block):
        return "site lines"
    return None


def strip(lines: list[Line], report: Report) -> list[Line]:
    """``lines`` without the boilerplate blocks at the start and end (see the module docstring)."""
    blocks = _blocks(lines)
    first, last = 0, len(blocks)
    removed: list[tuple[str, str, tuple[int, int]]] = []
    while last > first and (k := kind([ln.text for ln in lines[slice(*blocks[last - 1])]])):
        removed.append(("end", k, blocks[last - 1]))
        last -= 1
    while first < last and (k := kind([ln.text for ln in lines[slice(*blocks[first])]])):
        removed.append(("start", k, blocks[first]))
        first += 1
    if not removed:
        return lines
    for where, k, (a, b) in sorted(removed, key=lambda r: r[2]):
        for ln in lines[a:b]:
            report.remove(ln.no, ln.text)
        first_no, last_no = lines[a].no, lines[b - 1].no
        span = f"line {first_no}" if first_no == last_no else f"lines {first_no}–{last_no}"
        if k == "site lines":
            words = head(" / ".join(ln.text for ln in lines[a:b]), 40)
        else:
            words = head("".join(ln.text for ln in lines[a:b]), 16)
        report.add("boilerplate", "repaired", f"removed {k} at the {where} of the text ({span}): {words}", first_no)
    keep_from = blocks[first][0] if first < len(blocks) and first < last else len(lines)
    keep_to = blocks[last - 1][1] if last > first else keep_from
    return lines[keep_from:keep_to]
