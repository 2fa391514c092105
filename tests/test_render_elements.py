"""Every element of a statistics communiqué reaches every output in both languages (issue 14).

tests/fixtures/render/elements.md (excerpts of the 2023 national statistical
communiqué) holds emphasis, links (http, https, mailto and a ``javascript:`` one
that must go), a bare URL, a hard break, a rule, nested lists, footnotes cited
from text and from table cells, a three-column and a seven-column table with
captions.  It is built with ``--engine pseudo`` and again with a memory; the
HTML is read back as markup, the PDF with ``pdftotext -bbox``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bipub.source.parse import parse_path
from conftest import run_bipub

FIX = Path(__file__).parent / "fixtures" / "render"
FIGURES = ["140967", "93267", "47700", "66.16", "33.84", "417568", "237726", "153856", "179842",
           "59368", "-5.0", "-0.3", "25568", "43.1"]
URLS = ["https://www.stats.gov.cn/sj/zxfb/202402/t20240228_1947915.html", "https://data.stats.gov.cn/",
        "mailto:gongbao@example.org"]


def build(root: Path, *args: str) -> dict:
    res = run_bipub("build", "-C", str(root), "--format", "html,fragment,pdf,docx", *args)
    assert res.returncode in (0, 1), res.stderr
    return json.loads((root / "output" / "elements.report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("elements")
    (root / "bipub.toml").write_text('[project]\nname = "Elements"\n', encoding="utf-8")
    (root / "source").mkdir()
    shutil.copy(FIX / "elements.md", root / "source" / "elements.md")
    report = build(root, "--engine", "pseudo")
    return root, report


@pytest.fixture(scope="module")
def remembered(tmp_path_factory):
    """The same source with reviewed English in the memory for the sentences that carry markup."""
    root = tmp_path_factory.mktemp("elements-tm")
    (root / "bipub.toml").write_text('[project]\nname = "Elements"\n', encoding="utf-8")
    (root / "source").mkdir()
    shutil.copy(FIX / "elements.md", root / "source" / "elements.md")
    doc = parse_path(root / "source" / "elements.md").document
    english = {
        "s1-b1-1": "According to preliminary estimates, GDP was 126,058.2 billion yuan, up 5.2% over the previous year.",
        "s1-b2-1": "The full communiqué is on the NBS website, data at https://data.stats.gov.cn/, letters to the drafting group.",
        "s1-b3-1": "National Bureau of Statistics",
        "s1-b5-1": "Table 1 Population at the end of 2023 and its composition",
        "s1-b5-5": "National population",
        "s1-b10-1": "All figures in this communiqué are preliminary.",
    }
    (root / "translations").mkdir()
    with (root / "translations" / "elements.jsonl").open("w", encoding="utf-8") as f:
        for seg in doc.segments():
            if seg.id in english:
                f.write(json.dumps({"id": seg.id, "key": seg.key, "zh": seg.source, "en": english[seg.id],
                                    "state": "reviewed", "by": "test", "at": "2026-11-30T00:00:00Z"},
                                   ensure_ascii=False) + "\n")
    report = build(root, "--engine", "pseudo")
    return root, report


def html_of(root: Path, name: str = "elements.html") -> str:
    return (root / "output" / name).read_text(encoding="utf-8")


def side(html: str, lang_cls: str) -> str:
    """All the markup inside the cells of one language (cells hold no nested cells of the other)."""
    return "".join(re.findall(rf'<(?:span|p)[^>]*class="bipub-{lang_cls}[" ][^>]*>(.*?)</(?:span|p)>(?=<span class="bipub-(?:en|zh)|</)',
                              html, re.S))


@pytest.mark.parametrize("name", ["elements.html", "elements.fragment.html"])
def test_html_has_every_element_in_both_languages(built, name):
    html = html_of(built[0], name)
    # a table across both columns with its caption in both languages, figures once and right-aligned
    assert html.count('<table class="bipub-tbl') == 2
    assert re.search(r'<caption class="bipub-tcap"><span class="bipub-zh"[^>]*>.*?表<span class="bipub-lt[^"]*">1</span>.*?</span><span class="bipub-en"', html)
    for fig in FIGURES:
        assert f'<span class="bipub-num">{fig}</span>' in html, fig
    assert html.count('class="bipub-al-right"><span class="bipub-num">') >= len(FIGURES)
    assert 'class="bipub-tscroll" tabindex="0" role="region"' in html
    assert 'class="bipub-table bipub-wide"' in html  # the seven-column table
    # notes: three, numbered, each cited in both columns and linked to its note
    for n, note in (("1", "s1-b10"), ("2", "s1-b11"), ("3", "s2-b2")):
        assert html.count(f'<sup class="bipub-fnref"><a href="#{note}">{n}</a></sup>') == 2, n
        assert re.search(rf'id="{note}" role="note"><span class="bipub-zh"[^>]*><span class="bipub-fnno">{n}</span>.*?'
                         rf'<span class="bipub-en"[^>]*><span class="bipub-fnno">{n}</span>', html)
    assert "本公报中数据均为初步统计数" in html and "海关统计数据以中华人民共和国海关总署发布为准" in html
    # links keep their URL; the javascript: one is gone, its words stay; the bare URL is a link
    for url in URLS:
        assert f'href="{url}"' in html, url
    assert "javascript" not in html and "内部链接" in html
    # emphasis, the hard break, the rule, hanging list items
    assert "<strong><span class=\"bipub-lt bipub-lt-e\">1260582</span>亿元</strong>" in html
    assert "<em>5.2%</em>" in html
    assert html.count("<br>") >= 2 and '<hr class="bipub-rule" id="s1-b4">' in html
    assert 'class="bipub-row bipub-li bipub-l2"' in html


def test_a_cell_that_is_only_a_figure_is_no_segment_and_stays_as_written():
    doc = parse_path(FIX / "elements.md").document
    table = next(b for b in doc.blocks() if b.kind == "table")
    assert [s.source for s in table.segments][:2] == ["表1 2023年末人口数及其构成", "指标"]
    assert table.attrs["literal"][1] == (None, "140967", "100.0")
    assert table.attrs["align"] == ("left", "right", "right")
    assert all(not any(ch.isdigit() for ch in s.source) or "年" in s.source or "：" in s.source
               for s in table.segments if s.source not in ("全国人口",))


def test_findings_name_what_was_dropped(built):
    codes = [(f["code"], f.get("line")) for f in built[1]["findings"]]
    assert ("parse.unsafe-url", 11) in codes
    assert not any(c.startswith("parse.footnote") for c, _ in codes)


def test_memory_english_keeps_emphasis_links_and_notes(remembered):
    html = html_of(remembered[0])
    en = re.search(r'id="s1-b1-1-en">(.*?)</span><', html).group(1)
    assert "<sup class=\"bipub-fnref\"><a href=\"#s1-b10\">1</a></sup>" in en
    assert "<em>5.2%</em>" in en  # the number's own English found in the sentence
    # a link whose words are not in the English is kept after the sentence, with its URL
    en2 = re.search(r'id="s1-b2-1-en">(.*?)id="s1-b2-2-en"', html, re.S).group(1)
    assert 'href="https://www.stats.gov.cn/sj/zxfb/202402/t20240228_1947915.html"' in en2
    assert 'href="mailto:gongbao@example.org"' in en2
    assert '<a class="bipub-url" href="https://data.stats.gov.cn/">' in en2
    assert re.search(r'id="s1-b3-1-en">National Bureau of Statistics<br></span>', html)
    assert "Table 1 Population" in re.search(r"<caption.*?</caption>", html, re.S).group()
    # emphasis the English cannot show is a finding, not a silent loss
    codes = [f["code"] for f in remembered[1]["findings"]]
    assert "render.emphasis-unplaced" in codes


def pdf_words(pdf: Path):
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    out = []
    for n, (w, h, body) in enumerate(pages, 1):
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body):
            out.append((n, float(w), float(h), float(x0), float(y0), float(x1), float(y1), word))
    return out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_has_every_element_inside_the_page(remembered):
    words = pdf_words(remembered[0] / "output" / "elements.pdf")
    outside = [w for w in words if w[3] < 0 or w[4] < 0 or w[5] > w[1] + 0.5 or w[6] > w[2] + 0.5]
    assert not outside
    text = "".join(w[7] for w in words)
    for fig in FIGURES:
        assert fig in text, fig
    for url in ("stats.gov.cn/sj/zxfb/202402/", "t20240228_1947915.html", "data.stats.gov.cn/",
                "mailto:gongbao@example.org"):
        assert url in text, url
    for zh in ("本公报中数据均为初步统计数", "海关统计数据以中华人民共和国海关总署发布为准", "表1", "表2",
               "其中制造业增长", "Allfiguresinthiscommuniquéarepreliminary", "Table1Population"):
        assert zh in text, zh


def test_docx_has_the_figures_captions_and_notes(remembered):
    docx = pytest.importorskip("docx")
    word = docx.Document(str(remembered[0] / "output" / "elements.docx"))
    cells = "".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    text = "".join(p.text for p in word.paragraphs) + cells
    for fig in FIGURES:
        assert fig in cells, fig
    for caption in ("表1 2023年末人口数及其构成", "Table 1 Population at the end of 2023", "表2 2023年货物进出口总额"):
        assert caption in text, caption
    assert "1 本公报中数据均为初步统计数。" in cells and "1 All figures in this communiqué are preliminary." in cells
