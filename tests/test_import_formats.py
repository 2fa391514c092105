"""What newsrooms receive, imported: Word, PDF, a saved web page, scraped Markdown, messy text.

Each input in tests/fixtures/import/formats/ (made from public government texts and
news copy; ``make.py`` there writes the .docx through LibreOffice and the PDF through
WeasyPrint) has a golden Markdown source a person can read and the findings the import
must print.  Every golden source builds to HTML, and every import keeps the number check.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bipub.importer import import_file, import_text
from conftest import FIXTURES, run_bipub

FORMATS = FIXTURES / "import" / "formats"
GOLDEN = FORMATS / "golden"
INPUTS = sorted(p for p in FORMATS.iterdir() if p.is_file() and p.suffix != ".py" and p.name != "README.md")


def imported(path: Path):
    return import_text(path.read_bytes(), name=path.name, assets_dir=f"{path.name}.assets")


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_the_import_is_the_golden_source(path):
    result = imported(path)
    assert result.markdown == (GOLDEN / f"{path.name}.md").read_text(encoding="utf-8")
    printed = [f.format() for f in result.findings]
    assert printed == (GOLDEN / f"{path.name}.findings").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_the_number_invariant_holds(path):
    checks = [f for f in imported(path).findings if f.code == "import.numbers"]
    assert len(checks) == 1 and checks[0].severity == "info", [f.format() for f in checks]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_importing_each_golden_source_again_changes_no_byte(path):
    golden = (GOLDEN / f"{path.name}.md").read_text(encoding="utf-8")
    again = import_text(golden.encode("utf-8"), name="x.md")
    assert again.markdown == golden
    assert not [f.format() for f in again.findings if f.severity == "repaired"]


@pytest.mark.parametrize("name, reader", [("report.docx", "docx"), ("report.pdf", "pdf"), ("communique.raw.html", "html"),
                                          ("feature.raw.md", "markdown"), ("statistics.raw.txt", "text")])
def test_each_format_has_its_reader(name, reader):
    assert imported(FORMATS / name).reader == reader


def test_a_pdf_saved_as_txt_is_still_read_as_a_pdf(tmp_path):
    odd = tmp_path / "report.txt"
    shutil.copy(FORMATS / "report.pdf", odd)
    assert import_text(odd.read_bytes(), name=odd.name).reader == "pdf"


def test_word_findings_report_tracked_changes_and_comments_never_silently_accepted():
    result = imported(FORMATS / "report.docx")
    said = {f.code: f.message for f in result.findings}
    assert "import.tracked-change" in said and "import.comment" in said
    assert "国际收支基本平衡" not in result.markdown.split("## 二、")[0]  # the tracked deletion is not in the text


def test_a_scanned_pdf_is_refused_with_one_line(tmp_path):
    from weasyprint import HTML

    scan = tmp_path / "scan.pdf"
    HTML(string='<div style="width:5cm;height:5cm;background:#888"></div>').write_pdf(scan)
    with pytest.raises(Exception) as e:
        import_text(scan.read_bytes(), name="scan.pdf")
    assert str(e.value) == "scan.pdf: byte 0: this PDF has no text layer (a scan?); run OCR on it first, nothing written"
    assert e.value.exit_code == 2


def test_word_images_are_written_beside_the_source(tmp_path):
    out = tmp_path / "source" / "report.md"
    import_file(FORMATS / "report.docx", out)
    assert (tmp_path / "source" / "report.assets" / "image1.png").read_bytes()[:4] == b"\x89PNG"
    assert "![图1 2019—2023年国内生产总值及其增长速度](<report.assets/image1.png>)" in out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every golden source built to HTML in one project (with the pseudo engine)."""
    root = tmp_path_factory.mktemp("formats") / "project"
    shutil.copytree(FIXTURES / "project", root)
    for old in (root / "source").glob("*.md"):
        old.unlink()
    for path in INPUTS:
        stem = path.name.split(".")[0] + "-" + path.name.rsplit(".", 1)[1]
        shutil.copy(GOLDEN / f"{path.name}.md", root / "source" / f"{stem}.md")
    proc = run_bipub("build", "-C", str(root), "--engine", "pseudo", "--format", "html")
    return root, proc


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_each_golden_source_builds_to_html(built, path):
    root, proc = built
    assert proc.returncode in (0, 1), proc.stderr
    stem = path.name.split(".")[0] + "-" + path.name.rsplit(".", 1)[1]
    edition = ".zh-Hant" if "lang = \"zh-Hant\"" in (GOLDEN / f"{path.name}.md").read_text(encoding="utf-8") else ""
    page = (root / "output" / f"{stem}{edition}.html").read_text(encoding="utf-8")
    first_line = next(ln for ln in (GOLDEN / f"{path.name}.md").read_text(encoding="utf-8").split("+++")[2].splitlines()
                      if ln.strip() and not ln.startswith(("#", "|", "!", "[^")))
    assert first_line[:8] in re.sub(r"<[^>]+>", "", page)  # the text, whatever markup the page puts around its figures


def test_word_automatic_numbering_is_reported_not_lost_silently():
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("总体要求", style="List Number")
    d.add_paragraph("坚持稳中求进工作总基调。")
    data = io.BytesIO()
    d.save(data)
    result = import_text(data.getvalue(), name="n.docx")
    assert [f.line for f in result.findings if f.code == "import.auto-numbering"] == [1]
    assert "总体要求\n\n坚持稳中求进" in result.markdown  # Word's paragraphs are never joined


def test_a_traditional_source_is_published_in_traditional(built):
    root, _ = built
    page = (root / "output" / "policy-hant-txt.zh-Hant.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-TW">' in page and "第一節" in re.sub(r"<[^>]+>", "", page)
