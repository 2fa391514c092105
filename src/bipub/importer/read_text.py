"""The reader of loose text: scraped copies, legacy encodings, text copied out of a PDF."""

from __future__ import annotations

from bipub.importer.clean import clean_lines
from bipub.importer.decode import decode
from bipub.importer.intake import Intake, Options
from bipub.importer.report import Report


class TextReader:
    name = "text"
    extensions = (".txt", ".text", "")

    def sniff(self, data: bytes) -> bool:
        return False  # the reader of last resort: taken by extension or when nothing else recognises the input

    def read(self, data: bytes, name: str, report: Report, options: Options) -> Intake:
        decoded = decode(data, name)
        if decoded.codec != "utf-8" or decoded.encoding != "UTF-8":
            report.add("encoding", "info", f"decoded as {decoded.encoding}"
                       + (" (GB18030 decoder, a superset)" if decoded.codec == "gb18030" else ""), None)
        source = [(no, t) for no, t in enumerate(_lines(decoded.text), 1)]
        lines = clean_lines(decoded.text, report, to_simplified=options.to_simplified, pinyin=options.pinyin)
        return Intake(decoded.encoding, lines=lines, source=source)


reader = TextReader()


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
