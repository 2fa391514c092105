"""Shared test helpers: a demo project copied into tmp_path, and running the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    """A small bipub project (tests/fixtures/project) in a temporary directory."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", dest)
    return dest


def run_bipub(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m bipub ARGS` as a user would, capturing stdout and stderr."""
    return subprocess.run([sys.executable, "-m", "bipub", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
