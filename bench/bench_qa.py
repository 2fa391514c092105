"""Benchmark: QA's term checks with a 100,000-term glossary stay linear in the text (old vs new side by side).

Run:  .venv/bin/python bench/bench_qa.py [--terms 100000] [--sentences 10000]

The checks of ``check/qa.py`` (``check_segment``) run on segments made of the
two Government Work Reports' sentences (../shared/corpus), annotated with a
glossary of ``--terms`` terms (``bench_glossary.make_terms``: real substrings of
the text and invented ones); each segment's English holds the approved rendering
of every other term found in it (a machine draft that missed half of them), so the checks
look for renderings that are there and for renderings that are not.

Two tables, each with the old checks (``check/qa.py`` at OLD_COMMIT, read from
git; skipped when git or the commit is missing) and the current ones:

* **segment length**: the same 10,000 sentences as 10,000 segments of one
  sentence, 2,500 of four, 625 of sixteen, 157 of sixty-four, 40 of 256 (about 10,000 characters): the same text, so
  linear checks take the same time on every row; checks costing terms × length
  grow with the segment;
* **document size**: 2,500, 5,000 and 10,000 one-sentence segments: linear
  checks double with the document.

Times are CPU seconds of the checks alone (annotation is done before the clock starts).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1] / "src")]

import bench_glossary  # noqa: E402
from old_code import old_module  # noqa: E402

from bipub.model import Segment  # noqa: E402
from bipub.terms.annotate import find_spans  # noqa: E402
from bipub.terms.glossary import Glossary  # noqa: E402

OLD_COMMIT = "96247fb"  # check/qa.py before the term checks read the English once (check/phrases.py)


def old_checks():
    """``check_segment`` of the old ``check/qa.py`` (from git), or None."""
    module = old_module(OLD_COMMIT, "src/bipub/check/qa.py", "old_qa")
    return module.check_segment if module else None


def document(sentences: list[str], per: int, glossary) -> list[Segment]:
    """Segments of ``per`` sentences each, annotated, with English that holds every other term's rendering."""
    segs = []
    for i in range(0, len(sentences), per):
        zh = "".join(sentences[i:i + per])
        spans = find_spans(zh, glossary)
        terms = [sp.target for sp in spans if sp.kind == "term"]
        en = "The report says that " + ", ".join(terms[::2]) + " grew."  # a draft that missed every other term
        segs.append(dataclasses.replace(Segment(f"s1-b{i}-1", "k", zh, en, "mt", line=i + 1), spans=spans))
    return segs


def timed(check, segs, glossary) -> float:
    start = time.process_time()
    for s in segs:
        check(s, glossary=glossary, file="source/bench.md")
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, default=100_000)
    ap.add_argument("--sentences", type=int, default=10_000)
    args = ap.parse_args()
    from bipub.check.qa import check_segment

    base = bench_glossary.base_text()
    sentences = bench_glossary.segments(base, args.sentences)
    glossary = Glossary(bench_glossary.make_terms(base, args.terms))
    impls = {"new": check_segment}
    old = old_checks()
    if old is None:
        print(f"(old checks not available: git or commit {OLD_COMMIT} missing)")
    else:
        impls = {"old": old, "new": check_segment}
    names = list(impls)
    print(f"{args.terms:,} glossary terms; CPU seconds of the QA checks")
    print(f"{'segment length':>16} {'segments':>9} {'term spans':>11} " + " ".join(f"{n + ' s':>8}" for n in names)
          + "   " + " ".join(f"{n + ' s/row1':>11}" for n in names))
    first = {}
    for per in (1, 4, 16, 64, 256):
        segs = document(sentences, per, glossary)
        spans = sum(1 for s in segs for sp in s.spans if sp.kind == "term")
        t = {n: timed(f, segs, glossary) for n, f in impls.items()}
        first = first or t
        print(f"{str(per) + ' sentences':>16} {len(segs):>9,} {spans:>11,} " + " ".join(f"{t[n]:>8.2f}" for n in names)
              + "   " + " ".join(f"{t[n] / max(first[n], 1e-9):>11.2f}" for n in names))
    print(f"\n{'document':>16} {'segments':>9} {'term spans':>11} " + " ".join(f"{n + ' s':>8}" for n in names)
          + "   " + " ".join(f"{n + ' s/seg':>11}" for n in names))
    for n_seg in (args.sentences // 4, args.sentences // 2, args.sentences):
        segs = document(sentences[:n_seg], 1, glossary)
        spans = sum(1 for s in segs for sp in s.spans if sp.kind == "term")
        t = {n: timed(f, segs, glossary) for n, f in impls.items()}
        print(f"{'':>16} {len(segs):>9,} {spans:>11,} " + " ".join(f"{t[n]:>8.2f}" for n in names)
              + "   " + " ".join(f"{t[n] / len(segs) * 1e3:>9.3f}ms" for n in names))


if __name__ == "__main__":
    main()
