"""Benchmark: glossary matcher build and matching, old (regex trie) vs new (Aho-Corasick).

Run:  .venv/bin/python bench/bench_glossary.py [--sizes 10000,100000] [--segments 10000] [--no-old]

For each glossary size, in one table: the time and peak memory to build the
matcher, and the time to match 10,000 segments one by one (as a build does)
and as one whole text.  "old" is ``bipub.terms.glossary`` as it was at commit
OLD_COMMIT (read from git; skipped with a note when git or the commit is not there).
Every measurement runs in a fresh child process, so peak memory (ru_maxrss) is its own.

The text is the two Government Work Reports in ../shared/corpus split into
sentences and repeated to the wanted number of segments (falls back to the seed
report, then to generated text).  Terms are partly real substrings of that text
(2 to 10 characters, overlapping and nested) and partly invented from its
characters; one in ten has a variant.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "src"))

from old_code import old_module  # noqa: E402
from bipub.terms.model import Term  # noqa: E402

OLD_COMMIT = "cc3772e"  # the last commit with the regex-trie matcher (glossary.py, _Stretches)
# the project's shared/ folder beside the checkout (as tests/paths.py finds it)
SHARED = next((p for p in (HERE.parents[2] / "shared", Path("/work/shared")) if p.is_dir()), HERE.parents[2] / "shared")
CORPUS = [
    SHARED / "corpus" / "gwr_2024.zh.txt",
    SHARED / "corpus" / "gwr_2025.zh.txt",
    SHARED / "seed" / "000_ede3e3c070a6d229.txt",
]


def base_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in CORPUS if p.exists()]
    if parts:
        return "\n".join(parts)
    rnd = random.Random(1)  # no corpus: sentences of 10 to 60 random ideographs
    return "".join("".join(chr(rnd.randrange(0x4E00, 0x4E00 + 3000)) for _ in range(rnd.randint(10, 60))) + "。"
                   for _ in range(1500))


def segments(text: str, n: int) -> list[str]:
    """``n`` sentences of ``text`` (repeated as needed), as a build's segments."""
    sentences = [s for s in re.split(r"(?<=[。！？；])|\n", text) if s.strip()]
    return [sentences[i % len(sentences)] for i in range(n)]


def make_terms(text: str, n: int, *, real: float = 0.15, seed: int = 42) -> list[Term]:
    """``n`` distinct terms; the fraction ``real`` are substrings of ``text`` (they match,
    overlap and nest), the rest are invented from the text's own characters (they share
    prefixes with real words, as a large termbase does, but seldom occur)."""
    rnd = random.Random(seed)
    runs = [r for r in "".join(c if "\u4e00" <= c <= "\u9fff" else "\n" for c in text).split("\n") if len(r) >= 2]
    alphabet = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    seen: set[str] = set()
    terms: list[Term] = []
    while len(terms) < n:
        if rnd.random() < real:
            run = rnd.choice(runs)
            k = rnd.randint(2, min(10, len(run)))
            i = rnd.randrange(0, len(run) - k + 1)
            zh = run[i : i + k]
        else:
            zh = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(2, 8)))
        if zh in seen:
            continue
        seen.add(zh)
        variants = ()
        if rnd.random() < 0.1 and zh + "等" not in seen:
            variants = (zh + "等",)
            seen.add(zh + "等")
        terms.append(Term(zh=zh, en=f"term {len(terms)}", variants=variants, file="bench.tsv", line=len(terms) + 2))
    return terms


def old_glossary_class():
    """``Glossary`` from the old module, read out of git; None if it cannot be had."""
    module = old_module(OLD_COMMIT, "src/bipub/terms/glossary.py", "old_glossary")
    return module.Glossary if module else None


def rss_mb() -> float:
    """Resident memory of this process now (MB)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def child(impl: str, size: int, n_segments: int) -> dict:
    """One measurement in this process: build, per-segment and whole-text matching."""
    base = base_text()
    segs = segments(base, n_segments)
    whole = "\n".join(segs)
    terms = make_terms(base, size)
    if impl == "old":
        glossary_class = old_glossary_class()
    else:
        from bipub.terms.glossary import Glossary as glossary_class
    glossary_class([Term("预热", "warm-up")]).match("预热折叠表")  # fold tables, imports: not the build's cost
    gc.collect()
    held0, peak0 = rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    clock = time.process_time  # CPU seconds: the machine may be shared, wall time would measure the others
    t0 = clock()
    glossary = glossary_class(terms)
    t1 = clock()
    gc.collect()
    held1, peak1 = rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_segment = sum(len(glossary.match(s)) for s in segs)
    t2 = clock()
    at_once = len(glossary.match(whole))
    t3 = clock()
    return {"build": t1 - t0, "held_mb": held1 - held0, "peak_mb": max(0.0, peak1 - max(peak0, held0)), "segments": t2 - t1, "whole": t3 - t2,
            "found_segments": per_segment, "found_whole": at_once, "chars": len(whole)}


def measure(impl: str, size: int, n_segments: int) -> dict | None:
    out = subprocess.run([sys.executable, str(HERE), "--child", impl, str(size), str(n_segments)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return None
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="glossary sizes, comma-separated")
    ap.add_argument("--segments", type=int, default=10_000)
    ap.add_argument("--no-old", action="store_true", help="skip the old matcher (its 100k per-segment run takes ~25 s)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        impl, size, n = args.child
        print(json.dumps(child(impl, int(size), int(n))))
        return
    impls = ["new"] if args.no_old or old_glossary_class() is None else ["old", "new"]
    if impls == ["new"] and not args.no_old:
        print(f"(old matcher not available: git or commit {OLD_COMMIT} missing)")
    print(f"{args.segments:,} segments; times are CPU seconds. build: make the matcher; held: resident memory the matcher keeps;")
    print("peak: how far the build pushed the process's peak resident memory above where it was")
    print(f"{'terms':>8} {'impl':>4} {'build s':>8} {'held MB':>8} {'peak MB':>8} {'per segment s':>14} "
          f"{'whole text s':>13} {'matches':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        rows = {impl: measure(impl, size, args.segments) for impl in impls}
        for impl, r in rows.items():
            if r is None:
                print(f"{size:>8,} {impl:>4}  failed (see above)")
                continue
            print(f"{size:>8,} {impl:>4} {r['build']:>8.2f} {r['held_mb']:>8.0f} {r['peak_mb']:>8.0f} {r['segments']:>14.2f} "
                  f"{r['whole']:>13.2f} {r['found_segments']:>9,}")
        if all(rows.values()) and len({(r["found_segments"], r["found_whole"]) for r in rows.values()}) > 1:
            print("   !! old and new found different numbers of matches")


if __name__ == "__main__":
    main()
