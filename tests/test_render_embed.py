"""What lets a portal host the fragment (bipub.render.embed, html.render_html options).

The browser side (width in flex/float/grid hosts, strict CSP) is tests/test_browser_hosts.py.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from bipub.findings import BipubError
from bipub.render import RenderOptions, render_html
from conftest import FIXTURES, run_bipub
from test_render_html import Tree, translated


def ids_and_refs(html: str) -> tuple[Counter, set]:
    ids = Counter(re.findall(r' id="([^"]+)"', html))
    refs = set(re.findall(r' (?:for|aria-labelledby)="([^"]+)"', html)) | set(re.findall(r' href="#([^"]+)"', html))
    return ids, refs


@pytest.mark.parametrize("prefix", ["", "bp-"])
def test_ids_are_unique_prefixed_and_every_reference_resolves(prefix):
    html = render_html(translated("mini"), RenderOptions(id_prefix=prefix), fragment=True)
    ids, refs = ids_and_refs(html)
    assert [i for i, n in ids.items() if n > 1] == []  # the contents no longer repeats the heading's ids
    assert all(i.startswith(prefix) for i in ids)
    assert refs <= set(ids), refs - set(ids)
    assert f'href="#{prefix}s2-h"' in html  # a contents entry links its heading
    if prefix:
        assert ' id="s1"' not in html and f' id="{prefix}s1"' in html


def test_an_id_prefix_that_is_not_a_name_is_refused():
    with pytest.raises(BipubError, match="id prefix"):
        render_html(translated("mini"), RenderOptions(id_prefix='x" onload="'), fragment=True)


def test_fragment_css_as_a_file_leaves_no_inline_style():
    html = render_html(translated("mini"), RenderOptions(fragment_css="file"), fragment=True)
    assert "<style" not in html and " style=" not in html
    assert '<link rel="stylesheet" href="mini.fragment.css">' in html


def test_the_page_has_one_main_and_one_h1():
    tree = Tree(render_html(translated("mini"), RenderOptions(), fragment=False))
    tags = [el["tag"] for el in tree.elements]
    assert tags.count("main") == 1 and tags.count("h1") == 1


def test_traditional_edition_labels_fonts_and_lang():
    html = render_html(translated("mini"), RenderOptions(variant="zh-Hant"), fragment=True)
    assert re.search(r'<div class="bipub" id="bipub-mini" lang="zh-Hant', html)
    assert "目錄" in html and "目录" not in html and "視圖" in html
    assert '"Noto Serif CJK TC"' in html and "CJK SC" not in html


def test_build_writes_the_stylesheet_beside_the_fragment(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    toml = project / "bipub.toml"
    toml.write_text(toml.read_text(encoding="utf-8")
                    + '[build]\nfragment_css = "file"\nid_prefix = "bp-"\nfragment_heading = 3\n', encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "fragment")
    assert r.returncode == 1 and "NOT publishable (pseudo)" in r.stdout, r.stderr  # the gate: a draft
    out = project / "output"
    frag = (out / "demo.fragment.html").read_text(encoding="utf-8")
    assert (out / "demo.fragment.css").read_text(encoding="utf-8").startswith("/* bipub reader")
    assert "<style" not in frag and 'id="bp-s1"' in frag and "<h3 class=\"bipub-title\"" in frag
    # the stylesheet is one of the writer's outputs: a build notices when it is gone and writes it again
    from bipub.render import WRITERS
    from bipub.report import outdated
    from bipub.project import Project

    opts = RenderOptions(fragment_css="file")
    assert WRITERS.get("fragment").outputs("demo", opts) == ["demo.fragment.html", "demo.fragment.css"]
    assert WRITERS.get("fragment").outputs("demo") == ["demo.fragment.html"]
    (out / "demo.fragment.css").unlink()
    assert outdated(Project.open(project))["demo"] == "output missing: output/demo.fragment.css"
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "fragment")
    assert (out / "demo.fragment.css").is_file(), r.stderr
