"""The MT cache: hits and misses, what the key depends on, and files that cannot be used."""

from __future__ import annotations

import sqlite3

import pytest

from bipub.translate.cache import Cache, cache_key

SIG = "argos:translate-zh_en@1.9|beam:2|lp:0.2|compute:int8|maxin:200|maxout:256|prefix:-|ct2:4.5.0"


def test_miss_then_hit_and_kept_across_runs(tmp_path):
    path = tmp_path / ".bipub" / "cache.sqlite"
    key = cache_key("能源资源供应稳定。", [], SIG)
    with Cache(path) as c:
        assert c.get(key) is None
        c.put(key, "Energy supply is stable.")
        assert c.get(key) == "Energy supply is stable."
    with Cache(path) as c:  # a second build
        assert c.get(key) == "Energy supply is stable."
        assert c.findings == []
        assert len(c) == 1


def test_the_cache_folder_ignores_itself_in_git(tmp_path):
    Cache(tmp_path / ".bipub" / "cache.sqlite").close()
    assert (tmp_path / ".bipub" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


@pytest.mark.parametrize("a,b,same", [
    # (what changes between two keys) → same key?
    ((("推进一带一路建设。", ["the Belt and Road Initiative"], SIG)), ("推进一带一路建设。", ["the Belt and Road Initiative"], SIG), True),
    # whitespace, full-width and Traditional forms are the same segment (normalize.squash)
    (("推进一带一路建设。", [], SIG), ("推进 一帶一路 建设。", [], SIG), True),
    (("增长8.4%。", [], SIG), ("增长８．４％。", [], SIG), True),
    # a different term rendering, a different engine, a different sentence: a new key
    (("推进一带一路建设。", ["the Belt and Road Initiative"], SIG), ("推进一带一路建设。", ["Belt and Road"], SIG), False),
    (("推进一带一路建设。", [], SIG), ("推进一带一路建设。", [], SIG.replace("beam:2", "beam:4")), False),
    (("推进一带一路建设。", [], SIG), ("推进一带一路建设！", [], SIG), False),
])
def test_cache_key_depends_on_segment_renderings_and_engine(a, b, same):
    assert (cache_key(*a) == cache_key(*b)) is same


def test_cache_key_depends_on_the_masked_text():
    args = ("增长8.4%。", [], SIG)
    assert cache_key(*args, masked="增长 ZN1。") != cache_key(*args, masked="增长8.4%。")


def test_corrupt_file_is_rebuilt_with_a_warning(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not a database, it is garbage \x00\xff" * 200)
    c = Cache(path)
    assert [f.code for f in c.findings] == ["cache.rebuilt"]
    assert c.findings[0].severity == "warning"
    c.put("k", "v")
    c.close()
    assert (tmp_path / "cache.sqlite.corrupt").exists()
    with Cache(path) as again:  # the rebuilt file is a good cache
        assert again.get("k") == "v" and again.findings == []


def test_damaged_pages_are_rebuilt(tmp_path):
    path = tmp_path / "cache.sqlite"
    with Cache(path) as c:
        for i in range(300):
            c.put(f"key{i}", "English text " * 20)
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xde\xad\xbe\xef" * 2048  # overwrite pages in the middle
    path.write_bytes(bytes(data))
    c = Cache(path)
    assert [f.code for f in c.findings] == ["cache.rebuilt"]
    assert c.get("key1") is None
    c.close()


def test_locked_file_does_not_stop_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr("bipub.translate.cache.LOCK_TIMEOUT", 0.1)
    path = tmp_path / "cache.sqlite"
    with Cache(path) as c:
        c.put("k", "kept")
    holder = sqlite3.connect(str(path))
    holder.execute("BEGIN EXCLUSIVE")  # another bipub process in the middle of writing
    try:
        c = Cache(path)
        assert [f.code for f in c.findings] == ["cache.unavailable"]
        c.put("k2", "works in memory")
        assert c.get("k2") == "works in memory"
        c.close()
    finally:
        holder.rollback()
        holder.close()
    with Cache(path) as c:  # the file itself was left alone: what the locked-out run drafted stayed in memory
        assert c.get("k") == "kept" and c.get("k2") is None and c.findings == []


def test_lock_taken_during_the_build_switches_to_memory(tmp_path, monkeypatch):
    monkeypatch.setattr("bipub.translate.cache.LOCK_TIMEOUT", 0.1)
    monkeypatch.setattr("bipub.translate.cache.COMMIT_EVERY", 1)
    path = tmp_path / "cache.sqlite"
    c = Cache(path)
    holder = sqlite3.connect(str(path))
    holder.execute("BEGIN EXCLUSIVE")
    try:
        c.put("k", "v")  # cannot write: continues in memory
        assert c.get("k") == "v"
        assert [f.code for f in c.findings] == ["cache.unavailable"]
    finally:
        holder.rollback()
        holder.close()
        c.close()


def test_path_that_is_a_directory_falls_back_to_memory(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.mkdir()
    c = Cache(path)
    assert [f.code for f in c.findings] == ["cache.unavailable"]
    c.put("k", "v")
    assert c.get("k") == "v"
    c.close()
    c.close()  # closing twice is fine


def test_findings_name_the_cache_as_the_project_shows_it(tmp_path):
    path = tmp_path / ".bipub" / "cache.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"not a database" * 100)
    with Cache(path, shown=".bipub/cache.sqlite") as c:
        assert [(f.file, f.message.split(" was ")[0]) for f in c.findings] == [
            (".bipub/cache.sqlite", "MT cache .bipub/cache.sqlite")]
        assert str(tmp_path) not in c.findings[0].message
