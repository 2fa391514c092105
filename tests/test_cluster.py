"""`bipub build --cluster` (issue 16): MT and typesetting on a Dask cluster, here one started in-process.

One local cluster (two worker processes, loopback only) serves the module; documents
are cut from the 2024 Government Work Report (tests/archive_fixture.py)."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys

from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from distributed.diagnostics.plugin import WorkerPlugin

from archive_fixture import make_archive
from conftest import run_bipub
from bipub.atomic import write_atomic
from bipub.cli import main
from bipub.cluster import LOCAL, build_with, connect
from bipub.memory.store import Memory
from bipub.pipeline import build
from bipub.project import Project
from bipub.render import WRITERS
from bipub.translate.engines import ENGINES
from bipub.translate.pseudo import PseudoEngine
from test_scale import outputs


@pytest.fixture(scope="module")
def client():
    with connect(LOCAL, workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    project = make_archive(tmp_path_factory.mktemp("serial") / "p", 2, formats=("html", "pdf"))
    return project, build(Project.open(project), progress=False, jobs=1)


def on(client):
    return functools.partial(build_with, client)


def test_the_local_cluster_writes_the_bytes_of_a_serial_build(serial, client, tmp_path):
    project = make_archive(tmp_path / "p", 2, formats=("html", "pdf"))
    result = build(Project.open(project), progress=False, runner=on(client))
    assert [d.source for d in result.documents] == [d.source for d in serial[1].documents]
    assert outputs(project) == outputs(serial[0])  # HTML, PDF, reports (minus the time they were built)
    assert [f.code for f in result.findings] == [f.code for f in serial[1].findings]
    assert [d.outputs for d in result.documents] == [d.outputs for d in serial[1].documents]


def test_the_workers_are_asked_of_the_scheduler_not_of_the_clients_cache(serial, client, monkeypatch, tmp_path):
    """Dask's client refreshes its cached view of the scheduler every few seconds *without* the
    workers; `scheduler_info()` read at that moment lists none (seen once in 50,000 calls, and
    once in a loaded CI run: an engine opened on no worker, a TypeError).  That moment, made
    to happen: the build still finds both workers and writes what a serial build writes."""
    monkeypatch.setattr(client, "scheduler_info", lambda *a, **kw: {"workers": {}})
    project = make_archive(tmp_path / "p", 2, formats=("html",))
    result = build(Project.open(project), progress=False, runner=on(client))
    assert result.findings == [] and len(result.documents) == 2
    assert all((project / "output" / p).read_bytes() == (serial[0] / "output" / p).read_bytes()
               for p in ("doc0000.html", "doc0001.html"))


class DyingEngine(PseudoEngine):
    """A model whose worker dies in the middle of the first batch any worker gets (once per project)."""

    name, origin, publishable = "dying", "mt", True  # cached and kept in the memory, like a real model

    @classmethod
    def open(cls, config, project):
        engine = cls()
        engine.marker = project.root.parent / "a-worker-was-killed"
        return engine

    def translate_batch(self, texts):
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return [t.replace("[", "").replace("]", "") for t in super().translate_batch(texts)]
        os._exit(1)  # the worker process and its model are gone, mid-batch

    def signature(self):
        return "dying|v1"


@pytest.fixture
def dying(monkeypatch):
    monkeypatch.setattr(ENGINES, "_entries", {**ENGINES._entries, "dying": DyingEngine})


def _memory(project):
    return {p.name: sorted((u.source, u.target, u.state) for u in Memory.load(p).units())
            for p in sorted((project / "translations").glob("*.jsonl"))}


def test_a_worker_killed_mid_batch_is_survived_with_nothing_lost(client, dying, tmp_path):
    def archive(name):
        project = make_archive(tmp_path / name / "p", 3, formats=("html",))
        toml = project / "bipub.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace('engine = "pseudo"', 'engine = "dying"'),
                        encoding="utf-8")
        return project

    reference = archive("serial")
    (reference.parent / "a-worker-was-killed").touch()  # nobody dies in the serial build
    expected = build(Project.open(reference), progress=False, jobs=1)

    project = archive("cluster")
    result = build(Project.open(project), progress=False, runner=on(client))
    assert (project.parent / "a-worker-was-killed").exists()  # a worker did die
    assert [f.code for f in result.findings] == ["build.worker-restarted"]
    assert [d.counts for d in result.documents] == [d.counts for d in expected.documents]
    assert outputs(project) == outputs(reference)
    assert _memory(project) == _memory(reference)  # every draft kept, once
    again = build(Project.open(project), progress=False, runner=on(client), force=True)
    assert sum(d.model_calls for d in again.documents) == 0  # every sentence is in the cache
    client.wait_for_workers(2, timeout=60)  # the dead worker was started again


class BrokenEngine(PseudoEngine):
    """A model that fails on every batch (as CTranslate2 does when it runs out of memory)."""

    name = "broken"

    def translate_batch(self, texts):
        raise RuntimeError("out of memory")


def test_an_engine_error_is_the_documents_error_not_a_lost_worker(client, monkeypatch, tmp_path):
    monkeypatch.setattr(ENGINES, "_entries", {**ENGINES._entries, "broken": BrokenEngine})
    project = make_archive(tmp_path / "p", 2, formats=("html",))
    result = build(Project.open(project).with_build(engine="broken"), progress=False, runner=on(client))
    assert result.documents == []  # not built, not retried on other workers
    assert [(f.code, f.file, f.message) for f in result.findings] == [
        ("build.source-error", f"source/doc000{i}.md", "the broken engine failed: RuntimeError: out of memory")
        for i in (0, 1)]


class DyingWriter:
    """A writer (plain English text) whose worker dies while it typesets the first document (once per project)."""

    name, slow = "txt", False

    def outputs(self, stem):
        return [stem + ".txt"]

    def write(self, doc, options, out_dir):
        marker = Path(options.root).parent / "a-worker-was-killed"
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            path = Path(out_dir) / self.outputs(doc.name)[0]
            write_atomic(path, "\n".join(s.target or "" for s in doc.segments()) + "\n")
            return [path]
        os._exit(1)  # the worker dies in the middle of typesetting


class TxtOnWorkers(WorkerPlugin):
    """The writer registered on every worker, those started again after a death included."""

    name = "bipub-test-txt"

    def setup(self, worker):
        WRITERS._entries["txt"] = DyingWriter()

    def teardown(self, worker):
        WRITERS._entries.pop("txt", None)


def test_a_worker_killed_while_typesetting_is_survived_with_nothing_lost(client, monkeypatch, tmp_path):
    monkeypatch.setattr(WRITERS, "_entries", {**WRITERS._entries, "txt": DyingWriter()})
    client.register_plugin(TxtOnWorkers())  # the workers typeset: they need the writer too
    try:
        reference = make_archive(tmp_path / "serial" / "p", 3, formats=("html", "txt"))
        (reference.parent / "a-worker-was-killed").touch()
        build(Project.open(reference), progress=False, jobs=1)
        project = make_archive(tmp_path / "cluster" / "p", 3, formats=("html", "txt"))
        result = build(Project.open(project), progress=False, runner=on(client))
    finally:
        client.unregister_worker_plugin(TxtOnWorkers.name)
    assert (project.parent / "a-worker-was-killed").exists()  # a worker did die
    assert len(result.documents) == 3  # Dask ran the task again on another worker
    assert {f.code for f in result.findings} <= {"build.worker-restarted"}  # its engine may have been in use too
    assert outputs(project) == outputs(reference)
    client.wait_for_workers(2, timeout=60)


def test_the_cluster_listens_and_talks_on_the_loopback_interface_only(client):
    assert client.scheduler.address.startswith("tcp://127.0.0.1:")
    workers = client.nthreads()  # asked of the scheduler (scheduler_info() may list none: see above)
    assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers)
    me = psutil.Process()  # the scheduler and the nannies run in this process, the workers are its children
    sockets = [c for p in [me, *me.children(recursive=True)] for c in p.net_connections("inet")]
    assert len(sockets) > 4 and {c.laddr.ip for c in sockets} | {c.raddr.ip for c in sockets if c.raddr} == {"127.0.0.1"}


def test_the_cli_builds_on_a_running_scheduler_by_its_address(serial, client, tmp_path):
    project = make_archive(tmp_path / "p", 2, formats=("html",))
    r = run_bipub("build", "-C", str(project), "--cluster", client.scheduler.address)
    assert r.returncode == 1 and "NOT publishable (pseudo)" in r.stdout, r.stderr  # pseudo English is no edition
    assert "source/doc0001.md: built (not built yet)" in r.stdout
    pages = sorted(p.name for p in (project / "output").glob("*.html"))
    assert pages == ["doc0000.fragment.html", "doc0000.html", "doc0001.fragment.html", "doc0001.html"]
    assert all((project / "output" / p).read_bytes() == (serial[0] / "output" / p).read_bytes() for p in pages)


def test_without_dask_distributed_cluster_is_one_line_and_exit_2(serial, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    r = CliRunner().invoke(main, ["build", "-C", str(serial[0]), "--cluster", "local"])
    assert r.exit_code == 2
    assert r.output == ("bipub: error: --cluster needs Dask distributed, which is not installed here "
                        "(scripts/setup --cluster, or: uv sync --extra cluster)\n")


def test_jobs_and_cluster_are_not_given_together(serial):
    r = CliRunner().invoke(main, ["build", "-C", str(serial[0]), "--cluster", "local", "--jobs", "2"])
    assert r.exit_code == 2 and "give --jobs or --cluster, not both" in r.output


def test_a_worker_that_sees_another_copy_of_the_project_refuses_to_typeset(serial, tmp_path):
    """Workers read the project at the driver's path (images, the import record the publish gate
    counts); one that reads something else there would typeset another edition."""
    from bipub.cluster.typeset import seen, typeset
    from bipub.findings import BipubError

    copy = tmp_path / "p"
    shutil.copytree(serial[0], copy)
    (copy / "source" / "doc0000.import.json").write_text('{"findings": []}', encoding="utf-8")
    driver_sees = seen(Project.open(serial[0]), "source/doc0000.md")
    assert driver_sees == {"source/doc0000.md": driver_sees["source/doc0000.md"], "source/doc0000.import.json": None}
    with pytest.raises(BipubError, match="does not see the project at .* as this machine does"):
        typeset(Project.open(copy), None, None, "source/doc0000.md", driver_sees)  # refused before typesetting
