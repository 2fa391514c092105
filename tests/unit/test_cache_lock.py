"""Two builds of one project share the MT cache: a build must not hold the file's write lock while its
model runs (another build waited 2 s, gave up and kept its drafts in memory only, cache.unavailable)."""

import sqlite3

from bipub.findings import Reporter
from bipub.model import Block, Document, Section, Segment
from bipub.terms.annotate import annotate
from bipub.terms.glossary import Glossary
from bipub.text.normalize import segment_key
from bipub.translate.cache import Cache
from bipub.translate.draft import draft


def another_build_can_write(path) -> bool:
    other = sqlite3.connect(str(path), timeout=0)
    try:
        other.execute("INSERT OR REPLACE INTO mt VALUES ('k-other', 'English', '2026-11-30T00:00:00Z')")
        other.commit()
        return True
    except sqlite3.OperationalError:  # database is locked
        return False
    finally:
        other.close()


def test_what_was_put_is_committed_by_flush(tmp_path):
    path = tmp_path / "cache.sqlite"
    with Cache(path) as cache:
        cache.put("k1", "first")
        assert not another_build_can_write(path)  # an open write transaction holds the lock
        cache.flush()
        assert another_build_can_write(path)
        assert cache.get("k-other") == "English"


def test_the_draft_step_commits_after_each_batch_of_the_model(tmp_path):
    path = tmp_path / "cache.sqlite"
    sources = ["出口增长8.4%。", "能源资源供应稳定。"]
    segments = [Segment(f"s1-b{n}-1", segment_key(t), t, line=n) for n, t in enumerate(sources, 1)]
    blocks = tuple(Block("paragraph", f"s1-b{n}", (s,), n) for n, s in enumerate(segments, 1))
    doc = annotate(Document("a", "a.md", {}, sections=(Section("s1", None, blocks),)), Glossary([]))

    class Engine:
        name, origin, publishable, protection = "model", "mt", True, "placeholders"

        def translate_batch(self, texts):
            return [f"English {i}" for i, _ in enumerate(texts)]

        def signature(self):
            return "slow@1"

    with Cache(path) as cache:
        draft(doc, Engine(), cache=cache, report=Reporter("a.md"), progress=lambda n: None)
        assert another_build_can_write(path)  # the batch's entries are committed, the lock is free
        assert cache.get("k-other") == "English"
