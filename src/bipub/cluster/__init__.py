"""`bipub build --cluster ADDRESS`: machine translation and typesetting on a Dask cluster.

``ADDRESS`` is a running Dask scheduler (``tcp://host:8786``) or ``local``: a
cluster started in this process on this machine (one worker process per core,
on the loopback interface only), the one the tests use.  The same code runs on both.

The **driver** (this process) owns what documents share, as with ``--jobs``:
it runs the stages up to QA for one document after the other, keeps the MT
cache and the translation memory, and writes every file of the project: the
outputs the workers send back, the memories (locked, merged) and the reports.
The **workers** hold what is costly:

* the model: each worker opens the engine once and keeps it (a Dask actor,
  `cluster.engine`); the driver's batches are cut into one slice per worker;
* typesetting: the output stages of a document run on a worker, into a folder
  of its own (`cluster.typeset`), while the driver goes on with the next document.

A worker that dies is replaced: its MT slice is sent to another actor, its
typesetting task is run again by Dask on another worker; nothing it did reached
the project.  Dask distributed is an optional extra (``scripts/setup --cluster``).
"""

from __future__ import annotations

import functools
import logging
import time
from contextlib import contextmanager
from pathlib import Path

import bipub
from bipub.cluster.engine import ClusterEngines
from bipub.cluster.typeset import driver_stages, seen, typeset, write_back
from bipub.findings import BipubError, ConfigError, Finding
from bipub.pipeline import built_of, context, finish_document, guarded, run_stages
from bipub.translate.cache import Cache

LOCAL = "local"
INSTALL = "scripts/setup --cluster, or: uv sync --extra cluster"
#: documents waiting to be typeset, per worker, before the driver waits for one (bounds its memory)
QUEUE_PER_WORKER = 2


def runner(address: str, *, workers: int = 2):
    """What `pipeline.build` runs the outdated documents with (``runner=``)."""
    _distributed()  # not installed: a one-line error before anything is read
    return functools.partial(build_on_cluster, address, workers=workers)


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ConfigError(f"--cluster needs Dask distributed, which is not installed here ({INSTALL})") from None
    return distributed


@contextmanager
def connect(address: str, *, workers: int = 2):
    """A client of the scheduler at ``address``, or of a local cluster of ``workers`` processes."""
    distributed = _distributed()
    import dask

    # a lost worker is noticed in seconds, not after the default 30 s of reconnecting
    with dask.config.set({"distributed.comm.timeouts.connect": "10s"}):
        if address == LOCAL:
            with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                          silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
                _check_workers(client, address)
                yield client
            return
        try:
            client = distributed.Client(address, timeout="30s")
        except (OSError, ValueError, TypeError) as e:
            raise ConfigError(f"--cluster {address}: no Dask scheduler answers there ({_line(e)})") from None
        with client:
            _check_workers(client, address)
            yield client


def _check_workers(client, address: str) -> None:
    """At least one worker, and every worker runs this version of bipub (the same stages, the same output)."""
    try:
        client.wait_for_workers(1, timeout=60)
    except TimeoutError:
        raise ConfigError(f"--cluster {address}: the scheduler has no workers") from None
    versions = client.run(_version)
    other = {w: v for w, v in versions.items() if v != bipub.__version__}
    if other:
        w, v = sorted(other.items())[0]
        raise ConfigError(f"--cluster {address}: worker {w} runs {v}, this is bipub {bipub.__version__}; "
                          "install the same bipub on every worker")


def _version() -> str:
    try:
        import bipub as b
    except ImportError:
        return "no bipub"
    return b.__version__


def build_on_cluster(address: str, project, todo: list[Path], glossary, result, meter, *, workers: int = 2) -> None:
    """The documents ``todo`` on the cluster at ``address``; each `DocResult` added to ``result``."""
    with connect(address, workers=workers) as client:
        build_with(client, project, todo, glossary, result, meter)


def build_with(client, project, todo: list[Path], glossary, result, meter) -> None:
    """The documents ``todo`` with the cluster of ``client`` (a `pipeline.build` runner, once bound)."""
    from distributed import as_completed, wait

    engines = ClusterEngines(project.config.build.engine, project, result.findings, client)
    cache = Cache(project.cache_path, shown=project.show(project.cache_path))
    result.findings += cache.findings
    limit = QUEUE_PER_WORKER * max(1, len(client.nthreads()))
    waiting: dict = {}  # typesetting future -> (context, document, start time)

    def finish(fut) -> None:
        ctx, doc, t0 = waiting.pop(fut)
        src = ctx.source.path
        with guarded(project, src, result):
            try:
                done = fut.result()
            except BipubError:
                raise  # the document's own error, as in a serial build
            except Exception as e:  # noqa: BLE001 — the workers died (KilledWorker), the scheduler went away
                result.findings.append(Finding("build.worker-lost", "error",
                                               f"not typeset: {type(e).__name__}: {_line(e)}", project.show(src)))
                return
            write_back(project, done, ctx.output, ctx.report)
            built = built_of(ctx, doc, engines, t0)
            result.documents.append(finish_document(project, built, glossary))
            meter.done(built)

    try:
        for src in todo:
            with guarded(project, src, result):
                t0 = time.perf_counter()
                ctx = context(project, src, glossary, engines, cache, progress=meter.segments_bar)
                doc = run_stages(ctx, project.show(src), driver_stages())
                fut = client.submit(typeset, project, doc, ctx.output.options, ctx.report.file,
                                    seen(project, ctx.report.file), pure=False)
                waiting[fut] = (ctx, doc, t0)
            while len(waiting) >= limit:
                finish(next(f for f in wait(list(waiting), return_when="FIRST_COMPLETED").done))
        for fut in as_completed(list(waiting)):
            finish(fut)
    finally:
        for fut in list(waiting):
            fut.cancel()
        cache.close()
        engines.close()


def _line(e: Exception) -> str:
    return (str(e) or type(e).__name__).splitlines()[0][:160]
