"""Archive benchmark (issue 16): serial vs --jobs 2 (vs the local cluster) on 20 documents, an
unchanged rebuild of 100 documents vs its cold build, and the cost per page and per sentence as the
archive grows.

    .venv/bin/python bench/bench_scale.py                 # everything (pseudo engine and the random model)
    .venv/bin/python bench/bench_scale.py --no-model      # pseudo engine only
    .venv/bin/python bench/bench_scale.py --sizes 1 10    # growth at chosen sizes
    .venv/bin/python bench/bench_scale.py --only parallel --repeat 3   # one part, best of 3

Documents are cut from the 2024 Government Work Report (tests/archive_fixture.py,
3 paragraphs each: one or two PDF pages).  Every build runs in a fresh
``python -m bipub build`` process (what a user runs: imports included) and is
measured as a process tree (this script is its subreaper, so workers and a fork
server are counted even when they outlive their parent):

* ``wall``: seconds until the build and all its processes have exited;
* ``cpu``: user + system seconds of every process of the tree (load-independent:
  on a busy machine wall time grows, cpu time does not).

Those two come from **timing runs that nothing watches**: the memory of a process
tree can only be read from ``/proc/PID/smaps_rollup``, which walks the page tables
of the process under its memory lock, and reading it every 20 ms stole about
0.8 s of a 4 s ``--jobs 2`` build (1.40× instead of 1.61× on the same machine,
same minute), while a serial build, which leaves a core free for the watcher,
lost nothing.  So each configuration also has one **sampled run**, apart, which gives:

* ``idle est.``: what the wall time would be on an idle machine, from the CPU time
  of each thread of the tree in windows of 0.2 s of its CPU time (see `run_build`).  It is
  there because Linux schedules by session (autogroup): on a machine busy with
  other sessions, all the processes of one build share one session's slice, so
  ``--jobs 2`` cannot beat ``--jobs 1`` in wall time there, whatever the code does;
* ``peak``: the largest sum, sampled every 20 ms, of the memory of the processes
  of the tree alive at once: ``PSS`` (shared pages, e.g. the fonts and what forked
  workers share with their parent, divided among the processes that share them)
  and ``RSS`` (counted in full in each process: an upper bound);
* pages are counted by pypdf, sentences from the reports.

``--model`` uses the random-weight package of the real Argos size
(bench/make_random_model.py): random weights never end a sentence, so each
sentence decodes ``max_decoding_length`` pieces and MT costs far more than with
the real model.  The machine's load average is printed with every row.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from archive_fixture import make_archive  # noqa: E402

PR_SET_CHILD_SUBREAPER = 36
WINDOW_NS = 200_000_000  # the idle estimate's windows: 0.2 s of the build's CPU time


def become_subreaper() -> None:
    """Orphans of a build (a fork server, the resource tracker) become our children, so their
    cpu time is counted when we reap them."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def descendants(root: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    out, stack = [], list(kids.get(root, []))
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack += kids.get(pid, [])
    return out


def memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) bytes of one process, (0, 0) when it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return pss, rss


def thread_times(pids: list[int]) -> dict[tuple[int, int], int]:
    """Nanoseconds on a CPU so far of every thread of ``pids`` (/proc/PID/task/TID/schedstat)."""
    out = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    out[(pid, int(tid))] = int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                continue
    return out


class Measured:
    """A timing run (wall, cpu) and, when ``sampled`` ran, the sampled run's idle estimate and peaks."""

    def __init__(self, wall: float, cpu: float, load: float, sampled: "Measured | None" = None,
                 idle: float = 0.0, pss: float = 0.0, rss: float = 0.0):
        self.wall, self.cpu, self.load = wall, cpu, load
        self.idle, self.pss, self.rss = idle, pss, rss
        if sampled is not None:
            self.idle, self.pss, self.rss = sampled.idle, sampled.pss, sampled.rss


def run_build(project: Path, *args: str, env=None, sample: bool = False) -> Measured:
    """One `bipub build` as a process tree: wall and cpu seconds, load; with ``sample``, also the
    idle-machine estimate and peak memory (MB), from a thread that watches the tree, which slows a
    build that uses every core (see the module's text), so timing runs do not sample.  The estimate:
    the run is cut into windows of 0.2 s of the tree's CPU time
    (windows of work, not of wall time, so a busy machine does not change them); in each, the longest
    time one thread ran, or the tree's CPU time divided by the cores if that is more; summed, plus
    the CPU time the samples missed (CPU-bound work on an idle machine of this many cores; waiting
    for a CPU behind other users' work does not count).  It can only err towards parallelism within
    a window (work that had to wait for other work in the same 0.2 s)."""
    peak = [0, 0]
    idle = [0.0, 0.0]  # the estimate, the CPU seconds the samples saw
    cores = len(os.sched_getaffinity(0))
    stop = threading.Event()

    def watch() -> None:
        last: dict = {}
        window: dict = {}  # thread → ns run in the current window

        def close() -> None:
            if window:
                ran = window.values()
                idle[0] += max(max(ran), sum(ran) / cores) / 1e9
                idle[1] += sum(ran) / 1e9
                window.clear()

        while not stop.is_set():
            pids = descendants(os.getpid())
            sizes = [memory(p) for p in pids]
            peak[0] = max(peak[0], sum(s[0] for s in sizes))
            peak[1] = max(peak[1], sum(s[1] for s in sizes))
            now = thread_times(pids)
            for t, ns in now.items():
                window[t] = window.get(t, 0) + ns - last.get(t, 0)
            last = now
            if sum(window.values()) >= WINDOW_NS:
                close()
            stop.wait(0.02)
        close()

    load = os.getloadavg()[0]
    before = os.times()
    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "bipub", "build", "-C", str(project), *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    _, err = p.communicate()
    reap_orphans()
    wall = time.perf_counter() - t0
    stop.set()
    if sample:
        watcher.join()
    after = os.times()
    sources = {p.stem for p in (project / "source").glob("*.md")}
    reports = {p.name.removesuffix(".report.json") for p in (project / "output").glob("*.report.json")}
    if p.returncode not in (0, 1) or "Traceback" in err or sources - reports:  # 1: pseudo is never publishable
        raise SystemExit(f"bipub build {' '.join(args)} failed on {project}:\n{err[-2000:]}")
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    if not sample:
        return Measured(wall, cpu, load)
    # CPU the samples missed (processes shorter than an interval, the last one of each) counts as serial
    return Measured(wall, cpu, load, idle=idle[0] + max(0.0, cpu - idle[1]),
                    pss=peak[0] / 2**20, rss=peak[1] / 2**20)


def reap_orphans(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def fmt_growth(n: int, jobs: str, m: Measured, pages: int, segs: int) -> str:
    return (f"  {n:4d} documents --jobs {jobs}: wall {m.wall:7.2f} s (cpu {m.cpu:7.2f} s), "
            f"{pages:4d} pages, {segs:5d} sentences: {1000 * m.wall / max(pages, 1):5.0f} ms/page, "
            f"{1000 * m.wall / max(segs, 1):5.1f} ms/sentence (wall), load {m.load:4.1f} || sampled run: "
            f"idle est. {m.idle:6.2f} s, peak PSS {m.pss:4.0f} MB (RSS sum {m.rss:4.0f} MB)")


def counts(project: Path) -> tuple[int, int]:
    """(PDF pages, segments) of the built archive."""
    from pypdf import PdfReader

    pages = sum(len(PdfReader(p).pages) for p in (project / "output").glob("*.pdf"))
    segments = sum(sum(json.loads(p.read_text(encoding="utf-8"))["counts"].values())
                   for p in (project / "output").glob("*.report.json"))
    return pages, segments


def row(label: str, m: Measured | None, base: Measured | None = None, note: str = "") -> None:
    if m is None:
        print(f"  {label:<38} {note}", flush=True)
        return
    ratio = f"{base.wall / m.wall:5.2f}x" if base else "   - "
    idle = f"{base.idle / m.idle:5.2f}x" if base else "   - "
    print(f"  {label:<38} wall {m.wall:7.2f} s {ratio} | cpu {m.cpu:7.2f} s | load {m.load:4.1f} || sampled run: "
          f"idle est. {m.idle:7.2f} s {idle} | peak PSS {m.pss:5.0f} MB (RSS sum {m.rss:5.0f} MB)", flush=True)


def cluster_available() -> bool:
    try:
        import distributed  # noqa: F401  (the cluster extra: scripts/setup --cluster)
    except ImportError:
        return False
    return True


def parallel(tmp: Path, engine: str, docs: int, env, repeat: int) -> None:
    """Serial, --jobs 2 and the local cluster, each on a fresh copy of the archive: the best wall of
    ``repeat`` timing runs (interleaved, so a change of load hits every column), then one sampled run each."""
    print(f"{docs} documents, engine {engine} (html, pdf): serial vs --jobs 2 vs local cluster", flush=True)
    runs = [("--jobs 1 (serial)", ("--jobs", "1")), ("--jobs 2", ("--jobs", "2"))]
    cluster = cluster_available()
    if cluster:
        runs.append(("--cluster local (started in the run)", ("--cluster", "local")))
    best: dict[str, Measured] = {}
    for k in range(repeat + 1):  # the last round is the sampled one
        for label, args in runs:
            project = make_archive(tmp / f"{engine}-{args[-1]}-{k}", docs, formats=("html", "pdf"))
            m = run_build(project, "--engine", engine, *args, env=env, sample=k == repeat)
            if k == repeat:
                best[label] = Measured(best[label].wall, best[label].cpu, best[label].load, m)
            elif label not in best or m.wall < best[label].wall:
                best[label] = m
    for label, _ in runs:
        row(label, best[label], best["--jobs 1 (serial)"])
    if not cluster:
        row("--cluster local", None, note="not measured (Dask distributed not installed: scripts/setup --cluster)")


def cold_and_warm(project: Path, sample: bool) -> tuple[Measured, Measured]:
    return (run_build(project, "--engine", "pseudo", sample=sample),
            run_build(project, "--engine", "pseudo", sample=sample))


def unchanged(tmp: Path, docs: int) -> None:
    print(f"{docs} documents, engine pseudo (html, pdf): cold build vs unchanged rebuild", flush=True)
    cold, warm = cold_and_warm(make_archive(tmp / "unchanged", docs, formats=("html", "pdf")), False)
    scold, swarm = cold_and_warm(make_archive(tmp / "unchanged-sampled", docs, formats=("html", "pdf")), True)
    cold, warm = Measured(cold.wall, cold.cpu, cold.load, scold), Measured(warm.wall, warm.cpu, warm.load, swarm)
    row("cold build (--jobs = cores)", cold)
    row("unchanged rebuild", warm, cold)
    print(f"  unchanged / cold = {100 * warm.wall / cold.wall:.1f} % of the wall time, "
          f"{100 * warm.cpu / cold.cpu:.1f} % of the cpu time, {100 * warm.idle / cold.idle:.1f} % of the idle estimate",
          flush=True)


def growth(tmp: Path, sizes: list[int]) -> None:
    print("archive growth, engine pseudo (html, pdf): --jobs 1 and --jobs 2", flush=True)
    for n in sizes:
        for jobs in ("1", "2"):
            project = make_archive(tmp / f"grow{n}-{jobs}", n, formats=("html", "pdf"))
            m = run_build(project, "--engine", "pseudo", "--jobs", jobs)
            sampled = run_build(make_archive(tmp / f"grow{n}-{jobs}-sampled", n, formats=("html", "pdf")),
                                "--engine", "pseudo", "--jobs", jobs, sample=True)
            pages, segs = counts(project)
            print(fmt_growth(n, jobs, Measured(m.wall, m.cpu, m.load, sampled), pages, segs), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--unchanged", type=int, default=100)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 100])
    ap.add_argument("--repeat", type=int, default=1, help="timing runs of each configuration (best wall time kept), besides its sampled run")
    ap.add_argument("--no-model", action="store_true", help="skip the random model of the real Argos size")
    ap.add_argument("--only", choices=("parallel", "unchanged", "growth"), default=None)
    a = ap.parse_args()
    become_subreaper()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if a.only in (None, "parallel"):
            parallel(tmp, "pseudo", a.docs, None, a.repeat)
            if not a.no_model:
                from make_random_model import ensure_package

                info = ensure_package()
                env = dict(os.environ, BIPUB_PACKAGES_DIR=str(info.path.parent))
                parallel(tmp, "argos", a.docs, env, a.repeat)
        if a.only in (None, "unchanged"):
            unchanged(tmp, a.unchanged)
        if a.only in (None, "growth"):
            growth(tmp, a.sizes)
    print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
