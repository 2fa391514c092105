"""The images of a saved web page or a scraped copy, copied into the project beside the source.

A browser saves ``page.html`` with its images in ``page_files/``; a scraped copy
points at images with relative paths (``<img src="page_files/a.jpg">``,
``![](images/b.png)``).  Each figure's image is read from the saved page's folder
and written with the source (``source/NAME.assets/a.jpg``, the figure's path
rewritten), so the project holds everything a build reads.

Only a plain image file inside the saved page's folder is taken.  Refused, each
with a warning ``import.image`` naming the figure's line (the figure keeps its
caption; a figure without caption or image is left out):

* a URL (``https://…``, ``//host/…``): **never fetched** (a build reads only the
  project's files), the remote image is dropped;
* ``data:`` and other schemes, an absolute path, a path leading outside the page's
  folder (``../``), a symbolic link anywhere on the way;
* a file that is not an image by its content (JPEG, PNG, GIF, WebP) or its name,
  or larger than ``IMAGE_MAX``; a file that is not there.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import unquote

from bipub.importer.pieces import Piece
from bipub.importer.report import Report

#: the largest image copied (bytes)
IMAGE_MAX = 20 * 1024 * 1024
EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def kind_of(blob: bytes) -> str | None:
    """The image format by its first bytes, or None."""
    if blob.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if blob.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if blob.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if blob[:4] == b"RIFF" and blob[8:12] == b"WEBP":
        return "webp"
    return None


def take(pieces: list[Piece], base: Path | None, assets_dir: str, report: Report) -> tuple[list[Piece], dict[str, bytes]]:
    """(pieces with figure paths rewritten, images to write into ``assets_dir`` beside the source)."""
    assets: dict[str, bytes] = {}
    out: list[Piece] = []
    for p in pieces:
        if p.kind != "figure" or not p.src:
            out.append(p)
            continue
        src = p.src
        blob, why = read(src, base) if assets_dir else (None, "no folder for the images was given (import the file "
                                                                 "into a project to copy them)")
        if blob is None:
            report.add("image", "warning", f"image {src}: {why}; " + (
                "the figure keeps its caption without the image" if p.text else "the figure is left out"), p.line)
            p.src = ""
            if p.text or p.credit:
                out.append(p)
            continue
        name = _name(src, kind_of(blob) or "img", assets)
        assets[name] = blob
        p.src = f"{assets_dir}/{name}"
        report.add("image", "info", f"image {src} copied beside the source as {p.src}", p.line)
        out.append(p)
    return out, assets


def read(src: str, base: Path | None) -> tuple[bytes | None, str]:
    """(the image's bytes, "") or (None, why it is refused)."""
    src = src.strip()
    if src.startswith("//") or re.match(r"^(?:https?|ftp):", src, re.IGNORECASE):
        return None, "a remote image (URL): never fetched, dropped"
    if _SCHEME.match(src) and not re.match(r"^[A-Za-z]:[\\/]", src):
        return None, f"a {src.split(':', 1)[0]}: address is not imported"
    path = unquote(re.split(r"[?#]", src, maxsplit=1)[0]).replace("\\", "/")
    if base is None:
        return None, "the saved page's folder is unknown (imported from memory, not from a file)"
    if path.startswith("/") or re.match(r"^[A-Za-z]:/", path) or "\x00" in path:
        return None, "an absolute path: only images inside the saved page's folder are copied"
    root = Path(os.path.abspath(base))
    parts = [x for x in path.split("/") if x not in ("", ".")]
    if not parts or ".." in parts:
        return None, f"outside the saved page's folder ({root.name}/): refused"
    if Path(parts[-1]).suffix.lower() not in EXTENSIONS:
        return None, "not an image file (its name); refused"
    here = root
    for part in parts:
        here = here / part
        try:
            if here.is_symlink():
                return None, "a symbolic link: refused (it may point outside the saved page's folder)"
        except OSError:
            return None, "not readable"
    try:
        fd = os.open(here, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None, "not found beside the saved page"
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, "not a file: refused"
        if info.st_size > IMAGE_MAX:
            return None, f"{info.st_size} bytes, larger than {IMAGE_MAX // (1024 * 1024)} MB: refused"
        blob = f.read(IMAGE_MAX + 1)
    if kind_of(blob) is None:
        return None, "not an image by its content (JPEG, PNG, GIF or WebP expected): refused"
    return blob, ""


def _name(src: str, ext: str, taken: dict) -> str:
    """A safe file name for the copy: the image's own name, made unique."""
    stem = Path(unquote(re.split(r"[?#]", src, maxsplit=1)[0]).replace("\\", "/")).stem
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-")[:60] or "image"
    name, k = f"{stem}.{ext}", 2
    while name in taken:
        name, k = f"{stem}-{k}.{ext}", k + 1
    return name
