"""How a path is shown to a user: the one function for it (and `relative`, for a path stored in a file).

Findings, reports and command output name files relative to the project, the
way a user types them (``source/report.md``).  A path outside the project is
shown as given (absolute if it was absolute), never resolved into a longer
absolute path the user never typed.
"""

from __future__ import annotations

import os
from pathlib import Path


def relative(path: Path | str, folder: Path | str) -> str:
    """``path`` as a reference stored in a file of ``folder`` (``../../shared/corpus/x.txt``), ``/`` separators.

    Unlike `shown` it climbs out with ``..``: the import record beside a source names its raw input
    this way so the pair can be moved together."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return shown(Path(path).resolve(), folder)


def shown(path: Path | str, root: Path | str) -> str:
    """``path`` relative to ``root`` when it lies inside it, else as given (POSIX separators)."""
    path, root = Path(path), Path(root)
    for p, r in ((path, root), (Path(os.path.abspath(path)), Path(os.path.abspath(root))),
                 (path.resolve(), root.resolve())):
        try:
            rel = p.relative_to(r)
        except ValueError:
            continue
        return rel.as_posix() if str(rel) != "." else "."
    return path.as_posix()
