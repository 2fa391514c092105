"""The desk in a real browser: Playwright drives Debian's Chromium (never a downloaded one)
against the app served by uvicorn on 127.0.0.1, on a copy of the seed project.

open → filter → edit → approve → glossary edit → rebuild, then two editors at once;
afterwards the saved files are read: the memory's history and the glossary's diff.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_desk_api import seed_copy

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    import uvicorn

    from bipub.desk.app import create_app

    root = seed_copy(tmp_path_factory.mktemp("desk") / "seed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(root, port=port), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield root, f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def editor_page(browser, url, name):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    page.goto(url)
    page.fill("#editor", name)
    page.dispatch_event("#editor", "change")
    return page


def units(root: Path) -> dict:
    lines = (root / "translations/hunan-2021.jsonl").read_text(encoding="utf-8").splitlines()
    return {u["id"]: u for u in map(json.loads, lines)}


def test_an_editor_works_through_the_desk_without_the_mouse(served, browser):
    root, url = served
    glossary_before = (root / "glossary/names.tsv").read_text(encoding="utf-8").split("\n")
    page = editor_page(browser, url, "Li Wei")
    row = page.locator("#documents tbody tr", has_text="hunan-2021")
    assert "95" in row.inner_text()  # 95 reviewed segments
    row.get_by_role("button", name="Open").click()
    page.wait_for_selector(".seg.cur")

    # filter by a term: only segments holding 湖南 (Hunan)
    page.keyboard.press("/")
    page.keyboard.type("湖南")
    page.keyboard.press("Escape")
    sync_api.expect(page.locator("#count")).not_to_have_text("95 of 95")
    assert all("湖南" in z for z in page.locator(".seg .zh").all_inner_texts())

    # move down, edit, save with Ctrl+Enter
    page.locator("#segments").focus()
    page.keyboard.press("j")
    sid = page.locator(".seg.cur").get_attribute("data-id")
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    page.keyboard.type(" [checked]")
    page.keyboard.press("Control+Enter")
    sync_api.expect(page.locator("#status")).to_have_text(re.compile("^saved"))
    assert units(root)[sid]["en"].endswith(" [checked]")

    # approve with a key; the live page follows the segment
    page.locator("#segments").focus()
    page.keyboard.press("a")
    sync_api.expect(page.locator("#status")).to_have_text(re.compile("approved"))
    assert units(root)[sid]["state"] == "approved"
    # the live page reloads after the save; wait for it rather than reading it mid-load
    sync_api.expect(page.frame_locator("#page").locator(f"[id='{sid}']")).to_have_count(1, timeout=60_000)

    # the glossary: edit one term's note
    page.click("#tab-glossary")
    page.fill("#g-search", "Cao Na")
    page.locator("#terms tbody tr", has_text="Cao Na").get_by_role("button", name="Edit").click()
    page.fill("#g-form input[name=note]", "Author (byline), checked in the desk.")
    page.click("#g-form button[type=submit]")
    page.wait_for_selector("#g-result .ok")

    # rebuild from the desk
    page.click("#tab-documents")
    page.click("#build")
    sync_api.expect(page.locator("#build-status")).to_have_text(re.compile("^last build"), timeout=240_000)
    assert page.inner_text("#build-status") == "last build: done", page.inner_text("#build-summary")
    assert (root / "output/hunan-2021.html").is_file()

    unit = units(root)[sid]
    assert [(e["by"], e["action"], e["state"]) for e in unit["history"][-2:]] == [
        ("Li Wei", "desk-edit", "reviewed"), ("Li Wei", "desk-edit", "approved")]
    after = (root / "glossary/names.tsv").read_text(encoding="utf-8").split("\n")
    diff = [(a, b) for a, b in zip(glossary_before, after) if a != b]
    assert len(after) == len(glossary_before) and len(diff) == 1
    assert diff[0][1].endswith("\tAuthor (byline), checked in the desk.")


def test_two_editors_at_once_meet_a_conflict_not_a_loss(served, browser):
    root, url = served
    pages = [editor_page(browser, url + "#doc=hunan-2021", n) for n in ("Editor One", "Editor Two")]
    for p in pages:
        p.wait_for_selector(".seg.cur")
        p.locator("#segments").focus()
        p.keyboard.press("Enter")
        p.keyboard.press("Control+a")
    sid = pages[0].locator(".seg.cur").get_attribute("data-id")
    pages[0].keyboard.type("One's English.")
    pages[0].keyboard.press("Control+Enter")
    sync_api.expect(pages[0].locator("#status")).to_have_text(re.compile("^saved"))
    pages[1].keyboard.type("Two's English.")
    pages[1].keyboard.press("Control+Enter")
    box = pages[1].locator(".conflict")
    box.wait_for()
    assert "One's English." in box.inner_text() and "Two's English." in box.inner_text()
    assert units(root)[sid]["en"] == "One's English."
    box.get_by_role("button", name="Save mine over theirs").click()
    sync_api.expect(pages[1].locator("#status")).to_have_text(re.compile("^saved"))
    unit = units(root)[sid]
    assert unit["en"] == "Two's English." and unit["by"] == "Editor Two"
    assert unit["history"][-1]["was"] == "One's English."
