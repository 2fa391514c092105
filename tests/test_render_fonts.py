"""Fonts are checked before typesetting: a missing font stops the PDF with one line, never tofu, never a crash.

Each test runs ``bipub build`` with ``FONTCONFIG_FILE`` pointing at a fonts.conf
that shows fontconfig only some fonts, as on a server where the Noto CJK fonts
were never installed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import run_bipub

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
NOTO = Path("/usr/share/fonts/truetype/noto")
pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None or not DEJAVU.is_dir(),
                                reason="fontconfig and fonts-dejavu-core needed")


def fonts_env(tmp_path: Path, *dirs: Path) -> dict:
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>'
                    + "".join(f"<dir>{d}</dir>" for d in dirs)
                    + f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def test_no_cjk_font_stops_the_pdf_with_one_line(project, tmp_path):
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", env=fonts_env(tmp_path, DEJAVU))
    assert r.returncode == 1
    out = project / "output"
    assert not (out / "demo.pdf").exists()  # no PDF of boxes
    assert (out / "demo.html").exists() and (out / "demo.report.json").exists()  # the rest is built
    lines = [line for line in (r.stdout + r.stderr).splitlines() if "render.fonts-missing" in line]
    assert len(lines) == 1
    assert lines[0].startswith("output/demo.pdf: error render.fonts-missing: PDF not typeset: no installed font covers")
    assert "湖 U+6E56" in lines[0] or "and " in lines[0]
    assert "fonts-noto-cjk" in lines[0]
    report = json.loads((out / "demo.report.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"] if f["severity"] == "error"] == ["render.fonts-missing"]


def test_no_font_at_all_is_a_message_not_a_crash(project, tmp_path):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", env=fonts_env(tmp_path, empty))
    assert r.returncode == 1, (r.returncode, r.stderr[-500:])
    assert "render.fonts-missing" in r.stdout + r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.skipif(not NOTO_CJK.is_dir(), reason="fonts-noto-cjk not installed")
def test_a_rare_character_is_named_even_when_chinese_is_covered(project, tmp_path):
    """A rare ideograph (U+30000, CJK Extension G, as in some names) is in no Noto CJK font: named, not a box."""
    src = project / "source" / "demo.md"
    src.write_text(src.read_text(encoding="utf-8").replace("湖南全力", "湖南\U00030000全力"),
                   encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "pdf",
                  env=fonts_env(tmp_path, DEJAVU, NOTO_CJK))
    assert r.returncode == 1
    assert "no installed font covers 1 character of the document (\U00030000 U+30000)" in r.stdout + r.stderr


@pytest.mark.skipif(not NOTO_CJK.is_dir(), reason="fonts-noto-cjk not installed")
def test_with_the_fonts_the_pdf_is_typeset(project, tmp_path):
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "pdf",
                  env=fonts_env(tmp_path, DEJAVU, NOTO_CJK, NOTO))
    assert "render.fonts-missing" not in r.stdout + r.stderr and "NOT publishable (pseudo)" in r.stdout
    assert (project / "output" / "demo.pdf").stat().st_size > 10_000
