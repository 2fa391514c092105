"""Traditional copy meets the same rules as Simplified copy.

Every pattern of the importer (bylines, date lines, editor lines, promotions,
credits, numbering) is written in Simplified characters.  :func:`on_simplified`
wraps a pattern function so that it reads the **folded** text (OpenCC t2s one
character at a time, :func:`bipub.text.normalize.to_simplified_chars`, length
preserved) while every piece of text it hands back is cut from the **original**
at the same place: ``記者 王紅`` is recognised as a reporter line and gives the
author ``王紅``, never ``王红``.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable

from bipub.text.normalize import to_simplified_chars


def on_simplified(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn(text, ...)`` matched on the Simplified form of ``text``; strings in its answer taken from ``text``."""

    @functools.wraps(fn)
    def wrapper(text: str, *args: Any, **kwargs: Any) -> Any:
        folded = to_simplified_chars(text)
        if folded == text:
            return fn(text, *args, **kwargs)
        return back(fn(folded, *args, **kwargs), folded, text)

    return wrapper


def back(value: Any, folded: str, original: str) -> Any:
    """``value`` with every string that is a piece of ``folded`` replaced by the same piece of ``original``.

    A string that is not in ``folded`` (an ISO date, a label the pattern made) is left as it is."""
    if isinstance(value, str):
        at = folded.find(value) if value else -1
        return original[at: at + len(value)] if at >= 0 else value
    if isinstance(value, list):
        return [back(v, folded, original) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(back(v, folded, original) for v in value)
    if isinstance(value, dict):
        return {k: back(v, folded, original) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: back(getattr(value, f.name), folded, original)
                                             for f in dataclasses.fields(value)})
    return value
