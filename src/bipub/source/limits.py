"""Limits of the Markdown parser, reported instead of hit silently.

markdown-it stops building blocks nested deeper than its ``maxNesting`` and
skips the rest of the enclosing block *without a word*: a list nested ten
levels deep used to drop every later section of the document.  bipub raises
the limit to :data:`MAX_NESTING` (ample for any report) and
:func:`guard_nesting` records where content would still be dropped, so the
parse reports it as an error naming the line.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from bipub.findings import Finding

#: block nesting markdown-it keeps (a list level takes two: the list and its item)
MAX_NESTING = 60


def guard_nesting(md: MarkdownIt) -> list[tuple[int, int]]:
    """Raise ``md``'s nesting limit and return the list that will collect the (first, last) body
    lines (0-based, end exclusive) of every range the parser drops for being nested too deep."""
    md.options["maxNesting"] = MAX_NESTING
    dropped: list[tuple[int, int]] = []
    tokenize = md.block.tokenize

    def guarded(state, start_line: int, end_line: int, *args, **kwargs):
        if state.level >= state.md.options["maxNesting"]:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:
                dropped.append((line, end_line))
        return tokenize(state, start_line, end_line, *args, **kwargs)

    md.block.tokenize = guarded
    return dropped


def nesting_findings(dropped: list[tuple[int, int]], path: str, offset: int) -> list[Finding]:
    """One error per dropped range; ``offset`` is the number of lines before the Markdown body."""
    return [Finding("parse.too-deep", "error",
                    f"content nested more than {MAX_NESTING // 2} levels deep is not kept: lines "
                    f"{a + 1 + offset}-{b + offset} are dropped; nest lists and quotes less deeply",
                    path, a + 1 + offset) for a, b in dropped]
