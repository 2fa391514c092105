"""Benchmark: glossary build and match time, 10,000 terms over 1,000,000 characters.

Run:  .venv/bin/python bench/bench_glossary.py [--terms 10000] [--chars 1000000]

The text is the two Government Work Reports in ../shared/corpus repeated to the
wanted length (falls back to the seed report, then to generated text).  Terms are
partly real substrings of that text (2 to 10 characters, overlapping and nested)
and partly invented from its characters; one in ten has a variant.  Prints the
build time (fold + trie regex) and the match time; ``--dense`` adds a worst case
where every term is a substring of the text (three quarters of it inside a term).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bipub.terms.glossary import Glossary, Term  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"  # the project's shared/ folder beside the checkout
CORPUS = [
    SHARED / "corpus" / "gwr_2024.zh.txt",
    SHARED / "corpus" / "gwr_2025.zh.txt",
    SHARED / "seed" / "000_ede3e3c070a6d229.txt",
]


def base_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in CORPUS if p.exists()]
    if parts:
        return "\n".join(parts)
    rnd = random.Random(1)
    return "".join(chr(rnd.randrange(0x4E00, 0x4E00 + 3000)) for _ in range(50_000))


def make_terms(text: str, n: int, *, real: float, seed: int = 42) -> list[Term]:
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


def run(label: str, text: str, terms: list[Term]) -> None:
    wall, cpu = time.perf_counter, time.process_time  # CPU time too: the machine may be shared
    w0, c0 = wall(), cpu()
    glossary = Glossary(terms)
    w1, c1 = wall(), cpu()
    matches = glossary.match(text)
    w2, c2 = wall(), cpu()
    glossary.match(text)
    w3, c3 = wall(), cpu()
    covered = sum(m.end - m.start for m in matches)
    print(f"{label}: {len(glossary):,} terms over {len(text):,} characters")
    print(f"  build  {w1 - w0:.3f} s wall, {c1 - c0:.3f} s CPU  (fold every term, trie, compile one regex)")
    print(f"  match  {w2 - w1:.3f} s wall, {c2 - c1:.3f} s CPU  (second run {w3 - w2:.3f} s wall, {c3 - c2:.3f} s CPU)")
    print(f"  found  {len(matches):,} matches, {len({m.term.zh for m in matches}):,} distinct terms, "
          f"{covered / len(text):.0%} of the text inside a term")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, default=10_000)
    ap.add_argument("--chars", type=int, default=1_000_000)
    ap.add_argument("--dense", action="store_true", help="also time a glossary made only of substrings of the text")
    args = ap.parse_args()

    base = base_text()
    text = (base * (args.chars // len(base) + 1))[: args.chars]
    run("realistic (15% of terms from the text)", text, make_terms(base, args.terms, real=0.15))
    if args.dense:
        run("worst case (every term from the text)", text, make_terms(base, args.terms, real=1.0))


if __name__ == "__main__":
    main()
