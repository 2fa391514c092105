"""What a web page or a newsroom system adds around an article, taken out and listed.

A **short line** (at most ``DEBRIS_MAX`` characters) is debris when it is one of

* an editor line: ``责任编辑：王芳`` ``（责编：…）`` ``编辑：…`` ``校对：…`` ``审核：…`` ``监制：…`` ``【纠错】``;
* a promotion: scan a QR code, download the app, follow the official account
  (``扫码下载…客户端`` ``长按识别二维码`` ``关注…公众号``);
* a share or print widget: ``分享到：`` ``【打印】【关闭】`` ``字号：大 中 小`` ``微信 微博 QQ空间``;
* a licence or copyright footer: ``版权所有`` ``Copyright ©`` ``未经授权禁止转载`` ``京ICP备…`` ``公网安备``;
* navigation: ``首页 > 新闻 > 正文`` ``当前位置：…`` ``上一篇`` ``下一篇`` ``返回顶部``;
* a page counter: ``阅读量：1234`` ``浏览次数：`` ``点击：``.

Each removed line is a finding ``import.debris`` (repaired) with its line, and its
figures are listed as removed for the number check.

Lines that carry front matter are moved into it, each with a finding:
``来源：人民日报`` → ``publication``; a reporter line ``记者 王红茹丨北京报道``,
``本报记者 张三 李四``, ``（作者：X）`` or ``作者：X`` → ``authors``.
"""

from __future__ import annotations

import re

from bipub.importer.clean import Line
from bipub.importer.fold import on_simplified
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import head
from bipub.text.normalize import HAN_CHARS

DEBRIS_MAX = 60
_HAN = HAN_CHARS
_KINDS = (
    ("editor line", re.compile(r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|监制|签发|值班编辑|实习编辑|网络编辑)\s*[：:]"
                               r"|^【纠错】|^\[纠错\]|纠错\s*】?$")),
    ("promotion", re.compile(r"二维码|扫码|扫一扫|长按识别|下载.{0,12}(?:客户端|APP|App|app)|(?:客户端|APP|App)下载"
                             r"|关注.{0,12}(?:公众号|微信号|微博)|更多精彩|点击.{0,6}(?:关注|下载|订阅)")),
    ("share widget", re.compile(r"^(?:分享到|分享|打印|关闭|收藏|[大中小]?字号|【打印】|【关闭】|【大|打印本页|关闭窗口|转发)\b"
                                r"|^(?:微信|微博|QQ空间|朋友圈|QQ)(?:[ \u3000/|｜、]*(?:微信|微博|QQ空间|朋友圈|QQ|豆瓣|人人网))+$"
                                r"|^字号[：:]|^【\s*(?:打印|关闭|收藏)")),
    ("licence footer", re.compile(r"版权所有|Copyright|©|未经.{0,8}(?:授权|许可).{0,10}(?:转载|使用|复制)|禁止转载|转载请注明"
                                  r"|ICP备|ICP证|公网安备|违法和不良信息举报", re.IGNORECASE)),
    ("navigation", re.compile(r"^(?:首页|当前位置|您的位置|您现在的位置)\s*[>＞»:：]|[>＞»]\s*正文$"
                              r"|^(?:上一篇|下一篇|返回顶部|返回首页|回到顶部|相关新闻|相关阅读|推荐阅读|热点推荐)\s*[：:]?")),
    ("page counter", re.compile(r"^(?:阅读量|阅读数|浏览次数|浏览量|点击数|点击量|点击|访问量)\s*[：:]"
                                # a WeChat article's tool bar: ``阅读原文 阅读 10万+ 在看 2316 赞 892``
                                r"|^(?:阅读原文)?(?:[ \u3000]*(?:阅读|在看|赞|点赞|分享|收藏|转发|推荐|喜欢|留言)[ \u3000]*"
                                r"[0-9]+(?:\.[0-9]+)?万?\+?)*[ \u3000]*$(?<=\S)")),
)

#: a site's copyright footer runs longer than other debris (``人民网版权所有，未经书面授权禁止使用 Copyright © 1997-2025
#: by www.people.com.cn. all rights reserved``): taken up to this length when it says both
LICENCE_MAX = 200
_LONG_LICENCE = re.compile(r"(?:版权所有|Copyright\s*©).{0,80}(?:all rights reserved|未经.{0,8}授权)"
                           r"|未经.{0,8}授权.{0,80}(?:Copyright\s*©|版权所有)", re.IGNORECASE)
_SOURCE = re.compile(r"^[（(]?\s*(?:来源|來源|稿源|出处)\s*[：:]\s*(?P<pub>[^\s，,。；;（）()]{2,20})\s*[）)]?$")
_AUTHOR = re.compile(rf"^[（(]?\s*(?:作者|文|撰文|撰稿)\s*[：:/／]\s*(?P<names>[{_HAN}·]{{2,5}}(?:[ \u3000、，,]+(?!系)[{_HAN}·]{{2,5}})*)"
                     rf"(?:\s*[，,、]?\s*(?P<role>系[^（）()]{{2,30}}))?\s*[）)]?$")
_REPORTER = re.compile(
    rf"^(?:[{_HAN}]{{0,8}}(?:日报|晚报|报|社|网|台))?(?:本报|本刊|本台|本网)?(?:特约|实习)?(?:记者|通讯员|特派记者)"
    rf"[ \u3000]*(?P<names>[{_HAN}·]{{2,5}}(?:[ \u3000、，,]+(?:(?:记者|通讯员)[ \u3000]*)?[{_HAN}·]{{2,5}})*?)"
    rf"[ \u3000]*(?:[丨|｜/／][ \u3000]*[{_HAN}]{{2,8}}(?:报道|电))?$")


@on_simplified
def kind(text: str) -> str | None:
    """The kind of debris ``text`` is, or None."""
    t = text.strip()
    if t and len(t) <= LICENCE_MAX and _LONG_LICENCE.search(t):
        return "licence footer"
    if not t or len(t) > DEBRIS_MAX:
        return None
    for name, rx in _KINDS:
        if rx.search(t):
            return name
    return None


@on_simplified
def fields(text: str) -> dict | None:
    """Front matter a source or reporter line gives (``{"publication": …}`` or ``{"authors": [...]}``)."""
    t = text.strip()
    if len(t) > DEBRIS_MAX:
        return None
    m = _SOURCE.match(t)
    if m:
        return {"publication": m.group("pub")}
    for rx in (_AUTHOR, _REPORTER):
        m = rx.match(t)
        if m:  # ``（作者：刘璐，系本报记者）``: 系… is the author's role, not a name
            names = [n for n in re.split(r"[ \u3000、，,]+", m.group("names")) if n and n not in ("记者", "通讯员")]
            names = [re.sub(r"^(?:记者|通讯员)", "", n) for n in names]
            if names and all(2 <= len(n) <= 5 for n in names):
                return {"authors": names}
    return None


def strip_lines(lines: list[Line], report: Report, meta: dict) -> list[Line]:
    """``lines`` without debris; source and reporter lines moved into ``meta``."""
    out: list[Line] = []
    for ln in lines:
        k = kind(ln.text) if ln.text else None
        if k is not None:
            _removed(ln.no, ln.text, k, report)
            _blank(out, ln.no)
            continue
        got = fields(ln.text) if ln.text else None
        if got is not None and _into(meta, got, ln.no, ln.text, report):
            _blank(out, ln.no)
            continue
        out.append(ln)
    return out


def strip_pieces(pieces: list[Piece], report: Report, meta: dict) -> list[Piece]:
    """The same for the paragraphs of a structured document."""
    out: list[Piece] = []
    for p in pieces:
        if p.kind == "paragraph":
            k = kind(p.text)
            if k is not None:
                _removed(p.line, p.text, k, report)
                continue
            got = fields(p.text)
            if got is not None and _into(meta, got, p.line, p.text, report):
                continue
        out.append(p)
    return out


def _into(meta: dict, got: dict, line: int | None, text: str, report: Report) -> bool:
    """Put a source or reporter line's fields into ``meta``; False (the line stays) when they contradict it.

    Authors are added to those already known; a line that repeats the front matter is removed as a repeat.
    """
    new: dict = {}
    for key, value in got.items():
        old = meta.get(key)
        if key == "authors":
            old = [clean_author(a) for a in old or []]
            meta["authors"] = old
            extra = [a for a in value if a not in old]
            if extra:
                new[key] = old + extra
        elif old is None:
            new[key] = value
        elif old != value:
            return False
    meta.update(new)
    report.remove(line, text)
    if new:
        report.add("front-matter", "repaired", f"{text} → {_shown(new)} in the front matter", line)
    else:
        report.add("front-matter", "repaired", f"{text}: repeats the front matter, removed", line)
    return True


def clean_author(name: str) -> str:
    """``记者 王红茹`` → ``王红茹``: a role printed with a name in a scraped header."""
    got = fields(name)
    return got["authors"][0] if got and got.get("authors") and len(got["authors"]) == 1 else name.strip()


def _blank(out: list[Line], no: int) -> None:
    """A removed line leaves one blank line (paragraphs around it keep their break), never a run of them."""
    if out and out[-1].text:
        out.append(Line(no, ""))


def _removed(line: int | None, text: str, k: str, report: Report) -> None:
    report.remove(line, text)
    report.add("debris", "repaired", f"removed {k}: {head(text, 30)}", line)


def _shown(got: dict) -> str:
    return ", ".join(f"{k} {', '.join(v) if isinstance(v, list) else v}" for k, v in got.items())
