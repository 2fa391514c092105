"""Line-level cleaning of raw text; line numbers stay those of the raw file.

* line ends ``\\r\\n`` and ``\\r`` → ``\\n``; page breaks (form feed) and
  invisible characters (zero-width spaces, soft hyphens, stray BOMs) removed;
* tabs → spaces, trailing spaces removed, leading indentation removed;
* bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F,
  U+061C) removed and reported as a warning: they reorder what a reader sees
  (``U+202E`` shows ``2024`` as ``4202``) and have no place in Chinese copy;
* pinyin glosses a mirror site put after characters (``經(jīng)濟(jì)``)
  flagged, and removed only when asked (``pinyin="remove"``);
* an invisible character inside a figure (``2\u200b345``) removed with a warning
  (``import.invisible-character``); a no-break or thin space between digit
  groups (``1\u00a0234.5``) kept and reported (``import.digit-grouping``, warning);
* full-width digits (``２０２４``) reported, never changed: normalising them
  would change a figure's characters;
* Traditional Chinese detected (OpenCC); converted only when asked.

Every change is reported; what stays is a list of ``Line(no, text)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import opencc

from bipub.text.normalize import HAN_CHARS, to_simplified_chars
from bipub.importer.report import Report
from bipub.importer.text import GROUPING_SPACE, INVISIBLE, SPACES, cjk_count


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the raw file
    text: str
    indented: bool = False  # started with spaces (a paragraph indent in hard-wrapped text)


_INVISIBLE_RE = re.compile(f"[{INVISIBLE}\x0b\x0c]")
#: characters that change the display order of text (bidi embeddings, overrides, isolates, marks)
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_RE = re.compile(f"[{BIDI}]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: a Chinese character followed by its pinyin in brackets: 經(jīng)
PINYIN_GLOSS = re.compile(f"(?<=[{HAN_CHARS}])[(（]([a-zü]*[{_TONED}][a-zü]*)[)）]")
_FULLWIDTH_DIGIT = re.compile("[\uff10-\uff19]")
_DIGIT = "0-9\uff10-\uff19"
#: an invisible format character inside a figure (``2\u200b345``): removed, so the figure reads 2345, and reported
INVISIBLE_IN_FIGURE = re.compile(f"(?<=[{_DIGIT}])[{INVISIBLE}\u2061-\u2064]+(?=[{_DIGIT}])")
#: share of Chinese characters OpenCC would change above which a text counts as Traditional
TRADITIONAL_SHARE = 0.02


def clean_lines(text: str, report: Report, *, to_simplified: bool = False, pinyin: str = "flag") -> list[Line]:
    """Split ``text`` into cleaned lines (see the module docstring)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()  # the final line end
    trailing, invisible, tabs = [], [], []
    marks = Marks(report, pinyin)
    out: list[Line] = []
    for no, line in enumerate(raw_lines, 1):
        line = marks.clean(line, no)
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
    marks.finish()
    return _traditional(out, report, to_simplified)


class Marks:
    """Bidi controls, pinyin glosses and full-width digits in the texts of one import."""

    def __init__(self, report: Report, pinyin: str = "flag") -> None:
        if pinyin not in ("flag", "remove"):
            raise ValueError(f"pinyin must be 'flag' or 'remove', not {pinyin!r}")
        self.report, self.pinyin = report, pinyin
        self.bidi: list[int] = []
        self.glossed: list[int] = []
        self.fullwidth: list[int] = []
        self.inside: list[int] = []
        self.grouped: list[int] = []
        self.example = ""

    def clean(self, text: str, line: int | None) -> str:
        """``text`` without bidi controls (and pinyin glosses when asked); what was found is noted."""
        if _BIDI_RE.search(text):
            self.bidi.append(line or 0)
            text = _BIDI_RE.sub("", text)
        m = PINYIN_GLOSS.search(text)
        if m:
            self.glossed.append(line or 0)
            self.example = self.example or text[max(0, m.start() - 1): m.end()]
            if self.pinyin == "remove":
                text = PINYIN_GLOSS.sub("", text)
        if INVISIBLE_IN_FIGURE.search(text):
            self.inside.append(line or 0)
            text = INVISIBLE_IN_FIGURE.sub("", text)
        if GROUPING_SPACE.search(text):
            self.grouped.append(line or 0)
        if _FULLWIDTH_DIGIT.search(text):
            self.fullwidth.append(line or 0)
        return text

    def finish(self) -> None:
        r = self.report
        r.add_lines("controls", "warning", "removed bidirectional control characters (U+202A–U+202E, U+2066–U+2069, "
                    "U+200E/U+200F): they change the order a reader sees; check the text against the original", self.bidi)
        if self.pinyin == "remove":
            r.add_lines("pinyin", "repaired", f"removed pinyin glosses put in by a mirror site ({self.example})", self.glossed)
        else:
            r.add_lines("pinyin", "warning", f"pinyin glosses put in by a mirror site ({self.example}); "
                        "import again with --pinyin remove to take them out", self.glossed)
        r.add_lines("invisible-character", "warning", "removed invisible characters (zero-width space, word joiner, "
                    "soft hyphen) inside a figure, so its digits read as one number; check it against the original",
                    self.inside)
        r.add_lines("digit-grouping", "warning", "a no-break or thin space between digit groups (1 234.5): suspected "
                    "digit grouping, kept as written; is it one figure? check it against the original", self.grouped)
        r.add_lines("fullwidth-digits", "info", "full-width digits (０-９) kept as printed: changing them would change "
                    "a figure's characters; the number check reads them as digits", self.fullwidth)


def traditional_share(text: str) -> tuple[int, int]:
    """(characters OpenCC would change to Simplified, Chinese characters) in ``text``."""
    simple = to_simplified_chars(text)
    return sum(1 for a, b in zip(text, simple) if a != b), cjk_count(text)


def is_traditional(text: str) -> bool:
    changed, total = traditional_share(text)
    return total > 0 and changed / total >= TRADITIONAL_SHARE


def _traditional(lines: list[Line], report: Report, to_simplified: bool) -> list[Line]:
    changed_lines = [ln.no for ln in lines if to_simplified_chars(ln.text) != ln.text]
    if not changed_lines:
        return lines
    changed, total = traditional_share("\n".join(ln.text for ln in lines))
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
