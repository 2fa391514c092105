"""Settings tables: one frozen dataclass per `bipub.toml` table, every key declared once.

A table is a frozen dataclass whose fields are made with `setting()`::

    @dataclass(frozen=True)
    class MemoryTable:
        fuzzy_threshold: float = setting(0.85, "similarity above which ...", lo=0, hi=1, lo_open=True)

`read_table(cls, given, where)` checks the values a user wrote (type, choices,
range, folders inside the project) and returns the instance, defaults filled in; `describe_table`
writes the documented TOML.  A problem is one `ConfigError` line naming the
file and the line of the key.  Engines declare their own table the same way
(`translate/engines.py`), so this module sits below every stage.
"""

from __future__ import annotations

import dataclasses
import math
import os
import typing
from dataclasses import MISSING, dataclass, field
from typing import Any, Callable

from bipub.findings import ConfigError


@dataclass(frozen=True)
class Key:
    help: str
    choices: tuple | Callable[[], tuple] = ()  # a callable: read from a registry when checked
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # lo itself is not allowed (0 < fuzzy_threshold)
    inside: bool = False  # a folder that must lie inside the project

    def allowed(self) -> tuple:
        return tuple(self.choices() if callable(self.choices) else self.choices)


def setting(default: Any = MISSING, help: str = "", **kw) -> Any:
    """A dataclass field with its documentation and checks (see `Key`); no default: required."""
    return field(default=default, metadata={"bipub": Key(help, **kw)})


def keys(cls) -> dict[str, tuple[Key, type, Any]]:
    """``name -> (Key, python type, default)`` of a table class, in declaration order."""
    hints = typing.get_type_hints(cls)
    return {f.name: (f.metadata["bipub"], hints[f.name], f.default) for f in dataclasses.fields(cls)}


@dataclass(frozen=True)
class Where:
    """How to name a place in the configuration file: ``bipub.toml:7``."""
    shown: str  # the file as the user knows it
    table: str  # the table name as written ("translate" for the old name of [argos])
    line_of: Callable[[str | None], int]  # key (None: the table header) -> line

    def error(self, key: str | None, message: str) -> ConfigError:
        return ConfigError(f"{self.shown}:{self.line_of(key)}: {message}")


def read_table(cls, given: dict, where: Where):
    """The table ``cls`` from the values ``given`` in the file, checked; ConfigError on the first problem."""
    spec = keys(cls)
    table = where.table
    for key in given:
        if key not in spec:
            raise where.error(key, f"unknown key [{table}] {key} (known: {', '.join(spec)})")
    values = {}
    for key, (k, typ, default) in spec.items():
        if key not in given:
            if default is MISSING:
                raise where.error(None, f"missing required key [{table}] {key}: {k.help}")
            continue
        values[key] = _check(k, typ, given[key], lambda msg, key=key: where.error(key, f"[{table}] {key} {msg}"))
    return cls(**values)


def replace_checked(table, label: str, **values):
    """``dataclasses.replace`` with every value checked as if written in the file
    (``label`` names where it came from: ``command line``)."""
    spec = keys(type(table))
    for key, v in values.items():
        if key not in spec:
            raise ConfigError(f"{label}: unknown setting {key!r} (known: {', '.join(spec)})")
        k, typ, _ = spec[key]
        values[key] = _check(k, typ, list(v) if isinstance(v, tuple) else v,
                             lambda msg, key=key: ConfigError(f"{label}: {key} {msg}"))
    return dataclasses.replace(table, **values)


def _check(k: Key, typ, v, fail):
    many = typing.get_origin(typ) is tuple
    want = typing.get_args(typ)[0] if many else typ
    if many:
        if not isinstance(v, list) or not all(_is(x, want) for x in v):
            raise fail(f"must be a list of {_tname(want, plural=True)} (got {v!r})")
        v = tuple(v)
    elif want is float and _is(v, int):
        v = float(v)
    elif not _is(v, want):
        raise fail(f"must be {_tname(want)} (got {v!r})")
    choices = k.allowed()
    if choices:
        bad = [x for x in (v if many else (v,)) if x not in choices]
        if bad:
            raise fail(f"must be one of {', '.join(choices)} (got {bad[0]!r})")
    if want in (int, float):
        if k.lo is not None and k.hi is not None and want is float:
            if not (k.lo < v if k.lo_open else k.lo <= v) or not v <= k.hi or math.isnan(v):
                raise fail(f"must be between {_num(k.lo)} and {_num(k.hi)} (got {_num(v)})")
        elif k.lo is not None and v < k.lo:
            raise fail(f"must be at least {_num(k.lo)} (got {_num(v)})")
        elif k.hi is not None and v > k.hi:
            raise fail(f"must be at most {_num(k.hi)} (got {_num(v)})")
    if isinstance(v, str) and any(ord(c) < 32 or ord(c) == 127 for c in v):
        raise fail(f"must not contain control characters (got {v!r})")
    if k.inside:
        _check_inside(v, fail)
    return v


def _check_inside(v: str, fail) -> None:
    """Checked on the text (``a/../b`` is fine, ``../b`` and ``/b`` are not)."""
    norm = os.path.normpath(v) if v else "."
    if os.path.isabs(v) or norm == ".." or norm.startswith(("../", ".." + os.sep)):
        raise fail(f"must be a folder inside the project (got {v!r})")


def _is(v, t) -> bool:
    if t in (int, float) and isinstance(v, bool):
        return False
    return isinstance(v, t)


def _num(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() and abs(v) < 1e15 else str(v)


def _tname(t, plural: bool = False) -> str:
    one = {str: "a string", int: "an integer", bool: "true or false", float: "a number"}
    many = {str: "strings", int: "integers", bool: "booleans", float: "numbers"}
    return (many if plural else one).get(t, str(t))


def describe_table(name: str, cls, note: str = "") -> list[str]:
    """``[name]`` and every key as commented TOML (defaults shown; required keys empty)."""
    lines = [f"[{name}]"] + ([f"# {note}"] if note else [])
    for key, (k, typ, default) in keys(cls).items():
        extra = ""
        if k.allowed():
            extra = f" ({' | '.join(k.allowed())})"
        elif k.lo is not None and k.hi is not None:
            lo = f"above {_num(k.lo)}" if k.lo_open else f"from {_num(k.lo)}"
            extra = f" ({lo} to {_num(k.hi)})"
        lines.append(f"# {k.help}{' (inside the project)' if k.inside else ''}{extra}")
        lines.append(f"{key} = {_toml('' if default is MISSING else default)}")
    return lines


def _toml(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return str(v)
