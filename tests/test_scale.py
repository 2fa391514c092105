"""Publishing an archive (issue 16): incremental builds, `--jobs`, a worker killed, concurrent builds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from archive_fixture import make_archive
from conftest import run_bipub
from bipub.memory.store import Memory
from bipub.pipeline import build
from bipub.project import Project


def outputs(project: Path) -> dict[str, bytes]:
    """Every output's bytes; reports without the time they were built."""
    out = {}
    for p in sorted((project / "output").iterdir()):
        if p.name.endswith(".report.json"):
            data = json.loads(p.read_text(encoding="utf-8"))
            data.pop("built_at")
            out[p.name] = json.dumps(data, sort_keys=True).encode()
        else:
            out[p.name] = p.read_bytes()
    return out


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """Four documents built one after the other (HTML and PDF)."""
    project = make_archive(tmp_path_factory.mktemp("serial") / "p", 4, formats=("html", "pdf"))
    result = build(Project.open(project), progress=False, jobs=1)
    assert [d.up_to_date for d in result.documents] == [False] * 4
    return project, result


def test_an_unchanged_rebuild_builds_nothing_and_says_why_the_others_were_built(serial):
    project, first = serial
    assert set(first.reasons.values()) == {"not built yet"}
    before = {p.name: p.stat().st_mtime_ns for p in (project / "output").iterdir()}
    again = build(Project.open(project), progress=False)
    assert [d.up_to_date for d in again.documents] == [True] * 4 and again.reasons == {}
    assert {p.name: p.stat().st_mtime_ns for p in (project / "output").iterdir()} == before
    # the stored findings and counts stand for the documents (the exit code is the first build's)
    assert [d.counts for d in again.documents] == [d.counts for d in first.documents]
    assert sorted(map(str, again.all_findings())) == sorted(map(str, first.all_findings()))


def test_only_the_changed_document_is_built_again_and_force_builds_all(tmp_path):
    project = make_archive(tmp_path / "p", 4)  # HTML only: which documents are built, not how they are typeset
    assert set(build(Project.open(project), progress=False).reasons.values()) == {"not built yet"}
    src = project / "source" / "doc0002.md"
    src.write_text(src.read_text(encoding="utf-8") + "\n新增一段：全年粮食产量13908亿斤。\n", encoding="utf-8")
    (project / "output" / "doc0003.html").unlink()
    result = build(Project.open(project), progress=False)
    assert result.reasons == {"source/doc0002.md": "source changed",
                              "source/doc0003.md": "output missing: output/doc0003.html"}
    forced = build(Project.open(project), progress=False, force=True)
    assert set(forced.reasons.values()) == {"--force"} and len(forced.reasons) == 4


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_jobs_2_writes_the_bytes_of_a_serial_build(serial, tmp_path, monkeypatch, start):
    """Workers forked from the warm parent (a command-line build on Linux) or started by a fork
    server (a build run by a server's thread, other systems) write what a serial build writes.
    Each way named, not left to `jobs._context`: it picks the fork server whenever the test's
    process runs another thread (a module before this one may have left one)."""
    import multiprocessing

    from bipub import jobs

    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} here")
    monkeypatch.setattr(jobs, "START", start)
    project = make_archive(tmp_path / "p", 4, formats=("html", "pdf"))
    result = build(Project.open(project), progress=False, jobs=2)
    assert [d.source for d in result.documents] == [d.source for d in serial[1].documents]
    assert outputs(project) == outputs(serial[0])
    assert [f.code for f in result.findings] == [f.code for f in serial[1].findings]


def test_each_worker_gets_its_share_of_the_engine_threads():
    """Two workers each run one CTranslate2 replica where a serial build runs two (threads change
    speed, not output: they are not in the engine's signature)."""
    from bipub.jobs import engine_share
    from bipub.translate.argos import ArgosEngine
    from bipub.translate.pseudo import PseudoEngine

    argos = ArgosEngine.Config()
    assert argos.inter_threads == 2
    assert engine_share(argos, 1) == argos
    assert engine_share(argos, 2).inter_threads == 1 and engine_share(argos, 8).inter_threads == 1
    assert engine_share(ArgosEngine.Config(inter_threads=4, intra_threads=2), 2) == \
        ArgosEngine.Config(inter_threads=2, intra_threads=2)
    assert engine_share(PseudoEngine.Config(), 2) == PseudoEngine.Config()  # nothing to share


def test_the_cli_summary_names_up_to_date_and_rebuilt_documents(serial, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(serial[0], project)
    (project / "output" / "doc0001.pdf").unlink()
    r = run_bipub("build", "-C", str(project), "--jobs", "2")
    assert r.returncode == 1 and "NOT publishable (pseudo)" in r.stdout, r.stderr  # pseudo English is no edition
    assert "up to date (signature unchanged, outputs present): 3 documents" in r.stdout
    assert "source/doc0001.md: built (output missing: output/doc0001.pdf)" in r.stdout
    assert "built 1/1 doc0001.md" in r.stderr  # progress: plain lines when not on a terminal


def _workers_of(pid: int) -> list[int]:
    """Pool workers of the build process ``pid``: its children forked from it (the same command line)."""
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    workers = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if ppid == pid and (d / "cmdline").read_bytes() == cmdline:
                    workers.append(int(d.name))
            except (OSError, IndexError, ValueError):
                continue
    return workers


@pytest.mark.skipif(not Path("/proc").is_dir() or "fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="finds the forked workers through /proc")
def test_a_worker_killed_mid_run_is_survived_with_nothing_lost(serial, tmp_path):
    """`bipub build --jobs 2`; one of its workers is killed as soon as it shows: the documents it
    held are built again, and the next build finds every document up to date."""
    import subprocess
    import sys

    project = make_archive(tmp_path / "p", 8, formats=("html",))
    run = subprocess.Popen([sys.executable, "-m", "bipub", "build", "-C", str(project), "--jobs", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = []
    deadline = time.monotonic() + 120
    while not killed and run.poll() is None and time.monotonic() < deadline:
        for pid in _workers_of(run.pid):
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            break
        time.sleep(0.005)
    out, err = run.communicate(timeout=300)
    assert killed, "no worker seen"
    assert run.returncode == 1 and "build.worker-restarted" in out + err, out + err  # pseudo: not publishable
    assert "Traceback" not in err
    result = build(Project.open(project), progress=False)
    assert [d.up_to_date for d in result.documents] == [True] * 8
    assert not [f for f in result.all_findings() if f.severity == "error"]


def test_the_memory_and_the_cache_survive_two_concurrent_builds(tmp_path):
    """Two `bipub build --jobs 2` at once on one project, through a (random) Argos model: each
    parent owns its cache and memory writes; afterwards every draft is in the memory and the cache."""
    import subprocess
    import sys

    from argos_fixture import build_package

    project = make_archive(tmp_path / "p", 4, formats=("html",))
    env = dict(os.environ, BIPUB_PACKAGES_DIR=str(tmp_path / "packages"))
    r = run_bipub("models", "install", "--file", str(build_package(tmp_path / "pkg")), "-C", str(project), env=env)
    assert r.returncode == 0, r.stderr
    cmd = [sys.executable, "-m", "bipub", "build", "-C", str(project), "--engine", "argos", "--force", "--jobs", "2"]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode in (0, 1), err  # random weights: QA complains
        assert "cache.rebuilt" not in err and "Traceback" not in err
    drafted = 0
    for i in range(4):
        report = json.loads((project / "output" / f"doc{i:04d}.report.json").read_text(encoding="utf-8"))
        assert report["counts"]["untranslated"] == 0
        units = Memory.load(project / "translations" / f"doc{i:04d}.jsonl").units()
        assert len(units) == report["counts"]["mt"] + report["counts"]["cache"]  # every draft kept
        drafted += len(units)
    assert drafted > 20
    # nothing was lost from the cache: built again, the model is not called once
    r = run_bipub("build", "-C", str(project), "--engine", "argos", "--force", "--jobs", "2", env=env)
    for i in range(4):
        report = json.loads((project / "output" / f"doc{i:04d}.report.json").read_text(encoding="utf-8"))
        assert report["model_calls"] == 0, r.stderr


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
def test_the_workers_end_when_the_build_is_killed(tmp_path):
    """`bipub build --jobs 2` killed with SIGKILL (no chance to clean up) leaves no worker behind."""
    import subprocess
    import sys

    project = make_archive(tmp_path / "p", 6, formats=("html",))
    run = subprocess.Popen([sys.executable, "-m", "bipub", "build", "-C", str(project), "--jobs", "2"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while not workers and run.poll() is None and time.monotonic() < deadline:
        workers = _workers_of(run.pid)
        time.sleep(0.005)
    if not workers:
        pytest.skip("the build ended before its workers were seen")
    run.kill()
    run.wait()
    deadline = time.monotonic() + 60
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
