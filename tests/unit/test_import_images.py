"""The images of a saved web page (``page.html`` + ``page_files/``) are copied into the project.

Only plain image files inside the saved page's folder; URLs are never fetched, and anything
else (outside the folder, absolute, a symbolic link, not an image, too large) is refused with a
finding naming the figure's line.
"""

from __future__ import annotations

import pytest

from bipub.importer import images, import_file

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>湘江新区建设提速_湖南日报</title></head><body>
<div class="article">
<h1>湘江新区建设提速</h1>
<p>今年以来，湖南湘江新区聚焦先进制造业，新开工重大项目126个，完成投资1060亿元，同比增长10.2%。</p>
<figure><img src="page_files/site.jpg"><figcaption>湘江新区产业园一角</figcaption></figure>
<p>园区全年新增规模以上工业企业85家，高新技术企业突破3000家，产业集聚效应持续显现。</p>
<p><img src="./page_files/%E5%9B%BE%E8%A1%A8.png" alt="新区投资增长图"></p>
<p><img src="https://img.example.org/2024/photo.jpg" alt="远程图片"></p>
<p><img src="../outside.png" alt="页面之外"></p>
<p><img src="/etc/passwd.png" alt="绝对路径"></p>
<p><img src="page_files/link.png" alt="符号链接"></p>
<p><img src="page_files/fake.jpg" alt="伪装的文件"></p>
<p><img src="page_files/run.js" alt="脚本"></p>
<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="内嵌图片"></p>
<p>下一步，新区将继续推进项目建设，力争全年完成固定资产投资1500亿元以上。</p>
</div></body></html>
"""


@pytest.fixture
def saved(tmp_path):
    (tmp_path / "web").mkdir()
    files = tmp_path / "web" / "page_files"
    files.mkdir()
    (files / "site.jpg").write_bytes(JPEG)
    (files / "图表.png").write_bytes(PNG)
    (files / "fake.jpg").write_text("<script>alert(1)</script>", encoding="utf-8")
    (files / "run.js").write_text("alert(1)", encoding="utf-8")
    (tmp_path / "web" / "outside.png").write_bytes(PNG)  # beside the page, reached through ../ from page_files? no: ../ of the page
    (tmp_path / "outside.png").write_bytes(PNG)
    (files / "link.png").symlink_to(tmp_path / "outside.png")
    page = tmp_path / "web" / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    return page


def test_the_images_of_a_saved_page_are_copied_beside_the_source(tmp_path, saved):
    out = tmp_path / "proj" / "source" / "page.md"
    result = import_file(saved, out, root=tmp_path / "proj")
    assets = out.parent / "page.assets"
    assert sorted(p.name for p in assets.iterdir()) == ["site.jpg", "图表.png"]
    assert (assets / "site.jpg").read_bytes() == JPEG
    md = out.read_text(encoding="utf-8")
    assert "![湘江新区产业园一角](<page.assets/site.jpg>)" in md
    assert "![新区投资增长图](<page.assets/图表.png>)" in md
    assert "img.example.org" not in md and "outside" not in md and "passwd" not in md and "fake" not in md
    said = {f.message.split(":")[0]: f for f in result.findings if f.code == "import.image"}
    assert said["image https"].severity == "warning" and "never fetched" in said["image https"].message
    for src in ("../outside.png", "/etc/passwd.png", "page_files/link.png", "page_files/fake.jpg", "page_files/run.js",
                "data"):
        assert said[f"image {src}"].severity == "warning", src
    assert "symbolic link" in said["image page_files/link.png"].message
    assert "not an image by its content" in said["image page_files/fake.jpg"].message


def test_the_figures_keep_their_captions_and_a_reimport_changes_nothing(tmp_path, saved):
    out = tmp_path / "source" / "page.md"
    import_file(saved, out)
    first = out.read_bytes()
    assert "![远程图片](<>)" in first.decode("utf-8")  # the caption stays, the remote image does not
    import_file(out, out, force=True)
    assert out.read_bytes() == first


def test_a_huge_image_is_refused(tmp_path, saved, monkeypatch):
    monkeypatch.setattr(images, "IMAGE_MAX", 32)
    result = import_file(saved, tmp_path / "source" / "page.md")
    assert any(f.code == "import.image" and "larger than" in f.message for f in result.findings)
    assert not (tmp_path / "source" / "page.assets" / "site.jpg").exists()


def test_a_scraped_markdown_copy_brings_its_images(tmp_path):
    folder = tmp_path / "copy"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "b.png").write_bytes(PNG)
    raw = folder / "copy.md"
    raw.write_text("---\ntitle: 湘江新区建设提速\n---\n\n新开工重大项目126个。\n\n![产业园](images/b.png)\n\n"
                   "![远程](https://img.example.org/a.png)\n", encoding="utf-8")
    out = tmp_path / "source" / "copy.md"
    result = import_file(raw, out)
    assert (out.parent / "copy.assets" / "b.png").read_bytes() == PNG
    assert "![产业园](<copy.assets/b.png>)" in out.read_text(encoding="utf-8")
    assert any("never fetched" in f.message for f in result.findings)
