"""`bipub.toml`: the project's configuration, typed and validated.

Every key is declared once in `SCHEMA` (type, default, allowed values, help).
Errors name the file and line: ``bipub.toml:7: [build] engine must be one of
auto, memory, argos, pseudo (got 'fast')``.  See docs/config.md for the keys.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bipub.findings import ConfigError

CONFIG_NAME = "bipub.toml"


@dataclass(frozen=True)
class Key:
    type: type | tuple
    default: Any
    help: str
    choices: tuple = ()
    required: bool = False


SCHEMA: dict[str, dict[str, Key]] = {
    "project": {
        "name": Key(str, None, "project name, shown in build output and PDF metadata (required)", required=True),
        "sources": Key(str, "source", "folder of Markdown sources"),
        "glossary": Key(str, "glossary", "folder of glossary TSV files"),
        "translations": Key(str, "translations", "folder of the translation memory"),
        "output": Key(str, "output", "folder for PDF, HTML and reports"),
    },
    "build": {
        "engine": Key(str, "auto", "where English comes from when the memory has none",
                      ("auto", "memory", "argos", "pseudo")),
        "formats": Key(list, ["html", "pdf"], "outputs to write", ("html", "pdf")),
        "variant": Key(str, "zh-Hans", "Chinese script of the Chinese column", ("zh-Hans", "zh-Hant")),
        "hant_config": Key(str, "s2tw", "OpenCC conversion for zh-Hant: s2tw converts characters (Taiwan standard); "
                                        "s2twp and s2hk also swap in regional vocabulary, which can change meaning "
                                        "(全局 → 全域性)", ("s2t", "s2tw", "s2twp", "s2hk")),
        "tagged_pdf": Key(bool, False, "write a tagged, accessible PDF (PDF/UA)"),
        "page_size": Key(str, "A4", "PDF page size", ("A4", "A5", "B5", "letter")),
    },
    "translate": {
        "packages_dir": Key(str, "", "Argos packages folder (relative to the project); "
                                     "env BIPUB_PACKAGES_DIR wins; empty: Argos' default"),
        "beam_size": Key(int, 1, "beam size for decoding: 1 = greedy, twice the batched throughput of 2 (docs/models.md)"),
        "inter_threads": Key(int, 2, "CTranslate2 workers translating batches in parallel"),
        "intra_threads": Key(int, 1, "threads per CTranslate2 worker"),
        "compute_type": Key(str, "int8", "CTranslate2 compute type", ("int8", "int8_float32", "float32", "default", "auto")),
        "max_batch_size": Key(int, 32, "sentences per CTranslate2 batch"),
    },
    "memory": {
        "fuzzy_threshold": Key(float, 0.85, "similarity (0-1) above which a changed segment reuses its old English"),
    },
}


@dataclass(frozen=True)
class Config:
    root: Path
    values: dict  # table -> key -> value, defaults filled in

    def __getitem__(self, table: str) -> dict:
        return self.values[table]

    def path(self, key: str) -> Path:
        """A project folder from [project]: ``cfg.path("sources")``."""
        return self.root / self.values["project"][key]

    def with_overrides(self, table: str, **kw) -> "Config":
        values = {t: dict(v) for t, v in self.values.items()}
        for k, v in kw.items():
            if v is not None:
                values[table][k] = v
        return Config(self.root, values)


def _line_of(text: str, table: str, key: str | None) -> int:
    """Line of ``key`` inside ``[table]`` (or of the table header) in the raw TOML."""
    lines = text.split("\n")
    in_table = False
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if s.startswith("["):
            in_table = s.strip("[] ") == table
            if in_table and key is None:
                return n
            continue
        if in_table and key and re.match(rf"{re.escape(key)}\s*=", s):
            return n
    return 1


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    shown = CONFIG_NAME if root == Path(".") else str(path)
    if not path.is_file():
        raise ConfigError(f"{shown}: not found: {root} is not a bipub project (use -C DIR to point at one)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raw = path.read_bytes()
        line = raw[: e.start].count(b"\n") + 1
        raise ConfigError(f"{shown}:{line}: not UTF-8 (byte {e.start}); save it as UTF-8") from e
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise ConfigError(f"{shown}:{m.group(1) if m else 1}: {msg}") from e
    return Config(root, validate(data, text, shown))


def validate(data: dict, text: str, shown: str) -> dict:
    values: dict[str, dict] = {}
    for table, value in data.items():
        if table not in SCHEMA:
            raise ConfigError(f"{shown}:{_line_of(text, table, None)}: unknown table [{table}] "
                              f"(known: {', '.join(SCHEMA)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{shown}:{_line_of(text, table, None)}: {table} must be a table")
    for table, keys in SCHEMA.items():
        given = data.get(table, {})
        for key in given:
            if key not in keys:
                raise ConfigError(f"{shown}:{_line_of(text, table, key)}: unknown key [{table}] {key} "
                                  f"(known: {', '.join(keys)})")
        out = {}
        for key, spec in keys.items():
            if key not in given:
                if spec.required:
                    raise ConfigError(f"{shown}:{_line_of(text, table, None)}: missing required key [{table}] {key}: {spec.help}")
                out[key] = spec.default
                continue
            v = given[key]
            line = _line_of(text, table, key)
            ok_type = isinstance(v, spec.type) and not (spec.type is int and isinstance(v, bool))
            if spec.type is float and isinstance(v, int) and not isinstance(v, bool):
                v, ok_type = float(v), True
            if not ok_type:
                raise ConfigError(f"{shown}:{line}: [{table}] {key} must be {_tname(spec.type)} (got {v!r})")
            if spec.choices:
                items = v if isinstance(v, list) else [v]
                bad = [x for x in items if x not in spec.choices]
                if bad:
                    raise ConfigError(f"{shown}:{line}: [{table}] {key} must be one of "
                                      f"{', '.join(spec.choices)} (got {bad[0]!r})")
            if spec.type is int and v < 1:
                raise ConfigError(f"{shown}:{line}: [{table}] {key} must be at least 1 (got {v})")
            if spec.type is float and not 0 < v <= 1:
                raise ConfigError(f"{shown}:{line}: [{table}] {key} must be between 0 and 1 (got {v})")
            out[key] = v
        values[table] = out
    return values


def _tname(t) -> str:
    return {str: "a string", int: "an integer", bool: "true or false", float: "a number", list: "a list"}.get(t, str(t))


def describe() -> str:
    """The documented keys, as TOML with comments (docs/config.md is generated from this)."""
    lines = []
    for table, keys in SCHEMA.items():
        lines.append(f"[{table}]")
        for key, spec in keys.items():
            choices = f" ({' | '.join(spec.choices)})" if spec.choices else ""
            default = "" if spec.default is None else spec.default
            lines.append(f"# {spec.help}{choices}")
            lines.append(f"{key} = {_toml(default)}")
        lines.append("")
    return "\n".join(lines)


def _toml(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return str(v)
