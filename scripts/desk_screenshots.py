"""Take the screenshots of docs/desk.md (docs/img/desk-*.png) with Playwright and Debian's Chromium.

    .venv/bin/python scripts/desk_screenshots.py          (from the repository root)

It serves the desk on 127.0.0.1 (a free port) on a temporary copy of the seed project to which the
report's sentence of s2-b11-2 is added with next year's figures, so the segment view shows a
number-repaired suggestion; nothing of the repository is written except the three images.  Every
step waits for the state the page exposes when it is done (``data-state``), never a fixed time.
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import expect, sync_playwright

from bipub.desk.app import create_app

REPO = Path(__file__).resolve().parent.parent
IMG = REPO / "docs/img"
NEXT_YEAR = "据统计，2022年1至11月，全省规模工业增加值同比增长7.2%，两年平均增长6.3%，高于全国平均水平，居十个经济大省第5位；"
WAIT = 60_000


def seed_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy(REPO / "bipub.toml", dest)
    for d in ("source", "glossary", "translations"):
        shutil.copytree(REPO / d, dest / d)
    src = dest / "source/hunan-2021.md"
    src.write_text(src.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + NEXT_YEAR + "\n", encoding="utf-8")
    return dest


def serve(root: Path) -> tuple[uvicorn.Server, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(root, port=port), log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        sys.exit("the desk did not start within 60 s")
    return server, f"http://127.0.0.1:{port}/"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server, url = serve(seed_copy(Path(tmp) / "seed"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 760})
            page.set_default_timeout(WAIT)
            expect.set_options(timeout=WAIT)
            page.goto(url)
            page.fill("#editor", "Li Wei")
            expect(page.locator("#documents")).to_have_attribute("data-state", "ready")
            page.screenshot(path=IMG / "desk-documents.png")

            page.locator("#documents tbody tr", has_text="hunan-2021").get_by_role("button", name="Open").click()
            expect(page.locator("#segments")).to_have_attribute("data-state", "ready")
            page.fill("#f-term", "1至11月")
            page.dispatch_event("#f-term", "input")
            expect(page.locator("#count")).to_have_text("2 of 96")
            page.locator(".seg").nth(1).click()
            detail = page.locator("#detail")
            expect(detail).to_have_attribute("data-state", "ready")
            expect(detail.locator(".sugg[data-figures=repaired]")).to_have_count(1)
            expect(page.locator("#page")).to_have_attribute("data-state", "loaded")
            detail.locator(".sugg").first.scroll_into_view_if_needed()
            page.screenshot(path=IMG / "desk-segments.png")

            page.click("#tab-glossary")
            page.fill("#g-search", "规模")
            expect(page.locator("#terms")).to_have_attribute("data-q", "规模")
            page.screenshot(path=IMG / "desk-glossary.png")
            browser.close()
        server.should_exit = True
    print("written:", *(f"docs/img/desk-{n}.png" for n in ("documents", "segments", "glossary")))


if __name__ == "__main__":
    main()
