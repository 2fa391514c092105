"""The HTML page and the portal fragment (bipub.render.html).

Fixtures: tests/fixtures/render/mini.md (+ mini.en.json, English by segment id)
and injection.md (script tags, event attributes, javascript: links).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bipub.model import Block, Document, Section, Segment
from bipub.source.parse import parse_path
from bipub.render import RenderOptions, convert_variant, output_stem, render_html
from bipub.render.html import en_typeset, zh_markup

FIX = Path(__file__).parent / "fixtures" / "render"


def translated(name: str, origin: str = "memory", missing: tuple[str, ...] = ()) -> Document:
    """Fixture document with its English from NAME.en.json; ids in ``missing`` stay untranslated."""
    doc = parse_path(FIX / f"{name}.md").document
    english = json.loads((FIX / f"{name}.en.json").read_text(encoding="utf-8"))

    def fill(s: Segment) -> Segment:
        if s.id in missing or s.id not in english:
            return s
        return dataclasses.replace(s, target=english[s.id], origin=origin)

    return doc.map_segments(fill)


class Tree(HTMLParser):
    """Elements as (tag, attrs, lang in scope, direct text) plus every <style> body."""

    VOID = frozenset({"img", "input", "meta", "br", "hr", "link", "source", "wbr"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict, str | None]] = []
        self.elements: list[dict] = []
        self.styles: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lang = a.get("lang", self.stack[-1][2] if self.stack else None)
        el = {"tag": tag, "attrs": a, "lang": lang, "text": ""}
        self.elements.append(el)
        if tag not in self.VOID:
            self.stack.append((tag, el, lang))

    def handle_endtag(self, tag):
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack:
            tag, el, _ = self.stack[-1]
            if tag == "style":
                self.styles.append(data)
            else:
                el["text"] += data


def by_id(html: str) -> dict[str, dict]:
    return {el["attrs"]["id"]: el for el in Tree(html).elements if "id" in el["attrs"]}


def text_of(html: str, id_: str) -> str:
    """The text content of the element with ``id_`` (all descendants): what search and copy see."""
    from lxml import html as lh
    return lh.fromstring(html).get_element_by_id(id_).text_content()


OPTS = RenderOptions()


# --------------------------------------------------------------------------- structure

def test_page_is_a_complete_document_with_metadata():
    page = render_html(translated("mini"), OPTS, fragment=False)
    assert page.startswith("<!doctype html>")
    # the subtitle's opening dashes (——2021年…) belong on the page, not in the description
    assert '<meta name="description" content="2021年网络经济纪实 — A record of the network economy in 2021">' in page
    assert '<html lang="zh-Hans">' in page
    assert "<title>软件产业蓬勃发展 — Software industry thrives</title>" in page
    assert '<meta name="author" content="曹娜 (Cao Na), 谢卓芳 (Xie Zhuofang)">' in page


def test_fragment_is_one_root_element_without_page_chrome():
    frag = render_html(translated("mini"), OPTS, fragment=True)
    assert frag.startswith('<div class="bipub" id="bipub-mini" lang="zh-Hans"><style>')
    for pattern in (r"<html[\s>]", r"<head[\s>]", r"<body[\s>]", r"<script", r"<link", r"@import", r"url\("):
        assert not re.search(pattern, frag, re.IGNORECASE), pattern
    assert frag.rstrip().endswith("</div>")


def test_every_paragraph_is_a_row_with_its_block_id_and_sentence_ids():
    frag = render_html(translated("mini"), OPTS, fragment=True)
    ids = by_id(frag)
    row = ids["s1-b1"]
    assert row["tag"] == "p" and "bipub-row" in row["attrs"]["class"]
    assert text_of(frag, "s1-b1-1") == "2021年，全省软件业务收入增长18.2%。"  # spacing is visual only
    assert ids["s1-b1-1-en"]["text"] == "In 2021, the province\u2019s software business revenue grew by 18.2%."
    assert ids["s1-b1-2-en"]["lang"] == "en-US"
    assert ids["s1-b1-1"]["lang"] == "zh-Hans"


@pytest.mark.parametrize("fragment, options, expected", [
    (False, OPTS, ["h1", "h2", "h2", "h3"]),  # the page: title, "Contents", 一、, （一）
    (True, OPTS, ["h2", "h3", "h3", "h4"]),  # embedded: no second h1 in the host page
    (True, RenderOptions(fragment_heading=1), ["h1", "h2", "h2", "h3"]),
])
def test_headings_are_in_order_title_then_sections(fragment, options, expected):
    tags = [el["tag"] for el in Tree(render_html(translated("mini"), options, fragment=fragment)).elements
            if re.fullmatch(r"h[1-6]", el["tag"])]
    assert tags == expected
    levels = [int(t[1]) for t in tags]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_contents_link_to_every_heading():
    frag = render_html(translated("mini"), OPTS, fragment=True)
    assert '<a href="#s2-h">' in frag and '<a href="#s3-h">' in frag


@pytest.mark.parametrize("text, markup", [
    ("2021年", '<span class="bipub-lt bipub-lt-e">2021</span>年'),
    ("9月7日", '<span class="bipub-lt bipub-lt-e">9</span>月<span class="bipub-lt">7</span>日'),
    ("全省APP开发", '全省<span class="bipub-lt">APP</span>开发'),
    ("增长18.2%。", '增长<span class="bipub-lt bipub-lt-s">18.2</span>%。'),
    ("W12000-450，在", "W12000-450，在"),  # punctuation needs no space
    ("Hello world", "Hello world"),
    ("5G<b>基站", "5G&lt;b&gt;基站"),  # escaped; the run touches no Chinese
])
def test_latin_runs_in_chinese_are_spaced_by_a_margin_not_a_character(text, markup):
    assert zh_markup(text) == markup
    assert "\u2009" not in markup


def test_page_text_is_the_source_text():
    """Search for 9月 and copy-paste see the Chinese as written: no thin space is added anywhere."""
    doc = translated("mini")
    page = render_html(doc, OPTS, fragment=False)
    assert "\u2009" not in page
    for s in doc.segments():
        if s.id.startswith("s1-b1"):
            assert text_of(page, s.id) == s.source


@pytest.mark.parametrize("text, typeset", [
    ('the Hainiu II rig "exploring" the seabed...', "the Hainiu II rig \u201cexploring\u201d the seabed\u2026"),
    ('"In the first year," said Mao', "\u201cIn the first year,\u201d said Mao"),
    ("Hunan's industry", "Hunan\u2019s industry"),
    ("the 'white list' (\"first\")", "the \u2018white list\u2019 (\u201cfirst\u201d)"),
    ("no quotes at all", "no quotes at all"),
])
def test_english_gets_typographic_quotes(text, typeset):
    assert en_typeset(text) == typeset


# --------------------------------------------------------------------------- language of every text

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_text_sits_in_an_element_with_the_right_lang():
    tree = Tree(render_html(translated("mini"), OPTS, fragment=True))
    checked = 0
    for el in tree.elements:
        text = el["text"].strip()
        if not text:
            continue
        assert el["lang"], f"no lang for {text!r}"
        if HAN.search(text):
            assert el["lang"].startswith("zh"), (text, el["lang"])
        elif "bipub-lt" in el["attrs"].get("class", ""):  # a Latin run inside a Chinese sentence (APP)
            assert el["lang"].startswith("zh"), (text, el["lang"])
        elif re.search(r"[A-Za-z]{3}", text) and not re.fullmatch(r"s[\d\w-]+", text):
            assert el["lang"].startswith("en"), (text, el["lang"])
        checked += 1
    assert checked > 30


# --------------------------------------------------------------------------- translation state

def test_untranslated_segments_show_a_marker_with_their_id():
    doc = translated("mini", missing=("s2-b1-1",))
    ids = by_id(render_html(doc, OPTS, fragment=True))
    marker = ids["s2-b1-1-en"]
    assert "bipub-await" in marker["attrs"]["class"]
    frag = render_html(doc, OPTS, fragment=True)
    assert ('<span class="bipub-await-tag">[awaiting translation]</span> '
            '<span class="bipub-await-id">s2-b1-1</span>') in frag
    assert "1 segment awaiting translation" in frag


@pytest.mark.parametrize("origin, banner", [("pseudo", True), ("memory", False), ("mt", False)])
def test_pseudo_translation_banner(origin, banner):
    for fragment in (True, False):
        html = render_html(translated("mini", origin=origin), OPTS, fragment=fragment)
        assert ("PSEUDO-TRANSLATION — not for publication" in html) is banner


# --------------------------------------------------------------------------- figures

def test_figure_caption_and_photographer_credit():
    frag = render_html(translated("mini"), OPTS, fragment=True)
    ids = by_id(frag)
    assert ids["s1-b2"]["tag"] == "figure"
    assert ids["s1-b2-2"]["text"] == "唐俊 摄"
    assert ids["s1-b2-2-en"]["text"] == "Photo by Tang Jun"
    assert '<span class="bipub-credit"><span class="bipub-s bipub-o-memory" id="s1-b2-2-en">' in frag
    assert "<img" not in frag  # no photo in the source: no broken image


def _with_figure_src(doc: Document, src: str) -> Document:
    sec = doc.sections[0]
    fig = dataclasses.replace(sec.blocks[1], attrs={**sec.blocks[1].attrs, "src": src})
    return dataclasses.replace(doc, sections=(dataclasses.replace(sec, blocks=(sec.blocks[0], fig)),) + doc.sections[1:])


@pytest.mark.parametrize("src", ["https://example.com/photo.jpg", "http://example.com/a.png", "//cdn.example.com/a.png"])
def test_web_image_is_never_fetched_and_shows_the_caption_like_no_image(src):
    """The parser reports a web image; the renderer shows the caption alone, exactly as for ``src=""``."""
    doc = translated("mini")
    for fragment in (True, False):
        web = render_html(_with_figure_src(doc, src), OPTS, fragment=fragment)
        assert web == render_html(_with_figure_src(doc, ""), OPTS, fragment=fragment)
        assert "example.com" not in web and "<img" not in web


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4"
    "c70000000049454e44ae426082")


def test_figure_with_photo_is_embedded_with_alt_text(tmp_path):
    (tmp_path / "photo.png").write_bytes(PNG_1PX)
    doc = translated("mini")
    sec = doc.sections[0]
    fig = sec.blocks[1]
    fig = dataclasses.replace(fig, attrs={**fig.attrs, "src": "photo.png"})
    doc = dataclasses.replace(doc, sections=(dataclasses.replace(sec, blocks=(sec.blocks[0], fig)),) + doc.sections[1:])
    frag = render_html(doc, RenderOptions(base_dir=tmp_path), fragment=True)
    img = next(el for el in Tree(frag).elements if el["tag"] == "img")
    assert img["attrs"]["src"].startswith("data:image/png;base64,")  # no external request
    assert img["attrs"]["alt"] == "The CRRC Zhuzhou production line is in full swing."
    assert img["attrs"]["lang"] == "en-US"


# --------------------------------------------------------------------------- safety

def test_injection_source_cannot_inject_markup():
    doc = parse_path(FIX / "injection.md").document
    for fragment in (True, False):
        tree = Tree(render_html(doc, OPTS, fragment=fragment))
        tags = {el["tag"] for el in tree.elements}
        assert not tags & {"script", "iframe", "object", "embed", "svg", "b", "i"}
        assert [el for el in tree.elements if el["tag"] == "img"] == []
        for el in tree.elements:
            for name, value in el["attrs"].items():
                assert not name.startswith("on"), (el["tag"], name)
                assert "javascript:" not in (value or "").lower(), (el["tag"], name, value)
    frag = render_html(doc, OPTS, fragment=True)
    # the text is shown as text
    assert "行内代码 &lt;script&gt;alert(4)&lt;/script&gt; 照原样显示。" in frag
    assert "注入测试&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in frag


@pytest.mark.parametrize("evil", [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</style><script>alert(1)</script>",
])
def test_hand_built_segments_are_escaped_everywhere(evil):
    seg = lambda i, text: Segment(i, "k", text, target=evil, origin="memory")
    doc = Document(
        name=evil, path="x.md", meta={"date": evil, "publication": evil},
        front=(Block("title", "s0-title", (seg("s0-title-1", evil),)),
               Block("byline", "s0-byline", (seg("s0-byline-1", evil),))),
        sections=(Section("s1", Block("heading", "s1-h", (seg("s1-h-1", evil),), level=2),
                          (Block("paragraph", "s1-b1", (seg("s1-b1-1", evil),)),
                           Block("figure", "s1-b2", (seg("s1-b2-1", evil), seg("s1-b2-2", evil)),
                                 attrs={"src": "", "has_credit": True}))),),
    )
    for fragment in (True, False):
        tree = Tree(render_html(doc, OPTS, fragment=fragment))
        assert "script" not in {el["tag"] for el in tree.elements}
        assert all(not n.startswith("on") for el in tree.elements for n in el["attrs"])
        assert len(tree.styles) == 1


# --------------------------------------------------------------------------- CSS scoping

def css_selectors(css: str):
    """Every selector of every style rule (inside @media/@container too)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    depth = 0
    buf = ""
    for ch in css:
        if ch == "{":
            head = buf.strip()
            if not head.startswith("@"):
                yield from (s.strip() for s in head.split(","))
            buf = ""
            depth += 1
        elif ch == "}":
            buf = ""
            depth -= 1
        elif ch == ";" :
            buf = ""
        else:
            buf += ch


def test_every_fragment_css_rule_is_scoped_under_bipub():
    frag = render_html(translated("mini"), OPTS, fragment=True)
    (css,) = Tree(frag).styles
    selectors = list(css_selectors(css))
    assert len(selectors) > 60
    bad = [s for s in selectors if not re.match(r"\.bipub(?![\w-])", s)]
    assert bad == []


def test_view_switcher_has_four_radio_views_and_labels_inside_the_labelled_group():
    html = render_html(translated("mini"), OPTS, fragment=True)
    tree = Tree(html)
    radios = [el for el in tree.elements if el["tag"] == "input"]
    assert [r["attrs"]["id"] for r in radios] == [f"bipub-mini-view-{v}-r" for v in ("par", "zh", "en", "il")]
    assert {r["attrs"]["name"] for r in radios} == {"bipub-mini-view"}
    # none checked: until the reader picks one, the URL fragment (#bipub-mini-view-en) chooses the view
    assert not any("checked" in r["attrs"] for r in radios)
    fors = [el["attrs"]["for"] for el in tree.elements if el["tag"] == "label"]
    assert fors == [r["attrs"]["id"] for r in radios]
    group = re.search(r'<div class="bipub-views" role="group" aria-label="View / 视图">(.*?)</div>', html).group(1)
    assert group.count("<input") == 4 and group.count("<label") == 4
    targets = [el["attrs"]["id"] for el in tree.elements if "bipub-t" in el["attrs"].get("class", "").split()]
    assert targets == [f"bipub-mini-view-{v}" for v in ("par", "zh", "en", "il")]


# --------------------------------------------------------------------------- Traditional edition

@pytest.mark.parametrize("config, lang, title, stem", [
    ("s2twp", "zh-Hant-TW", "軟體產業蓬勃發展", "mini.zh-Hant"),
    ("s2hk", "zh-Hant-HK", "軟件產業蓬勃發展", "mini.zh-Hant-HK"),
])
def test_traditional_edition(config, lang, title, stem):
    opts = RenderOptions(variant="zh-Hant", hant_config=config)
    doc = translated("mini")
    ids = by_id(render_html(doc, opts, fragment=True))
    assert ids["s0-title-1"]["text"] == title
    assert ids["s0-title-1"]["lang"] == lang
    assert ids["s0-title-1-en"]["text"] == "Software industry thrives"  # English untouched
    assert output_stem(doc.name, opts) == stem
    once = convert_variant(doc, opts)
    assert convert_variant(once, opts) == once  # converting twice changes nothing
    assert once.sections[0].blocks[0].segments[0].key == doc.sections[0].blocks[0].segments[0].key


@pytest.mark.parametrize("config, labels", [
    ("s2twp", ["目錄", "並列", "中文", "英文", "對照", "檢視", "圖"]),  # Taiwan phrasing: 视图 → 檢視
    ("s2hk", ["目錄", "並列", "中文", "英文", "對照", "視圖", "圖"]),
])
def test_traditional_edition_interface_labels_are_traditional(config, labels):
    frag = render_html(translated("mini"), RenderOptions(variant="zh-Hant", hant_config=config), fragment=True)
    for label in labels:
        assert label in frag
    for simplified in ("目录", "并列", "对照", "视图", ">图<"):
        assert simplified not in frag


def test_simplified_edition_is_the_identity():
    doc = translated("mini")
    assert convert_variant(doc, OPTS) is doc
    assert output_stem("mini", OPTS) == "mini"


def test_unknown_variant_is_a_one_line_error():
    from bipub.findings import ConfigError
    with pytest.raises(ConfigError, match="unknown OpenCC configuration 's2xx'"):
        render_html(translated("mini"), RenderOptions(variant="zh-Hant", hant_config="s2xx"), fragment=True)
