"""The JSON body of a write request, read with a size limit and checked field by field.

A body that is too big is refused with 413 before it is read whole; one that is not a
JSON object, or a field of the wrong type (a list where a string belongs, a line number
given as text), with 400 saying which field: never a 500, and never ``str(["x"])``
stored as someone's English.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.requests import Request

#: far above any edit (a segment, a glossary row, their base versions)
MAX_BYTES = 1 << 20


class Body:
    """Typed access to the fields of a request's JSON object."""

    def __init__(self, data: dict):
        self.data = data

    @classmethod
    async def read(cls, request: Request) -> Body:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            raise HTTPException(413, f"request body over {MAX_BYTES} bytes")
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BYTES:
                raise HTTPException(413, f"request body over {MAX_BYTES} bytes")
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (ValueError, RecursionError) as e:
            raise HTTPException(400, f"the body is not JSON: {str(e)[:100]}") from None
        if not isinstance(data, dict):
            raise HTTPException(400, "the body must be a JSON object")
        return cls(data)

    def text(self, key: str) -> str:
        """A string field ("" when missing or null)."""
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise HTTPException(400, f"{key!r} must be a string")
        return value

    def obj(self, key: str) -> Body | None:
        """An object field (None when missing or null)."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise HTTPException(400, f"{key!r} must be an object")
        return Body(value)

    def line(self, key: str) -> int | None:
        """A line number (a positive whole number, or None)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise HTTPException(400, f"{key!r} must be a line number (1 or more) or null")
        return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")
