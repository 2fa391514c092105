"""What the PDF layout can set, checked before WeasyPrint starts.

Typesetting time grows with the length of a paragraph (WeasyPrint needs about
0.3 ms per character of one paragraph on a laptop core, and a 5 MB single-line
paragraph did not finish in 10 minutes).  A paragraph longer than
:data:`MAX_BLOCK_CHARS` (Chinese and English together, about ten pages) is
refused with one line naming its source line, and the PDF is not typeset; the
HTML page and fragment are written as usual.
"""

from __future__ import annotations

from bipub.findings import BipubError
from bipub.model import Document

#: the longest block (paragraph, list item, table, caption) the PDF sets, in characters
MAX_BLOCK_CHARS = 20_000


class NotTypeset(BipubError):
    """The PDF is not typeset, for a reason an editor can fix (``code`` is the finding's code)."""

    code = "render.not-typeset"


class TooLong(NotTypeset):
    code = "render.too-long"


def check_lengths(doc: Document) -> None:
    """Raise :class:`TooLong` for the first block longer than :data:`MAX_BLOCK_CHARS`."""
    for b in doc.blocks():
        n = sum(len(s.source) + len(s.target or "") for s in b.segments)
        if n > MAX_BLOCK_CHARS:
            raise TooLong(f"PDF not typeset: this {b.kind.replace('_', ' ')} has {n:,} characters with its "
                          f"English; the layout sets at most {MAX_BLOCK_CHARS:,} per paragraph: split it into "
                          "paragraphs (a blank line between them)", file=doc.path or None, line=b.line)
