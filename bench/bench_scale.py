"""Archive benchmark (issue 16): serial vs --jobs 2 vs --cluster local on 20 documents, an unchanged rebuild of 100
documents vs its cold build, and the cost per page and per sentence as the archive grows.

    .venv/bin/python bench/bench_scale.py                 # everything (pseudo engine and the random model)
    .venv/bin/python bench/bench_scale.py --no-model      # pseudo engine only
    .venv/bin/python bench/bench_scale.py --sizes 1 10    # growth at chosen sizes

Documents are cut from the 2024 Government Work Report (tests/archive_fixture.py,
3 paragraphs each: one or two PDF pages).  Every build runs in a fresh
``python -m bipub build`` process (what a user runs: imports included); peak
memory is the largest max RSS among that process and the workers it waited
for (``wait4``), so for --jobs 2 it is the largest single process, not the sum.
``--model`` uses the random-weight package of the real Argos size
(bench/make_random_model.py; MT dominates there).  Note the machine's load:
the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from archive_fixture import make_archive  # noqa: E402


def run_build(project: Path, *args: str, env=None) -> tuple[float, float]:
    """(seconds, peak MB) of one `bipub build`."""
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "bipub", "build", "-C", str(project), *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"bipub build {' '.join(args)} failed on {project}")
    return seconds, usage.ru_maxrss / 1024


def counts(project: Path) -> tuple[int, int]:
    """(PDF pages, segments) of the built archive."""
    import json

    pages = sum(len(re.findall(rb"/Type\s*/Page[^s]", p.read_bytes())) for p in (project / "output").glob("*.pdf"))
    segments = sum(sum(json.loads(p.read_text(encoding="utf-8"))["counts"].values())
                   for p in (project / "output").glob("*.report.json"))
    return pages, segments


def row(label: str, seconds: float, mb: float, base: float | None = None) -> None:
    ratio = f"{base / seconds:5.2f}x" if base else "   - "
    print(f"  {label:<34} {seconds:8.2f} s  {ratio}  peak {mb:6.0f} MB", flush=True)


def parallel(tmp: Path, engine: str, docs: int, env) -> None:
    print(f"{docs} documents, engine {engine} (html, pdf): serial vs --jobs 2 vs --cluster local", flush=True)
    base = None
    runs = [("--jobs", "1"), ("--jobs", "2")]
    try:
        import distributed  # noqa: F401  (the cluster extra: scripts/setup --cluster)

        runs.append(("--cluster", "local"))
    except ImportError:
        print("  --cluster local: not measured (Dask distributed not installed: scripts/setup --cluster)")
    for option, value in runs:
        project = make_archive(tmp / f"{engine}-{option[2:]}{value}", docs, formats=("html", "pdf"))
        s, mb = run_build(project, "--engine", engine, option, value, env=env)
        base = base or s
        row(f"{option} {value}" + (" (started in the run)" if value == "local" else ""), s, mb, base)


def unchanged(tmp: Path, docs: int) -> None:
    print(f"{docs} documents (html, pdf): cold build vs unchanged rebuild", flush=True)
    project = make_archive(tmp / "unchanged", docs, formats=("html", "pdf"))
    cold, mb = run_build(project, "--engine", "pseudo")
    row("cold build (--jobs = cores)", cold, mb)
    warm, mb = run_build(project, "--engine", "pseudo")
    row("unchanged rebuild", warm, mb)
    print(f"  unchanged / cold = {100 * warm / cold:.1f} %", flush=True)


def growth(tmp: Path, sizes: list[int]) -> None:
    print("archive growth, engine pseudo (html, pdf), --jobs 1", flush=True)
    for n in sizes:
        project = make_archive(tmp / f"grow{n}", n, formats=("html", "pdf"))
        s, mb = run_build(project, "--engine", "pseudo", "--jobs", "1")
        pages, segs = counts(project)
        print(f"  {n:4d} documents: {s:7.2f} s, {pages:4d} pages, {segs:5d} sentences: "
              f"{1000 * s / max(pages, 1):6.0f} ms/page, {1000 * s / max(segs, 1):5.1f} ms/sentence, "
              f"peak {mb:4.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--unchanged", type=int, default=100)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 100])
    ap.add_argument("--no-model", action="store_true", help="skip the random model of the real Argos size")
    a = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        parallel(tmp, "pseudo", a.docs, None)
        if not a.no_model:
            from make_random_model import ensure_package

            info = ensure_package()
            env = dict(os.environ, BIPUB_PACKAGES_DIR=str(info.path.parent))
            parallel(tmp, "argos", a.docs, env)
        unchanged(tmp, a.unchanged)
        growth(tmp, a.sizes)
    print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
