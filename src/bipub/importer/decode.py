"""Bytes → text: detect the encoding, or refuse the input with the byte offset.

Tried in order:

1. a byte-order mark: UTF-8 (``EF BB BF``), UTF-16 LE/BE (``FF FE`` / ``FE FF``);
2. UTF-8 (pure ASCII is reported as UTF-8);
3. GB18030, the superset of GBK and GB2312.  The report names the smallest of
   GB2312 ⊂ GBK ⊂ GB18030 that decodes the whole file, but the text is always
   decoded as GB18030: it maps ``A1 AA`` to the dash ``—`` (U+2014) that
   ``——`` is made of, where Python's ``gb2312`` codec gives ``―`` (U+2015);
4. Big5 (cp950), when the bytes decode as Big5 too and the Big5 reading has a
   clearly larger share of common characters (GB2312 level 1 vs Big5's common
   block: a wrong decoding yields rare characters).  When neither reading looks
   like Chinese the file is refused: an encoding is never guessed.

A file is refused (``ImportRefused``, exit code 2) when it is empty, looks like
a known binary format, holds control bytes (NUL and the like), or no encoding
decodes it; the message names the file and the first bad byte.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from bipub.findings import InputRefused

#: an old binary Word or WPS file (OLE compound document): the Word reader takes .docx only
OLD_WORD = (b"\xd0\xcf\x11\xe0", "an old binary Word or WPS document (.doc/.wps), not a .docx; open it in Word, WPS "
            "or LibreOffice and save it as .docx (or: soffice --headless --convert-to docx FILE); nothing written")
#: magic numbers of files editors send by mistake
_MAGIC = (
    (b"%PDF", "a PDF file that could not be read as one"),
    (b"PK\x03\x04", "a ZIP archive that is not a Word document (.xlsx? .pptx?); save it as .docx or plain text"),
    OLD_WORD,
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
)
#: control characters allowed in text: tab, line feed, vertical tab, form feed, carriage return
_ALLOWED_CONTROLS = {"\t", "\n", "\x0b", "\x0c", "\r"}


class ImportRefused(InputRefused):
    """The input is not text bipub can import; nothing was written (exit code 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what the report says: "UTF-8", "UTF-8 with BOM", "UTF-16LE with BOM", "GB2312", ...
    codec: str  # the Python codec used


def decode(data: bytes, name: str) -> Decoded:
    """Decode ``data`` (the bytes of file ``name``) or raise :class:`ImportRefused`."""
    if not data:
        raise ImportRefused(f"{name}: byte 0: empty file (0 bytes); nothing to import")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportRefused(f"{name}: byte 0: not text: looks like {what}")

    if data.startswith(codecs.BOM_UTF8):
        return _checked(data, 3, "utf-8", "UTF-8 with BOM", name)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        le = data.startswith(codecs.BOM_UTF16_LE)
        return _checked(data, 2, "utf-16-le" if le else "utf-16-be", f"UTF-16{'LE' if le else 'BE'} with BOM", name)

    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportRefused(f"{name}: byte {nul}: not text (NUL byte 0x00; a binary file, or UTF-16 without a byte-order mark)")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    else:
        _check_controls(text, data, 0, "utf-8", name)
        return Decoded(text, "UTF-8 (ASCII)" if data.isascii() else "UTF-8", "utf-8")

    try:
        big5 = data.decode("cp950")
    except UnicodeDecodeError:
        big5 = None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        if big5 is not None and _common_share(big5, _is_common_big5) >= PLAUSIBLE:
            _check_controls(big5, data, 0, "cp950", name)
            return Decoded(big5, "Big5", "cp950")
        # report the decoder that got further: that is where the text stops being text
        bad = max(utf8_error.start, e.start)
        raise ImportRefused(
            f"{name}: byte {bad}: not text in UTF-8, UTF-16, GB18030/GBK/GB2312 or Big5 "
            f"(byte 0x{data[bad]:02X}); nothing written"
        ) from None
    if big5 is not None:
        gb, b5 = _common_share(text, _is_common_gb), _common_share(big5, _is_common_big5)
        if b5 >= gb + MARGIN:
            _check_controls(big5, data, 0, "cp950", name)
            return Decoded(big5, "Big5", "cp950")
        if gb < PLAUSIBLE:
            raise ImportRefused(
                f"{name}: byte 0: the encoding cannot be told: read as GB18030 only {gb:.0%} and as Big5 only "
                f"{b5:.0%} of its Chinese characters are common ones; save it as UTF-8 and import it again; nothing written")
    _check_controls(text, data, 0, "gb18030", name)
    return Decoded(text, _smallest_gb(data), "gb18030")


#: a decoding whose share of common characters is below this is not taken without a better rival
PLAUSIBLE = 0.5
#: Big5 wins over GB18030 when its share of common characters is this much higher
MARGIN = 0.15


def _common_share(text: str, common) -> float:
    """Share of the Chinese characters of ``text`` that are common ones (a wrong decoding gives rare ones)."""
    han = [ch for ch in text if ord(ch) >= 0x2E80]
    return sum(1 for ch in han if common(ch)) / len(han) if han else 0.0


def _is_common_gb(ch: str) -> bool:
    """GB2312 level 1: the 3,755 most used Simplified characters (rows 0xB0–0xD7)."""
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _is_common_big5(ch: str) -> bool:
    """Big5's frequently used characters (0xA440–0xC67E, 5,401 of them)."""
    try:
        b = ch.encode("cp950")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E


def _smallest_gb(data: bytes) -> str:
    for codec, label in (("gb2312", "GB2312"), ("gbk", "GBK")):
        try:
            data.decode(codec)
            return label
        except UnicodeDecodeError:
            continue
    return "GB18030"


def _checked(data: bytes, skip: int, codec: str, label: str, name: str) -> Decoded:
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as e:
        raise ImportRefused(f"{name}: byte {skip + e.start}: not {label} although the file starts with its byte-order mark (byte 0x{data[skip + e.start]:02X})") from None
    _check_controls(text, data, skip, codec, name)
    return Decoded(text, label, codec)


def _check_controls(text: str, data: bytes, skip: int, codec: str, name: str) -> None:
    for i, ch in enumerate(text):
        if (ord(ch) < 0x20 and ch not in _ALLOWED_CONTROLS) or ch == "\x7f":
            offset = skip + len(text[:i].encode(codec))
            raise ImportRefused(f"{name}: byte {offset}: not text (control byte 0x{ord(ch):02X}); nothing written")
