"""The desk's suggestions and how it sees changes made outside it (Starlette's TestClient).

* a sentence of the seed report repeated with next year's figures is offered the
  old English *with the new figures* (the build's number rule), and applying it
  stores what the build would: ``needs-review`` with ``fuzzy-reuse`` and
  ``number-repair`` in the history;
* the machine draft comes from the project's engine — a real (small, random)
  Argos package here — through the build's drafting step, opened once; without a
  model the desk says so;
* the checked document is kept between requests and computed again only when the
  memory, the source, the glossary or bipub.toml changed.
"""

from __future__ import annotations

import json

import pytest

from argos_fixture import build_package
from bipub.desk import docs as desk_docs
from bipub.desk.app import create_app
from bipub.memory.store import memory_transaction
from bipub.translate.install import install_file
from bipub.translate.packages import ENV_VAR
from test_desk_api import BASE, post, seed_copy

from starlette.testclient import TestClient  # noqa: E402  (after test_desk_api's warning filter)

#: the seed's s2-b11-2 as next year's report would say it: only the figures changed
NEXT_YEAR = "据统计，2022年1至11月，全省规模工业增加值同比增长7.2%，两年平均增长6.3%，高于全国平均水平，居十个经济大省第5位；"
#: the same, with a word changed too (高于 → 低于): its figures cannot be carried over
REWORDED = "据统计，2022年1至11月，全省规模工业增加值同比增长7.2%，两年平均增长6.3%，低于全国平均水平，居十个经济大省第5位；"
#: the seed's s2-b11-2 with a word changed (高于 → 低于) and the same figures: reused only as needs-review
SAME_FIGURES = "据统计，2021年1至11月，全省规模工业增加值同比增长8.4%，两年平均增长6.3%，低于全国平均水平，居十个经济大省第5位；"
OLD_EN = ("Statistics show that from January to November 2021, the value added of industrial enterprises above "
          "designated size in the province grew by 8.4 percent year on year")


def desk(root):
    app = create_app(root, port=8765)
    c = TestClient(app, base_url=BASE)
    c.csrf, c.app_state = app.state.csrf, app.state
    return c


@pytest.fixture
def seed(tmp_path):
    return seed_copy(tmp_path / "seed")


def add_paragraph(root, text: str) -> None:
    src = root / "source/hunan-2021.md"
    src.write_text(src.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def segment(client, zh: str) -> dict:
    return next(s for s in client.get("/api/doc/hunan-2021/segments").json()["segments"] if s["zh"] == zh)


def suggestions(client, seg) -> list[dict]:
    r = client.get("/api/doc/hunan-2021/suggest", params={"key": seg["key"], "zh": seg["zh"]})
    return r.json()["memory"]


def memory_unit(root, key: str) -> dict:
    lines = (root / "translations/hunan-2021.jsonl").read_text(encoding="utf-8").splitlines()
    return next(u for u in map(json.loads, lines) if u["key"] == key)


# ---------------------------------------------------------------- number-repaired reuse

def test_a_sentence_changed_only_in_its_figures_is_offered_with_the_new_figures(seed):
    add_paragraph(seed, NEXT_YEAR)
    client = desk(seed)
    best = suggestions(client, segment(client, NEXT_YEAR))[0]
    assert best["zh"].startswith("据统计，2021年1至11月") and best["en"].startswith(OLD_EN)
    assert best["figures"] == "repaired"
    assert best["changes"] == "2021年1至11月 → 2022年1至11月; 8.4% → 7.2%"
    assert best["repaired"].startswith("Statistics show that from January to November 2022, the value added of "
                                       "industrial enterprises above designated size in the province grew by "
                                       "7.2 percent year on year, and by an average of 6.3 percent")
    changed = [(old, new) for op, old, new in best["en_diff"] if op != "equal"]
    assert changed == [("2021,", "2022,"), ("8.4", "7.2")]


def test_applying_it_leaves_the_unit_needs_review_with_its_history(seed):
    add_paragraph(seed, NEXT_YEAR)
    client = desk(seed)
    seg = segment(client, NEXT_YEAR)
    best = suggestions(client, seg)[0]
    r = post(client, "/api/doc/hunan-2021/reuse", {"id": seg["id"], "key": seg["key"], "from_doc": "hunan-2021",
                                                   "from_key": best["key"], "base": None, "editor": "Li Wei"})
    assert r.status_code == 200, r.text
    unit = memory_unit(seed, seg["key"])
    assert unit["en"] == best["repaired"] and unit["state"] == "needs-review" and unit["by"] == "Li Wei"
    reuse, fixed = unit["history"][-2:]
    assert (reuse["action"], reuse["by"], reuse["from"]) == ("fuzzy-reuse", "Li Wei", f"{best['key']} (95%); desk (testclient)")
    assert (fixed["action"], fixed["by"], fixed["from"]) == ("number-repair", "bipub", best["changes"])
    assert fixed["was"] == best["en"] and fixed["state"] == "needs-review"
    assert segment(client, NEXT_YEAR)["unit"]["state"] == "needs-review"


def test_a_match_with_the_same_figures_is_applied_as_it_is_and_needs_review(seed):
    """The build reuses a similar sentence whose figures did not change as ``needs-review`` (the words
    differ: an editor must read it); the desk's apply stores the same, with its ``fuzzy-reuse`` event."""
    add_paragraph(seed, SAME_FIGURES)
    client = desk(seed)
    seg = segment(client, SAME_FIGURES)
    best = suggestions(client, seg)[0]
    assert best["figures"] == "same" and best["en"].startswith(OLD_EN)
    r = post(client, "/api/doc/hunan-2021/reuse", {"id": seg["id"], "key": seg["key"], "from_doc": "hunan-2021",
                                                   "from_key": best["key"], "base": None, "editor": "Li Wei"})
    assert r.status_code == 200, r.text
    unit = memory_unit(seed, seg["key"])
    assert unit["en"] == best["en"] and unit["state"] == "needs-review"
    assert [(e["action"], e["by"]) for e in unit["history"]] == [("fuzzy-reuse", "Li Wei")]


def test_figures_that_cannot_be_carried_over_are_never_applied(seed):
    add_paragraph(seed, REWORDED)
    client = desk(seed)
    seg = segment(client, REWORDED)
    best = suggestions(client, seg)[0]
    assert best["figures"] == "refused" and "changed in more than its figures" in best["why"]
    assert "repaired" not in best
    before = (seed / "translations/hunan-2021.jsonl").read_bytes()
    r = post(client, "/api/doc/hunan-2021/reuse", {"id": seg["id"], "key": seg["key"], "from_doc": "hunan-2021",
                                                   "from_key": best["key"], "base": None, "editor": "Li Wei"})
    assert r.status_code == 422 and "cannot be carried over" in r.json()["error"]
    assert (seed / "translations/hunan-2021.jsonl").read_bytes() == before


# ---------------------------------------------------------------- watching

def test_the_checked_document_is_kept_until_an_input_changes(seed, monkeypatch):
    runs = []
    real = desk_docs.run_stages
    monkeypatch.setattr(desk_docs, "run_stages", lambda *a, **k: runs.append(1) or real(*a, **k))
    client = desk(seed)
    first = client.get("/api/doc/hunan-2021/segments").json()["segments"][0]
    client.get("/api/doc/hunan-2021/segments")
    client.get("/api/documents")
    assert len(runs) == 1

    # a review import (or a CLI build) writes the memory through the memory code, outside the desk
    with memory_transaction(seed / "translations/hunan-2021.jsonl") as mem:
        unit = mem.get(first["key"])
        mem.put(unit.__class__(unit.id, unit.key, unit.source, "Seen by the desk", "approved", "Import",
                               "2099-01-01T00:00:00Z", unit.history))
    seen = client.get("/api/doc/hunan-2021/segments").json()["segments"][0]
    assert (seen["en"], seen["unit"]["state"], seen["unit"]["by"]) == ("Seen by the desk", "approved", "Import")
    assert len(runs) == 2

    # the glossary: a term's English changed in the file
    tsv = seed / "glossary/names.tsv"
    tsv.write_text(tsv.read_text(encoding="utf-8").replace("Qinghai-Tibet Plateau", "Tibetan Plateau"), encoding="utf-8")
    spans = [p["target"] for s in client.get("/api/doc/hunan-2021/segments").json()["segments"] for p in s["spans"]]
    assert "Tibetan Plateau" in spans and "Qinghai-Tibet Plateau" not in spans
    assert len(runs) == 3


# ---------------------------------------------------------------- the machine draft

@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """A zh→en Argos package (small, random weights: fluent-looking nonsense) installed in a folder."""
    folder = tmp_path_factory.mktemp("packages")
    install_file(build_package(tmp_path_factory.mktemp("argos")), folder)
    return folder


def draft(client, seg) -> dict:
    return client.get("/api/doc/hunan-2021/draft", params={"id": seg["id"]}).json()


def test_the_machine_draft_comes_from_the_installed_model_with_terms_and_numbers_kept(seed, packages, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(packages))
    client = desk(seed)
    segs = client.get("/api/doc/hunan-2021/segments").json()["segments"]
    seg = next(s for s in segs if s["zh"].startswith("据统计，2021年1至11月"))
    first = draft(client, seg)
    assert first["available"] is True and first["engine"].startswith("argos:") and first["origin"] == "mt"
    # the model's words are random; the approved term and the figures come from the rules
    for must in ("industrial enterprises above designated size", "8.4 percent", "6.3 percent"):
        assert must in first["en"], (must, first["en"])
    again = draft(client, seg)  # the same segment again: the MT cache the build uses answers
    assert again["origin"] == "cache" and again["en"] == first["en"]
    draft(client, segs[1])
    assert client.app_state.drafter.opened == 1  # the engine is opened once and kept
    # taking the draft records where the English came from
    r = post(client, "/api/doc/hunan-2021/unit", {"id": seg["id"], "key": seg["key"], "en": first["en"],
                                                  "state": "needs-review", "editor": "Li Wei",
                                                  "via": f"MT draft ({first['engine']})",
                                                  "base": {k: seg["unit"][k] for k in ("at", "en", "state", "by")}})
    assert r.status_code == 200, r.text
    assert memory_unit(seed, seg["key"])["history"][-1]["from"] == f"desk (testclient); MT draft ({first['engine']})"


def test_without_a_model_the_desk_says_so_and_makes_up_nothing(seed, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "no-packages"))
    client = desk(seed)
    seg = client.get("/api/doc/hunan-2021/segments").json()["segments"][3]
    answer = draft(client, seg)
    assert answer["available"] is False and "en" not in answer
    assert "no-packages" in answer["why"]

    toml = seed / "bipub.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('engine = "auto"', 'engine = "memory"'), encoding="utf-8")
    assert draft(client, seg) == {"available": False, "why": 'bipub.toml [build] engine is "memory": no machine drafts'}

    toml.write_text(toml.read_text(encoding="utf-8").replace('engine = "memory"', 'engine = "pseudo"'), encoding="utf-8")
    answer = draft(client, seg)
    assert answer["available"] is False and "not a translation" in answer["why"]
