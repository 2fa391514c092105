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


# ---------------------------------------------------------------- malformed requests

def raw_post(client, url, content: bytes):
    return client.post(url, content=content, headers={"X-CSRF-Token": client.csrf, "content-type": "application/json"})


@pytest.mark.parametrize("content", [b"{", b"[]", b"null", b'"x"', b'{"id": NaN}', b"[" * 50_000 + b"]" * 50_000],
                         ids=["cut", "list", "null", "string", "nan", "deep"])
def test_a_body_that_is_no_json_object_is_a_400_with_why(client, content):
    for url in ("/api/doc/hunan-2021/unit", "/api/glossary"):
        r = raw_post(client, url, content)
        assert r.status_code == 400 and r.json()["error"], (url, r.text)


def test_a_huge_body_is_refused_before_it_is_read(client, seed):
    before = (seed / "translations/hunan-2021.jsonl").read_bytes()
    seg = first_segment(client)
    r = post(client, "/api/doc/hunan-2021/unit", edit(seg, "x" * 2_000_000))
    assert r.status_code == 413
    assert (seed / "translations/hunan-2021.jsonl").read_bytes() == before


def test_a_field_of_the_wrong_type_is_a_400_never_stored_as_text(client, seed):
    seg = first_segment(client)
    for bad in ({"en": ["Industry and IT"]}, {"base": "yesterday"}, {"id": [seg["id"]]}, {"editor": {"name": "Li"}}):
        r = post(client, "/api/doc/hunan-2021/unit", {**edit(seg, "Industry and IT"), **bad})
        assert r.status_code == 400, (bad, r.text)
    assert "['Industry" not in (seed / "translations/hunan-2021.jsonl").read_text(encoding="utf-8")
    new = {"zh": "产业基础", "en": "industrial foundations", "status": "approved", "type": "term"}
    for bad in ({"line": "3"}, {"line": 0}, {"line": True}, {"term": [new]}, {"term": {**new, "zh": ["产业基础"]}}):
        r = post(client, "/api/glossary", {"file": "field.tsv", "line": None, "term": new, **bad})
        assert r.status_code == 400, (bad, r.text)


def test_a_tab_or_line_break_pasted_into_a_glossary_field_is_refused_not_turned_into_a_space(client, seed):
    before = (seed / "glossary/field.tsv").read_bytes()
    for bad in ({"zh": "国内生产总值\tGDP"}, {"en": "gross domestic\nproduct"}, {"note": "line one\u2028line two"}):
        term = {"zh": "国内生产总值", "en": "GDP", "status": "approved", "type": "term", **bad}
        r = post(client, "/api/glossary", {"file": "field.tsv", "line": None, "term": term})
        assert r.status_code == 422 and "tab or a line break" in r.json()["error"], r.text
    assert (seed / "glossary/field.tsv").read_bytes() == before


# ---------------------------------------------------------------- headers

@pytest.mark.parametrize("hosts", [["127.0.0.1:8765", "attacker.example:8765"],
                                   ["attacker.example:8765", "127.0.0.1:8765"]], ids=["good-first", "bad-first"])
def test_a_request_with_two_host_headers_is_refused(client, hosts):
    """The guard does not rely on the HTTP server (h11 refuses two Hosts; another server may not)."""
    r = client.get("/api/documents", headers=[("host", h) for h in hosts])
    assert r.status_code == 400


def test_another_site_may_link_to_the_desk_but_not_make_it_work(client):
    """A hostile page's ``<img src=.../pdf>`` or ``fetch(.../draft)`` carries the desk's own Host (the
    browser goes to the desk): the browser's ``Sec-Fetch-Site`` says it comes from another site."""
    cross = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}
    assert client.get("/doc/hunan-2021/pdf", headers=cross).status_code == 403
    assert client.get("/api/doc/hunan-2021/draft?id=s1-b1-1", headers={**cross, "Sec-Fetch-Mode": "cors"}).status_code == 403
    assert client.get("/api/documents", headers={**cross, "Sec-Fetch-Site": "same-site"}).status_code == 403
    assert client.get("/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}).status_code == 200
    same = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}
    assert client.get("/api/documents", headers=same).status_code == 200


# ---------------------------------------------------------------- serving

@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_serving_on_every_interface_is_refused_at_start_with_what_to_give(seed, host):
    """Browsers would send the machine's own address as Host, which the guard cannot know: every
    request would be a 400.  The desk says so when it starts instead."""
    from bipub.findings import ConfigError

    with pytest.raises(ConfigError, match="the address the newsroom types"):
        create_app(seed, host=host, port=9000, token="0123456789abcdef")


@pytest.mark.parametrize("token", ["my secret", "a+b+c+d+e+f+g", "a;bcdefghijkl", "secret"])
def test_a_token_that_would_not_survive_the_url_or_cookie_or_is_short_is_refused(seed, token):
    from bipub.findings import ConfigError

    with pytest.raises(ConfigError, match="--token"):
        create_app(seed, host="10.0.0.5", port=9000, token=token)


# ---------------------------------------------------------------- document names

def test_a_document_with_a_chinese_name_gets_its_pdf(seed, monkeypatch):
    """``source/政府工作报告.md``: the PDF's Content-Disposition names it in UTF-8 (RFC 6266); a header is
    Latin-1, so the name as it is made a 500.  (The typesetting itself is not what is tested here.)"""
    from bipub.desk import api

    monkeypatch.setattr(api, "_render", lambda proj, watch, name, writer, suffix: b"%PDF-1.7 " + name.encode())
    (seed / "source/政府工作报告.md").write_text('+++\ntitle = "政府工作报告"\n+++\n\n国内生产总值增长5%。\n',
                                            encoding="utf-8")
    c = TestClient(create_app(seed, port=8765), base_url=BASE)
    r = c.get("/doc/%E6%94%BF%E5%BA%9C%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A/pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-disposition"] == ("inline; filename=\"______.pdf\"; "
                                                "filename*=UTF-8''%E6%94%BF%E5%BA%9C%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A.pdf")


# ---------------------------------------------------------------- files as editors keep them

def test_a_glossary_file_saved_on_windows_keeps_its_crlf_line_ends(client, seed):
    """Every byte but the edited line stays as it was: a CRLF file is neither turned LF nor mixed."""
    path = seed / "glossary/field.tsv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes().split(b"\r\n")
    t = next(t for t in client.get("/api/glossary").json()["terms"] if t["file"] == "field.tsv")
    body = {"file": "field.tsv", "line": t["line"], "base": t["base"], "old_en": t["en"],
            "term": {**{k: t[k] for k in ("zh", "en", "variants", "forbidden", "status", "type")}, "note": "checked"}}
    assert post(client, "/api/glossary", body).status_code == 200
    new = {"zh": "产业基础", "en": "industrial foundations", "status": "approved", "type": "term"}
    assert post(client, "/api/glossary", {"file": "field.tsv", "line": None, "term": new}).status_code == 200
    after = path.read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")
    rows = after.split(b"\r\n")
    assert [i for i, (a, b) in enumerate(zip(before[:-1], rows)) if a != b] == [t["line"] - 1]
    assert rows[t["line"] - 1].endswith(b"\tchecked") and rows[-2:] == [
        "产业基础\tindustrial foundations\t\t\tapproved\tterm\t".encode(), b""]


@pytest.mark.parametrize("pasted", ["\x0b", "\x00", "\u202e", "\ufeff"], ids=["word-line-break", "nul", "rlo", "bom"])
def test_english_pasted_with_invisible_control_characters_is_refused_naming_them(client, seed, pasted):
    """Word's manual line break (U+000B), a NUL, a right-to-left override (it shows 2021 as 1202 in the
    published page): refused with the character named, nothing stored and nothing silently removed."""
    before = (seed / "translations/hunan-2021.jsonl").read_bytes()
    seg = first_segment(client)
    r = post(client, "/api/doc/hunan-2021/unit", edit(seg, f"In 2021{pasted}, industry grew."))
    assert r.status_code == 422 and f"U+{ord(pasted):04X}" in r.json()["error"]
    assert (seed / "translations/hunan-2021.jsonl").read_bytes() == before
