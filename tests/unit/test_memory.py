"""The translation memory: file format, look-up (exact and fuzzy), protection of human work."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest

from bipub.findings import BipubError
from bipub.memory.store import FUZZY_THRESHOLD, Hit, Memory, Unit, id_order, memory_path
from bipub.text.normalize import segment_key
from bipub.text.segment import split_zh
from paths import CORPUS

AT = "2026-11-28T21:00:00Z"
ZH = "这一年，湖南工业和信息化工作取得了显著成效。"


def unit(zh: str = ZH, en: str = "That year, Hunan's industry and IT work achieved remarkable results.",
         state: str = "reviewed", id: str = "s1-b1-1", by: str = "editor") -> Unit:
    return Unit(id=id, key=segment_key(zh), source=zh, target=en, state=state, by=by, at=AT)


# ---------------------------------------------------------------- file format
def test_missing_file_is_an_empty_memory(tmp_path):
    mem = Memory.load(tmp_path / "translations" / "none.jsonl")
    assert mem.units() == []
    mem.save()  # nothing to write
    assert not (tmp_path / "translations").exists()


def test_memory_path_is_translations_name_jsonl(tmp_path):
    assert memory_path(tmp_path, "report") == tmp_path / "translations" / "report.jsonl"


def test_save_writes_one_readable_json_object_per_line_and_loads_back(tmp_path):
    path = memory_path(tmp_path, "doc")
    mem = Memory.load(path)
    mem.put(unit())
    mem.save()
    text = path.read_text(encoding="utf-8")
    assert "湖南" in text  # not ASCII-escaped: git diff shows the Chinese
    assert text.count("\n") == 1
    assert json.loads(text) == {
        "id": "s1-b1-1", "key": segment_key(ZH), "zh": ZH,
        "en": "That year, Hunan's industry and IT work achieved remarkable results.",
        "state": "reviewed", "by": "editor", "at": AT,
    }
    assert Memory.load(path).units() == [unit()]


def test_units_are_saved_in_document_order(tmp_path):
    ids = ["s2-b1-1", "s10-b1-1", "s1-b10-1", "s1-b2-1", "s1-h-1", "s0-date-1", "s0-title-1", "s1-b2-2"]
    mem = Memory(memory_path(tmp_path, "doc"))
    for n, i in enumerate(ids):
        mem.put(unit(zh=f"第{n}句话。", id=i))
    mem.save()
    saved = [json.loads(line)["id"] for line in mem.path.read_text(encoding="utf-8").splitlines()]
    assert saved == ["s0-title-1", "s0-date-1", "s1-h-1", "s1-b2-1", "s1-b2-2", "s1-b10-1", "s2-b1-1", "s10-b1-1"]
    assert sorted(ids, key=id_order) == saved


def test_unchanged_memory_is_not_rewritten(tmp_path):
    path = memory_path(tmp_path, "doc")
    mem = Memory.load(path)
    mem.put(unit())
    mem.save()
    before = path.stat().st_mtime_ns
    time.sleep(0.01)
    again = Memory.load(path)
    assert again.put(unit()) is True  # same content: accepted, but a no-op
    assert again.put(dataclasses.replace(unit(), at="2030-01-01T00:00:00Z"))  # only the time differs
    again.save()
    assert path.stat().st_mtime_ns == before
    assert not again.changed


def test_save_leaves_no_temporary_files(tmp_path):
    mem = Memory(memory_path(tmp_path, "doc"))
    mem.put(unit())
    mem.save()
    assert sorted(p.name for p in (tmp_path / "translations").iterdir()) == ["doc.jsonl"]


GOOD = json.dumps(unit().to_json(), ensure_ascii=False)


@pytest.mark.parametrize("lines, line_no, message", [
    (["{not json"], 1, "not valid JSON"),
    ([GOOD, "[1, 2]"], 2, "expected a JSON object"),
    ([GOOD.replace('"state": "reviewed", ', "")], 1, "missing field(s) state"),
    ([GOOD.replace('"reviewed"', '"done"')], 1, "unknown state 'done'"),
    ([GOOD.replace('"by": "editor"', '"by": 3')], 1, "field(s) by must be strings"),
    ([GOOD.replace('"at"', '"colour": "red", "at"')], 1, "unknown field(s) colour"),
    ([GOOD, "", GOOD], 3, "already on line 1"),
    ([GOOD, "<<<<<<< HEAD"], 2, "merge conflict"),
])
def test_malformed_memory_is_refused_with_file_and_line(tmp_path, lines, line_no, message):
    path = memory_path(tmp_path, "bad")
    path.parent.mkdir()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BipubError) as err:
        Memory.load(path)
    assert str(err.value).startswith(f"translations/bad.jsonl:{line_no}: ")
    assert message in str(err.value)


# ---------------------------------------------------------------- look-up
def test_exact_match_by_key_including_width_and_traditional_variants():
    mem = Memory(Path("m.jsonl"), [unit()])
    variant = "這一年，湖南工業和信息化工作取得了顯著成效。"  # Traditional characters fold to the same key
    hit = mem.lookup(segment_key(variant), variant)
    assert hit == Hit(unit(), "exact", 1.0)


@pytest.mark.parametrize("changed, expected", [
    ("这一年，湖南工业和信息化工作取得了明显成效。", "fuzzy"),  # one character replaced
    ("这一年，湖南工业和信息化工作取得了显著的成效。", "fuzzy"),  # one character added
    ("这一年湖南工业和信息化工作取得了显著成效", "fuzzy"),  # punctuation dropped
    ("这一年，湖南农业农村工作取得了显著成效。", None),  # a phrase replaced
    ("湖南省委召开常委会议。", None),  # another sentence
])
def test_fuzzy_threshold(changed, expected):
    mem = Memory(Path("m.jsonl"), [unit()])
    hit = mem.lookup(segment_key(changed), changed)
    if expected is None:
        assert hit is None
    else:
        assert hit is not None and hit.kind == expected and hit.unit == unit()
        assert FUZZY_THRESHOLD <= hit.score < 1.0


def test_threshold_is_configurable():
    mem = Memory(Path("m.jsonl"), [unit()])
    changed = "这一年，湖南农业农村工作取得了显著成效。"
    hit = mem.lookup(segment_key(changed), changed, threshold=0.7)
    assert hit is not None and 0.7 <= hit.score < FUZZY_THRESHOLD
    one_char = "这一年，湖南工业和信息化工作取得了明显成效。"
    assert mem.lookup(segment_key(one_char), one_char, threshold=0.99) is None


def test_fuzzy_prefers_the_closest_then_the_strongest_state():
    close = unit(zh="湖南工业增长了百分之八。", en="close", state="draft", id="s1-b1-1")
    far = unit(zh="湖南工业增长了百分之八点五。", en="far", state="approved", id="s1-b2-1")
    mem = Memory(Path("m.jsonl"), [close, far])
    query = "湖南工业增长了百分之九。"
    assert mem.lookup(segment_key(query), query).unit.target == "close"
    twin = unit(zh="湖南工业增长了百分之七。", en="twin", state="approved", id="s1-b3-1")
    mem.put(twin)  # same score as "close", stronger state
    assert mem.lookup(segment_key(query), query).unit.target == "twin"


# ---------------------------------------------------------------- protection
@pytest.mark.parametrize("old_state, accepted", [
    ("draft", True),
    ("needs-review", False),
    ("reviewed", False),
    ("approved", False),
])
def test_a_machine_draft_never_replaces_human_work(old_state, accepted):
    mem = Memory(Path("m.jsonl"), [unit(state=old_state, en="Human English.")])
    draft = unit(state="draft", en="Machine English.", by="argos 1.9")
    assert mem.put(draft) is accepted
    assert mem.get(draft.key).target == ("Machine English." if accepted else "Human English.")


def test_a_person_may_replace_anything():
    mem = Memory(Path("m.jsonl"), [unit(state="approved", en="Old.")])
    assert mem.put(unit(state="reviewed", en="New.", by="review import (r.xlf)"))
    assert mem.get(segment_key(ZH)).state == "reviewed"


def test_prune_drops_stale_machine_drafts_only(tmp_path):
    keep = unit(zh="留下的句子。", state="draft", id="s1-b1-1")
    stale_draft = unit(zh="删掉的机器草稿。", state="draft", id="s1-b2-1")
    stale_reviewed = unit(zh="删掉但审校过的句子。", state="reviewed", id="s1-b3-1")
    stale_flagged = unit(zh="审校者标记待审的句子。", state="needs-review", id="s1-b4-1", by="review import (r.po)")
    mem = Memory(memory_path(tmp_path, "doc"), [keep, stale_draft, stale_reviewed, stale_flagged])
    assert mem.prune({keep.key}) == [stale_draft]
    assert [u.key for u in mem.units()] == [keep.key, stale_reviewed.key, stale_flagged.key]


# ---------------------------------------------------------------- speed
GWR = CORPUS / "gwr_2024.zh.txt"


@pytest.mark.skipif(not GWR.exists(), reason="needs the Government Work Report corpus")
def test_fuzzy_lookup_in_a_1000_unit_memory_stays_fast():
    sentences = []
    for line in GWR.read_text(encoding="utf-8").splitlines():
        sentences += [s.strip() for s in split_zh(line) if len(s.strip()) >= 8]
    sentences = list(dict.fromkeys(sentences))[:1000]
    assert len(sentences) >= 500
    mem = Memory(Path("m.jsonl"), [unit(zh=s, en=f"en {i}", id=f"s1-b{i}-1") for i, s in enumerate(sentences)])
    queries = [s[:-2] + "了" + s[-2:] for s in sentences[:200]]  # one character inserted near the end
    start = time.process_time()  # CPU time: a busy machine does not make it longer
    hits = [mem.lookup(segment_key(q), q) for q in queries]
    elapsed = time.process_time() - start
    assert sum(1 for h in hits if h and h.kind == "fuzzy") >= 195
    assert elapsed < 5.0, f"200 fuzzy look-ups took {elapsed:.2f} s of CPU"


def test_units_put_after_a_lookup_are_found_by_the_next_fuzzy_lookup():
    mem = Memory(Path("m.jsonl"), [unit()])
    other = "湖南省委召开常委会议，研究部署全年工作。"
    assert mem.lookup(segment_key(other + "x"), other + "。") is None  # builds the index
    mem.put(unit(zh=other, en="The provincial committee met.", id="s1-b2-1"))
    hit = mem.lookup(segment_key(other + "。"), other + "。")
    assert hit is not None and hit.kind == "fuzzy" and hit.unit.target == "The provincial committee met."
    mem.remove(hit.unit.key)
    assert mem.lookup(segment_key(other + "。"), other + "。") is None
