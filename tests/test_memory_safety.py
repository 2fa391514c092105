"""No edit is lost when commands run at once (issue 12), through the CLI as an editor meets it.

A build loads the memory when it starts and saves it when it ends; a
`review import` that finishes in between must still be there afterwards.  Two
review imports at once must both land.  Each round edits a different unit, so a
single lost save shows as a missing edit.

Left to timing, the import nearly always saved before the build had even loaded the
memory (measured: 1 round in 20 raced), so the test makes the race happen: it holds
the memory lock, lets the build run until it has loaded the memory and written its
page, stops it there (SIGSTOP), lets the import save, and only then lets the build go
on to its own save.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from translate.storage import po

from bipub.text.normalize import segment_key
from conftest import REPO, run_bipub

ROUNDS = 3  # every round is a real race (see above); more rounds would repeat the same one


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """The repository's seed project (hunan-2021, 94 reviewed units) and a PO export of it."""
    root = tmp_path_factory.mktemp("seed")
    for name in ("bipub.toml", "source", "glossary", "translations"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    r = run_bipub("review", "export", "-C", str(root), "--format", "po", "-o", str(root / "review.po"))
    assert r.returncode == 0, r.stderr
    return root


def memory(root: Path) -> dict[str, dict]:
    lines = (root / "translations" / "hunan-2021.jsonl").read_text(encoding="utf-8").splitlines()
    return {u["key"]: u for u in map(json.loads, lines)}


def edited_po(root: Path, n: int, text: str) -> tuple[Path, str]:
    """The exported PO cut down to its n-th unit, with that target replaced; returns (file, key).

    (Only the edited unit goes back, so this test is about concurrency alone, not stale files.)
    """
    store = po.pofile.parsefile(str(root / "review.po"))
    units = [u for u in store.units if not u.isheader()]
    unit = units[n]
    unit.target = text
    store.units = [u for u in store.units if u.isheader() or u is unit]
    out = root / f"edit-{n}.po"
    out.write_bytes(bytes(store))
    return out, segment_key(unit.source)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bipub", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, *, codes: tuple[int, ...] = (0,)) -> None:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in codes, (proc.args, out, err)


def stale_draft(root: Path, n: int) -> str:
    """Add a machine draft of a sentence no longer in the source, so the build prunes it and must save."""
    zh = f"这是第{n}个已从原文删除的句子。"
    key = segment_key(zh)
    line = {"id": "s99-b1-1", "key": key, "zh": zh, "en": f"Deleted sentence {n}.", "state": "draft",
            "by": "argos test", "at": "2026-11-29T00:00:00Z"}
    with open(root / "translations" / "hunan-2021.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return key


@contextmanager
def memory_locked(root: Path):
    """Hold the lock every memory writer takes (an flock on translations/, bipub.memory.lock)."""
    fd = os.open(root / "translations", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def stopped_after_its_load(build: subprocess.Popen, page: Path) -> None:
    """Wait (with a deadline, no fixed sleep) until the build has written its page, which it does
    after loading the memory and before saving it (that waits for the lock held), then stop it."""
    deadline = time.monotonic() + 300
    while not page.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert page.exists() and build.poll() is None, "the build must write its page, then wait to save the memory"
    build.send_signal(signal.SIGSTOP)


def test_a_build_keeps_review_imports_made_while_it_runs(seed):
    wanted: dict[str, str] = {}
    page = seed / "output" / "hunan-2021.html"
    for n in range(ROUNDS):
        gone = stale_draft(seed, n)  # so the build has its own change to save
        english = f"English edited in round {n}."
        po_file, key = edited_po(seed, n, english)
        wanted[key] = english
        page.unlink(missing_ok=True)
        with memory_locked(seed):
            build = start("build", "-C", str(seed), "--engine", "pseudo", "--format", "html")
            try:
                stopped_after_its_load(build, page)
            except BaseException:
                build.kill()
                raise
        try:
            finish(start("review", "import", "-C", str(seed), str(po_file)))  # saves while the build waits
        finally:
            build.send_signal(signal.SIGCONT)
        # 1: the build read earlier rounds' imported English, which lacks the sentences' figures (the publish gate)
        finish(build, codes=(0, 1))
        assert english not in page.read_text(encoding="utf-8"), "the build loaded the memory before the import"
        mem = memory(seed)
        lost = {k: v for k, v in wanted.items() if mem[k]["en"] != v}
        assert not lost, f"round {n}: lost {lost}"
        assert mem[key]["state"] == "reviewed"
        assert gone not in mem, "the build's own change (pruning a stale draft) is merged too"
    assert len(memory(seed)) == 94


def test_two_review_imports_at_once_keep_each_others_units(seed):
    for n in range(30, 40, 2):
        a, key_a = edited_po(seed, n, f"Edit A {n}.")
        b, key_b = edited_po(seed, n + 1, f"Edit B {n}.")
        procs = [start("review", "import", "-C", str(seed), str(a)),
                 start("review", "import", "-C", str(seed), str(b))]
        for p in procs:
            finish(p)
        mem = memory(seed)
        assert (mem[key_a]["en"], mem[key_b]["en"]) == (f"Edit A {n}.", f"Edit B {n}.")


def test_a_flagged_unit_survives_a_build_while_its_sentence_is_briefly_gone(project):
    """A reviewer flagged a reviewed unit needs-review; an editor removes the sentence, builds, puts it back."""
    md = project / "source" / "demo.md"
    text = md.read_text(encoding="utf-8")
    zh = "全省规模以上工业增加值增长8.4%。"
    (project / "translations").mkdir()
    flagged = {"id": "s1-b1-2", "key": segment_key(zh), "zh": zh, "en": "Industrial value added grew by 8.4 percent.",
               "state": "needs-review", "by": "review import (review.po)", "at": "2026-11-29T09:00:00Z"}
    (project / "translations" / "demo.jsonl").write_text(json.dumps(flagged, ensure_ascii=False) + "\n",
                                                         encoding="utf-8")
    md.write_text(text.replace(zh, ""), encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    assert r.returncode == 1, r.stderr  # pseudo text: not publishable
    assert memory_of(project)[flagged["key"]] == flagged

    md.write_text(text, encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    assert "Industrial value added grew by 8.4 percent." in (project / "output" / "demo.html").read_text()


def memory_of(project: Path) -> dict[str, dict]:
    lines = (project / "translations" / "demo.jsonl").read_text(encoding="utf-8").splitlines()
    return {u["key"]: u for u in map(json.loads, lines)}
