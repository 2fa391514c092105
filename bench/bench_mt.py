"""Benchmark: Argos engine throughput on a random-weight model of the real zh→en size.

Run:  .venv/bin/python bench/bench_mt.py [--n 128] [--max-decoding-length 48]

The package comes from ``bench/make_random_model.py`` (built once into
``.bipub/bench/``).  N real Chinese sentences (the Government Work Reports,
split with ``bipub.text.segment.split_zh``, 8–120 characters) are translated three
ways with the same settings (bipub's defaults: greedy decoding (beam 1), int8,
2 inter-threads × 1 intra-thread, batches of 32):

1. one sentence per ``ArgosEngine.translate_batch`` call, same settings;
   1b. Argos Translate 1.11's own way, for reference: one sentence per call
   (its ``batch_type="tokens"``, ``max_batch_size=32`` batches hold one
   sentence), beam 4, its default threads (1 worker, CTranslate2's default
   intra-threads), compute type ``auto``;
2. all N through one ``ArgosEngine.translate_batch`` call;
3. CTranslate2's ``Translator.translate_batch`` directly on the already
   tokenized sentences, same options (the ceiling: no tokenizing, no decoding).

Random weights rarely produce the end token, so decoding runs to the length
cap: ``--max-decoding-length`` (default 48 pieces, about what a 30-character
Chinese sentence needs in English) applies to all three paths alike.  Prints
sentences per second and the two ratios the engine must meet:
engine/one-by-one ≥ 15 and engine/raw ≥ 0.9.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bipub.text.segment import split_zh  # noqa: E402
from bipub.translate.argos import ArgosEngine  # noqa: E402  (sets CT2_USE_MKL=0)
from make_random_model import BENCH_DIR, CORPUS, ensure_package  # noqa: E402


def sentences(n: int) -> list[str]:
    """N distinct Chinese sentences of 8–120 characters, spread evenly over the corpus."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS if p.is_file())
    if not text:
        text = (ROOT / "tests" / "fixtures" / "argos" / "train.txt").read_text(encoding="utf-8")
    pool: list[str] = []
    for line in text.splitlines():
        for s in split_zh(line.strip()):
            s = s.strip()
            if 8 <= len(s) <= 120 and s not in pool:
                pool.append(s)
    step = max(1, len(pool) // n)
    picked = pool[::step][:n]
    while len(picked) < n:  # a small corpus: repeat
        picked += pool[: n - len(picked)]
    return picked


class Timer:
    """Best wall-clock time and CPU time (all threads) over the runs of one path."""

    def __init__(self, n: int):
        self.n, self.wall, self.cpu = n, float("inf"), float("inf")

    def run(self, fn) -> None:
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        self.wall = min(self.wall, time.perf_counter() - w0)
        self.cpu = min(self.cpu, time.process_time() - c0)

    @property
    def rate(self) -> float:
        return self.n / self.wall

    @property
    def cpu_rate(self) -> float:
        return self.n / self.cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=256, help="sentences")
    ap.add_argument("--max-decoding-length", type=int, default=48, help="output pieces per sentence (all paths)")
    ap.add_argument("--beam-size", type=int, default=1)
    ap.add_argument("--inter-threads", type=int, default=2)
    ap.add_argument("--intra-threads", type=int, default=1)
    ap.add_argument("--compute-type", default="int8")
    ap.add_argument("--max-batch-size", type=int, default=32)
    ap.add_argument("--one-by-one", type=int, default=32,
                    help="sentences for path 1 (evenly spaced among the N; it is slow)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of paths 2 and 3 (interleaved) to take the best of")
    a = ap.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    package = ensure_package()
    engine = ArgosEngine(package, beam_size=a.beam_size, inter_threads=a.inter_threads,
                         intra_threads=a.intra_threads, compute_type=a.compute_type,
                         max_batch_size=a.max_batch_size, max_decoding_length=a.max_decoding_length)
    sents = sentences(a.n)
    tokens = [engine.sp.encode(s, out_type=str) for s in sents]
    mean_chars = sum(map(len, sents)) / len(sents)
    mean_pieces = sum(map(len, tokens)) / len(tokens)

    print(f"model: {package.path.name} ({package.size_bytes / 1e6:.0f} MB), tokenizer {engine.sp.get_piece_size()} pieces")
    print(f"cpu: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; CT2_USE_MKL={os.environ.get('CT2_USE_MKL')}")
    print(f"settings: {engine.signature()} inter_threads={a.inter_threads} intra_threads={a.intra_threads} "
          f"max_batch_size={a.max_batch_size}")
    print(f"input: {len(sents)} sentences, {mean_chars:.1f} characters / {mean_pieces:.1f} pieces on average; "
          f"output capped at {a.max_decoding_length} pieces (random weights decode to the cap)")

    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (other processes skew wall-clock rates)")

    engine.translate_batch(sents[:8])  # warm up: first-call allocations
    options = engine.translate_options()
    few = sents[:: max(1, len(sents) // a.one_by_one)][: a.one_by_one]
    one, argos, batched, raw = Timer(len(few)), Timer(len(few)), Timer(len(sents)), Timer(len(sents))
    one.run(lambda: [engine.translate_batch([s]) for s in few])
    import ctranslate2

    argos_translator = ctranslate2.Translator(str(package.path / "model"), device="cpu", compute_type="auto",
                                              inter_threads=1, intra_threads=0)
    argos_options = dict(replace_unknowns=True, max_batch_size=32, batch_type="tokens", beam_size=4,
                         num_hypotheses=1, length_penalty=0.2, return_scores=True,
                         max_decoding_length=a.max_decoding_length)
    few_tokens = [engine.sp.encode(s, out_type=str) for s in few]
    argos.run(lambda: [argos_translator.translate_batch([t], **argos_options) for t in few_tokens])
    del argos_translator
    for _ in range(a.repeats):  # interleaved, so a burst of load hits both paths
        batched.run(lambda: engine.translate_batch(sents))
        raw.run(lambda: engine.translator.translate_batch(tokens, **options))

    print(f"load average after:  {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("                                   wall-clock      CPU (all threads)")
    for label, t in (("1. one sentence per call", one), ("1b. Argos 1.11 way (beam 4)", argos),
                     ("2. ArgosEngine.translate_batch", batched),
                     ("3. raw Translator.translate_batch", raw)):
        print(f"{label:34s} {t.rate:6.1f} sent/s   {t.cpu_rate:6.1f} sent/CPU-s")
    print(f"(paths 1 and 1b on {len(few)} of the {len(sents)} sentences, evenly spaced)")
    r1, r2 = batched.rate / one.rate, batched.rate / raw.rate
    print(f"engine / one-by-one = {r1:.1f}x  (target ≥ 15)  {'ok' if r1 >= 15 else 'BELOW TARGET'}")
    print(f"engine / raw        = {r2:.2f}   (target ≥ 0.90) {'ok' if r2 >= 0.9 else 'BELOW TARGET'}")
    print(f"engine / Argos 1.11 way = {batched.rate / argos.rate:.1f}x  (for reference)")
    print(f"CPU-time ratios (load-independent): engine/one-by-one {batched.cpu_rate / one.cpu_rate:.1f}x, "
          f"engine/raw {batched.cpu_rate / raw.cpu_rate:.2f}")


if __name__ == "__main__":
    main()
