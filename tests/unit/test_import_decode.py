"""Encodings the importer accepts (and reports), and the inputs it refuses."""

from __future__ import annotations

import codecs

import pytest

from bipub.findings import BipubError
from bipub.importer import ImportRefused, import_text

TEXT = "湖南制造——上天入地。\n\n“海牛Ⅱ号”深海钻探机。\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "UTF-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "UTF-16LE with BOM"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16BE with BOM"),
    (TEXT.encode("gb18030"), "GB2312"),  # every character of TEXT is in GB2312
    ("镕基说：“喆”。\n".encode("gbk"), "GBK"),  # 镕 and 喆 are GBK, not GB2312
    ("䶮字在GB18030里。\n".encode("gb18030"), "GB18030"),  # 䶮 needs the four-byte GB18030 form
    (b"plain ASCII text.\n", "UTF-8 (ASCII)"),
])
def test_encoding_detected_and_reported(data, encoding):
    result = import_text(data, name="raw.txt")
    assert result.encoding == encoding
    if encoding != "UTF-8":
        assert [f.message for f in result.findings if f.code == "import.encoding"] == [
            f"decoded as {encoding}" + (" (GB18030 decoder, a superset)" if encoding.startswith("GB") else "")
        ]
    else:
        assert not [f for f in result.findings if f.code == "import.encoding"]


def test_gb_dash_decodes_to_the_em_dash():
    # A1 AA is U+2015 under Python's gb2312 codec but U+2014 (the dash of ——) under GB18030
    result = import_text(b"\xa1\xaa\xa1\xaa2021\xc4\xea\xbc\xcd\xca\xb5\n\n\xd5\xfd\xce\xc4\xa1\xa3\n", name="raw.txt")
    assert "——2021年纪实" in result.markdown


@pytest.mark.parametrize("data, message", [
    (b"", "empty.txt: byte 0: empty file (0 bytes); nothing to import"),
    (b"  \n\n\t\n", "empty.txt: byte 0: holds only whitespace (6 bytes); nothing to import"),
    (b"abc\x00def", "empty.txt: byte 3: not text (NUL byte 0x00; a binary file, or UTF-16 without a byte-order mark)"),
    (b"%PDF-1.7\n...", "empty.txt: byte 0: not a readable PDF (damaged or cut short?); nothing written"),
    (b"PK\x03\x04....", "empty.txt: byte 0: not text: looks like a ZIP archive that is not a Word document (.xlsx? .pptx?); "
                        "save it as .docx or plain text"),
    ("正文".encode() + b"\x1b[31m", "empty.txt: byte 6: not text (control byte 0x1B); nothing written"),
    ("正文".encode() + b"\xff\xfe\xfa", "empty.txt: byte 6: not text in UTF-8, UTF-16, GB18030/GBK/GB2312 or Big5 (byte 0xFF); nothing written"),
])
def test_refused_with_one_line_naming_file_and_byte(data, message):
    with pytest.raises(ImportRefused) as e:
        import_text(data, name="empty.txt")
    assert str(e.value) == message
    assert isinstance(e.value, BipubError) and e.value.exit_code == 2
