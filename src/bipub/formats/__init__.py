"""Exchange formats: review files (XLIFF, TMX, PO) and termbases (TBX, CSV, XLSX).

Two registries, one entry per format.  Adding a format is one module plus one
registration line here:

* `FORMATS` — review formats.  A format class has ``name``, ``extensions``,
  ``sniff(head: bytes) -> bool`` (does the start of a file look like this
  format?), ``dumps(units, *, document, name, pair, report=None) -> bytes`` and
  ``loads(data, shown) -> TranslationFile`` (see `bipub.formats.unit`).
* `TERMBASES` — glossary exchange.  A termbase class has ``name``,
  ``extensions``, ``read(path, label) -> (terms, findings)`` and
  ``write(terms, *, source_desc, approved_only=False) -> bytes``.

`detect` picks a review format from the file's content first, its extension second.
"""

from __future__ import annotations

from pathlib import Path

from bipub.findings import InputRefused
from bipub.registry import Registry

FORMATS = Registry("review format")
FORMATS.register("xliff", "bipub.formats.xliff:Xliff")
FORMATS.register("tmx", "bipub.formats.tmx:Tmx")
FORMATS.register("po", "bipub.formats.po:Po")
FORMATS.register("omegat", "bipub.formats.omegat:OmegaT")  # a project folder: write/read instead of dumps/loads

TERMBASES = Registry("termbase format")
TERMBASES.register("tbx", "bipub.formats.tbx:Tbx")
TERMBASES.register("csv", "bipub.formats.glossary_csv:Csv")
TERMBASES.register("xlsx", "bipub.formats.glossary_xlsx:Xlsx")


def _by_extension(registry: Registry, path: Path) -> str | None:
    suffix = path.suffix.lower()
    for name, fmt in registry.items():
        if suffix in fmt.extensions:
            return name
    return None


def detect(path: Path, data: bytes) -> str:
    """The review format of a file: the first whose ``sniff`` accepts its start, else its extension."""
    path = Path(path)
    head = data[:4096]
    for name, fmt in FORMATS.items():
        if fmt.sniff(head):
            return name
    ext = _by_extension(FORMATS, path)
    if ext is not None and not _looks_like_xml(head):
        return ext
    if _looks_like_xml(head):
        from bipub.formats.xmlsafe import root_name

        raise InputRefused(f"{path}:1: XML but neither XLIFF nor TMX (root element <{root_name(head) or '?'}>; "
                           "expected <xliff> or <tmx>)")
    known = ", ".join(f"{n} ({' '.join(FORMATS.get(n).extensions)})" for n in FORMATS.names())
    raise InputRefused(f"{path}: not a review file (expected one of: {known})")


def _looks_like_xml(head: bytes) -> bool:
    from bipub.formats.xmlsafe import xml_head

    return xml_head(head).lstrip().startswith("<")


def termbase_for(path: Path) -> str | None:
    """The termbase format of a file by its extension (None: unknown)."""
    return _by_extension(TERMBASES, Path(path))
