"""The files a build may read for a document, and the only URL fetcher its renderers use.

A source names files (a figure's image, and whatever an SVG figure links to).
They are read only from inside the project:

* :meth:`ProjectFiles.open_figure` resolves a figure's path against the source
  folder, follows symlinks, and serves it only when the real file is a regular
  file inside the project root and not larger than :data:`MAX_IMAGE_BYTES`;
* :func:`check_figures` turns every refusal into a finding with the source's
  file and line (the figure is rendered with its caption and no image);
* :func:`url_fetcher` is the only URL fetcher given to WeasyPrint: it
  serves ``file:`` URLs inside the project and ``data:`` URLs, and refuses every
  other URL (``http:``, ``https:``, ``ftp:``, ``file:`` outside the project), so
  a build makes no network request, even for an SVG's ``<image href="http://…">``.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bipub.findings import Finding
from bipub.model import Document

#: the largest image a figure may embed (a newspaper photo is a few MB)
MAX_IMAGE_BYTES = 50 * 1024 * 1024
#: the most pixels a raster figure may have: beyond ~179 megapixels the image library WeasyPrint uses (Pillow)
#: refuses to decode it and the PDF would lose it without a word; a 100-megapixel camera photo passes
MAX_IMAGE_PIXELS = 150_000_000
#: the folders of bipub's own files (and git's) that no figure may embed, even an image
PRIVATE = frozenset({"translations", "glossary", ".bipub", ".git"})
#: the extensions each image kind may have
IMAGE_SUFFIXES = {"png": (".png",), "jpeg": (".jpg", ".jpeg"), "gif": (".gif",), "webp": (".webp",), "svg": (".svg",)}
#: the image kinds a Word file embeds (python-docx reads no SVG or WebP): others get their caption alone there
DOCX_KINDS = frozenset({"png", "jpeg", "gif"})
#: an image source that is a URL (``https://…``, ``//host/…``, ``data:``), not a file beside the source
URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
#: what an SVG may refer to: ``href="…"``, ``xlink:href='…'``, ``src=…``, ``url(…)``, ``@import "…"``
_SVG_REF = re.compile(r"""(?:\bhref|\bsrc)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]*)|@import\s+["']([^"']*)""")


def _url2pathname(path: str) -> str:
    from urllib.request import url2pathname  # urllib.request loads http.client and email: only when a URL is resolved

    return url2pathname(path)


class Refused(ValueError):
    """A reference bipub will not read; the message says why, in words for an editor."""

    code = "render.image-refused"
    severity = "error"


class Missing(Refused):
    """A reference to a file that is not there (an editor's slip, not an attempt to read outside)."""

    code = "render.image-missing"
    severity = "warning"


@dataclass(frozen=True)
class ProjectFiles:
    """Reads files for one document: ``base`` is the source's folder, ``root`` the project."""

    root: Path
    base: Path

    @classmethod
    def of(cls, root: Path | None, base: Path) -> "ProjectFiles":
        base = Path(base).resolve()
        return cls(Path(root).resolve() if root is not None else base, base)

    def inside(self, path: Path) -> bool:
        return path == self.root or path.is_relative_to(self.root)

    def figure_path(self, src: str) -> Path:
        """The real path of a figure source, or :class:`Refused`."""
        if URL.match(src):
            raise Refused(f"image {src[:60]!r} is not a project file (bipub fetches nothing)")
        if "\x00" in src:
            raise Refused("image path holds a NUL character")
        path = self.checked(self.base / unquote(src), src)
        self.image_only(path, src)
        return path

    def image_only(self, path: Path, shown: str) -> None:
        """:class:`Refused` unless ``path`` is an image: not a dot-file nor under a folder of bipub's own
        (:data:`PRIVATE`), and its first bytes are those of the image its extension names."""
        self.not_private(path, shown)
        kind = sniff_image(path)
        if kind is None:
            raise Refused(f"image {shown!r} is not a PNG, JPEG, GIF, WebP or SVG image; only images are embedded")
        if path.suffix.lower() not in IMAGE_SUFFIXES[kind]:
            raise Refused(f"image {shown!r} holds a {kind.upper()} image but is named "
                          f"{path.suffix or 'without an extension'}; its extension and content must agree")
        if kind != "svg":
            width, height = raster_size(path, kind, shown)
            if width * height > MAX_IMAGE_PIXELS:
                raise Refused(f"image {shown!r} is {width} × {height} pixels ({width * height / 1e6:.0f} megapixels); "
                              f"the limit is {MAX_IMAGE_PIXELS // 10**6} megapixels")

    def not_private(self, path: Path, shown: str) -> None:
        """:class:`Refused` for a dot-file, or a file under a dot-folder or one of :data:`PRIVATE`."""
        rel = path.parts[len(self.root.parts):] if path.is_relative_to(self.root) else path.parts
        if any(part.startswith(".") for part in rel) or (rel and rel[0] in PRIVATE):
            raise Refused(f"image {shown!r} is a private project file (a dot-file or under "
                          f"{', '.join(sorted(PRIVATE))}/); only images are embedded")

    def checked(self, path: Path, shown: str) -> Path:
        """``path`` with symlinks followed, if it is a readable regular file inside the project."""
        try:
            real = path.resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop
            raise Refused(f"image {shown!r} cannot be resolved ({exc})") from exc
        if not self.inside(real):
            raise Refused(f"image {shown!r} is outside the project; only files inside it are read")
        try:
            st = real.stat()
        except OSError:
            raise Missing(f"image {shown!r} not found") from None
        if not real.is_file():
            raise Refused(f"image {shown!r} is not a regular file")
        if st.st_size > MAX_IMAGE_BYTES:
            raise Refused(f"image {shown!r} is {st.st_size / 2**20:.0f} MB; the limit is "
                          f"{MAX_IMAGE_BYTES // 2**20} MB")
        return real

    def read_url(self, url: str) -> Path:
        """The project file a ``file:`` URL names, or :class:`Refused` for every other URL."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise Refused(f"{url[:80]}: bipub fetches nothing from the network")
        if parts.netloc not in ("", "localhost"):
            raise Refused(f"{url[:80]}: not a local file")
        path = self.checked(Path(_url2pathname(parts.path)), url[:80])
        self.not_private(path, url[:80])
        return path


def sniff_image(path: Path) -> str | None:
    """The kind of image a file holds, by its first bytes (an SVG: XML whose root is ``<svg>``), or None."""
    with path.open("rb") as fh:
        start = fh.read(16)
    if start.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if start.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if start[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if start[:4] == b"RIFF" and start[8:12] == b"WEBP":
        return "webp"
    if path.suffix.lower() != ".svg":  # only a file named .svg is parsed as XML
        return None
    from defusedxml import ElementTree  # refuses entity expansion and external entities

    try:
        root = ElementTree.fromstring(path.read_bytes())
    except Exception:  # noqa: BLE001 - not XML, or XML defusedxml refuses
        return None
    return "svg" if root.tag.rsplit("}", 1)[-1] == "svg" else None


def raster_size(path: Path, kind: str, shown: str) -> tuple[int, int]:
    """(width, height) from the image's header, read without decoding it (Pillow's format classes;
    ``Image.open`` would refuse a pixel bomb before saying its size); :class:`Refused` if unreadable."""
    from PIL import GifImagePlugin, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

    reader = {"png": PngImagePlugin.PngImageFile, "jpeg": JpegImagePlugin.JpegImageFile,
              "gif": GifImagePlugin.GifImageFile, "webp": WebPImagePlugin.WebPImageFile}[kind]
    try:
        with reader(str(path)) as image:
            return image.size
    except Exception as exc:  # noqa: BLE001 - a truncated or corrupt header: WeasyPrint would drop it silently
        raise Refused(f"image {shown!r} is not a readable {kind.upper()} image ({exc})") from None


def url_fetcher(files: ProjectFiles):
    """WeasyPrint's URL fetcher for one document: ``data:`` URLs and project files, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # slow import: only for a PDF

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)  # decoded in memory (urllib's DataHandler)
            path = files.read_url(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    return ProjectFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def svg_references(data: bytes) -> list[str]:
    """Every URL an SVG refers to, other than ``data:`` URLs and ``#fragment`` links inside it."""
    text = data.decode("utf-8", "replace")
    out = []
    for m in _SVG_REF.finditer(text):
        ref = next(g for g in m.groups() if g is not None).strip()
        if ref and not ref.startswith("#") and not ref.lower().startswith("data:"):
            out.append(ref)
    return out


def check_figures(doc: Document, files: ProjectFiles, shown: str, formats=()) -> list[Finding]:
    """A finding for every figure whose image is not read (outside the project, missing, too big),
    for every reference inside an SVG figure that the URL fetcher refuses (not loaded), and, when
    ``formats`` holds ``docx``, for every image the Word edition cannot embed (SVG, WebP)."""
    findings = []
    for b in doc.blocks():
        src = str(b.attrs.get("src") or "") if b.kind == "figure" else ""
        if not src:
            continue
        try:
            path = files.figure_path(src)
        except Refused as exc:
            findings.append(Finding(exc.code, exc.severity, f"{exc}; figure shown without it", shown, b.line))
            continue
        kind = sniff_image(path)
        if "docx" in formats and kind not in DOCX_KINDS:
            findings.append(Finding("render.docx-image", "warning",
                                    f"{src[:60]}: Word files cannot embed {kind.upper()} images; the Word "
                                    "edition sets the figure's caption without it (save it as PNG or JPEG)",
                                    shown, b.line))
        if kind != "svg":
            continue
        for ref in svg_references(path.read_bytes()):
            try:
                if URL.match(ref) and not ref.lower().startswith("file:"):
                    raise Refused("not a project file")
                files.checked(path.parent / unquote(ref) if not URL.match(ref)
                              else Path(_url2pathname(urlsplit(ref).path)), ref)
            except Refused:
                findings.append(Finding("render.svg-reference", "warning",
                                        f"{src[:60]} refers to {ref[:60]!r}: not loaded (only project files "
                                        "are read, nothing is fetched)", shown, b.line))
    return findings
