"""``import_file``: where an import may write, and the findings file beside the source.

* The output is ``source/<raw stem>.md`` unless given.  An existing file is never
  replaced without ``force=True`` (the CLI's ``--force``); an in-place re-import
  (the raw file *is* the output) needs it too.
* Never written, even with force: anything inside a ``translations/`` or
  ``glossary/`` folder (the memory and the approved terms), a ``bipub.toml``, a
  file that is not ``.md``, and, when the project root is known, anything outside it.
* Images taken out of a document go into ``source/<stem>.assets/`` beside the
  source, under the same rule (no replacing without force).

``source/NAME.import.json`` holds the findings; each has ``"handled": false``
until an editor marks it handled (:mod:`bipub.importer.handled`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from bipub.findings import SEVERITIES, Finding
from bipub.importer import handled as handled_mod
from bipub.importer import write
from bipub.importer.decode import ImportRefused
from bipub.importer.run import ImportResult, import_text
from bipub.paths import relative

#: folders an import never writes into: the translation memory and the glossary
PROTECTED_DIRS = ("translations", "glossary")
PROTECTED_FILES = ("bipub.toml",)


def default_output(raw: Path) -> Path:
    """``source/<raw stem>.md`` (relative to the working directory); a dot inside the stem becomes ``-``
    (``gwr_2025.zh.txt`` → ``gwr_2025-zh.md``), as ``NAME.x.md`` is a companion of ``NAME``, never built."""
    return Path("source") / (raw.stem.replace(".", "-") + ".md")


def check_target(path: Path, *, force: bool, root: Path | None, what: str = "output") -> None:
    """Raise ``ImportRefused`` when ``path`` may not be written (see the module docstring)."""
    resolved = Path(os.path.abspath(path))
    real = path.resolve()  # symlinked folders resolved even when the file itself does not exist yet
    for p in {resolved, real}:
        if p.name in PROTECTED_FILES:
            raise ImportRefused(f"{path}: refusing to write the import over the project configuration {p.name}; "
                                "choose a file in source/ with -o")
        for part in p.parent.parts:
            if part in PROTECTED_DIRS:
                raise ImportRefused(f"{path}: refusing to write the import into {part}/ (the project's "
                                    f"{'translation memory' if part == 'translations' else 'glossary'}); "
                                    "choose a file in source/ with -o")
        if root is not None:
            if not p.is_relative_to(Path(os.path.abspath(root)).resolve() if p is real else Path(os.path.abspath(root))):
                raise ImportRefused(f"{path}: refusing to write outside the project ({root})")
    if what == "output" and path.suffix.lower() != ".md":
        raise ImportRefused(f"{path}: the import writes a Markdown source; give an output ending in .md")
    if path.exists() and not force:
        raise ImportRefused(f"{path}: exists; refusing to replace it (use --force to replace it, "
                            "its findings file is replaced too)")


def import_file(raw: Path, out: Path | None = None, *, to_simplified: bool = False, force: bool = False,
                pinyin: str = "flag", root: Path | None = None) -> ImportResult:
    """Read ``raw``, write ``out`` (default :func:`default_output`), ``out``'s ``.import.json`` and any images.

    Everything is checked before anything is written; the source and its JSON are written both
    or neither.  Raises ``ImportRefused`` (exit code 2) with nothing written when the input is
    refused or an output may not be written.
    """
    raw = Path(raw)
    try:
        data = raw.read_bytes()
    except OSError as e:
        raise ImportRefused(f"{raw}: cannot read: {e.strerror or e}") from None
    out = Path(out) if out is not None else default_output(raw)
    json_path = out.with_suffix(".import.json")
    assets_dir = out.stem + ".assets"
    check_target(out, force=force, root=root)
    check_target(json_path, force=True, root=root, what="findings")
    result = import_text(data, name=str(raw), to_simplified=to_simplified, pinyin=pinyin, assets_dir=assets_dir,
                         base=raw.parent)
    for name in result.assets:
        check_target(out.parent / assets_dir / name, force=force, root=root, what="image")
    record = result.to_json(relative(raw, json_path.parent), out.name)
    if _same_file(raw, out):
        record = merged_json(record, json_path, result, str(raw))
    record = handled_mod.carry_over(record, json_path)
    for name, blob in result.assets.items():
        target = out.parent / assets_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
    write.write_both(out, result.markdown, json_path, record)
    return result


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def merged_json(record: dict, json_path: Path, result: ImportResult, name: str) -> dict:
    """The JSON of an in-place re-import: the earlier raw import's findings kept, this run's added.

    When ``json_path`` holds the record of an import from another (raw) file, its ``raw``,
    ``encoding``, ``blocks`` and the findings pointing at that raw file are kept (with their
    ``handled`` marks) and this run's findings follow them; findings of earlier in-place runs are
    replaced.  An info finding ``import.reimport`` says so.
    """
    try:
        old = json.loads(json_path.read_text(encoding="utf-8"))
        old_raw = old["raw"]
        kept = [f for f in old["findings"] if f.get("file") == old_raw]
    except (OSError, ValueError, KeyError, TypeError):
        return record
    if not isinstance(old_raw, str) or old_raw == record["raw"]:
        return record
    note = Finding("import.reimport", "info",
                   f"imported in place: the {len(kept)} findings of the raw import ({old_raw}) are kept "
                   f"in {json_path.name}, this run's findings are added", name, None)
    result.findings.insert(0, note)
    new = [{**note.to_json(), "file": record["raw"], "handled": False}] + record["findings"]
    merged = {**record, "raw": old_raw, "encoding": old.get("encoding", record["encoding"]),
              "blocks": old.get("blocks", record["blocks"]), "findings": kept + new}
    merged["counts"] = {s: sum(1 for f in merged["findings"] if f.get("severity") == s) for s in SEVERITIES}
    return merged
