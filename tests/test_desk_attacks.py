"""The desk against hostile input: links out of the project, malformed requests, tricky headers."""

from __future__ import annotations

import json
import warnings

import pytest

from bipub.desk.app import create_app
from test_desk_api import BASE, edit, first_segment, post, seed_copy

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

SECRET = "机密：内部数据1234亿元"


@pytest.fixture
def seed(tmp_path):
    return seed_copy(tmp_path / "seed")


@pytest.fixture
def client(seed):
    app = create_app(seed, port=8765)
    c = TestClient(app, base_url=BASE)
    c.csrf = app.state.csrf
    return c


@pytest.fixture
def outside(tmp_path):
    d = tmp_path / "outside"
    d.mkdir()
    (d / "secret.md").write_text(f'+++\ntitle = "机密"\n+++\n\n{SECRET}。\n', encoding="utf-8")
    (d / "memory.jsonl").write_text(json.dumps({"id": "s1-b1-1", "key": "k", "zh": SECRET, "en": "Secret 123.4 billion",
                                                "state": "approved"}, ensure_ascii=False) + "\n", encoding="utf-8")
    (d / "terms.tsv").write_text(f"zh\ten\n机密\t{SECRET}\n", encoding="utf-8")
    return d


# ---------------------------------------------------------------- links out of the project

def test_a_source_linking_outside_the_project_is_listed_as_refused_and_never_served(client, seed, outside):
    (seed / "source/leak.md").symlink_to(outside / "secret.md")
    listed = {d["name"]: d for d in client.get("/api/documents").json()["documents"]}
    assert "link to a file outside the project" in listed["leak"]["refused"]
    assert listed["hunan-2021"].get("refused") is None
    for url in ("/api/doc/leak/segments", "/doc/leak/page", "/doc/leak/pdf", "/api/doc/leak/draft?id=s1-b1-1"):
        r = client.get(url)
        assert r.status_code == 422 and SECRET not in r.text, url
    assert SECRET not in client.get("/api/documents").text


def test_a_memory_linking_outside_is_neither_read_nor_written(client, seed, outside):
    memory = seed / "translations/hunan-2021.jsonl"
    memory.unlink()
    memory.symlink_to(outside / "memory.jsonl")
    before = (outside / "memory.jsonl").read_bytes()
    r = client.get("/api/doc/hunan-2021/segments")
    assert r.status_code == 422 and "translations/hunan-2021.jsonl is a link" in r.json()["error"]
    seg = {"id": "s0-title-1", "key": "e17450543600", "en": "x", "state": "reviewed", "base": None, "editor": "Li"}
    assert post(client, "/api/doc/hunan-2021/unit", seg).status_code == 422
    assert memory.is_symlink() and (outside / "memory.jsonl").read_bytes() == before


def test_a_memory_linking_outside_gives_no_suggestions(client, seed, outside):
    (seed / "source/other.md").write_text("+++\ntitle = \"其他\"\n+++\n\n正文。\n", encoding="utf-8")
    (seed / "translations/other.jsonl").symlink_to(outside / "memory.jsonl")
    r = client.get("/api/doc/hunan-2021/suggest", params={"key": "x", "zh": SECRET})
    assert r.status_code == 200 and r.json()["memory"] == []


def test_a_glossary_file_linking_outside_is_not_offered_nor_edited(client, seed, outside):
    (seed / "glossary/leak.tsv").symlink_to(outside / "terms.tsv")
    answer = client.get("/api/glossary").json()
    assert "leak.tsv" not in answer["files"] and SECRET not in json.dumps(answer, ensure_ascii=False)
    new = {"zh": "产业基础", "en": "industrial foundations", "status": "approved", "type": "term"}
    r = post(client, "/api/glossary", {"file": "leak.tsv", "line": 2, "base": "guess", "term": new})
    assert r.status_code == 422 and SECRET not in r.text
    assert (seed / "glossary/leak.tsv").is_symlink()
