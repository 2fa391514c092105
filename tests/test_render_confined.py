"""Nothing leaves the project: a build reads only project files and makes no network request.

A figure may name any path; ``bipub build`` reads it only when the real file
(symlinks followed) is inside the project.  Anything else is a finding with the
source's file and line, and the figure is set with its caption alone.  An SVG
figure that links to ``http://…`` is typeset without a single request.
"""

from __future__ import annotations

import base64
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

from conftest import run_bipub

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
SECRET = "BIPUB-SECRET-" + "x" * 20


def source(*figures: str) -> str:
    body = "\n\n".join(f"![图{i}](<{src}> \"摄\")" for i, src in enumerate(figures, 1))
    return f'+++\ntitle = "测试"\n+++\n\n湖南全力打造国家重要先进制造业高地。\n\n{body}\n'


def build(project, *figures, fmt="html,pdf"):
    (project / "source" / "demo.md").write_text(source(*figures), encoding="utf-8")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", fmt)
    report = json.loads((project / "output" / "demo.report.json").read_text(encoding="utf-8"))
    return r, report


def outputs(project) -> bytes:
    return b"".join(p.read_bytes() for p in (project / "output").iterdir())


def test_figures_outside_the_project_are_refused_with_file_and_line(project, tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG + SECRET.encode())
    (project / "source" / "link.png").symlink_to(outside)
    (project / "source" / "ok.png").write_bytes(PNG)
    r, report = build(project, "/etc/passwd", "../../secret.png", "link.png", str(outside), "ok.png",
                      "%2e%2e/%2e%2e/secret.png", fmt="html")
    refused = [f for f in report["findings"] if f["code"] == "render.image-refused"]
    assert [(f["file"], f["line"]) for f in refused] == [("source/demo.md", n) for n in (7, 9, 11, 13, 17)]
    assert all("outside the project" in f["message"] for f in refused)
    assert r.returncode == 1
    page = (project / "output" / "demo.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1  # ok.png only
    data = outputs(project)
    assert b"root:" not in data and SECRET.encode() not in data
    assert base64.b64encode(PNG + SECRET.encode()) not in data


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
def test_the_pdf_embeds_only_project_images(project, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    (project / "source" / "link.png").symlink_to(outside)
    (project / "source" / "ok.png").write_bytes(PNG)
    r, report = build(project, str(outside), "link.png", "../../outside.png", "ok.png", fmt="pdf")
    assert [f["line"] for f in report["findings"] if f["code"] == "render.image-refused"] == [7, 9, 11]
    listing = subprocess.run(["pdfimages", "-list", str(project / "output" / "demo.pdf")],
                             capture_output=True, text=True, check=True).stdout
    images = [line for line in listing.splitlines()[2:] if line.split()[2] == "image"]  # (its alpha is an smask)
    assert len(images) == 1  # the one image inside the project


def test_proc_files_are_never_read(project):
    os.environ["BIPUB_TEST_SECRET"] = SECRET  # inherited by the build
    try:
        r, report = build(project, "/proc/self/environ", fmt="html")
    finally:
        del os.environ["BIPUB_TEST_SECRET"]
    assert [f["code"] for f in report["findings"] if f["code"].startswith("render.")] == ["render.image-refused"]
    assert SECRET.encode() not in outputs(project)
    assert base64.b64encode(b"BIPUB_TEST_SECRET") not in outputs(project)


def test_missing_image_is_a_warning_not_silence(project):
    r, report = build(project, "nowhere.png", fmt="html")
    assert [(f["code"], f["severity"], f["line"]) for f in report["findings"] if f["code"].startswith("render.")] \
        == [("render.image-missing", "warning", 7)]


@pytest.fixture
def recording_server():
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


def test_svg_figure_fetches_nothing(project, tmp_path, recording_server):
    url, requests = recording_server
    (tmp_path / "outside.png").write_bytes(PNG)
    (project / "source" / "inside.png").write_bytes(PNG)
    (project / "source" / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">'
        f'<image href="{url}/beacon.png" width="10" height="10"/>'
        f'<image xlink:href="{(tmp_path / "outside.png").as_uri()}" width="10" height="10"/>'
        '<image href="inside.png" width="10" height="10"/>'
        f'<style>@import url("{url}/style.css");</style></svg>', encoding="utf-8")
    r, report = build(project, "chart.svg", fmt="pdf")
    assert requests == []
    assert (project / "output" / "demo.pdf").stat().st_size > 1000
    refs = [f["message"] for f in report["findings"] if f["code"] == "render.svg-reference"]
    assert len(refs) == 3 and not any("inside.png" in m for m in refs), refs
    assert r.returncode == 1 and "NOT publishable (pseudo)" in r.stdout, r.stdout  # warnings only; pseudo text


def test_remote_image_in_markdown_is_not_fetched(project, recording_server):
    url, requests = recording_server
    r, report = build(project, f"{url}/photo.png")
    assert requests == []
    assert any(f["code"] == "parse.remote-image" for f in report["findings"])


def test_an_interrupted_build_leaves_no_temporary_files_after_the_next(project):
    """A build killed while typesetting leaves output/.demo.pdf.XXXXXXXX.tmp; the next build removes it."""
    out = project / "output"
    out.mkdir()
    leftover = out / ".demo.pdf.q8w_3kz1.tmp"
    leftover.write_bytes(b"%PDF-1.7 half")
    os.utime(leftover, (1_600_000_000, 1_600_000_000))
    kept = out / "demo.pdf.backup"  # not bipub's: never touched
    kept.write_bytes(b"mine")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo")
    assert r.returncode == 1 and "wrote output/demo.pdf" in r.stdout, r.stdout + r.stderr  # pseudo: a draft
    assert not leftover.exists() and kept.read_bytes() == b"mine"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def _can_unplug() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-rn", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_unplug(), reason="unshare -rn (a network namespace with no network) not permitted")
def test_a_build_with_the_network_unplugged_is_the_same_build(project, tmp_path, recording_server):
    """The same project built normally and in a network namespace with no interface: same outputs."""
    url, requests = recording_server
    (project / "source" / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        f'<image href="{url}/beacon.png" width="10" height="10"/><rect width="5" height="5"/></svg>',
        encoding="utf-8")
    unplugged = tmp_path / "unplugged"
    (project / "source" / "demo.md").write_text(source("chart.svg"), encoding="utf-8")
    shutil.copytree(project, unplugged)
    plugged = run_bipub("build", "-C", str(project), "--engine", "pseudo")
    r = subprocess.run(["unshare", "-rn", sys.executable, "-m", "bipub", "build", "-C", str(unplugged),
                        "--engine", "pseudo"], capture_output=True, text=True, timeout=600)
    assert r.returncode == plugged.returncode == 1, r.stdout + r.stderr  # pseudo text: a draft, either way
    assert requests == []
    for name in ("demo.html", "demo.fragment.html"):
        assert (unplugged / "output" / name).read_bytes() == (project / "output" / name).read_bytes()
    reports = [json.loads((p / "output" / "demo.report.json").read_text(encoding="utf-8"))
               for p in (project, unplugged)]
    assert reports[0]["findings"] == reports[1]["findings"] and reports[0]["counts"] == reports[1]["counts"]
    assert (unplugged / "output" / "demo.pdf").stat().st_size > 10_000


def test_only_images_are_embedded(project):
    """A figure naming a project file that is not an image (``.env``, a text file named ``.png``), or a
    private file even if an image (a dot-file, ``translations/``, ``glossary/``, ``.bipub/``, ``.git/``),
    is refused with the source's file and line, in the page, the fragment and the PDF."""
    (project / ".env").write_text(f"SECRET={SECRET}", encoding="utf-8")
    (project / "source" / "notes.png").write_text(SECRET, encoding="utf-8")
    (project / "source" / "photo.jpg").write_bytes(PNG)  # a PNG named .jpg: content and name disagree
    (project / "source" / "fake.svg").write_text(f"<html>{SECRET}</html>", encoding="utf-8")
    for folder in ("translations", "glossary", ".bipub", ".git"):
        (project / folder).mkdir(exist_ok=True)
        (project / folder / "x.png").write_bytes(PNG + SECRET.encode())
    (project / "source" / "ok.png").write_bytes(PNG)
    (project / "source" / "ok.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                                               'width="4" height="4"><rect width="4" height="4"/></svg>')
    figures = ["../.env", "notes.png", "photo.jpg", "fake.svg", "../translations/x.png", "../glossary/x.png",
               "../.bipub/x.png", "../.git/x.png", "ok.png", "ok.svg"]
    r, report = build(project, *figures, fmt="html,pdf")
    refused = [f for f in report["findings"] if f["code"] == "render.image-refused"]
    assert [(f["file"], f["line"], f["severity"]) for f in refused] == [
        ("source/demo.md", 7 + 2 * k, "error") for k in range(8)]
    assert r.returncode == 1
    page = (project / "output" / "demo.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1 and page.count("data:image/svg+xml;base64,") == 1
    assert "application/octet-stream" not in page
    data = outputs(project)
    assert SECRET.encode() not in data and base64.b64encode(SECRET.encode())[:20] not in data
    assert base64.b64encode(f"SECRET={SECRET}".encode()) not in data


def _png_header(width: int, height: int) -> bytes:
    """A PNG's signature and IHDR chunk: enough for any reader to learn its size (a pixel bomb is small on disk)."""
    import struct
    import zlib

    ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))


def test_an_image_of_too_many_pixels_is_refused_not_dropped_in_silence(project):
    """A 30000 × 30000 PNG is under 1 MB on disk but 900 megapixels decoded: WeasyPrint dropped it from
    the PDF without a word (and a browser would decode it from the page). It is refused with file and line."""
    (project / "source" / "bomb.png").write_bytes(_png_header(30000, 30000) + PNG[33:])
    (project / "source" / "ok.png").write_bytes(PNG)
    r, report = build(project, "bomb.png", "ok.png", fmt="html")
    (refused,) = [f for f in report["findings"] if f["code"] == "render.image-refused"]
    assert (refused["file"], refused["line"]) == ("source/demo.md", 7)
    assert "30000 × 30000 pixels" in refused["message"] and r.returncode == 1
    page = (project / "output" / "demo.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1


def test_a_source_or_memory_that_links_outside_the_project_is_not_read(project, tmp_path):
    """``source/leak.md`` committed as a symlink to a file elsewhere would publish that file as a document,
    and ``translations/NAME.jsonl`` as a symlink would be read and rewritten outside: both are refused with
    the file, and the other documents build."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f'+++\ntitle = "机密"\n+++\n\n{SECRET}。\n', encoding="utf-8")
    (outside / "memory.jsonl").write_text("", encoding="utf-8")
    (project / "source" / "leak.md").symlink_to(outside / "secret.md")
    (project / "source" / "other.md").write_text(source(), encoding="utf-8")
    (project / "translations").mkdir(exist_ok=True)
    (project / "translations" / "other.jsonl").symlink_to(outside / "memory.jsonl")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    assert r.returncode == 1
    errors = sorted(line for line in r.stderr.splitlines() if "build.source-error" in line)
    assert [line.split(":")[0] for line in errors] == ["source/leak.md", "source/other.md"], r.stderr
    assert "outside the project" in errors[0] and "translations/other.jsonl" in errors[1]
    assert SECRET.encode() not in outputs(project)
    assert (outside / "memory.jsonl").read_text(encoding="utf-8") == ""
    assert (project / "output" / "demo.html").is_file()
