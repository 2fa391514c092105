"""Shared test helpers: a demo project copied into tmp_path, running the CLI (in this process or as
`python -m bipub`), a headless browser.

The suite runs on two workers (pytest-xdist, `--dist loadfile`: see pyproject.toml), so a
fixture here must not share anything between processes: temporary folders come from
tmp_path / tmp_path_factory (one base folder per worker), servers bind port 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's (scripts/setup --test), never downloaded


@pytest.fixture
def project(tmp_path) -> Path:
    """A small bipub project (tests/fixtures/project) in a temporary directory."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", dest)
    return dest


def run_bipub(*args: str, cwd: Path | None = None, env: dict | None = None,
              process: bool = False) -> subprocess.CompletedProcess:
    """Run `bipub ARGS` as a user would, capturing stdout, stderr and the exit code.

    In this process by default (`bipub.cli.main` as `python -m bipub` calls it: same arguments,
    streams, exit codes; an uncaught exception is its traceback on stderr and exit 1), which
    saves an interpreter, the imports and WeasyPrint's font set-up per call.  A separate
    `python -m bipub` process when ``process`` is true (the end-to-end tests of the command
    itself), when ``env`` changes more than bipub's own BIPUB_* variables (which bipub reads
    when a command runs; fontconfig, HOME and the like are read once per process), or for
    every call when BIPUB_TEST_PROCESS=1 is set.
    """
    changed = {k for k in set(env or {}) | set(os.environ) if env is not None and env.get(k) != os.environ.get(k)}
    outside = any(not k.startswith(("BIPUB_", "PYTEST_CURRENT_TEST")) for k in changed)
    if process or outside or os.environ.get("BIPUB_TEST_PROCESS") == "1":
        return subprocess.run([sys.executable, "-m", "bipub", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=600)
    return _in_process(list(args), cwd, env)


def _in_process(args: list[str], cwd: Path | None, env: dict | None) -> subprocess.CompletedProcess:
    from click.testing import CliRunner

    from bipub.cli import main

    here, saved = os.getcwd(), dict(os.environ)
    try:
        if cwd is not None:
            os.chdir(cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        result = CliRunner().invoke(main, args, prog_name="python -m bipub")
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))  # what Python prints, exit 1
    return subprocess.CompletedProcess([sys.executable, "-m", "bipub", *args], result.exit_code,
                                       result.stdout, stderr)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright, one per test module.

    Not one per session: Playwright's sync API cannot be started twice in one thread, and a
    module (the desk's) starts its own.  Pages wait with Playwright's auto-waiting, never a sleep.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/setup --test installs Debian's)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


def pytest_configure(config):
    """Playwright's expect() waits up to 30 s instead of its 5 s default, in every browser test:
    on a busy CI machine a page is slow, not wrong (a wait that succeeds returns at once)."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        return
    expect.set_options(timeout=30_000)
