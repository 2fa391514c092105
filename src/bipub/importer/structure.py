"""Recognise what each piece is: figure, byline, date line, title block, heading, paragraph.

Front matter is found *wherever it stands*: page layouts print the byline
first and the title in the middle.  Headings are short lines without a
sentence end, or lines with Chinese numbering (``一、`` ``（一）`` ``1.``
``第一章``); their levels come from :func:`assign_levels`.
"""

from __future__ import annotations

import re

from bipub.importer import contents, official, patterns
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import SPACES, is_digit, touches_digit, cjk_count, collapse_spaces, has_sentence_end_inside, head, is_cjk, is_cjk_punct

#: the longest line (in characters) taken for a heading or a title
HEADING_MAX = 40
#: a heading never ends with a particle or preposition (``本作品是中华人民共和国的`` is a broken line)
OPEN_ENDINGS = tuple("的地得和与及或在是把被对从向为了着而并且之以于将")
#: a news item's title line, followed directly by its text, may be this long
ITEM_TITLE_MAX = 80
#: a numbered heading may run into its paragraph (``（一）大力推进…。充分发挥…``);
#: its first sentence is taken as the heading when it is at most this long
RUN_IN_MAX = 50
#: a numbered line closed by a full stop is a heading when this short (and heading-like without it)
CLOSED_HEADING_MAX = 16


def heading_like(text: str) -> bool:
    """Short, no sentence end or comma anywhere, not ending in a particle: could be a heading or a title."""
    core = text.strip()
    return (
        cjk_count(core) >= 2
        and len(core) <= HEADING_MAX
        and not any(c in "。！？；：…!?;:，、," for c in core)
        and not core.endswith(("——",) + OPEN_ENDINGS)
        and not patterns.subtitle(core)
        and patterns.credit_line(core) is None
        and not official.issue_note(core)
    )


def classify(pieces: list[Piece], report: Report) -> list[Piece]:
    """Give every piece its kind; report front matter found and figures made."""
    pieces = contents.strip(pieces, report)
    official.mark_notes(pieces)
    pieces = _figures(pieces, report)
    _byline(pieces, report)
    _dateline(pieces, report)
    official.issuing_body(pieces, report, heading_like)
    pieces = _title_block(pieces, report)
    _headings(pieces, report)
    _inner_spaces(pieces, report)
    return pieces


# ------------------------------------------------------------------ figures

def _figures(pieces: list[Piece], report: Report) -> list[Piece]:
    out: list[Piece] = []
    for p in pieces:
        credit = patterns.credit_line(p.text)
        if credit is not None:
            prev = out[-1] if out else None
            if prev is not None and prev.kind == "paragraph" and prev.block == p.block:
                prev.kind, prev.credit, prev.end = "figure", credit, p.end
                report.add("caption", "repaired", f"photo caption with credit {credit} made a figure ({head(prev.text)})", prev.line)
            else:
                p.kind, p.credit, p.text = "figure", credit, ""
                report.add("caption", "warning", f"photo credit {credit} stands without a caption; made a figure with an empty caption", p.line)
                out.append(p)
            continue
        tail = patterns.credit_tail(p.text)
        if tail is not None:
            p.kind, p.text, p.credit = "figure", tail[0], tail[1]
            report.add("caption", "repaired", f"photo caption ending with credit {tail[1]} made a figure ({head(p.text)})", p.line)
        out.append(p)
    return out


# ------------------------------------------------------------------ byline and date line

def block_of(pieces: list[Piece], i: int) -> list[Piece]:
    """The pieces of ``pieces[i]``'s block from ``pieces[i]`` on (blocks are contiguous), at most 4."""
    out = [pieces[i]]
    for k in range(i + 1, min(len(pieces), i + 4)):
        if pieces[k].block != pieces[i].block:
            break
        out.append(pieces[k])
    return out


def first_in_block(pieces: list[Piece], i: int) -> bool:
    return i == 0 or pieces[i - 1].block != pieces[i].block


def _byline(pieces: list[Piece], report: Report) -> None:
    for i, p in enumerate(pieces):
        if p.kind != "paragraph" or p.fixed:
            continue
        if not first_in_block(pieces, i):
            # a speaker's line printed right under the title (``湖南省省长　毛伟明``): only near the top,
            # only with an office named, only the line itself
            found = patterns.byline(p.text) if i <= 3 else None
            if found is None or not found.role or pieces[i + 1: i + 2] and pieces[i + 1].block == p.block:
                continue
        group = block_of(pieces, i)
        if len(group) > 3 or any(q.kind != "paragraph" for q in group):
            continue
        found = patterns.byline(" ".join(q.text for q in group))
        if found is None and len(group) > 1 and patterns.dateline(group[1].text):
            group = group[:1]  # ``总理　李克强`` above its date line
            found = patterns.byline(group[0].text)
        if found is None or any(patterns.heading_number(q.text) or patterns.item_start(q.text) for q in group):
            continue
        p.kind, p.end = "byline", group[-1].end
        p.fields = {"authors": found.authors}
        if found.role:
            p.fields["role"] = found.role
        del pieces[i + 1: i + len(group)]
        printed = " ".join(q.text for q in group)
        moved = "" if i == 0 else " moved to front matter"
        role = f" (role {found.role} left out)" if found.role else ""
        severity = "repaired" if (i or printed.replace(" ", "") != found.role + "".join(found.authors)) else "info"
        report.add("front-matter", severity, f"byline {printed} → authors {', '.join(found.authors)}{role}{moved}", p.line)
        return


def _dateline(pieces: list[Piece], report: Report) -> None:
    for i, p in enumerate(pieces):
        if p.kind != "paragraph" or p.fixed:
            continue
        found = patterns.dateline(p.text)
        if found is None:
            continue
        p.kind = "dateline"
        p.fields = {k: v for k, v in (("date", found.date), ("place", found.place), ("publication", found.publication),
                                      ("authors", list(found.authors))) if v}
        got = ", ".join(f"{k} {v}" for k, v in p.fields.items())
        report.add("front-matter", "repaired" if i > 1 else "info", f"date line {p.text} → {got}", p.line)
        return


# ------------------------------------------------------------------ title block

def _title_block(pieces: list[Piece], report: Report) -> list[Piece]:
    title = sub = None
    for k, p in enumerate(pieces):
        if p.kind == "paragraph" and patterns.subtitle(p.text):
            prev = pieces[k - 1] if k else None
            if prev is not None and prev.kind == "paragraph" and heading_like(prev.text) and not patterns.heading_number(prev.text):
                title, sub = prev, p
                break
    if title is None:
        first = next((p for p in pieces if p.kind not in ("byline", "dateline")), None)
        if first is not None and first.kind == "paragraph" and not first.fixed and heading_like(first.text) \
                and not patterns.heading_number(first.text) \
                and pieces.index(first) <= 2 and not broken_off(pieces, pieces.index(first), report):
            title = first
    if title is None:
        title = _headline(pieces, report)
    if title is None:
        return pieces
    if sub is None:
        title = _after_channel(pieces, title, report)
    k = pieces.index(title)
    # a longer line just before the title that contains it (a web page's title line): keep the longer, report the repeat
    before = pieces[k - 1] if k else None
    if before is not None and before.kind == "paragraph" and heading_like(before.text) \
            and collapse_spaces(title.text) in collapse_spaces(before.text) and before.text != title.text:
        report.add("duplicate", "repaired", f"title {title.text} (line {title.line}) repeats line {before.line} ({before.text}); "
                   "kept the longer one", title.line)
        pieces.remove(title)
        report.remove(title.line, title.text)
        title = before
    title.kind, title.text = "title", collapse_spaces(title.text)
    ahead = any(p.kind in ("paragraph", "figure") for p in pieces[: pieces.index(title)])
    where = "moved to front matter" if ahead else "taken for the front matter"
    report.add("front-matter", "repaired" if ahead else "info", f"title {title.text} ({title.span()}) {where}", title.line)
    if sub is not None:
        sub.kind, sub.text = "subtitle", collapse_spaces(sub.text)
        report.add("front-matter", "repaired" if ahead else "info", f"subtitle {sub.text} ({sub.span()}) {where}", sub.line)
    return pieces


# ------------------------------------------------------------------ headings

def _headings(pieces: list[Piece], report: Report) -> None:
    out: list[Piece] = []
    items = _list_items(pieces)
    for i, p in enumerate(pieces):
        out.append(p)
        if p.kind == "paragraph" and not p.fixed and i not in items:
            num = patterns.heading_number(p.text)
            if num is not None:
                rest = _numbered(p, num, report)
                if rest is not None:
                    out.append(rest)
            elif _plain_heading(pieces, i, report):
                p.kind, p.numbering, p.text = "heading", "plain", collapse_spaces(p.text)
    pieces[:] = out
    assign_levels(pieces)


def _list_items(pieces: list[Piece]) -> set[int]:
    """Indexes of Arabic-numbered lines (``1.`` ``（2）``) standing right after one another: a list, not headings."""
    kinds = [(n.kind if n is not None and n.kind in ("ar1", "ar2") else None)
             for n in (patterns.heading_number(p.text) if p.kind == "paragraph" else None for p in pieces)]
    return {i for i, k in enumerate(kinds) if k and (i and kinds[i - 1] == k or i + 1 < len(kinds) and kinds[i + 1] == k)}


#: a paragraph that starts with a figure and its unit (``5.2%`` ``1244万人``) continues a sentence; ``2021年`` may start one
_RUNS_ON = re.compile("^[0-9０-９][0-9０-９.,．]*(?:[%％‰个万亿元吨人倍家项千百]|个百分点)")


def broken_off(pieces: list[Piece], i: int, report: Report) -> bool:
    """Is ``pieces[i]`` the first half of a sentence, not a title or heading?  It is when a page break
    (a removed page number) follows it, or when a digit stands at its break with the next piece."""
    p = pieces[i]
    nxt = pieces[i + 1] if i + 1 < len(pieces) else None
    if nxt is None or nxt.kind != "paragraph":
        return False
    if touches_digit(p.text, nxt.text) and not patterns.heading_number(nxt.text) \
            and (is_digit(p.text[-1]) or _RUNS_ON.match(nxt.text)):
        return True
    return report.page_break_between(p.end, nxt.line)


#: a table or figure caption (``表1 …`` ``图2 …``) is not a heading
CAPTION = re.compile(r"^[表图圖]\s*[0-9０-９一二三四五六七八九十]+")
#: a news headline may carry a comma (``…统计公报发布，全省经济回升向好``) but no sentence end
HEADLINE_MAX = 60


def _headline(pieces: list[Piece], report: Report) -> Piece | None:
    """The first line, alone in its block and short, with no sentence end, standing before the byline,
    the date line or the lede: a headline, commas allowed."""
    first = pieces[0] if pieces else None
    if first is None or not _headline_like(first):
        return None
    if len(block_of(pieces, 0)) > 1 or broken_off(pieces, 0, report):
        return None
    nxt = pieces[1] if len(pieces) > 1 else None
    return first if nxt is not None and nxt.kind in ("byline", "dateline", "paragraph", "figure") else None


#: a channel or column line printed above a headline (``财经频道``, ``要闻 > 湖南``, ``湖南日报·湘江周刊``)
CHANNEL = re.compile(r"(?:频道|栏目|专栏|专题|要闻|快讯|资讯|动态|头条|新闻|时评|评论|视点|观察|周刊|副刊|特稿)$|[>＞|｜·]")
#: the longest channel line
CHANNEL_MAX = 16


def _after_channel(pieces: list[Piece], first: Piece, report: Report) -> Piece:
    """``first`` is a channel line when a longer headline follows it and a date line, a byline or the
    text follows that, and ``first`` is named like a channel: it is removed (listed) and the headline taken."""
    k = pieces.index(first)
    nxt = pieces[k + 1] if k + 1 < len(pieces) else None
    after = pieces[k + 2] if k + 2 < len(pieces) else None
    if nxt is None or after is None or len(first.text) > CHANNEL_MAX or not CHANNEL.search(first.text):
        return first
    if not _headline_like(nxt) or len(nxt.text) <= len(first.text) or after.kind not in ("byline", "dateline", "paragraph"):
        return first
    pieces.remove(first)
    report.remove(first.line, first.text)
    report.add("debris", "repaired", f"removed the channel line {first.text} above the headline", first.line)
    return nxt


def _headline_like(p: Piece) -> bool:
    """A paragraph that can be a headline: short, six Chinese characters or more, no sentence end, commas allowed."""
    return (p.kind == "paragraph" and not p.fixed and len(p.text) <= HEADLINE_MAX and cjk_count(p.text) >= 6
            and not re.search("[。！？；…!?;]", p.text) and not patterns.heading_number(p.text)
            and not p.text.endswith(("，", "、", ",") + OPEN_ENDINGS))


def _plain_heading(pieces: list[Piece], i: int, report: Report) -> bool:
    p = pieces[i]
    if broken_off(pieces, i, report) or CAPTION.match(p.text) or patterns.item_start(p.text):
        return False  # a bulleted line is a list item
    if not any(pieces[k].kind in ("paragraph", "figure", "heading", "table") for k in range(i + 1, len(pieces))):
        return False  # a short last line is a closing line, not a heading
    if not first_in_block(pieces, i):
        return False
    block = block_of(pieces, i)
    if heading_like(p.text):
        return True
    # one paragraph per line, no blank lines: a news item's title line stands right above its text
    return (len(block) > 1 and block[1].kind == "paragraph" and len(p.text) <= ITEM_TITLE_MAX
            and cjk_count(p.text) >= 4 and not any(c in "。！？…!?" for c in p.text)
            and not p.text.endswith(("，", "、", ",", "：", ":") + OPEN_ENDINGS))


def _numbered(p: Piece, num: patterns.Numbered, report: Report) -> Piece | None:
    """Make ``p`` a heading when its numbering says so; a run-in heading's paragraph is returned."""
    full = p.text
    if num.problem:
        report.add("misprinted-heading", "warning", f"{head(full, 16)}: {num.problem}; taken for a heading, check it", p.line)
    if not has_sentence_end_inside(num.text) and len(num.text) <= HEADING_MAX:
        p.kind, p.numbering, p.text = "heading", num.kind, collapse_spaces(full)
        return None
    if num.kind in ("cn1", "cn2", "part", "chapter", "section") and num.text.endswith("。") \
            and heading_like(num.text[:-1]) and len(num.text) <= CLOSED_HEADING_MAX:
        # a policy document's short heading on its own line, closed by a full stop (``（一）夯实数据底座。``);
        # ``（一）行政机关应当及时、准确地公开政府信息。`` is a sentence
        p.kind, p.numbering, p.text = "heading", num.kind, collapse_spaces(full[:-1])
        report.add("run-in-heading", "repaired", f"numbered heading {head(full, 16)} stands alone: its closing 。 dropped", p.line)
        return None
    if num.kind not in ("cn1", "cn2", "part", "chapter", "section"):
        return None  # "1. ……。" is a numbered paragraph, not a heading
    m = re.search("[。！？]", full)
    if m is None or m.end() > RUN_IN_MAX + 4 or m.end() >= len(full):
        return None
    heading, rest = full[: m.start()], full[m.end():].lstrip(SPACES)
    p.kind, p.numbering, p.text = "heading", num.kind, collapse_spaces(heading)
    report.add("run-in-heading", "repaired", f"split run-in heading {head(heading, 16)} from its paragraph "
               f"(its closing {full[m.start()]} dropped)", p.line)
    return Piece("paragraph", rest, p.line, p.end, block=p.block)


def assign_levels(pieces: list[Piece]) -> None:
    """Heading levels by numbering kind: the outermost kind present is ``##``.

    ``第一部分`` > ``第一章`` > ``第一节`` > ``一、`` > ``（一）`` > ``1.`` > ``（1）``; unnumbered
    headings take the outermost level.  Levels stop at ``######``.
    """
    present = [k for k in patterns.NUMBERING_ORDER if any(p.kind == "heading" and p.numbering == k for p in pieces)]
    for p in pieces:
        if p.kind != "heading" or p.level:
            continue
        rank = present.index(p.numbering) if p.numbering in present else 0
        p.level = min(2 + rank, 6)


# ------------------------------------------------------------------ spaces inside Chinese text

_INNER = re.compile(f"(?<=\\S)[{SPACES}]+(?=\\S)")


def _inner_spaces(pieces: list[Piece], report: Report) -> None:
    """Spaces between two Chinese characters in body text are layout padding (``李　强``): removed.
    The space after an article number (``第一条　为了``) is structure: kept, as one ideographic space."""
    lines: list[int] = []
    spaced: list[int] = []  # an article number's spaces made one ideographic space
    example = ""
    for p in pieces:
        if p.kind not in ("paragraph", "figure"):
            continue

        article = official.split_article(p.text) if p.kind == "paragraph" else None
        lead, text = (article[0] + official.ARTICLE_SPACE, article[1]) if article else ("", p.text)

        def fix(m: re.Match, text: str = text) -> str:
            a, b = text[m.start() - 1], text[m.end()]
            if (is_cjk(a) or is_cjk_punct(a)) and (is_cjk(b) or is_cjk_punct(b)):
                return ""
            return " "

        if article and not p.text.startswith(lead):
            spaced.append(p.line)
        new = _INNER.sub(fix, text)
        if new != text:
            if not example:
                m = next((m for m in _INNER.finditer(text) if fix(m) == ""), None)
                if m is not None:
                    example = text[max(0, m.start() - 2): m.end() + 1]
            lines.append(p.line)
        p.text = lead + new
    if lines:
        shown = f" ({example} → {re.sub(f'[{SPACES}]', '', example)})" if example else ""
        report.add_lines("whitespace", "repaired", f"removed spaces between Chinese characters{shown}", lines)
    report.add_lines("whitespace", "repaired", "the space after an article number (第N条) kept as one ideographic space", spaced)


# ------------------------------------------------------------------ structured documents

#: how many paragraphs at the top of a structured document are searched for a date line
TOP = 5


def top_lines(pieces: list[Piece], meta: dict, report: Report) -> list[Piece]:
    """A structured document's date line at the top (``2024年2月29日``), and the issuing body on the
    line just above it (``国家统计局``), go to the front matter (date, authors) unless it has them."""
    paras = [i for i, p in enumerate(pieces[: TOP * 2]) if p.kind == "paragraph"][:TOP]
    for i in paras:
        p = pieces[i]
        found = patterns.dateline(p.text)
        if found is None or found.place:
            continue
        drop = [i]
        if meta.setdefault("date", found.date) != found.date:
            continue  # a different date from the page's: a date in the text, not the date line
        got = [f"date {found.date}"]
        for key, value in (("publication", found.publication), ("authors", list(found.authors))):
            if value and key not in meta:
                meta[key] = value
                got.append(f"{key} {', '.join(value) if isinstance(value, list) else value}")
        report.add("front-matter", "repaired", f"date line {p.text} → {', '.join(got)}", p.line)
        prev = pieces[i - 1] if i else None
        if prev is not None and prev.kind == "paragraph" and heading_like(prev.text) and len(prev.text) <= 20 \
                and "authors" not in meta:
            meta["authors"] = [prev.text]
            report.add("front-matter", "repaired", f"issuing body {prev.text} above the date line → authors", prev.line)
            drop.append(i - 1)
        elif prev is not None and prev.kind == "paragraph" and prev.text in (meta.get("authors") or []):
            report.add("front-matter", "repaired", f"issuing body {prev.text} above the date line: repeats the "
                       "authors, removed", prev.line)
            drop.append(i - 1)
        for k in drop:
            report.remove(pieces[k].line, pieces[k].text)
        return [q for k, q in enumerate(pieces) if k not in drop]
    return pieces
