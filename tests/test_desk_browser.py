"""The desk in a real browser: Playwright drives Debian's Chromium (never a downloaded one)
against the app served by uvicorn on 127.0.0.1, on a copy of the seed project.

open → filter → edit → approve → glossary edit → rebuild, then two editors at once, then a
number-repaired suggestion applied and a machine draft (a small Argos package) taken; afterwards the saved files are read: the memory's history and
the glossary's diff.

Never flaky: nothing asynchronous is read once.  Every step waits (``expect``, generous timeouts)
for a state the page exposes when it is done — ``#segments[data-state=ready]``, the live page's
``#page[data-state=loaded]``, ``#terms[data-q]``, ``#detail[data-state=ready]`` — or for the text
the step ends with; the files are read only after the answer that wrote them has arrived.
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
from test_desk_suggest import NEXT_YEAR, SAME_FIGURES, add_paragraph, packages  # noqa: F401  (packages: a fixture)
from bipub.translate.packages import ENV_VAR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
expect = sync_api.expect
WAIT = 60_000  # ms: a loaded 2-core machine may be slow; a wait ends as soon as the state is there



@pytest.fixture(scope="module")
def served(tmp_path_factory):
    import uvicorn

    from bipub.desk.app import create_app

    root = seed_copy(tmp_path_factory.mktemp("desk") / "seed")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # the server gets this socket: no other process can take the port meanwhile
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(root, port=port), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the desk did not start within 60 s"
    yield root, f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        expect.set_options(timeout=WAIT)  # every wait below may take this long on a loaded machine
        yield b
        b.close()


def editor_page(browser, url, name):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(WAIT)
    page = ctx.new_page()
    page.goto(url)
    page.fill("#editor", name)
    page.dispatch_event("#editor", "change")
    if "#doc=" in url:
        expect(page.locator("#segments")).to_have_attribute("data-state", "ready", timeout=WAIT)
    else:
        expect(page.locator("#documents")).to_have_attribute("data-state", "ready", timeout=WAIT)
    return page


def live_page_shows(page, sid):
    """The live page has finished loading (after the last save) and holds segment ``sid``."""
    expect(page.locator("#page")).to_have_attribute("data-state", "loaded", timeout=WAIT)
    expect(page.frame_locator("#page").locator(f"[id='{sid}']")).to_have_count(1, timeout=WAIT)


def units(root: Path) -> dict:
    lines = (root / "translations/hunan-2021.jsonl").read_text(encoding="utf-8").splitlines()
    return {u["id"]: u for u in map(json.loads, lines)}


def test_an_editor_works_through_the_desk_without_the_mouse(served, browser):
    root, url = served
    glossary_before = (root / "glossary/names.tsv").read_text(encoding="utf-8").split("\n")
    page = editor_page(browser, url, "Li Wei")
    row = page.locator("#documents tbody tr", has_text="hunan-2021")
    expect(row.locator("td").nth(2)).to_have_text("95")  # 95 reviewed segments
    row.get_by_role("button", name="Open").click()
    expect(page.locator("#segments")).to_have_attribute("data-state", "ready", timeout=WAIT)
    expect(page.locator(".seg.cur")).to_have_count(1)

    # filter by a term: only segments holding 湖南 (Hunan)
    page.keyboard.press("/")
    page.keyboard.type("湖南")
    page.keyboard.press("Escape")
    expect(page.locator("#count")).not_to_have_text("95 of 95")
    expect(page.locator(".seg .zh").filter(has_not_text="湖南")).to_have_count(0)
    expect(page.locator(".seg .zh").first).to_contain_text("湖南")

    # move down, edit, save with Ctrl+Enter
    first = page.locator(".seg.cur").get_attribute("data-id")
    page.locator("#segments").focus()
    page.keyboard.press("j")
    expect(page.locator(".seg.cur")).not_to_have_attribute("data-id", first)
    sid = page.locator(".seg.cur").get_attribute("data-id")
    page.keyboard.press("Enter")
    expect(page.locator(".seg.cur textarea")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" [checked]")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#status")).to_have_text(re.compile("^saved"), timeout=WAIT)
    assert units(root)[sid]["en"].endswith(" [checked]")

    # approve with a key; the live page follows the segment
    expect(page.locator(".seg.cur")).to_have_attribute("data-id", sid)
    page.locator("#segments").focus()
    page.keyboard.press("a")
    expect(page.locator("#status")).to_have_text(re.compile(r"\(approved\)$"), timeout=WAIT)
    assert units(root)[sid]["state"] == "approved"
    live_page_shows(page, sid)

    # the glossary: edit one term's note
    page.click("#tab-glossary")
    page.fill("#g-search", "Cao Na")
    expect(page.locator("#terms")).to_have_attribute("data-q", "Cao Na", timeout=WAIT)
    page.locator("#terms tbody tr", has_text="Cao Na").get_by_role("button", name="Edit").click()
    page.fill("#g-form input[name=note]", "Author (byline), checked in the desk.")
    page.click("#g-form button[type=submit]")
    expect(page.locator("#g-result .ok")).to_have_count(1, timeout=WAIT)

    # rebuild from the desk
    page.click("#tab-documents")
    expect(page.locator("#documents")).to_have_attribute("data-state", "ready")
    expect(page.locator("#build")).to_be_enabled()
    page.click("#build")
    expect(page.locator("#build-status")).to_have_text(re.compile("^last build"), timeout=240_000)
    # the build has ended: its outcome no longer changes
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
        expect(p.locator(".seg.cur")).to_have_count(1)
        p.locator("#segments").focus()
        p.keyboard.press("Enter")
        expect(p.locator(".seg.cur textarea")).to_be_focused()
        p.keyboard.press("Control+a")
    sid = pages[0].locator(".seg.cur").get_attribute("data-id")
    expect(pages[1].locator(".seg.cur")).to_have_attribute("data-id", sid)
    pages[0].keyboard.type("One's English.")
    pages[0].keyboard.press("Control+Enter")
    expect(pages[0].locator("#status")).to_have_text(re.compile("^saved"), timeout=WAIT)
    pages[1].keyboard.type("Two's English.")
    pages[1].keyboard.press("Control+Enter")
    box = pages[1].locator(".conflict")
    expect(box).to_contain_text("One's English.", timeout=WAIT)
    expect(box).to_contain_text("Two's English.")
    assert units(root)[sid]["en"] == "One's English."
    box.get_by_role("button", name="Save mine over theirs").click()
    expect(pages[1].locator("#status")).to_have_text(re.compile("^saved"), timeout=WAIT)
    unit = units(root)[sid]
    assert unit["en"] == "Two's English." and unit["by"] == "Editor Two"
    assert unit["history"][-1]["was"] == "One's English."


def test_an_edit_of_a_sentence_changed_in_the_source_meanwhile_is_not_saved_and_kept_on_screen(served, browser):
    """The source is edited (a figure corrected) while the editor types the English of that sentence:
    the save is refused, the page says why and keeps the editor's English; nothing is written."""
    root, url = served
    src = root / "source/hunan-2021.md"
    page = editor_page(browser, url + "#doc=hunan-2021", "Li Wei")
    page.locator("#segments").focus()
    page.keyboard.press("/")
    page.keyboard.type("工业投资增长14.7%")
    page.keyboard.press("Escape")
    expect(page.locator("#count")).to_have_text(re.compile("^1 of "))
    sid = page.locator(".seg.cur").get_attribute("data-id")
    page.locator("#segments").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".seg.cur textarea")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("Industrial investment grew by 14.7 percent.")
    src.write_text(src.read_text(encoding="utf-8").replace("工业投资增长14.7%", "工业投资增长14.8%"), encoding="utf-8")
    memory_before = (root / "translations/hunan-2021.jsonl").read_bytes()
    page.keyboard.press("Control+Enter")
    box = page.locator(".seg.cur .conflict")
    expect(box).to_contain_text("changed in the source", timeout=WAIT)
    expect(box.locator(".mine")).to_contain_text("Industrial investment grew by 14.7 percent.")
    expect(box.get_by_role("button")).to_have_text(["Reload the document"])
    assert (root / "translations/hunan-2021.jsonl").read_bytes() == memory_before
    box.get_by_role("button", name="Reload the document").click()
    expect(page.locator("#count")).to_have_text(re.compile("^0 of "))  # the filter's old Chinese is gone
    page.fill("#f-term", "工业投资增长14.8%")
    page.dispatch_event("#f-term", "input")
    expect(page.locator(".seg.cur")).to_have_attribute("data-id", sid)


def test_a_sentence_with_new_figures_takes_the_old_english_with_them(served, browser):
    """The report repeats a sentence with next year's figures (added to the source while the desk
    is open): the suggestion is the old English with the new figures, applied with one click."""
    root, url = served
    add_paragraph(root, NEXT_YEAR)
    page = editor_page(browser, url + "#doc=hunan-2021", "Li Wei")
    page.locator("#segments").focus()
    page.keyboard.press("/")
    page.keyboard.type("2022年1至11月")
    page.keyboard.press("Escape")
    expect(page.locator("#count")).to_have_text(re.compile("^1 of "))
    sid = page.locator(".seg.cur").get_attribute("data-id")
    detail = page.locator("#detail")
    expect(detail).to_have_attribute("data-for", sid)
    expect(detail).to_have_attribute("data-state", "ready", timeout=WAIT)
    best = detail.locator(".sugg[data-figures=repaired]")
    expect(best).to_have_count(1)
    expect(best.locator(".label")).to_contain_text("2021年1至11月 → 2022年1至11月; 8.4% → 7.2%")
    expect(best.locator("[lang=en] .diff-ins")).to_have_text(["2022,", "7.2"])
    best.get_by_role("button", name="apply with the new figures (needs review)").click()
    expect(page.locator("#status")).to_have_text(re.compile("number-repaired"), timeout=WAIT)
    expect(page.locator(".seg.cur .id")).to_contain_text("needs-review")

    unit = units(root)[sid]
    assert unit["state"] == "needs-review" and "November 2022" in unit["en"] and "7.2 percent" in unit["en"]
    assert [(e["action"], e["by"]) for e in unit["history"][-2:]] == [("fuzzy-reuse", "Li Wei"), ("number-repair", "bipub")]
    live_page_shows(page, sid)


def test_a_similar_sentence_with_the_same_figures_is_applied_for_review(served, browser):
    """A sentence reworded but with the same figures: its suggestion is applied as it is, needs review."""
    root, url = served
    add_paragraph(root, SAME_FIGURES)
    page = editor_page(browser, url + "#doc=hunan-2021", "Li Wei")
    page.locator("#segments").focus()
    page.keyboard.press("/")
    page.keyboard.type("低于全国平均水平")
    page.keyboard.press("Escape")
    expect(page.locator("#count")).to_have_text(re.compile("^1 of "))
    sid = page.locator(".seg.cur").get_attribute("data-id")
    detail = page.locator("#detail")
    expect(detail).to_have_attribute("data-for", sid)
    expect(detail).to_have_attribute("data-state", "ready", timeout=WAIT)
    best = detail.locator(".sugg[data-figures=same]").first
    expect(best.locator(".diff-ins")).to_have_text(["低"])
    best.get_by_role("button", name="apply as it is (needs review)").click()
    expect(page.locator("#status")).to_have_text(re.compile(r"^saved .*\(needs-review, reused from "), timeout=WAIT)
    expect(page.locator(".seg.cur .id")).to_contain_text("needs-review")
    unit = units(root)[sid]
    assert unit["state"] == "needs-review" and "8.4 percent" in unit["en"]
    assert [(e["action"], e["by"]) for e in unit["history"]] == [("fuzzy-reuse", "Li Wei")]


def test_a_machine_draft_is_asked_for_and_taken(served, browser, packages, monkeypatch):
    root, url = served
    monkeypatch.setenv(ENV_VAR, str(packages))  # the desk's engine opens at the first request, in this process
    page = editor_page(browser, url + "#doc=hunan-2021", "Li Wei")
    page.locator("#segments").focus()
    page.keyboard.press("/")
    page.keyboard.type("青藏高原")
    page.keyboard.press("Escape")
    expect(page.locator("#count")).to_have_text(re.compile("^1 of "))
    sid = page.locator(".seg.cur").get_attribute("data-id")
    page.locator("#segments").focus()
    page.keyboard.press("m")
    mt = page.locator("#mt")
    expect(mt).to_have_attribute("data-state", "done", timeout=WAIT)
    expect(mt.locator("small")).to_contain_text("argos:")
    expect(mt.locator("[lang=en]")).to_contain_text("Qinghai-Tibet Plateau")  # the approved term, whatever the model says
    mt.get_by_role("button", name="use this draft").click()
    expect(page.locator(".seg.cur textarea")).to_have_value(re.compile("Qinghai-Tibet Plateau"))
    page.locator(".seg.cur textarea").press("Control+Enter")
    expect(page.locator("#status")).to_have_text(re.compile("^saved"), timeout=WAIT)
    event = units(root)[sid]["history"][-1]
    assert event["by"] == "Li Wei" and re.search(r"MT draft \(argos:", event["from"]), event
