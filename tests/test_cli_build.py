"""End to end: `bipub build` on a small project, outputs read back (PDF text and fonts, HTML, report)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import FIXTURES, run_bipub

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (scripts/setup)")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo project built once for the tests that only read its outputs."""
    project = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(FIXTURES / "project", project)
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", process=True)  # `python -m bipub`, end to end
    assert r.returncode == 1, r.stderr  # written, but pseudo text is never publishable (the publish gate)
    return project, r


def test_build_writes_every_output(built):
    project, r = built
    out = project / "output"
    assert sorted(p.name for p in out.iterdir()) == ["demo.fragment.html", "demo.html", "demo.pdf", "demo.report.json"]
    assert "segments: memory 0, cache 0, mt 0, pseudo" in r.stdout
    assert "untranslated 0" in r.stdout


def test_report_counts_and_findings(built):
    project, _ = built
    report = json.loads((project / "output" / "demo.report.json").read_text(encoding="utf-8"))
    n = report["counts"]["pseudo"]
    assert n > 5 and report["counts"]["untranslated"] == 0 and report["counts"]["memory"] == 0
    for f in report["findings"]:
        assert set(f) == {"code", "severity", "message", "file", "line"}


@needs_poppler
def test_pdf_has_both_languages_and_embedded_cjk_font(built):
    project, _ = built
    pdf = project / "output" / "demo.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "全力打造国家重要先进制造业高地。" in "".join(text.split())  # thin spaces and line breaks aside
    # glossary terms and numbers reach the English column even through the pseudo engine
    flat = " ".join(text.replace("\u2010\n", "").split())  # undo hyphenation at line ends
    assert "national hub of advanced manufacturing" in flat
    assert "1.148 trillion yuan" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts


def test_html_page_and_fragment(built):
    project, _ = built
    page = (project / "output" / "demo.html").read_text(encoding="utf-8")
    frag = (project / "output" / "demo.fragment.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert not re.search(r"<(html|head|body)[\s>]", frag, re.I)
    assert "湖南制造业发展纪实" in page and "湖南制造业发展纪实" in frag
    assert 'id="s2-b1' in frag  # an anchor per paragraph


def test_memory_engine_leaves_segments_untranslated_and_says_so(project):
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html")
    assert r.returncode == 1, r.stderr  # untranslated: not publishable
    assert "translate.untranslated" in r.stderr
    report = json.loads((project / "output" / "demo.report.json").read_text(encoding="utf-8"))
    assert report["counts"]["untranslated"] == sum(report["counts"].values())
    r = run_bipub("build", "-C", str(project), "--engine", "memory", "--format", "html", "--strict")
    assert r.returncode == 1


def test_an_edition_left_by_an_earlier_build_is_named_as_not_rebuilt(project):
    """Built as PDF and HTML, then the source changes and only the HTML is rebuilt: the PDF in output/
    still shows the old text and figures, so the build names it (a review file exported there is not an edition)."""
    out = project / "output"
    out.mkdir()
    for name in ("demo.pdf", "demo.zh-Hant.html", "demo.xlf"):
        (out / name).write_bytes(b"from an earlier build")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    stale = sorted(line for line in r.stderr.splitlines() if "build.stale-output" in line)
    assert [line.split(":")[0] for line in stale] == ["output/demo.pdf", "output/demo.zh-Hant.html"], r.stderr
    assert "not written by this build" in stale[0]
    report = json.loads((out / "demo.report.json").read_text(encoding="utf-8"))
    assert sum(f["code"] == "build.stale-output" for f in report["findings"]) == 2


# ---------------------------------------------------------------- errors: one line, exit code

def test_missing_required_key(project):
    (project / "bipub.toml").write_text("[build]\nengine = \"pseudo\"\n", encoding="utf-8")
    r = run_bipub("build", "-C", str(project))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"bipub: error: {project}/bipub.toml:1: missing required key [project] name: "
        "project name, shown in build output and PDF metadata (required)"]


def test_unreadable_source_names_file_and_line_and_other_documents_still_build(project):
    (project / "source" / "broken.md").write_bytes("第一行\n".encode() + "湖南".encode("gbk"))
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    assert r.returncode == 1
    assert "source/broken.md:2: error build.source-error: not UTF-8 (byte 10)" in r.stderr
    assert (project / "output" / "demo.html").is_file()
    assert not list((project / "output").glob("broken*"))


def test_unknown_option_is_a_usage_error(project):
    r = run_bipub("build", "-C", str(project), "--engin", "pseudo")
    assert r.returncode == 2
    assert "No such option '--engin'" in r.stderr


def test_config_that_is_not_utf8(project):
    (project / "bipub.toml").write_bytes(b'[project]\nname = "D\xff"\n')
    r = run_bipub("build", "-C", str(project))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"bipub: error: {project}/bipub.toml:2: not UTF-8 (byte 19); save it as UTF-8"]


def test_an_output_that_cannot_be_written_is_one_error_line(project):
    (project / "output" / "demo.pdf").mkdir(parents=True)
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "error build.write-error: cannot write" in r.stderr


def test_empty_format_list(project):
    r = run_bipub("build", "-C", str(project), "--format", "")
    assert r.returncode == 2 and "name at least one format" in r.stderr


def test_unknown_format(project):
    r = run_bipub("build", "-C", str(project), "--format", "odt")
    assert r.returncode == 2 and "unknown format 'odt'" in r.stderr


def test_not_a_project(tmp_path):
    r = run_bipub("build", "-C", str(tmp_path))
    assert r.returncode == 2
    assert "bipub.toml: not found" in r.stderr and "Traceback" not in r.stderr


def test_every_command_has_help():
    from click.testing import CliRunner

    from bipub.cli import main

    for args in (["--help"], ["build", "--help"], ["import", "--help"], ["glossary", "--help"],
                 ["glossary", "check", "--help"], ["glossary", "stats", "--help"], ["glossary", "import", "--help"],
                 ["glossary", "export", "--help"], ["models", "list", "--help"], ["models", "install", "--help"],
                 ["review", "export", "--help"], ["review", "import", "--help"], ["--version"]):
        r = CliRunner().invoke(main, args)  # in-process: the command tree, without a Python start per command
        assert r.exit_code == 0, (args, r.output)
    r = run_bipub("--version", process=True)  # and the entry point as a user runs it
    assert r.returncode == 0, r.stderr


def test_the_in_process_runner_gives_what_the_command_gives(project, tmp_path):
    """run_bipub runs the CLI in the test's process (fast); `python -m bipub` must answer the same:
    exit code, stdout and stderr, for a usage error, a refused project and a finished build."""
    for args in (["build", "-C", str(project), "--engin", "pseudo"], ["build", "-C", str(tmp_path)],
                 ["glossary", "check", "-C", str(project)]):
        inside, outside = run_bipub(*args), run_bipub(*args, process=True)
        assert (inside.returncode, inside.stdout, inside.stderr) == (
            outside.returncode, outside.stdout, outside.stderr), args
