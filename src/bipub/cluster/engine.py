"""Machine translation on a cluster: one engine per worker, opened once and kept (a Dask actor).

The driver's drafting step (`translate.draft`) sees a `RemoteEngine`: it has the
engine's ``origin``, ``publishable``, ``protection`` and ``signature()``, and its
``translate_batch`` cuts each batch into one slice per actor and sends the
slices at once, so every worker's model is busy.  The driver keeps the cache
and the memory; an actor only turns masked texts into English.

A worker that dies takes its actor with it: the slice it held is sent again to
a new actor (on a worker that is still there, or the one that replaced it),
and the build notes it (``build.worker-restarted``).  A slice that fails
``RETRIES + 1`` times stops the build of the document it belongs to.
"""

from __future__ import annotations

from bipub.findings import BipubError, ConfigError, Finding
from bipub.translate.engines import PROTECTIONS, ENGINES, EngineChoice, EngineUnavailable

#: a slice whose actor is lost is sent again this many times
RETRIES = 2


class EngineActor:
    """Lives on a worker: the engine ``cls`` opened there once with ``config`` (its bipub.toml table)
    and ``project`` (what the driver sent: the root and the configuration, no open files)."""

    def __init__(self, cls, config, project):
        self.engine, self.error = None, None
        try:
            self.engine = cls.open(config, project)
        except EngineUnavailable as e:  # sent back as text: the driver raises it again
            self.error = str(e)

    def describe(self) -> dict:
        if self.engine is None:
            return {"unavailable": self.error}
        return {"signature": self.engine.signature(),
                "findings": list(getattr(self.engine, "open_findings", ()))}

    def translate_batch(self, texts: list[str]) -> dict:
        """``{"texts": [...]}``, or the engine's own error as ``{"error": ...}``: so whatever the
        driver gets raised is about the worker or the network, never the engine."""
        try:
            return {"texts": list(self.engine.translate_batch(texts))}
        except BipubError as e:
            return {"error": e}
        except Exception as e:  # noqa: BLE001 — e.g. CTranslate2's RuntimeError: the driver reports it
            return {"error": BipubError(f"the {self.engine.name} engine failed: {type(e).__name__}: {e}")}

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


class ActorPool:
    """The actors of one engine, one per worker at the start; replaced when their worker is lost."""

    def __init__(self, client, cls, config, project, findings: list[Finding]):
        self.client, self.cls, self.config, self.project, self.findings = client, cls, config, project, findings
        self.actors: list[tuple[str, object, object]] = []  # (worker address, actor, its future)
        self.info: dict | None = None
        try:
            for w in sorted(client.nthreads()):  # asked of the scheduler: scheduler_info() may list none
                self.actors.append(self._start(w))
        except BipubError:  # not installed on some worker, or not the same model everywhere
            self.close()
            raise

    def _start(self, worker: str | None):
        """An actor on ``worker`` (any when None); its engine must be the one the others hold."""
        where = {"workers": [worker], "allow_other_workers": True} if worker else {}
        fut = self.client.submit(EngineActor, self.cls, self.config, self.project, actor=True, pure=False, **where)
        actor = fut.result()
        where = getattr(actor, "_address", None) or worker or "a worker"
        info = actor.describe().result()
        if "unavailable" in info:
            fut.release()
            raise EngineUnavailable(f"{info['unavailable']} (on {where})")
        if self.info is None:
            self.info = info
        elif info["signature"] != self.info["signature"]:  # another model or version: the English would differ
            fut.release()
            raise ConfigError(f"the workers hold different {self.cls.name} engines: {info['signature']} on {where}, "
                              f"{self.info['signature']} on another; install the same model package on every worker")
        return where, actor, fut

    def _replace(self, i: int, error: Exception) -> None:
        """Actor ``i`` is lost with its worker: a new one, on a worker holding none if there is one."""
        alive = set(self.client.nthreads())
        held = {w for j, (w, _, _) in enumerate(self.actors) if j != i}
        free = sorted(alive - held)
        self.findings.append(Finding("build.worker-restarted", "warning",
                                     f"a worker holding the {self.cls.name} engine was lost ({_short(error)}); "
                                     "its batch was sent again", None))
        self.actors[i][2].release()  # or Dask would start the lost actor again elsewhere
        self.actors[i] = self._start(free[0] if free else None)

    def translate(self, texts: list[str]) -> list[str]:
        """``texts`` cut into one slice per actor, sent at once; their English in order."""
        n = max(1, min(len(self.actors), len(texts)))
        size = -(-len(texts) // n)
        slices = [texts[k:k + size] for k in range(0, len(texts), size)]
        calls = [(i, self.actors[i][1].translate_batch(sl)) for i, sl in enumerate(slices)]
        out: list[list[str]] = []
        for i, call in calls:
            out.append(self._result(i, call, slices[i]))
        return [t for part in out for t in part]

    def _result(self, i: int, call, texts: list[str]) -> list[str]:
        lost = 0
        while True:
            try:
                answer = call.result()
            except Exception as e:  # noqa: BLE001 — the worker is gone: OSError, CommClosedError, RuntimeError
                lost += 1
                if lost > RETRIES:
                    raise BipubError(f"the {self.cls.name} engine was lost on {lost} workers: {_short(e)}") from e
                self._replace(i, e)
                call = self.actors[i][1].translate_batch(texts)
                continue
            if "error" in answer:
                raise answer["error"]  # the engine's own error: as in a serial build, the document is not built
            return answer["texts"]

    def close(self) -> None:
        for _, actor, fut in self.actors:
            try:
                actor.close().result()
            except Exception:  # noqa: BLE001 — a worker gone by now has nothing left to close
                pass
            fut.release()
        self.actors = []


class RemoteEngine:
    """The driver's view of an engine whose model runs in the actors of ``pool``."""

    def __init__(self, cls, pool: ActorPool):
        self.name, self.origin, self.publishable, self.protection = cls.name, cls.origin, cls.publishable, cls.protection
        self.pool = pool
        self._signature = pool.info["signature"]
        self.open_findings = pool.info["findings"]

    def signature(self) -> str:
        return self._signature

    def translate_batch(self, texts: list[str]) -> list[str]:
        return self.pool.translate(list(texts)) if texts else []

    def close(self) -> None:
        self.pool.close()


class ClusterEngines(EngineChoice):
    """`EngineChoice` whose engines are opened on the cluster's workers (``auto`` and ``memory`` as ever)."""

    def __init__(self, mode: str, project, findings: list[Finding], client):
        super().__init__(mode, project, findings)
        self.client = client

    def _open(self, name: str):
        cls = ENGINES.get(name)
        if cls.protection not in PROTECTIONS:
            raise ConfigError(f"engine {name!r} asks for protection {cls.protection!r}, which the drafting "
                              f"step does not have (it has: {', '.join(PROTECTIONS)})")
        engine = RemoteEngine(cls, ActorPool(self.client, cls, self.project.config.engine(name), self.project,
                                             self.findings))
        self.findings.extend(engine.open_findings)
        return engine


def _short(error: Exception) -> str:
    return (str(error) or type(error).__name__).splitlines()[0][:120]
