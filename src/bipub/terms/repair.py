"""Damaged glossary text repaired: GBK read as Latin-1 (mojibake), stray apostrophes.

Termbases exported by other tools arrive with both kinds of damage.  The repairs
are used two ways: ``glossary check`` reports a damaged row (error, with the text
it probably meant), and a termbase import repairs the row, brings it in as
``proposed`` and says so in a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bipub.findings import Finding
from bipub.terms.model import Term
from bipub.text.normalize import CJK_PUNCT, HAN_CHARS, has_chinese

_HIGH_LATIN1 = re.compile(r"[\u0080-\u00ff]")


def repair_mojibake(text: str) -> str | None:
    """Chinese that was GBK bytes decoded as Latin-1 (``ÊÓÆµ`` → ``视频``), repaired; else None."""
    if len(_HIGH_LATIN1.findall(text)) < 2 or has_chinese(text):
        return None
    for codec in ("latin-1", "cp1252"):
        try:
            fixed = text.encode(codec).decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if has_chinese(fixed):
            return fixed
    return None


_SPACED_OUT = re.compile(r"(?:[^\s']'){3,}")
_CJK_APOSTROPHE = re.compile(f"(?<=[{HAN_CHARS}{CJK_PUNCT}])'+|'+(?=[{HAN_CHARS}{CJK_PUNCT}])")


def repair_apostrophes(text: str) -> str | None:
    """Text with stray apostrophes between its characters (``测'试``, ``H'e'a'd``), repaired; else None.

    Quotation marks in ordinary English (``Click 'Next'``, ``don't``) are left alone.
    """
    if "'" not in text:
        return None
    if has_chinese(text):
        fixed = _CJK_APOSTROPHE.sub("", text)
    elif _SPACED_OUT.search(text):
        fixed = text.replace("'", "")
    else:
        return None
    fixed = re.sub(r"\s+", " ", fixed).strip()
    return fixed if fixed != text else None


def damage_findings(term: Term, where_file: str, where_line: int) -> tuple[Term, list[Finding]]:
    """Repair mojibake and stray apostrophes in a term; repaired terms become ``proposed``."""
    findings: list[Finding] = []
    fields = {"zh": term.zh, "en": term.en}
    for name, value in fields.items():
        fixed = repair_mojibake(value)
        if fixed is not None:
            findings.append(Finding(
                "glossary.mojibake", "warning",
                f"{name} {value!r} is GBK read as Latin-1; repaired to {fixed!r} (imported as proposed)",
                where_file, where_line))
            fields[name] = value = fixed
        fixed = repair_apostrophes(value)
        if fixed is not None:
            findings.append(Finding(
                "glossary.stray-apostrophe", "warning",
                f"{name} {value!r} has stray apostrophes; repaired to {fixed!r} (imported as proposed)",
                where_file, where_line))
            fields[name] = fixed
    if not findings:
        return term, []
    return replace(term, zh=fields["zh"], en=fields["en"], status="proposed"), findings
