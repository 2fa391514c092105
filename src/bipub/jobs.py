"""`bipub build --jobs N`: documents built in N worker processes, one owner for the project's files.

How the workers start (`_context`): on Linux, from a parent that runs no other thread
(a command-line build), by ``fork``; the parent has
by then imported the pipeline, loaded the glossary (a 100,000-term glossary takes
seconds to load) and built the text tables while checking which documents are
outdated, so a worker starts warm and the glossary is loaded once per build, not
once per worker.  Otherwise (a build started by a server's thread, or not on Linux) by
``forkserver``/``spawn``, and the worker loads the glossary itself.  Nothing but that
read-only state is shared: the parent holds no other thread, engine or open writer when it
forks (the cache it opened is never used by a worker, which exits without finalizers).

Each worker then builds one document at a time: the stages, up to and including the
outputs of that document (``output/NAME.*``, which no other worker writes).  Its engine
is its own, opened when a document first needs it, with its share of the cores
(`engine_share`: an engine whose settings have ``inter_threads``, such as Argos, gets
``inter_threads // workers``, at least 1, so N workers do not run N times the
configured CTranslate2 replicas on the same cores; replicas change speed, never the
output).  What is shared is written only by the parent:

* the MT cache: a worker reads ``.bipub/cache.sqlite`` read-only and keeps the
  entries it adds in memory (`WorkerCache`); the parent stores them;
* the translation memory: a worker returns the document's memory as the
  stages left it; the parent prunes it and saves it (locked, re-read, merged)
  and writes the report (`pipeline.finish_document`), exactly as a serial build.

So the outputs are those of a serial build, byte for byte.  Documents go to the
workers largest first (fewer idle cores at the end of a run).  A worker that dies
(killed, out of memory) breaks the pool: the documents it had not returned are
built again by a fresh pool (once); nothing it half did was written outside
its own document's outputs, which the next build rewrites (its report was not written,
so that document is outdated).

Interface for other runners (e.g. a cluster), all module-level and picklable:

* ``_start(root, build_table, steps, glossary=None, workers=1, parent=None, environ=None)``: a worker's set-up
  (``glossary``: the parent's, when the worker inherits it; else loaded from the project;
  ``parent``: the pid of the build that forked it, the worker ends when it is gone;
  ``environ``: the build's ``BIPUB_*`` variables, e.g. ``BIPUB_PACKAGES_DIR``: a worker from a
  fork server started earlier would otherwise see the environment of that start);
* ``_build_one(src) -> (Built | None, new cache entries, project findings, failure)``:
  one document in a started worker (failure: a `Finding`, or a message for a configuration error);
* ``WorkerCache``: the cache a worker reads; ``engine_share(config, workers)``.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import sqlite3
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import MappingProxyType

from bipub.findings import Finding

#: a pool that breaks (a worker killed) is started again this many times
RETRIES = 1
PR_SET_PDEATHSIG = 1
#: how workers start: None for the default (`_context`), or a multiprocessing start method (tests)
START: str | None = None

_state: dict = {}  # in a worker: project, glossary, engines, cache


class WorkerCache:
    """The MT cache seen from a worker: reads the parent's file, never writes it."""

    def __init__(self, path: Path, shown: str):
        self.findings: list[Finding] = []
        self.new: dict[str, str] = {}
        self.shown = shown
        try:
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10.0,
                                         check_same_thread=False)
        except sqlite3.Error:
            self._conn = None

    def get(self, key: str) -> str | None:
        if key in self.new:
            return self.new[key]
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT target FROM mt WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None  # the parent stores what this worker translates; a miss costs a model call
        return row[0] if row else None

    def put(self, key: str, target: str) -> None:
        self.new[key] = target

    def flush(self) -> None:
        """Nothing to commit: the parent stores what this worker translated."""

    def take(self) -> dict[str, str]:
        new, self.new = self.new, {}
        return new


def _start(root: Path, build_table, steps, glossary=None, workers: int = 1, parent: int | None = None,
           environ: dict[str, str] | None = None) -> None:
    """A worker's set-up: the project as the parent sees it (bipub.toml, with the command line's
    ``[build]``), its glossary (the parent's when inherited) and an engine opened when a document
    first needs it, with the worker's share of the cores."""
    from bipub.project import Project
    from bipub.terms.glossary import load_glossary
    from bipub.translate.engines import EngineChoice

    _end_with_parent(parent)
    if environ is not None:  # bipub's own settings as the build sees them (a fork server has its own start's)
        for key in [k for k in os.environ if k.startswith("BIPUB_") and k not in environ]:
            del os.environ[key]
        os.environ.update(environ)
    project = Project.open(root)
    config = dataclasses.replace(project.config, build=build_table,
                                 engines=MappingProxyType({name: engine_share(cfg, workers)
                                                           for name, cfg in project.config.engines.items()}))
    project = dataclasses.replace(project, config=config)

    findings: list[Finding] = []
    if glossary is None:
        glossary, _ = load_glossary(project.glossary_dir)  # its findings are the parent's
    _state.update(project=project, glossary=glossary, findings=findings, steps=steps,
                  engines=EngineChoice(project.config.build.engine, project, findings),
                  cache=WorkerCache(project.cache_path, project.show(project.cache_path)))


def _end_with_parent(parent: int | None) -> None:
    """On Linux a worker is sent SIGTERM when the process that started it dies (a build killed
    with SIGKILL), instead of waiting for work forever (it holds the queue's pipe open itself);
    a worker forked from a build (``parent``) that died before it got here ends now."""
    if sys.platform == "linux":
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
        except (OSError, AttributeError):  # no prctl
            pass
    if parent is not None and os.getppid() != parent:  # reparented: the build is gone
        os._exit(1)


def engine_share(config, workers: int):
    """An engine's settings for one of ``workers`` workers: ``inter_threads`` (CTranslate2 replicas,
    which translate separate batches: speed only) divided among them, at least 1."""
    threads = getattr(config, "inter_threads", None)
    if workers <= 1 or not isinstance(threads, int) or not dataclasses.is_dataclass(config):
        return config
    return dataclasses.replace(config, inter_threads=max(1, threads // workers))


def _build_one(src: Path):
    """In a worker: the stages on ``src``; returns (Built, new cache entries, project findings, failure):
    failure is a `Finding` when the document cannot be built, a message when the configuration is wrong."""
    from bipub.findings import BipubError, ConfigError
    run_document, failure = _state["steps"].run, _state["steps"].failure

    project, cache = _state["project"], _state["cache"]
    try:
        built = run_document(project, src, _state["glossary"], _state["engines"], cache, progress=None)
    except ConfigError as e:
        return None, cache.take(), _take_findings(), str(e)
    except (BipubError, OSError) as e:
        return None, cache.take(), _take_findings(), failure(project, src, e)
    return built, cache.take(), _take_findings(), None


def _take_findings() -> list[Finding]:
    out = list(_state["findings"])
    _state["findings"].clear()
    return out


def build_parallel(project, todo: list[Path], glossary, result, jobs: int, meter, steps) -> None:
    """Builds ``todo`` in ``jobs`` processes; adds each document's `DocResult` to ``result``.
    ``steps``: the pipeline's `Steps` (run, finish, guarded, failure), passed in, as this module sits below it."""
    from bipub.findings import ConfigError
    finish_document, guarded = steps.finish, steps.guarded
    from bipub.translate.cache import Cache

    cache = Cache(project.cache_path, shown=project.show(project.cache_path))  # created before the workers read it
    result.findings += cache.findings
    left = sorted(todo, key=lambda src: -meter.sizes.get(src, 0))  # largest first: the last ones are short
    try:
        for attempt in range(RETRIES + 1):
            try:
                with _pool(project, min(jobs, len(left)), steps, glossary) as pool:
                    futures = {pool.submit(_build_one, src): src for src in left}
                    for fut in as_completed(futures):
                        src = futures[fut]
                        built, entries, findings, error = fut.result()
                        for key, target in entries.items():
                            cache.put(key, target)
                        cache.flush()
                        result.findings += [f for f in findings if f not in result.findings]
                        left.remove(src)
                        if isinstance(error, str):
                            raise ConfigError(error)
                        if error is not None:
                            result.findings.append(error)
                            continue
                        with guarded(project, src, result):
                            result.documents.append(finish_document(project, built, glossary))
                            meter.done(built)
                return
            except (BrokenProcessPool, EOFError) as e:  # a worker, or the server that starts them, died
                if attempt == RETRIES:
                    for src in left:
                        result.findings.append(Finding("build.worker-lost", "error",
                                                       f"a build worker died twice ({e}); not built",
                                                       project.show(src)))
                    return
                result.findings.append(Finding("build.worker-restarted", "warning",
                                               f"a build worker died ({e}); {len(left)} documents built again",
                                               None))
    finally:
        gc.unfreeze()
        cache.close()


def _pool(project, workers: int, steps, glossary) -> ProcessPoolExecutor:
    ctx = _context()
    forked = ctx.get_start_method() == "fork"
    if forked:
        # what the workers inherit is never collected by their garbage collector, which would
        # otherwise write into (and so copy) every page of the parent's objects in each worker
        gc.freeze()
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start,
                               initargs=(project.root, project.config.build, steps,
                                         glossary if forked else None,  # inherited, not pickled
                                         workers, os.getpid() if forked else None,
                                         {k: v for k, v in os.environ.items() if k.startswith("BIPUB_")}))


def _context():
    """``fork`` on Linux when the parent runs no other thread (a command-line build: nothing but
    the warm, read-only state is copied), else ``forkserver`` (e.g. a build run by a server's
    thread) or ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if START in methods:
        return multiprocessing.get_context(START)
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
