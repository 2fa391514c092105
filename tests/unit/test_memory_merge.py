"""Saving merges into what is on disk (another command may have saved meanwhile), and units carry a history."""

from __future__ import annotations

import json
import threading

import pytest

from bipub.findings import BipubError
from bipub.memory.lock import memory_lock
from bipub.memory.store import Memory, Unit, memory_path, memory_transaction
from bipub.text.normalize import segment_key

ZH = "全省工业增加值同比增长8.4%。"
OTHER = "制造业投资增长14.5%。"


def unit(en="Industrial value added grew by 8.4 percent.", state="reviewed", by="Li Wei",
         at="2026-11-28T10:00:00Z", zh=ZH, id="s1-b1-1") -> Unit:
    return Unit(id, segment_key(zh), zh, en, state, by, at)


def on_disk(path, *units):
    mem = Memory.load(path)
    for u in units:
        mem.put(u)
    mem.save()


@pytest.fixture
def path(tmp_path):
    return memory_path(tmp_path, "doc")


# ------------------------------------------------------------- merge on save
def test_a_save_keeps_what_another_command_saved_meanwhile(path):
    on_disk(path, unit(state="draft", by="argos"), unit(zh=OTHER, id="s1-b2-1", state="draft", by="argos"))
    build = Memory.load(path)  # a build starts
    on_disk(path, unit(en="Edited by the reviewer.", at="2026-11-28T11:00:00Z"))  # review import finishes
    build.put(unit(zh=OTHER, id="s1-b2-1", state="needs-review", by="fuzzy match from x"))
    build.prune({segment_key(ZH), segment_key(OTHER)})
    assert build.save() == []
    after = Memory.load(path)
    assert after.get(segment_key(ZH)).target == "Edited by the reviewer."
    assert after.get(segment_key(OTHER)).state == "needs-review"
    assert build.get(segment_key(ZH)).target == "Edited by the reviewer.", "after save the memory holds the disk's state"


def test_a_machine_never_overwrites_a_person_who_saved_meanwhile(path):
    on_disk(path, unit(state="draft", by="argos", en="old draft"))
    build = Memory.load(path)
    on_disk(path, unit(en="The reviewer's English.", at="2026-11-28T11:00:00Z"))
    build.put(unit(state="draft", by="argos v2", en="new draft", at="2026-11-28T12:00:00Z"))
    findings = build.save()
    assert Memory.load(path).get(segment_key(ZH)).target == "The reviewer's English."
    assert [f.code for f in findings] == ["memory.concurrent-edit"]
    assert "kept the reviewed English" in findings[0].message


def test_a_prune_never_removes_a_unit_someone_changed_meanwhile(path):
    on_disk(path, unit(state="draft", by="argos"))
    build = Memory.load(path)
    on_disk(path, unit(en="Reviewed meanwhile.", at="2026-11-28T11:00:00Z"))
    assert build.prune(set()) != []
    build.save()
    assert Memory.load(path).get(segment_key(ZH)).target == "Reviewed meanwhile."


def test_two_people_at_once_the_newer_wins_and_the_older_is_kept_in_history(path):
    on_disk(path, unit())
    mine = Memory.load(path)
    on_disk(path, unit(en="Theirs.", by="Zhang", at="2026-11-28T12:00:00Z"))
    mine.put(unit(en="Mine.", by="Li Wei", at="2026-11-28T11:00:00Z"))  # older than theirs
    findings = mine.save()
    kept = Memory.load(path).get(segment_key(ZH))
    assert (kept.target, kept.by) == ("Theirs.", "Zhang")
    assert kept.history[-1]["action"] == "merge" and kept.history[-1]["was"] == "Mine."
    assert "kept the newer by Zhang" in findings[0].message


def test_a_transaction_holds_the_lock_from_read_to_write(path):
    on_disk(path, unit())
    entered = threading.Event()
    order = []

    def other():
        entered.wait()
        with memory_transaction(path) as mem:
            order.append("other")
            mem.put(unit(zh=OTHER, id="s1-b2-1", by="Zhang"))

    t = threading.Thread(target=other)
    t.start()
    with memory_transaction(path) as mem:
        entered.set()
        t.join(0.2)  # the other thread cannot get in while this transaction runs
        order.append("first")
        mem.put(unit(en="First."))
    t.join()
    assert order == ["first", "other"]
    after = Memory.load(path)
    assert after.get(segment_key(ZH)).target == "First." and segment_key(OTHER) in after


def test_a_lock_held_too_long_is_one_line_not_a_hang(path, monkeypatch):
    import subprocess
    import sys

    path.parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
        "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)"), str(path.parent)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BipubError, match="another bipub command has held the translation memory"):
            with memory_lock(path.parent, timeout=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()


# ------------------------------------------------------------------- history
def test_history_is_stored_in_the_line_and_reads_back(path):
    u = unit().record("review-import", by="Li Wei", at="2026-11-29T08:00:00Z", source="review/hunan.po",
                      was="Old English.", edited="2026-11-28T17:12:00Z")
    on_disk(path, u)
    line = json.loads(path.read_text(encoding="utf-8"))
    assert line["history"] == [{"at": "2026-11-29T08:00:00Z", "by": "Li Wei", "action": "review-import",
                                "from": "review/hunan.po", "state": "reviewed", "was": "Old English.",
                                "edited": "2026-11-28T17:12:00Z"}]
    assert Memory.load(path).get(u.key).history == u.history


def test_a_file_of_the_previous_release_reads_and_writes_back_byte_identical(path):
    old = (json.dumps({"id": "s1-b1-1", "key": segment_key(ZH), "zh": ZH, "en": "E.", "state": "reviewed",
                       "by": "editor", "at": "2026-11-28T00:00:00Z"}, ensure_ascii=False) + "\n")
    path.parent.mkdir(parents=True)
    path.write_text(old, encoding="utf-8")
    mem = Memory.load(path)
    assert mem.get(segment_key(ZH)).history == ()
    assert mem.dumps() == old


@pytest.mark.parametrize("history, message", [
    ('"yes"', "history must be a list"),
    ('[{"at": "x", "by": "y"}]', "history event 1 lacks action"),
    ('[{"at": 1, "by": "y", "action": "review-import"}]', "history event 1 must be an object of strings"),
])
def test_a_malformed_history_is_refused_with_file_and_line(path, history, message):
    path.parent.mkdir(parents=True)
    line = (f'{{"id": "s1-b1-1", "key": "k", "zh": "中", "en": "E", "state": "reviewed", "by": "b", '
            f'"at": "2026-11-28T00:00:00Z", "history": {history}}}\n')
    path.write_text(line, encoding="utf-8")
    with pytest.raises(BipubError, match=f"{message}"):
        Memory.load(path)


def test_an_unknown_history_action_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown history action"):
        unit().record("guess", by="x", at="2026-11-28T00:00:00Z")
