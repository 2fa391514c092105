"""Emphasis from the Chinese to the English through the memory and a review round (issue 14).

tests/fixtures/emphasis/gwr.md: three paragraphs of the 2024 Government Work Report as the printed
edition sets them: a bold lead sentence (一是……。) followed at once by the next sentence, a bold
figure (2.2万亿元), a bold phrase (新质生产力) and an italic one (创新主导作用).  The English of
those sentences is reviewed in the memory; the editor places the emphasis in a review file (XLIFF,
PO, TMX), imports it, and the build prints it on the right English words, in the HTML and in Word.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from bipub.memory.store import Memory, Unit
from bipub.model import Mark, Span
from bipub.render.blocks import english_marks, moved
from bipub.render.html import en_typeset
from bipub.source.parse import parse_path
from conftest import FIXTURES, run_bipub

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
ENGLISH = {
    "s1-b1-1": "First, we stepped up macro regulation to keep the economy on a steady recovery.",
    "s1-b2-1": "New tax and fee cuts exceeded 2.2 trillion yuan, and 1 trillion yuan of additional treasury bonds "
               "were issued to support post-disaster recovery and reconstruction.",
    "s2-b1-1": "We will vigorously modernize the industrial system and develop new quality productive forces "
               "at a faster pace.",
    "s2-b1-2": "We will give full play to the leading role of innovation and use scientific and technological "
               "innovation to drive industrial innovation.",
}


def test_a_bold_lead_sentence_closed_after_the_full_stop_is_bold():
    """CommonMark leaves ``**一是……。**针对`` as literal asterisks (a run between 。 and 针 neither
    opens nor closes); Chinese reports set their lead sentences exactly so."""
    doc = parse_path(FIXTURES / "emphasis" / "gwr.md").document
    seg = {s.id: s for s in doc.segments()}
    assert seg["s1-b1-1"].source == "一是加大宏观调控力度，推动经济运行持续好转。"
    assert seg["s1-b1-1"].marks == (Mark(0, 22, "b"),)
    assert seg["s1-b1-2"].source.startswith("针对") and seg["s1-b1-2"].marks == ()
    assert [seg["s2-b1-1"].surface(m) for m in seg["s2-b1-1"].marks] == ["新质生产力"]


def test_emphasis_beside_chinese_opens_and_closes_and_latin_is_read_as_commonmark_reads_it():
    from markdown_it import MarkdownIt

    from bipub.source.inline import cjk_friendly

    cjk, plain = cjk_friendly(MarkdownIt("commonmark")), MarkdownIt("commonmark")
    assert cjk.render("推进**“一带一路”**建设") == "<p>推进<strong>“一带一路”</strong>建设</p>\n"
    assert plain.render("推进**“一带一路”**建设") == "<p>推进**“一带一路”**建设</p>\n"  # why the rule is needed
    for text in ("a **b** c", "snake_case_word", "**bold**.", "x*y*z", "a ** b ** c", "2*3*4 = 24"):
        assert cjk.render(text) == plain.render(text)


# ----------------------------------------------------------------------------- the memory and the edition
def test_a_units_marks_are_stored_only_when_there_are_some(tmp_path):
    path = tmp_path / "translations" / "gwr.jsonl"
    path.parent.mkdir()
    old = ('{"id": "s2-b1-1", "key": "589ac7a15540", "zh": "加快发展新质生产力。", "en": "Develop new forces.", '
           '"state": "reviewed", "by": "Li Wei", "at": "2026-11-28T00:00:00Z"}\n')
    path.write_text(old, encoding="utf-8")
    mem = Memory.load(path)
    assert mem.dumps() == old  # an earlier release's line reads and writes back byte for byte
    unit = mem.get("589ac7a15540")
    mem.put(dataclasses.replace(unit, marks=(Mark(8, 19, "b"),)))
    mem.save()
    line = path.read_text(encoding="utf-8")
    assert line == old[:-2] + ', "marks": [["b", 8, 19]]}\n'
    assert Memory.load(path).get("589ac7a15540").marks == (Mark(8, 19, "b"),)


def test_marks_that_do_not_fit_the_english_are_refused_with_the_line(tmp_path):
    path = tmp_path / "translations" / "gwr.jsonl"
    path.parent.mkdir()
    path.write_text('{"id": "s1", "key": "k", "zh": "新质生产力", "en": "new forces", "state": "reviewed", '
                    '"by": "x", "at": "2026-11-28T00:00:00Z", "marks": [["b", 4, 40]]}\n', encoding="utf-8")
    from bipub.findings import BipubError

    with pytest.raises(BipubError, match="marks: mark b 4-40 does not fit the English") as e:
        Memory.load(path)
    assert e.value.line == 1


def test_the_editors_emphasis_wins_over_the_automatic_placement():
    doc = parse_path(FIXTURES / "emphasis" / "gwr.md").document
    seg = next(s for s in doc.segments() if s.id == "s1-b2-1")  # bold 2.2万亿元: a number span would place it
    en = ENGLISH["s1-b2-1"]
    mine = (Mark(0, 20, "b"),)  # the editor bolded "New tax and fee cuts", not the figure
    assert en[0:20] == "New tax and fee cuts"
    seg = dataclasses.replace(seg, target=en, origin="memory", target_marks=mine)
    placed, lost = english_marks(seg, en)
    assert [m for m in placed if m.kind == "b"] == list(mine) and lost == []


def test_an_editors_emphasis_follows_the_typesetting_of_the_english():
    raw = 'He said "new quality productive forces..." today'
    shown = en_typeset(raw)
    (m,) = moved((Mark(8, 42, "b"),), raw, shown)
    assert shown[m.start:m.end] == "“new quality productive forces…”"


def test_an_edit_at_the_desk_keeps_the_emphasis_while_its_words_stay():
    from bipub.desk.edits import kept_marks

    en = "We will develop new quality productive forces."
    unit = Unit("s2-b1-1", "k", "加快发展新质生产力。", en, "reviewed", "Li Wei", "2026-11-28T00:00:00Z",
                marks=(Mark(16, 45, "b"),))
    edited = "We will develop new quality productive forces at a faster pace."
    assert [edited[m.start:m.end] for m in kept_marks(unit, edited)] == ["new quality productive forces"]
    assert kept_marks(unit, "We will develop new productive forces.") == ()  # its words changed: placed anew


def test_a_fuzzy_reuse_keeps_the_editors_emphasis_unless_its_words_changed(tmp_path):
    from bipub.memory.apply import apply_memory
    from bipub.model import Block, Document, Section, Segment
    from bipub.text.normalize import segment_key

    def reused(old_zh, old_en, marks, new_zh):
        mem = Memory(tmp_path / "gwr.jsonl", [Unit("s1-b1-1", segment_key(old_zh), old_zh, old_en, "reviewed", "Li Wei",
                                                   "2026-11-28T00:00:00Z", marks=marks)])
        seg = Segment("s1-b1-1", segment_key(new_zh), new_zh)
        doc = Document("gwr", "source/gwr.md", {}, sections=(Section("s1", None, (Block("paragraph", "s1-b1", (seg,)),)),))
        (out,) = apply_memory(doc, mem).segments()
        return out.target, [out.target[m.start:m.end] for m in out.target_marks]

    en = "We will develop new quality productive forces at a faster pace."
    bold = (Mark(16, 45, "b"),)
    assert reused("大力推进现代化产业体系建设，加快发展新质生产力。", en, bold,
                  "大力推进现代化产业体系建设，加快发展新质生产力！") == (en, ["new quality productive forces"])
    figures = "New tax and fee cuts exceeded 2.2 trillion yuan over the year."
    assert reused("全年新增税费优惠超过2.2万亿元，惠及各类经营主体。", figures, (Mark(30, 47, "b"),),
                  "全年新增税费优惠超过2.4万亿元，惠及各类经营主体。") == (
        "New tax and fee cuts exceeded 2.4 trillion yuan over the year.", [])  # the bold figure changed: placed anew


# ----------------------------------------------------------------------------- machine translation
# 2024 Government Work Report: GDP growth and the urban unemployment rate were both 5.2%; the figures are spans
# (annotate), masked for the engine as ZN1 and ZN2 and put back by the number rules' English.
FIGURES_ZH = "国内生产总值增长5.2%，城镇调查失业率平均为5.2%。"
FIGURE_SPANS = (Span(8, 12, "number", "5.2 percent", "percent"), Span(23, 27, "number", "5.2 percent", "percent"))


class Engine:
    """An engine that answers the masked sentence as a model would, tokens in place."""

    name, origin, publishable, protection = "fake", "mt", True, "placeholders"

    def __init__(self, answers: dict[str, str]):
        self.answers = answers

    def signature(self) -> str:
        return "fake@1"

    def translate_batch(self, texts):
        return [self.answers[t] for t in texts]


def drafted(source: str, spans, marks, answer: str):
    from bipub.findings import Reporter
    from bipub.model import Block, Document, Section, Segment
    from bipub.translate.draft import draft
    from bipub.translate.protect import mask

    seg = Segment("s1-b1-1", "k", source, spans=spans, marks=marks)
    doc = Document("gwr", "source/gwr.md", {}, sections=(Section("s1", None, (Block("paragraph", "s1-b1", (seg,)),)),))
    engine = Engine({mask(source, spans).masked: answer})
    (out,) = draft(doc, engine, cache=None, report=Reporter("source/gwr.md")).segments()
    return out


def test_a_bold_figure_that_occurs_twice_is_bold_on_its_own_english():
    seg = drafted(FIGURES_ZH, FIGURE_SPANS, (Mark(23, 27, "b"),),
                  "GDP grew by ZN1, and the surveyed urban unemployment rate averaged ZN2.")
    assert seg.target == "GDP grew by 5.2 percent, and the surveyed urban unemployment rate averaged 5.2 percent."
    (mark,), lost = english_marks(seg, seg.target)
    assert (mark.start, seg.target[mark.start:mark.end]) == (75, "5.2 percent") and lost == []  # not the first one


def test_a_bold_term_the_model_put_first_is_bold_though_capitalised():
    spans = (Span(2, 6, "term", "the Belt and Road Initiative", "一带一路"),)
    seg = drafted("推进一带一路高质量发展。", spans, (Mark(2, 6, "b"),), "ZT1 cooperation made high-quality progress.")
    assert seg.target.startswith("The Belt and Road Initiative")
    (mark,), lost = english_marks(seg, seg.target)
    assert seg.target[mark.start:mark.end] == "The Belt and Road Initiative" and lost == []


def test_a_term_is_never_found_inside_another_word():
    from bipub.model import Segment

    seg = Segment("s1", "k", "工信快速发展。", target="With it, IT grew fast.", origin="memory",
                  spans=(Span(0, 2, "term", "IT", "工信"),), marks=(Mark(0, 2, "b"),))
    (mark,), _ = english_marks(seg, seg.target)
    assert (mark.start, mark.end) == (9, 11)


# ----------------------------------------------------------------------------- the round trip
@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("emphasis")
    (root / "bipub.toml").write_text('[project]\nname = "GWR"\n', encoding="utf-8")
    (root / "source").mkdir()
    shutil.copy(FIXTURES / "emphasis" / "gwr.md", root / "source" / "gwr.md")
    doc = parse_path(root / "source" / "gwr.md").document
    (root / "translations").mkdir()
    units = [Unit(s.id, s.key, s.source, ENGLISH[s.id], "reviewed", "Li Wei", "2026-11-28T00:00:00Z")
             for s in doc.segments() if s.id in ENGLISH]
    (root / "translations" / "gwr.jsonl").write_text(
        "".join(json.dumps(u.to_json(), ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    return root


def review(project: Path, fmt: str, edit) -> list[str]:
    """Export ``fmt``, let ``edit`` change the file's text, import it; the import's output lines."""
    path = project / f"review.{fmt}"
    out = run_bipub("review", "export", "-C", str(project), "--format", fmt, "-o", str(path))
    assert out.returncode == 0, out.stderr
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = run_bipub("review", "import", "-C", str(project), str(path))
    assert out.returncode == 0, out.stderr
    return (out.stdout + out.stderr).splitlines()


def stored(project: Path) -> dict[str, dict]:
    lines = (project / "translations" / "gwr.jsonl").read_text(encoding="utf-8").splitlines()
    return {u["id"]: u for u in map(json.loads, lines)}


def emphasized(unit: dict) -> list[tuple[str, str]]:
    return [(kind, unit["en"][a:b]) for kind, a, b in unit.get("marks", [])]


@pytest.fixture(scope="module")
def reviewed(project):
    """Three review rounds, one per format, then a build of the HTML and the Word edition."""
    before = stored(project)

    def xliff_bold(text: str) -> str:  # the editor wraps the words in the source's code 1, as a CAT tool does
        root = etree.fromstring(text.encode("utf-8"))
        (tu,) = root.iterfind(f".//{{{XLIFF}}}trans-unit[@id='s2-b1-1']")
        target = tu.find(f"{{{XLIFF}}}target")
        head, tail = target.text.split("new quality productive forces")
        target.text = head
        g = etree.SubElement(target, f"{{{XLIFF}}}g", id="1")
        g.text, g.tail = "new quality productive forces", tail
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")

    def po_italic(text: str) -> str:  # PO: the <i> tags typed around the words
        return text.replace('msgstr ""\n"We will give full play to the leading role of innovation',
                            'msgstr ""\n"We will give full play to the <i>leading role of innovation</i>').replace(
            'msgstr "We will give full play to the leading role of innovation',
            'msgstr "We will give full play to the <i>leading role of innovation</i>')

    def tmx_drop(text: str) -> str:  # a tool that loses the codes of the bold figure
        return text.replace('<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>2.2 trillion yuan<ept i="1">&lt;/b&gt;</ept>',
                            "2.2 trillion yuan")

    rounds = [review(project, "xliff", xliff_bold), review(project, "po", po_italic),
              review(project, "tmx", tmx_drop)]
    out = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html,docx")
    assert out.returncode in (0, 1), out.stderr
    return before, stored(project), rounds


def test_xliff_g_code_placed_by_the_editor_is_kept_in_the_memory(reviewed):
    before, after, rounds = reviewed
    assert emphasized(after["s2-b1-1"]) == [("b", "new quality productive forces")]
    assert "  emphasis: We will vigorously modernize the industrial system and develop <b>new quality productive " \
           "forces</b> at a faster pace." in rounds[0]  # the import's diff shows what changed
    assert after["s2-b1-1"]["en"] == before["s2-b1-1"]["en"]  # the words are the same; the emphasis is new


def test_po_tags_placed_by_the_editor_are_kept_in_the_memory(reviewed):
    _, after, _ = reviewed
    assert emphasized(after["s2-b1-2"]) == [("i", "leading role of innovation")]


def test_codes_lost_by_a_tool_are_reported_and_change_nothing(reviewed):
    before, after, rounds = reviewed
    assert after["s1-b2-1"] == before["s1-b2-1"]  # byte for byte: no marks invented, none erased
    assert any("review.inline-code" in line and "bold code 1 over “2.2万亿元” of the Chinese is missing" in line
               for line in rounds[2])


def test_units_nobody_touched_are_written_as_before(reviewed):
    before, after, _ = reviewed
    assert after["s1-b1-1"] == before["s1-b1-1"] and "marks" not in after["s1-b1-1"]


def test_the_html_shows_the_emphasis_on_the_right_english_words(reviewed, project):
    html = (project / "output" / "gwr.html").read_text(encoding="utf-8")
    assert "<strong>new quality productive forces</strong>" in html
    assert "<em>leading role of innovation</em>" in html
    assert "<strong>2.2 trillion yuan</strong>" in html  # placed automatically: the number's English
    assert "<strong>First, we stepped up macro regulation to keep the economy on a steady recovery.</strong>" in html
    report = json.loads((project / "output" / "gwr.report.json").read_text(encoding="utf-8"))
    assert not [f for f in report["findings"] if f["code"] == "render.emphasis-unplaced"]


def test_the_word_edition_has_the_emphasis_in_both_columns(reviewed, project):
    from docx import Document

    word = Document(str(project / "output" / "gwr.docx"))
    runs = [r for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    bold = {r.text for r in runs if r.bold}
    italic = {r.text for r in runs if r.italic}
    assert {"新质生产力", "new quality productive forces", "2.2万亿元", "2.2 trillion yuan"} <= bold
    assert {"创新主导作用", "leading role of innovation"} <= italic
