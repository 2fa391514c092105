"""What a glossary is made of: a ``Term`` (one row an editor wrote) and a ``TermMatch``.

The columns of a glossary file (see ``docs/glossary.md``)::

    zh	en	variants	forbidden	status	type	note

``zh``, ``en`` and ``status`` are required; ``variants`` and ``forbidden`` hold
several values separated by ``|``; ``status`` is ``approved`` or ``proposed``.
The column names are the language pair's codes, so files written by earlier
releases read back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import NamedTuple

STATUSES = ("approved", "proposed")
MAX_TERM_LENGTH = 200  # longer "terms" are sentences: reported, not matched
TYPES = (
    "term", "programme", "slogan", "org", "company", "product", "place",
    "event", "person", "publication", "document", "title",
)
COLUMNS = ("zh", "en", "variants", "forbidden", "status", "type", "note")
REQUIRED_COLUMNS = ("zh", "en", "status")
LIST_SEPARATOR = "|"
#: files ``bipub glossary import`` writes; every other glossary file is a house file and wins
IMPORTED_PREFIX = "imported-"


@dataclass(frozen=True)
class Term:
    """One glossary row.  ``file``/``line`` say where it was written."""

    zh: str
    en: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()  # English renderings that must not be used
    status: str = "approved"  # "approved" | "proposed"
    note: str = ""
    type: str = "term"
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "(no file)"

    @property
    def imported(self) -> bool:
        """Written by ``bipub glossary import`` (a file ``imported-*.tsv``), not by the house."""
        return PurePath(self.file).name.startswith(IMPORTED_PREFIX)

    def same_content(self, other: "Term") -> bool:
        """Equal in everything an editor wrote (file and line aside)."""
        return all(getattr(self, k) == getattr(other, k) for k in COLUMNS)


class TermMatch(NamedTuple):
    """A glossary term found in a text; ``start``/``end`` index the ORIGINAL text.

    Immutable; compares and hashes by its four fields.
    """

    start: int
    end: int
    surface: str  # the text as written there (may be a variant or Traditional form)
    term: Term


def precedence(term: Term) -> tuple[bool, bool]:
    """Sort key of rows giving the same Chinese: house before imported, then approved before proposed."""
    return term.imported, term.status != "approved"


def split_list(cell: str) -> tuple[str, ...]:
    """A ``variants``/``forbidden`` cell as its values (``a | b`` → ``("a", "b")``)."""
    return tuple(v.strip() for v in cell.split(LIST_SEPARATOR) if v.strip())
