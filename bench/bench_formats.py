"""Benchmark: exchange-format parse time must grow linearly with the file.

Run:  .venv/bin/python bench/bench_formats.py [--sizes 1 2 4 8]

For each size (MB) it writes, with bipub's own writers, a TBX termbase, an XLIFF,
a TMX and a PO review file of about that size from real sentences (the two
Government Work Reports in ../shared/corpus; generated text without them), plus
the worst case the old TBX reader met: one TBX entry whose note is the whole
size.  Then it times bipub's reader on each and prints the seconds side by
side with the time per MB, which must stay about flat (linear time).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bipub.formats import FORMATS, TERMBASES  # noqa: E402
from bipub.formats.unit import TranslationUnit  # noqa: E402
from bipub.terms.glossary import Term  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = [SHARED / "corpus" / "gwr_2024.zh.txt", SHARED / "corpus" / "gwr_2025.zh.txt"]
MB = 1024 * 1024


def sentences() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS if p.exists())
    found = [s for s in re.split(r"(?<=[。！？；])", text) if len(s.strip()) > 4]
    if found:
        return [s.strip() for s in found]
    rnd = random.Random(1)
    return ["".join(chr(rnd.randrange(0x4E00, 0x4E00 + 3000)) for _ in range(40)) + "。" for _ in range(500)]


def units(size: int, pool: list[str]) -> list[TranslationUnit]:
    out, total, n = [], 0, 0
    while total < size:
        zh = pool[n % len(pool)]
        en = f"Sentence {n} in English, with figures 8.4% and 1,234 & <markup>."
        out.append(TranslationUnit(f"s{n}", f"k{n}", zh, en, ("draft", "reviewed")[n % 2], (f"glossary: 工业 → industry {n}",)))
        total += len(zh.encode()) + len(en) + 420  # the markup around a unit, measured on the writers' output
        n += 1
    return out


def terms(size: int, pool: list[str]) -> list[Term]:
    out, total, n = [], 0, 0
    while total < size:
        zh = pool[n % len(pool)][:12] + str(n)
        out.append(Term(zh, f"term {n}", (zh + "变体",), (f"forbidden {n}",), "approved", note=f"note {n}"))
        total += 700
        n += 1
    return out


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4, 8], help="file sizes in MB")
    args = ap.parse_args()
    pool = sentences()
    tbx = TERMBASES.get("tbx")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for size in args.sizes:
            row = {}
            us = units(size * MB, pool)
            for name in ("xliff", "tmx", "po"):
                fmt = FORMATS.get(name)
                data = fmt.dumps(us, document="source/bench.md", name="bench")
                row[name] = (len(data), timed(lambda: fmt.loads(data, name)))
            path = tmp / "bench.tbx"
            path.write_bytes(tbx.write(terms(size * MB, pool)))
            row["tbx"] = (path.stat().st_size, timed(lambda: tbx.read(path, "bench.tbx")))
            note = tmp / "note.tbx"
            note.write_text('<martif><text><body><termEntry id="t1"><note>' + "长" * (size * MB // 3)
                            + '</note><langSet xml:lang="zh"><tig><term>长</term></tig></langSet>'
                            '<langSet xml:lang="en"><tig><term>long</term></tig></langSet>'
                            "</termEntry></body></text></martif>", encoding="utf-8")
            row["tbx-note"] = (note.stat().st_size, timed(lambda: tbx.read(note, "note.tbx")))
            rows.append((size, row))
    names = list(rows[0][1])
    print(f"{'MB':>4} " + " ".join(f"{n:>18}" for n in names))
    for size, row in rows:
        cells = [f"{row[n][1]:6.2f} s ({row[n][1] / (row[n][0] / MB):.2f}/MB)" for n in names]
        print(f"{size:>4} " + " ".join(f"{c:>18}" for c in cells))
    print("(seconds to parse; the per-MB figure must stay about flat: linear time)")


if __name__ == "__main__":
    main()
