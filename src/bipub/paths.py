"""How a path is shown to a user: the one function for it.

Findings, reports and command output name files relative to the project, the
way a user types them (``source/report.md``).  A path outside the project is
shown as given (absolute if it was absolute), never resolved into a longer
absolute path the user never typed.
"""

from __future__ import annotations

import os
from pathlib import Path


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
