"""The portal fragment in the host layouts portals use, measured in headless Chromium (Playwright).

Each host page puts the fragment where a CMS template would: the only child of a
``display:flex`` row that does not grow, inside a float, a grid cell sized to its
content, and a page served with a strict Content-Security-Policy
(``style-src 'self'``: no ``<style>``, no ``style=""``) using ``fragment_css = "file"``.
At 390 and 1280 px the fragment must be at least 90% as wide as its container,
show both languages and not make the page scroll sideways.

The pages are served by a local HTTP server (the CSP is a response header, as a
portal sends it); one browser (conftest's ``browser``) serves the whole module.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import threading
from pathlib import Path

import pytest

from bipub.render import RenderOptions, render_html
from bipub.render.html import css_text
from bipub.source.parse import parse_path
from bipub.text.normalize import has_chinese
from bipub.translate.pseudo import pseudo_translate

SEED = Path(__file__).parent.parent / "source" / "hunan-2021.md"  # a real report: paragraphs as long as real ones

playwright = pytest.importorskip("playwright.sync_api")

CSP = "default-src 'none'; style-src 'self'; img-src data:"
HOSTS = {  # host CSS (a file: the CSP page may load nothing inline), and the markup around the fragment
    "flex": ".host { display: flex; gap: 12px; }", 
    "float": ".host { float: left; } .after { clear: both; }",
    "grid": ".host { display: grid; justify-items: start; }",
    "csp": ".host { display: flex; }",
}
PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="host-{name}.css"><title>Portal</title></head>'
        '<body><header id="s1">Portal header (id s1, as a host might have)</header>'
        '<div class="content" id="content"><div class="host">{fragment}</div><p class="after">Portal footer</p></div>'
        '</body></html>')


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        if "csp" in self.path:
            self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hosts")
    doc = parse_path(SEED).document.map_segments(
        lambda s: dataclasses.replace(s, target=pseudo_translate(s.source), origin="pseudo"))
    inline = render_html(doc, RenderOptions(id_prefix="bp-"), fragment=True)
    linked = render_html(doc, RenderOptions(id_prefix="bp-", fragment_css="file"), fragment=True)
    (root / "hunan-2021.fragment.css").write_text(css_text("web.css", RenderOptions()), encoding="utf-8")
    for name, css in HOSTS.items():
        (root / f"host-{name}.css").write_text("body { margin: 8px; }\n" + css, encoding="utf-8")
        frag = linked if name == "csp" else inline
        (root / f"{name}.html").write_text(PAGE.format(name=name, fragment=frag), encoding="utf-8")
    # a browser without :has() (before Chrome 105, Safari 15.4, Firefox 121), or a sanitizer that drops it: the same
    # stylesheet with :has( renamed to a pseudo-class no browser knows, so Chromium drops those rules and answers
    # @supports selector(:has(*)) with no, exactly as an old browser does
    (root / "nohas").mkdir()
    old = css_text("web.css", RenderOptions()).replace(":has(", ":bipub-unknown(")
    (root / "nohas" / "hunan-2021.fragment.css").write_text(old, encoding="utf-8")
    (root / "nohas" / "host-nohas.css").write_text("body { margin: 8px; }\n" + HOSTS["flex"], encoding="utf-8")
    (root / "nohas" / "page.html").write_text(PAGE.format(name="nohas", fragment=linked), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


MEASURE = """async () => {
  await document.fonts.ready;  // laid out with its final fonts
  const root = document.querySelector('.bipub'), box = document.getElementById('content');
  const row = root.querySelector('.bipub-p'), zh = row.querySelector('.bipub-zh'), en = row.querySelector('.bipub-en');
  const r = el => { const b = el.getBoundingClientRect(); return {left: b.left, top: b.top, width: b.width, height: b.height}; };
  return {root: r(root), container: box.clientWidth, zh: r(zh), en: r(en),
          zhText: zh.innerText, enText: en.innerText, fontSize: getComputedStyle(en).fontSize,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("host", list(HOSTS))
def test_fragment_keeps_its_width_in_the_host_layout(browser, site, host, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{site}/{host}.html")
    m = page.evaluate(MEASURE)
    page.close()
    assert m["root"]["width"] >= 0.9 * min(m["container"], 1180), m
    assert m["zh"]["width"] > 250 and m["en"]["width"] > 250 and m["zh"]["height"] > 0 and m["en"]["height"] > 0, m
    assert has_chinese(m["zhText"]) and not has_chinese(m["enText"]) and len(m["enText"]) > 40
    assert m["overflow"] <= 0, m
    assert m["fontSize"] == "17px"  # bipub's own stylesheet applies (under the CSP too: loaded as a file)
    if width == 1280:
        assert m["en"]["left"] >= m["zh"]["left"] + m["zh"]["width"] - 1, "side by side when wide"
    else:
        assert m["en"]["top"] >= m["zh"]["top"] + m["zh"]["height"] - 1, "stacked on a phone"
    assert violations == []


def expect_shown(page, *, zh: bool, en: bool) -> None:
    """The first paragraph shows (or hides) each language: waits for it (a reload, a click), never reads once."""
    row = page.locator(".bipub-p").first
    for lang, shown in (("zh", zh), ("en", en)):
        cell = playwright.expect(row.locator(f".bipub-{lang}"))
        (cell.to_be_visible if shown else cell.to_be_hidden)(timeout=30_000)


def test_a_view_is_linkable_through_the_url_fragment_and_survives_a_reload(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/flex.html#bp-bipub-hunan-2021-view-en")
    expect_shown(page, zh=False, en=True)  # English only, from the link, no script
    page.reload()
    expect_shown(page, zh=False, en=True)
    page.click("label.bipub-l-zh")  # the reader's choice wins over the link
    expect_shown(page, zh=True, en=False)
    page.goto(f"{site}/flex.html")
    expect_shown(page, zh=True, en=True)
    page.close()


def test_without_has_the_default_view_shows_both_languages_and_a_linked_view_still_works(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    switcher = "() => document.querySelector('.bipub-views').offsetHeight"
    page.goto(f"{site}/nohas/page.html")
    assert page.evaluate("() => CSS.supports('selector(:bipub-unknown(*))')") is False
    expect_shown(page, zh=True, en=True)  # nothing hides a language without :has()
    assert page.evaluate(switcher) == 0  # radios that could not switch are not offered
    assert page.evaluate("() => getComputedStyle(document.querySelector('.bipub')).fontSize") == "17px"
    page.goto(f"{site}/nohas/page.html#bp-bipub-hunan-2021-view-en")
    expect_shown(page, zh=False, en=True)  # a linked view works through :target alone
    page.close()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/flex.html")  # the same fragment where :has() works: the switcher is there
    expect_shown(page, zh=True, en=True)
    assert page.evaluate(switcher) > 0
    page.close()
