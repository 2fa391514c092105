"""A module as it was at an older commit, read out of git: benchmarks print old and new side by side."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def old_module(commit: str, path: str, name: str) -> types.ModuleType | None:
    """``path`` (e.g. ``src/bipub/check/qa.py``) at ``commit``, executed as module ``name``; None if
    git or that commit cannot be had (a shallow clone)."""
    try:
        source = subprocess.run(["git", "-C", str(REPO), "show", f"{commit}:{path}"],
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = sys.modules[name] = types.ModuleType(name)
    exec(compile(source, f"{name}.py", "exec"), module.__dict__)
    return module
