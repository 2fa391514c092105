"""The parallel-column PDF (bipub.render.pdf), checked by reading the PDF back.

The seed (source/hunan-2021.md with its English from translations/hunan-2021.jsonl)
is typeset once per test run; positions come from ``pdftotext -bbox-layout``,
reading order from ``pdftotext -raw``, fonts from ``pdffonts``, bookmarks and
metadata from pypdf.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from bipub.model import Document, Segment
from bipub.source.parse import parse_path
from bipub.render import RenderOptions, render_pdf
from bipub.render.html import PSEUDO_BANNER, shorten

REPO = Path(__file__).parent.parent
FIX = Path(__file__).parent / "fixtures" / "render"

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                reason="poppler-utils (pdftotext, pdffonts) not installed")

CLOSING = "，。、；：？！）》」』”’〕】〉…%"


def seed_document() -> Document:
    """The seed with the English of its translation memory (by segment key)."""
    doc = parse_path(REPO / "source" / "hunan-2021.md").document
    english = {}
    tm = REPO / "translations" / "hunan-2021.jsonl"
    for line in tm.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            english[rec["key"]] = rec["en"]
    return doc.map_segments(
        lambda s: dataclasses.replace(s, target=english[s.key], origin="memory") if s.key in english else s)


def mini_document(origin: str = "memory") -> Document:
    english = json.loads((FIX / "mini.en.json").read_text(encoding="utf-8"))
    return parse_path(FIX / "mini.md").document.map_segments(
        lambda s: dataclasses.replace(s, target=english[s.id], origin=origin) if s.id in english else s)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    doc = seed_document()
    out = tmp_path_factory.mktemp("pdf") / "hunan-2021.pdf"
    render_pdf(doc, RenderOptions(), out)
    return doc, out


# --------------------------------------------------------------------------- reading the PDF back

@dataclass(frozen=True)
class Line:
    page: int
    x: float
    y: float  # top
    text: str


def pdf_lines(pdf: Path) -> tuple[list[Line], float, float]:
    """Every text line with its page and top-left corner; (lines, page width, page height)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    lines = []
    width = height = 0.0
    for n, page in enumerate(root.iterfind(".//h:page", ns), 1):
        width, height = float(page.get("width")), float(page.get("height"))
        for line in page.iterfind(".//h:line", ns):
            words = [w.text or "" for w in line.iterfind("h:word", ns)]
            lines.append(Line(n, float(line.get("xMin")), float(line.get("yMin")), " ".join(words)))
    return lines, width, height


def squash(text: str) -> str:
    """Text without white space, soft hyphens or the hyphen WeasyPrint adds at a break."""
    text = text.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")).replace("\u2026", "...")
    return re.sub(r"[\s\u2009\u00ad\u2010-]", "", text)


def toc_end(lines, doc: Document) -> int:
    """The last page of the title page and contents (where the last heading is first listed)."""
    last = [s.heading for s in doc.sections if s.heading][-1]
    return first_line(lines, last.segments[0].source).page


def body_lines(lines, width, height, doc: Document):
    """Lines of the two columns after the contents (not the running header or the page number), split left/right."""
    mid = width * 0.4  # the column rule: Chinese gets 41 % of the text width, English 59 %
    end = toc_end(lines, doc)
    body = [ln for ln in lines if 60 < ln.y < height - 60 and ln.page > end]
    left = sorted((ln for ln in body if ln.x < mid), key=lambda ln: (ln.page, ln.y))
    right = sorted((ln for ln in body if ln.x >= mid), key=lambda ln: (ln.page, ln.y))
    return left, right


def starts(line: Line, text: str) -> bool:
    have, want = squash(line.text), squash(text)[:16]
    k = min(len(have), len(want))
    return k >= min(4, len(want)) and have[:k] == want[:k]


def first_line(lines, text: str, after: Line | None = None) -> Line:
    """The first line (after ``after``, in page order) where ``text`` (a paragraph) begins."""
    start = lines.index(after) + 1 if after else 0
    hits = [ln for ln in lines[start:] if starts(ln, text)]
    assert hits, f"no line starts with {squash(text)[:16]!r}"
    return hits[0]


def en_start(seg: Segment) -> str:
    return seg.target if seg.target is not None else "[awaiting translation]"


# --------------------------------------------------------------------------- the checks

def test_pair_tops_are_aligned_on_every_page(seed):
    doc, pdf = seed
    lines, width, height = pdf_lines(pdf)
    left, right = body_lines(lines, width, height, doc)
    pairs = 0
    zh = en = None
    for sec in doc.sections:
        for b in ([sec.heading] if sec.heading else []) + list(sec.blocks):
            zh = first_line(left, b.segments[0].source, zh)
            en = first_line(right, en_start(b.segments[0]), en)
            assert zh.page == en.page, (b.id, zh, en)
            assert abs(zh.y - en.y) < 2.5, (b.id, zh, en)
            pairs += 1
    assert pairs == sum(len(s.blocks) + (s.heading is not None) for s in doc.sections)


def test_a_pair_crossing_a_page_break_continues_at_the_top_of_both_columns(seed):
    doc, pdf = seed
    lines, width, height = pdf_lines(pdf)
    left, right = body_lines(lines, width, height, doc)
    pages = sorted({ln.page for ln in left} & {ln.page for ln in right})
    assert len(pages) >= 5
    continued = 0
    for p in pages:
        top_l = min(ln.y for ln in left if ln.page == p)
        top_r = min(ln.y for ln in right if ln.page == p)
        if abs(top_l - top_r) < 2.5:
            continued += 1
        else:  # one column's paragraph ended on the previous page: the other column is ahead, never behind
            assert min(top_l, top_r) < 75, (p, top_l, top_r)
    assert continued >= len(pages) // 2


def test_reading_order_is_each_chinese_paragraph_then_its_english(seed):
    doc, pdf = seed
    raw = squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    pos = 0
    for sec in doc.sections:
        for b in ([sec.heading] if sec.heading else []) + list(sec.blocks):
            zh = raw.find(squash(b.segments[0].source)[:10], pos)
            assert zh >= 0, f"{b.id}: Chinese not found after position {pos}"
            en = raw.find(squash(en_start(b.segments[0]))[:12], zh)
            assert en > zh, f"{b.id}: English does not follow its Chinese"
            pos = en


def test_headings_stay_with_the_paragraph_that_follows(seed):
    doc, pdf = seed
    lines, width, height = pdf_lines(pdf)
    left, _ = body_lines(lines, width, height, doc)
    for sec in doc.sections:
        if sec.heading is None or not sec.blocks:
            continue
        h = first_line(left, sec.heading.segments[0].source)
        nxt = first_line(left, sec.blocks[0].segments[0].source)
        assert h.page == nxt.page, sec.heading.id


def test_figure_caption_and_credit_on_one_page(seed):
    doc, pdf = seed
    lines, width, height = pdf_lines(pdf)
    left, right = body_lines(lines, width, height, doc)
    figures = [b for s in doc.sections for b in s.blocks if b.kind == "figure"]
    assert len(figures) >= 4
    def end_of(column, first: Line, credit: str) -> Line:
        seen = ""
        for ln in column[column.index(first):]:  # read on until the credit is complete
            seen += squash(ln.text)
            if squash(credit) in seen:
                return ln
        raise AssertionError(f"credit {credit!r} not found")

    for fig in figures:
        zh = first_line(left, fig.segments[0].source)
        en = first_line(right, fig.segments[0].target)
        assert zh.page == en.page, fig.id
        assert end_of(left, zh, fig.segments[-1].source).page == zh.page, fig.id
        assert end_of(right, en, fig.segments[-1].target).page == zh.page, fig.id


def test_no_chinese_line_starts_with_closing_punctuation(seed):
    doc, pdf = seed
    lines, width, height = pdf_lines(pdf)
    left, _ = body_lines(lines, width, height, doc)
    assert len(left) > 150
    margin = min(ln.x for ln in left)  # first lines of paragraphs are indented: they start no break
    bad = [ln for ln in left if ln.text and ln.text[0] in CLOSING and ln.x < margin + 5]
    assert bad == []


def test_fonts_are_embedded_and_subset(seed):
    _, pdf = seed
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [ln.split() for ln in out.splitlines()[2:] if ln.strip()]
    names = [r[0].split("+", 1)[1] for r in rows]
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+.+", row[0]), row  # subset prefix
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row
    for face in ("Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Serif", "Noto-Serif-Italic", "Noto-Serif-Bold"):
        assert face in names, (face, names)


def test_bookmarks_for_every_heading_in_both_languages(seed):
    pypdf = pytest.importorskip("pypdf")
    doc, pdf = seed
    reader = pypdf.PdfReader(str(pdf))

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    got = list(titles(reader.outline))
    want = [f"{s.heading.segments[0].source} · {s.heading.segments[0].target}" for s in doc.sections if s.heading]
    assert [t for t in got if " · " in t and not t.startswith("以工信")] == want
    assert got[0].startswith("以工信之为 为全局添彩 · Industry and IT Add Luster")


def test_contents_page_numbers_match_the_heading_pages(seed):
    doc, pdf = seed
    lines, width, height = pdf_lines(pdf)
    left, _ = body_lines(lines, width, height, doc)
    toc = [ln for ln in lines if ln.page <= toc_end(lines, doc)]
    for sec in (s for s in doc.sections if s.heading):
        entry = first_line(toc, sec.heading.segments[0].source)
        # the page number sits at the right, level with the entry's last line
        number = min((ln for ln in toc if ln.text.isdigit() and ln.page == entry.page and ln.y > entry.y - 4),
                     key=lambda ln: ln.y)
        number = int(number.text)
        assert first_line(left, sec.heading.segments[0].source).page == number


def test_metadata_title_authors_language(seed):
    pypdf = pytest.importorskip("pypdf")
    _, pdf = seed
    reader = pypdf.PdfReader(str(pdf))
    meta = reader.metadata
    assert meta.title == "以工信之为 为全局添彩 — Industry and IT Add Luster to Hunan’s Overall Development"
    assert meta.author == "曹娜 (Cao Na), 谢卓芳 (Xie Zhuofang)"
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"


def pdf_text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_chinese_text_reads_back_as_written(seed):
    """The space between 2021 and 年 is a margin, not a character: search for 9月 and copy-paste work."""
    _, pdf = seed
    raw = pdf_text(pdf, "-raw")
    assert "2021年9月7日" in raw and "2021年10月25日" in raw
    assert "\u2009" not in raw


def test_metadata_subject_is_the_subtitle_without_its_dashes(seed):
    pypdf = pytest.importorskip("pypdf")
    _, pdf = seed
    assert pypdf.PdfReader(str(pdf)).metadata.subject == (
        "2021年湖南工业和信息化工作纪实 — A Record of Hunan\u2019s Industry and Information Technology Work in 2021")


def check_running_heads(doc: Document, pdf: Path) -> int:
    """Every page's running head is the section in effect at the top of the page: the last section
    begun on an earlier page, or the one whose heading is the page's first line.  Returns the pages checked."""
    lines, width, height = pdf_lines(pdf)
    mid = width * 0.4
    end = toc_end(lines, doc)
    body = [ln for ln in lines if 60 < ln.y < height - 60 and ln.page > end]
    left = sorted((ln for ln in body if ln.x < mid), key=lambda ln: (ln.page, ln.y))
    starts_at, after = [], None
    for sec in doc.sections:
        if sec.heading is not None:
            after = first_line(left, sec.heading.segments[0].source, after)
            starts_at.append((after, sec.heading.segments[0]))
    title = next((b.segments[0] for b in doc.front if b.kind == "title"), None)
    checked = 0
    for page in range(end + 1, max(ln.page for ln in lines) + 1):
        top = min(ln.y for ln in body if ln.page == page)
        begun = [seg for ln, seg in starts_at if ln.page < page or (ln.page == page and ln.y <= top + 1)]
        want = begun[-1] if begun else title
        head = sorted((ln for ln in lines if ln.page == page and ln.y < 60), key=lambda ln: ln.x)
        assert [ln.text for ln in head] == [shorten(want.source, 24), shorten(want.target, 60)], f"page {page}"
        checked += 1
    return checked


def test_running_heads_show_the_section_in_effect_at_the_top_of_the_page(seed):
    doc, pdf = seed
    assert check_running_heads(doc, pdf) >= 6  # page 7: section 3 fills its top half, section 4 begins below


def test_running_head_of_a_page_that_begins_with_a_heading_is_the_new_section(tmp_path):
    """Sections of varied length, so that some pages begin with a heading and others in mid-section."""
    from bipub.model import Block, Section

    sections = []
    for k in range(1, 16):
        heading = Block("heading", f"s{k}-h", (Segment(f"s{k}-h-1", "k", f"第{k}节标题", f"Section {k} title", "memory"),),
                        level=2)
        blocks = []
        for i in range(1, 3 + k % 5):
            zh = f"第{k}节第{i}段" + "内容" * ((k * 7 + i * 3) % 40) + "。"
            en = f"Section {k} paragraph {i} " + "words " * ((k * 5 + i * 11) % 60) + "end."
            blocks.append(Block("paragraph", f"s{k}-b{i}", (Segment(f"s{k}-b{i}-1", "k", zh, en, "memory"),)))
        sections.append(Section(f"s{k}", heading, tuple(blocks)))
    doc = Document(name="heads", path="heads.md", meta={}, sections=tuple(sections))
    out = tmp_path / "heads.pdf"
    render_pdf(doc, RenderOptions(), out)
    lines, _, height = pdf_lines(out)
    tops = {}
    for ln in (ln for ln in lines if 60 < ln.y < height - 60):
        if ln.page not in tops or ln.y < tops[ln.page].y:
            tops[ln.page] = ln
    begins_with_heading = {p for p, ln in tops.items() if re.fullmatch(r"第\d+节标题", squash(ln.text))}
    begins_mid_section = set(tops) - begins_with_heading
    assert len(begins_with_heading) >= 2 and len(begins_mid_section) >= 2  # the fixture covers both cases
    assert check_running_heads(doc, out) >= 8


def test_running_headers_carry_the_section_title_in_both_languages(seed):
    doc, pdf = seed
    lines, _, _ = pdf_lines(pdf)
    headers = {(ln.page, ln.text) for ln in lines if ln.y < 60}
    sec = doc.sections[1]  # the first section with a heading
    assert any(t == sec.heading.segments[0].source for _, t in headers)
    assert any(t == sec.heading.segments[0].target for _, t in headers)


def test_short_pairs_at_the_foot_of_a_page_are_never_split_apart(tmp_path):
    """Many paragraphs of varied length, so that rows of every size land at the foot of a page."""
    from bipub.model import Block, Section

    blocks = []
    for i in range(1, 90):
        zh = f"第{i}段" + "内容" * (i * 7 % 23) + "。"
        en = f"Paragraph {i} " + "words " * (i * 5 % 31) + "end."
        blocks.append(Block("paragraph", f"s1-b{i}", (Segment(f"s1-b{i}-1", "k", zh, en, "memory"),)))
    doc = Document(name="rows", path="rows.md", meta={}, sections=(Section("s1", None, tuple(blocks)),))
    out = tmp_path / "rows.pdf"
    render_pdf(doc, RenderOptions(), out)
    lines, width, _ = pdf_lines(out)
    mid = width * 0.4
    left = sorted((ln for ln in lines if ln.x < mid), key=lambda ln: (ln.page, ln.y))
    right = sorted((ln for ln in lines if ln.x >= mid), key=lambda ln: (ln.page, ln.y))
    assert max(ln.page for ln in lines) >= 5
    zh = en = None
    for b in blocks:
        zh = first_line(left, b.segments[0].source, zh)
        en = first_line(right, b.segments[0].target, en)
        assert (zh.page, round(zh.y)) == pytest.approx((en.page, round(en.y)), abs=2.5), b.id


# --------------------------------------------------------------------------- other editions

def test_pseudo_translation_is_marked_on_every_page(tmp_path):
    out = tmp_path / "mini.pdf"
    render_pdf(mini_document(origin="pseudo"), RenderOptions(), out)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert pages and all(PSEUDO_BANNER in p for p in pages)
    # in the footer once per page (also on the title page), on one line
    lines, _, height = pdf_lines(out)
    for page in range(1, len(pages) + 1):
        foot = [ln.text for ln in lines if ln.page == page and ln.y > height - 60 and "PSEUDO" in ln.text]
        assert len(foot) == 1 and PSEUDO_BANNER in foot[0], (page, foot)


def test_traditional_tagged_edition(tmp_path):
    out = tmp_path / "mini.zh-Hant.pdf"
    render_pdf(mini_document(), RenderOptions(variant="zh-Hant", hant_config="s2twp", tagged_pdf=True), out)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-CJK-TC" in fonts and "CJK-SC" not in fonts
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "軟體產業蓬勃發展" in text and "Software industry thrives" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)


def test_awaiting_translation_marker_in_the_english_column(tmp_path):
    doc = mini_document().map_segments(
        lambda s: dataclasses.replace(s, target=None, origin="untranslated") if s.id == "s2-b1-1" else s)
    out = tmp_path / "mini.pdf"
    render_pdf(doc, RenderOptions(), out)
    raw = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "[awaiting translation] s2-b1-1" in raw


def test_pdf_gets_the_mode_of_any_new_file(tmp_path):
    """Written through bipub.atomic.replacing: readable by the group and others under umask 022, not 0600."""
    import os
    old = os.umask(0o022)
    try:
        render_pdf(mini_document(), RenderOptions(), tmp_path / "mini.pdf")
    finally:
        os.umask(old)
    assert (tmp_path / "mini.pdf").stat().st_mode & 0o777 == 0o644
    assert [f.name for f in tmp_path.iterdir()] == ["mini.pdf"]  # no temporary file left


def test_failed_render_leaves_no_file_behind(tmp_path):
    from bipub.findings import BipubError
    with pytest.raises(BipubError, match="page size"):
        render_pdf(mini_document(), RenderOptions(page_size="A4; } body { color: red"), tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def _edge_documents():
    from bipub.model import Block, Section

    seg = Segment("s1-b1-1", "k", "只有中文。")
    heading = Block("heading", "s1-h", (Segment("s1-h-1", "k", "标题"),), level=3)
    yield "empty", Document(name="empty", path="empty.md", meta={})
    yield "no front matter, untranslated heading", Document(
        name="bare", path="bare.md", meta={}, sections=(Section("s1", heading, (Block("paragraph", "s1-b1", (seg,)),)),))
    yield "figure with only a credit", Document(
        name="fig", path="fig.md", meta={}, sections=(Section("s1", None, (
            Block("figure", "s1-b1", (Segment("s1-b1-1", "k", "唐俊 摄", "Photo by Tang Jun", "memory"),),
                  attrs={"src": "missing.jpg", "has_credit": True}),)),))


@pytest.mark.parametrize("name, doc", list(_edge_documents()), ids=[n for n, _ in _edge_documents()])
def test_edge_documents_render(tmp_path, name, doc):
    out = tmp_path / "edge.pdf"
    render_pdf(doc, RenderOptions(), out)
    text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for s in doc.segments():
        assert squash(s.source) in squash(text)
        assert squash(en_start(s)) in squash(text)
