"""Line-level cleaning of raw text; line numbers stay those of the raw file.

* line ends ``\\r\\n`` and ``\\r`` → ``\\n``; page breaks (form feed) and
  invisible characters (zero-width spaces, soft hyphens, stray BOMs) removed;
* tabs → spaces, trailing spaces removed, leading indentation removed;
* Traditional Chinese detected (OpenCC); converted only when asked.

Every change is reported; what stays is a list of ``Line(no, text)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import opencc

from bipub.text.normalize import to_simplified_chars
from bipub.importer.report import Report
from bipub.importer.text import INVISIBLE, SPACES, cjk_count


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the raw file
    text: str
    indented: bool = False  # started with spaces (a paragraph indent in hard-wrapped text)


_INVISIBLE_RE = re.compile(f"[{INVISIBLE}\x0b\x0c]")
#: share of Chinese characters OpenCC would change above which a text counts as Traditional
TRADITIONAL_SHARE = 0.02


def clean_lines(text: str, report: Report, *, to_simplified: bool = False) -> list[Line]:
    """Split ``text`` into cleaned lines (see the module docstring)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()  # the final line end
    trailing, invisible, tabs = [], [], []
    out: list[Line] = []
    for no, line in enumerate(raw_lines, 1):
        if _INVISIBLE_RE.search(line):
            invisible.append(no)
            line = _INVISIBLE_RE.sub("", line)
        if "\t" in line:
            tabs.append(no)
            line = line.replace("\t", " ")
        stripped = line.rstrip(SPACES)
        if stripped != line and stripped:
            trailing.append(no)
        body = stripped.lstrip(SPACES)
        out.append(Line(no, body, indented=bool(body) and body != stripped))
    report.add_lines("whitespace", "repaired", "removed invisible characters (zero-width space, soft hyphen, BOM, page break)", invisible)
    report.add_lines("whitespace", "repaired", "replaced tabs with spaces", tabs)
    report.add_lines("whitespace", "repaired", "removed trailing spaces", trailing)
    return _traditional(out, report, to_simplified)


def _traditional(lines: list[Line], report: Report, to_simplified: bool) -> list[Line]:
    changed_lines = [ln.no for ln in lines if to_simplified_chars(ln.text) != ln.text]
    if not changed_lines:
        return lines
    total = sum(cjk_count(ln.text) for ln in lines)
    changed = sum(sum(1 for a, b in zip(ln.text, to_simplified_chars(ln.text)) if a != b) for ln in lines)
    if total == 0 or changed / total < TRADITIONAL_SHARE:
        if not to_simplified:
            return lines  # a few variant characters in a Simplified text (names, 乾, 著 ...)
    if not to_simplified:
        report.add("traditional", "info",
                   f"Traditional Chinese detected ({changed} of {total} Chinese characters differ from Simplified); "
                   "kept as it is — use --to-simplified to convert", changed_lines[0])
        return lines
    conv = opencc.OpenCC("t2s")
    new = [Line(ln.no, conv.convert(ln.text), ln.indented) for ln in lines]
    report.add_lines("traditional", "repaired", "converted Traditional → Simplified Chinese (OpenCC t2s)", changed_lines)
    return new
