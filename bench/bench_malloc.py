"""Benchmark: what `bipub.translate.ct2.keep_buffers` (glibc's mmap and trim thresholds raised when
an engine opens its model) does to machine translation, side by side in one run.

Run:  .venv/bin/python bench/bench_malloc.py [--n 48] [--max-decoding-length 64] [--repeat 2]

Each cell is a fresh process (malloc settings are per process) that opens the Argos
engine on the random-weight package of the real size (bench/make_random_model.py)
and translates the same N real sentences with bipub's default settings, twice
(best kept): wall seconds and CPU seconds of the process.  Rows: glibc as it comes,
and with ``MALLOC_TRIM_THRESHOLD_=65536``, what a Dask nanny sets for its workers
(so what ``--cluster`` workers had).  Columns: without and with ``keep_buffers``.
The English is compared too: it must be the same in every cell.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time
sys.path.insert(0, {src!r}); sys.path.insert(0, {here!r})
import bipub.translate.argos as argos
from bench_mt import sentences
from make_random_model import ensure_package
if not {keep}:
    argos.keep_buffers = lambda: False
info = ensure_package()
engine = argos.ArgosEngine(info, max_decoding_length={maxlen})
texts = sentences({n})
best = None
for _ in range({repeat}):
    w, c = time.perf_counter(), time.process_time()
    out = engine.translate_batch(texts)
    w, c = time.perf_counter() - w, time.process_time() - c
    best = (w, c) if best is None or w < best[0] else best
print(json.dumps({{"wall": best[0], "cpu": best[1], "english": out}}))
"""


def cell(keep: bool, env: dict, a) -> dict:
    code = CHILD.format(src=str(ROOT / "src"), here=str(HERE), keep=keep, maxlen=a.max_decoding_length,
                        n=a.n, repeat=a.repeat)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=48, help="sentences (one translate_batch call)")
    ap.add_argument("--max-decoding-length", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    base = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    rows = [("glibc as it comes", base), ("MALLOC_TRIM_THRESHOLD_=65536 (Dask)", {**base, "MALLOC_TRIM_THRESHOLD_": "65536"})]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {a.n} sentences, "
          f"max {a.max_decoding_length} pieces", flush=True)
    english = None
    for label, env in rows:
        plain, kept = cell(False, env, a), cell(True, env, a)
        for c in (plain, kept):
            english = english or c["english"]
            assert c["english"] == english, "keep_buffers changed the English"
        print(f"  {label:<38} without: wall {plain['wall']:6.2f} s cpu {plain['cpu']:6.2f} s | with keep_buffers: "
              f"wall {kept['wall']:6.2f} s cpu {kept['cpu']:6.2f} s | {plain['wall'] / kept['wall']:4.2f}x wall, "
              f"{plain['cpu'] / kept['cpu']:4.2f}x cpu", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}; the English was the same in every cell", flush=True)


if __name__ == "__main__":
    main()
