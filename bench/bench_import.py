"""Import time against input size: 1, 2, 4 and 8 MB, side by side (issue 12: linear time).

Three kinds of input, each built by repeating real text (no network):

* ``report``   the 2024 Government Work Report (Wikisource copy) repeated;
* ``numbered`` numbered items, one per line (``1. …``), the shape that once took 406 s for 8,000 items;
* ``broken``   paragraphs cut mid-sentence (every line unterminated), the repairs' worst case.

    .venv/bin/python bench/bench_import.py            # 1 2 4 8 MB
    .venv/bin/python bench/bench_import.py 1 2        # chosen sizes

Linear time shows as a time per MB that stays flat across the columns.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bipub.importer import import_text

CORPUS = Path("/work/shared/corpus/gwr_2024.zh.txt")
_FALLBACK = "过去一年，国内生产总值超过126万亿元，增长5.2%。城镇新增就业1244万人，城镇调查失业率平均为5.2%。\n\n"


def _base() -> str:
    try:
        return CORPUS.read_text(encoding="utf-8")
    except OSError:
        return _FALLBACK * 200


def make(kind: str, mb: float) -> bytes:
    size = int(mb * 1_000_000)
    if kind == "report":
        unit = _base()
    elif kind == "numbered":
        unit = "".join(f"{i}. 推进第{i}项重点任务，投入资金{i * 37}万元，完成率{i % 100}%。\n" for i in range(1, 2001))
    else:
        unit = "".join(f"第{i}段落的前半部分说到增长\n\n{i}后半部分接着说完。\n\n" for i in range(1, 2001))
    data = unit.encode("utf-8")
    return (data * (size // len(data) + 1))[:size].rsplit(b"\n", 1)[0] + b"\n"


def main(argv: list[str]) -> None:
    sizes = [float(a) for a in argv] or [1, 2, 4, 8]
    print(f"{'input':<10}" + "".join(f"{f'{s:g} MB':>12}" for s in sizes) + f"{'s/MB':>24}")
    for kind in ("report", "numbered", "broken"):
        times = []
        for mb in sizes:
            data = make(kind, mb)
            t = time.perf_counter()
            import_text(data, name=f"{kind}.txt")
            times.append(time.perf_counter() - t)
        per = " ".join(f"{t / s:.2f}" for t, s in zip(times, sizes))
        print(f"{kind:<10}" + "".join(f"{t:>11.2f}s" for t in times) + f"{per:>24}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
