"""Number repair of reused English: the new figures by the number rules, or no reuse at all."""

from __future__ import annotations

from bipub.findings import Reporter
from bipub.memory.apply import apply_memory
from bipub.memory.number_repair import repair
from bipub.memory.store import Memory, Unit
from bipub.model import Block, Document, Section, Segment
from bipub.pair import ZH_EN
from bipub.text.normalize import segment_key

FIND = ZH_EN.find_numbers
OLD = "据统计，2021年1至11月，全省规模工业增加值同比增长8.4%，两年平均增长6.3%。"
OLD_EN = ("From January to November 2021, the value added of industry above designated size grew by "
          "8.4 percent year on year, and by an average of 6.3 percent over the two years.")


def test_a_changed_percentage_gets_its_new_english():
    r = repair(OLD, OLD.replace("8.4%", "8.6%"), OLD_EN, FIND)
    assert r.outcome == "repaired"
    assert r.target == OLD_EN.replace("8.4 percent", "8.6 percent")
    assert r.changes == (("8.4%", "8.6%"),) and r.changes_text() == "8.4% → 8.6%"


def test_a_changed_date_and_amount_together():
    old, new = "2020年完成投资1.2万亿元。", "2021年完成投资1.3万亿元。"
    r = repair(old, new, "In 2020, investment of 1.2 trillion yuan was completed.", FIND)
    assert r.target == "In 2021, investment of 1.3 trillion yuan was completed."


def test_two_figures_swapped_are_swapped_in_the_english():
    old, new = "增长8.4%，平均增长6.3%。", "增长6.3%，平均增长8.4%。"
    r = repair(old, new, "grew 8.4 percent, on average 6.3 percent.", FIND)
    assert r.target == "grew 6.3 percent, on average 8.4 percent."


def test_same_figures_reuse_the_english_as_it_is():
    r = repair(OLD, OLD.replace("据统计", "统计显示"), OLD_EN, FIND)
    assert r.outcome == "same" and r.target == OLD_EN


def test_a_figure_that_opens_a_sentence_is_capitalised():
    old, new = "城镇新增就业1206万人。全年完成投资1.2万亿元。", "城镇新增就业75万多人。全年完成投资1.2万亿元。"
    r = repair(old, new, "12.06 million new urban jobs were added. Investment was 1.2 trillion yuan.", FIND)
    assert r.target == "Over 750,000 new urban jobs were added. Investment was 1.2 trillion yuan."
    r = repair("增长8.4%。", "增长三分之一。", "8.4 percent more.", FIND)
    assert r.target == "One-third more."
    r = repair("收入增长8.4%。", "收入增长5%。", "“8.4 percent,” he said.", FIND)
    assert r.target == "“5 percent,” he said."
    r = repair("城镇新增就业1206万人。", "城镇新增就业75万多人。", "Jobs, e.g. 12.06 million new urban jobs.", FIND)
    assert r.target == "Jobs, e.g. over 750,000 new urban jobs."  # an abbreviation opens no sentence


def test_a_capitalised_figure_at_the_sentence_start_is_found_and_replaced():
    old, new = "城镇新增就业75万多人。", "城镇新增就业1206万人。"
    r = repair(old, new, "Over 750,000 new urban jobs were added.", FIND)
    assert r.outcome == "repaired" and r.target == "12.06 million new urban jobs were added."
    r = repair("完成“十三五”规划。", "完成“十四五”规划。", "The 13th Five-Year Plan was fulfilled.", FIND)
    assert r.target == "The 14th Five-Year Plan was fulfilled."


def test_a_figure_is_never_replaced_inside_a_longer_one():
    r = repair("增长8.4%。", "增长8.6%。", "grew 18.4 percent.", FIND)  # the editor's English does not have it
    assert r.outcome == "refused" and "0 times" in r.why


def test_a_figure_the_english_has_twice_is_refused():
    r = repair("增长8.4%。", "增长8.6%。", "grew 8.4 percent (8.4 percent).", FIND)
    assert r.outcome == "refused" and "2 times" in r.why


def test_a_figure_the_editor_wrote_otherwise_is_refused():
    r = repair(OLD, OLD.replace("8.4%", "8.6%"), OLD_EN.replace("8.4 percent", "8.4%"), FIND)
    assert r.outcome == "refused" and "“8.4 percent”" in r.why


def test_words_and_figures_changed_together_are_refused():
    r = repair(OLD, OLD.replace("同比增长8.4%", "同比下降8.6%"), OLD_EN, FIND)
    assert r.outcome == "refused" and "more than its figures" in r.why


def test_a_figure_added_is_refused():
    r = repair("增长8.4%。", "增长8.4%，利润增长3%。", "grew 8.4 percent.", FIND)
    assert r.outcome == "refused" and "added or removed" in r.why


# ---------------------------------------------------------------- in the apply-memory stage


def _doc(zh: str) -> Document:
    seg = Segment("s1-b1-1", segment_key(zh), zh, line=3)
    return Document("doc", "source/doc.md", {}, sections=(Section("s1", None, (Block("paragraph", "s1-b1", (seg,)),)),))


def _memory(tmp_path, en: str) -> Memory:
    mem = Memory.load(tmp_path / "doc.jsonl")
    mem.put(Unit("s1-b1-1", segment_key(OLD), OLD, en, "reviewed", "editor", "2026-11-28T21:00:00Z"))
    return mem


def test_the_stage_repairs_keeps_needs_review_and_writes_history(tmp_path):
    mem, report = _memory(tmp_path, OLD_EN), Reporter("source/doc.md")
    new = OLD.replace("8.4%", "8.6%")
    seg = next(apply_memory(_doc(new), mem, report=report).segments())
    assert seg.target == OLD_EN.replace("8.4", "8.6") and seg.state == "needs-review" and seg.origin == "memory"
    unit = mem.get(segment_key(new))
    assert unit.state == "needs-review" and unit.target == seg.target
    assert [(h["action"], h.get("from")) for h in unit.history][-1] == ("number-repair", "8.4% → 8.6%")
    assert unit.history[-1]["was"] == OLD_EN
    assert [f.code for f in report.findings] == ["memory.number-repair"]


def test_the_stage_does_not_reuse_english_whose_figures_cannot_be_carried_over(tmp_path):
    mem, report = _memory(tmp_path, "Value added grew strongly."), Reporter("source/doc.md")
    new = OLD.replace("8.4%", "8.6%")
    seg = next(apply_memory(_doc(new), mem, report=report).segments())
    assert seg.target is None and seg.origin == "untranslated"  # left to the engine, or untranslated
    assert mem.get(segment_key(new)) is None and mem.get(segment_key(OLD)).target == "Value added grew strongly."
    (f,) = report.findings
    assert f.code == "memory.fuzzy-figures" and f.segment == "s1-b1-1" and "Value added grew strongly." in f.message
