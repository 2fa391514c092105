"""Linear time on every input (issue 12): 1, 2, 4 and 8 MB side by side, in one run.

Rows (each input made of real report text, the 2024 Government Work Report repeated):

* ``import``    ``bipub import`` of a plain-text copy (``importer.import_text``);
* ``tbx``       parsing a TBX termbase of that size;
* ``xliff``     parsing an XLIFF review file of that size;
* ``glossary``  matching 10,000 glossary terms against that much text;
* ``build``     parse → annotate → translate (pseudo engine, cache) → check → HTML writer
                of the imported report repeated, one copy per chapter (``pipeline.build``; no PDF, which has a length limit).

    .venv/bin/python bench/bench_linear.py             # 1 2 4 8 MB
    .venv/bin/python bench/bench_linear.py 0.25 0.5    # chosen sizes

The last column is t(largest)/t(smallest): about the size ratio (8 for 1 → 8 MB)
means linear time; quadratic code shows about its square (64).  Wall seconds
(a build may use worker processes), so a loaded machine inflates them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

import bench_formats  # noqa: E402
import bench_glossary  # noqa: E402
import bench_import  # noqa: E402

from bipub.formats import FORMATS, TERMBASES  # noqa: E402
from bipub.importer import import_text  # noqa: E402
from bipub.pipeline import build  # noqa: E402
from bipub.project import Project  # noqa: E402
from bipub.terms.glossary import Glossary  # noqa: E402

MB = 1024 * 1024
TOML = '[project]\nname = "Bench"\n\n[build]\nengine = "pseudo"\nformats = ["html"]\n'


def cpu(fn) -> float:
    """Wall seconds: a build may use worker processes, whose CPU time this process does not see."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def row_import(mb: float, tmp: Path) -> float:
    data = bench_import.make("report", mb)
    return cpu(lambda: import_text(data, name="report.txt"))


def row_tbx(mb: float, tmp: Path) -> float:
    tbx = TERMBASES.get("tbx")
    path = tmp / "bench.tbx"
    path.write_bytes(tbx.write(bench_formats.terms(int(mb * MB), bench_formats.sentences())))
    return cpu(lambda: tbx.read(path, "bench.tbx"))


def row_xliff(mb: float, tmp: Path) -> float:
    fmt = FORMATS.get("xliff")
    data = fmt.dumps(bench_formats.units(int(mb * MB), bench_formats.sentences()), document="source/bench.md", name="bench")
    return cpu(lambda: fmt.loads(data, "bench.xlf"))


def row_glossary(mb: float, tmp: Path) -> float:
    base = bench_glossary.base_text()
    glossary = Glossary(bench_glossary.make_terms(base, 10_000))
    text = (base * (int(mb * MB) // len(base.encode()) + 1))[: int(mb * MB) // 3]  # ~3 bytes an ideograph
    return cpu(lambda: glossary.match(text))


def report_markdown(mb: float) -> str:
    """The imported report repeated to ``mb`` MB, each copy under its own heading.

    (Importing the repeated text itself would not do: the importer drops repeated
    paragraphs as duplicates, with a finding, so the source would stay one copy long.)
    """
    markdown = import_text(bench_import._base().encode("utf-8"), name="report.txt").markdown
    end = markdown.index("+++\n", 3) + 4 if markdown.startswith("+++\n") else 0
    head, body = markdown[:end], markdown[end:]
    copies, size, k = [head], len(head.encode()), 0
    while size < mb * MB:
        k += 1
        copy = f"\n# 第{k}部分\n\n{body}"
        copies.append(copy)
        size += len(copy.encode())
    return "".join(copies)


def row_build(mb: float, tmp: Path) -> float:
    root = tmp / f"project-{mb:g}"
    (root / "source").mkdir(parents=True)
    (root / "bipub.toml").write_text(TOML, encoding="utf-8")
    (root / "source" / "report.md").write_text(report_markdown(mb), encoding="utf-8")
    return cpu(lambda: build(Project.open(root), progress=False))


ROWS = {"import": row_import, "tbx": row_tbx, "xliff": row_xliff, "glossary": row_glossary, "build html": row_build}


def main(argv: list[str]) -> None:
    sizes = [float(a) for a in argv] or [1, 2, 4, 8]
    print(f"{'input':<12}" + "".join(f"{f'{s:g} MB':>10}" for s in sizes) + f"{'ratio':>10}  (ideal {sizes[-1] / sizes[0]:g})")
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in ROWS.items():
            (Path(tmp) / f"warm-up-{name}").mkdir()
            fn(sizes[0] / 16, Path(tmp) / f"warm-up-{name}")  # first use loads tables and modules: not the input's cost
            times = [fn(mb, Path(tmp)) for mb in sizes]
            ratio = times[-1] / times[0] if times[0] else float("nan")
            print(f"{name:<12}" + "".join(f"{t:>9.2f}s" for t in times) + f"{ratio:>10.1f}", flush=True)
    print("(wall seconds; ratio = t(largest)/t(smallest))")


if __name__ == "__main__":
    main(sys.argv[1:])
