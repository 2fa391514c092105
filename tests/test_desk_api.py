"""The desk's HTTP API (Starlette's TestClient): the guard, and edits that never lose work."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from bipub.desk.app import create_app

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8765"


def seed_copy(dest: Path) -> Path:
    """The repository's own seed project (source, glossary, memory) in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "bipub.toml", dest)
    for d in ("source", "glossary", "translations"):
        shutil.copytree(REPO / d, dest / d)
    return dest


@pytest.fixture
def seed(tmp_path) -> Path:
    return seed_copy(tmp_path / "seed")


@pytest.fixture
def client(seed):
    app = create_app(seed, port=8765)
    c = TestClient(app, base_url=BASE)
    c.csrf = app.state.csrf
    return c


def post(client, url, body, **headers):
    return client.post(url, json=body, headers={"X-CSRF-Token": client.csrf, **headers})


def first_segment(client):
    return client.get("/api/doc/hunan-2021/segments").json()["segments"][0]


def edit(seg, en, state="reviewed", editor="Li Wei", base="as loaded"):
    u = seg["unit"]
    if base == "as loaded":
        base = {k: u[k] for k in ("at", "en", "state", "by")} if u else None
    return {"id": seg["id"], "key": seg["key"], "en": en, "state": state, "base": base, "editor": editor}


# ---------------------------------------------------------------- the guard

def test_a_foreign_host_header_is_refused(client):
    assert client.get("/api/documents", headers={"host": "attacker.example:8765"}).status_code == 400
    assert client.get("/api/documents", headers={"host": "localhost:8765"}).status_code == 200


def test_a_write_without_the_csrf_token_is_refused_and_nothing_is_written(client, seed):
    before = (seed / "translations/hunan-2021.jsonl").read_bytes()
    seg = first_segment(client)
    assert client.post("/api/doc/hunan-2021/unit", json=edit(seg, "X")).status_code == 403
    assert post(client, "/api/doc/hunan-2021/unit", edit(seg, "X"), **{"X-CSRF-Token": "guess"}).status_code == 403
    assert (seed / "translations/hunan-2021.jsonl").read_bytes() == before


def test_a_write_from_another_origin_is_refused(client):
    seg = first_segment(client)
    r = post(client, "/api/doc/hunan-2021/unit", edit(seg, "X"), Origin="http://attacker.example")
    assert r.status_code == 403


def test_the_token_is_needed_on_every_request_and_kept_in_a_cookie(seed):
    app = create_app(seed, host="10.0.0.5", port=9000, token="s3cret-token")
    c = TestClient(app, base_url="http://10.0.0.5:9000")
    assert c.get("/api/documents").status_code == 401
    assert c.get("/api/documents", headers={"Authorization": "Bearer wrong"}).status_code == 401
    first = c.get("/?token=s3cret-token")
    assert first.status_code == 200 and "bipub_desk_token" in first.headers["set-cookie"]
    assert c.get("/api/documents").status_code == 200  # the cookie carries it now
    assert TestClient(app, base_url="http://127.0.0.1:9000").get("/?token=s3cret-token").status_code == 400


def test_the_page_embeds_the_csrf_token_and_forbids_inline_script(client):
    r = client.get("/")
    assert f'content="{client.csrf}"' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]


# ---------------------------------------------------------------- reading

def test_documents_show_review_progress(client):
    doc = client.get("/api/documents").json()["documents"][0]
    assert doc["name"] == "hunan-2021"
    assert sum(doc["progress"].values()) == 95 and doc["progress"]["reviewed"] > 0


def test_segments_carry_term_and_number_spans(client):
    segs = client.get("/api/doc/hunan-2021/segments").json()["segments"]
    kinds = {p["kind"] for s in segs for p in s["spans"]}
    assert kinds == {"term", "number"}
    s = next(s for s in segs if any(p["ref"] == "青藏高原" for p in s["spans"]))
    span = next(p for p in s["spans"] if p["ref"] == "青藏高原")
    assert s["zh"][span["start"]:span["end"]] == "青藏高原" and span["target"] == "Qinghai-Tibet Plateau"


def test_an_unknown_document_is_404(client):
    assert client.get("/api/doc/..%2Fbipub/segments").status_code == 404


# ---------------------------------------------------------------- writing

def test_an_edit_is_saved_with_its_history(client, seed):
    seg = first_segment(client)
    r = post(client, "/api/doc/hunan-2021/unit", edit(seg, "Industry and IT Add Luster", "approved"))
    assert r.status_code == 200, r.text
    line = next(json.loads(x) for x in (seed / "translations/hunan-2021.jsonl").read_text().splitlines()
                if json.loads(x)["key"] == seg["key"])
    assert line["en"] == "Industry and IT Add Luster" and line["state"] == "approved" and line["by"] == "Li Wei"
    ev = line["history"][-1]
    assert ev["action"] == "desk-edit" and ev["was"] == seg["en"] and ev["from"] == "desk (testclient)"


def test_a_stale_edit_is_a_conflict_with_both_versions(client, seed):
    seg = first_segment(client)
    assert post(client, "/api/doc/hunan-2021/unit", edit(seg, "First editor's English")).status_code == 200
    r = post(client, "/api/doc/hunan-2021/unit", edit(seg, "Second editor's English", editor="Wang Fang"))
    assert r.status_code == 409
    assert r.json()["theirs"]["en"] == "First editor's English"
    assert r.json()["mine"]["en"] == "Second editor's English"
    assert "First editor's English" in (seed / "translations/hunan-2021.jsonl").read_text()


def test_an_edit_without_a_name_is_refused(client):
    seg = first_segment(client)
    assert post(client, "/api/doc/hunan-2021/unit", edit(seg, "x", editor=" ")).status_code == 422


def test_a_cli_change_made_while_the_desk_is_open_is_seen(client, seed):
    seg = first_segment(client)
    path = seed / "translations/hunan-2021.jsonl"
    path.write_text(path.read_text().replace(seg["en"], "Changed by a review import"), encoding="utf-8")
    assert first_segment(client)["en"] == "Changed by a review import"


# ---------------------------------------------------------------- glossary

def term(client, zh):
    return next(t for t in client.get("/api/glossary").json()["terms"] if t["zh"] == zh)


def test_a_glossary_edit_changes_one_line_of_the_house_file(client, seed):
    path = seed / "glossary/programmes.tsv"
    before = path.read_text().split("\n")
    t = term(client, "两个一百年奋斗目标")
    body = {"file": t["file"], "line": t["line"], "base": t["base"], "old_en": t["en"],
            "term": {**{k: t[k] for k in ("zh", "variants", "forbidden", "status", "type", "note")},
                     "en": "Two Centenary Goals (edited)"}}
    r = post(client, "/api/glossary", body)
    assert r.status_code == 200, r.text
    after = path.read_text().split("\n")
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(after) == len(before) and changed == [t["line"] - 1]
    assert after[t["line"] - 1].split("\t")[1] == "Two Centenary Goals (edited)"
    assert r.json()["old_renderings"], "the reviewed unit with the old rendering is named"
    assert post(client, "/api/glossary", body).status_code == 409  # the same edit again: based on the old line


def test_a_new_term_is_appended_and_a_bad_one_refused(client, seed):
    path = seed / "glossary/field.tsv"
    before = path.read_text()
    new = {"zh": "产业基础", "en": "industrial foundations", "status": "approved", "type": "term"}
    r = post(client, "/api/glossary", {"file": "field.tsv", "line": None, "term": new})
    assert r.status_code == 200, r.text
    assert path.read_text() == before + "产业基础\tindustrial foundations\t\t\tapproved\tterm\t\n"
    bad = post(client, "/api/glossary", {"file": "field.tsv", "line": None, "term": {**new, "en": ""}})
    assert bad.status_code == 422
    outside = post(client, "/api/glossary", {"file": "../bipub.toml", "line": None, "term": new})
    assert outside.status_code == 422


def test_the_publish_gate_of_the_last_build_is_shown(client, seed):
    assert client.get("/api/documents").json()["documents"][0]["gate"]["why"] == "not built yet"
    (seed / "output").mkdir(exist_ok=True)
    (seed / "output/hunan-2021.report.json").write_text(json.dumps({"publishable": False, "reasons": [
        {"code": "needs-review", "count": 2, "message": "2 segments need review"}]}), encoding="utf-8")
    gate = client.get("/api/documents").json()["documents"][0]["gate"]
    assert gate == {"built": True, "publishable": False, "why": "2 segments need review"}
