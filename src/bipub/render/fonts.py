"""Fonts checked before typesetting: no tofu, no crash.

WeasyPrint draws each character with the first font fontconfig offers that
covers it; a character no font covers is printed as an empty box ("tofu"),
silently, and with no font at all Pango crashes the process.  So before a PDF
is typeset, :func:`check_fonts` collects every character the page will show
and looks each one up in the union of what the fonts fontconfig sees cover
(``fc-list --format '%{charset}'``: one call, about 20 ms, kept per process and
font configuration).  Characters nobody covers stop the PDF with one line
naming them and the fonts to install.
"""

from __future__ import annotations

import bisect
import os
import shutil
import subprocess
import unicodedata
from html import unescape

from bipub.render.limits import NotTypeset
from bipub.text.normalize import has_chinese

#: how many uncovered characters the message names before "and N more"
SHOWN = 12
_IGNORABLE = ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
              (0x180B, 0x180F), (0xE0000, 0xE0FFF))
_cache: dict[tuple, tuple[list[int], list[int]]] = {}


class FontsMissing(NotTypeset):
    """The document holds characters no installed font can draw."""

    code = "render.fonts-missing"


def _coverage() -> tuple[list[int], list[int]]:
    """Merged code point ranges (starts, ends) covered by some font fontconfig sees."""
    key = tuple(os.environ.get(v) for v in ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "HOME"))
    if key in _cache:
        return _cache[key]
    exe = shutil.which("fc-list")
    if exe is None:
        raise FontsMissing("cannot check the fonts before typesetting: fc-list not found "
                           "(install fontconfig: scripts/setup or apt-get install fontconfig)")
    try:
        out = subprocess.run([exe, "--format", "%{charset}\n"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontsMissing(f"cannot list the installed fonts with fc-list ({exc})") from exc
    ranges = set()
    for line in set(out.splitlines()):
        for tok in line.split():
            lo, _, hi = tok.partition("-")
            try:
                ranges.add((int(lo, 16), int(hi or lo, 16)))
            except ValueError:
                continue
    starts: list[int] = []
    ends: list[int] = []
    for lo, hi in sorted(ranges):
        if ends and lo <= ends[-1] + 1:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)
    _cache[key] = (starts, ends)
    return starts, ends


def _drawn(ch: str) -> bool:
    """Whether ``ch`` needs a glyph (controls, format characters and variation selectors do not)."""
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") or ch in " \t\n\r":
        return False
    cp = ord(ch)
    return not any(lo <= cp <= hi for lo, hi in _IGNORABLE)


def uncovered(text: str) -> list[str]:
    """The characters of ``text`` that no font fontconfig sees covers, in code point order."""
    starts, ends = _coverage()
    out = []
    for ch in sorted(set(text)):
        if not _drawn(ch):
            continue
        i = bisect.bisect_right(starts, ord(ch)) - 1
        if i < 0 or ord(ch) > ends[i]:
            out.append(ch)
    return out


def check_fonts(html: str, css: str = "") -> None:
    """Raise :class:`FontsMissing` (one line) when a character of the page has no font."""
    missing = uncovered(unescape(html) + css)
    if not missing:
        return
    named = ", ".join(f"{c} U+{ord(c):04X}" for c in missing[:SHOWN])
    more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
    if any(has_chinese(c) for c in missing):
        how = "install the Noto CJK fonts (scripts/setup, or apt-get install fonts-noto-cjk)"
    else:
        how = "install a font that covers them (scripts/setup installs fonts-noto-core and fonts-noto-cjk)"
    raise FontsMissing(f"PDF not typeset: no installed font covers {len(missing)} character"
                       f"{'s' if len(missing) != 1 else ''} of the document ({named}{more}); {how}")
