"""Render benchmark: the seed's PDF and HTML, and documents 10x and 100x longer.

    .venv/bin/python bench/bench_render.py            # 1x, 10x, 100x
    .venv/bin/python bench/bench_render.py 1 10       # chosen sizes

1x is the seed (source/hunan-2021.md) with its English from
translations/hunan-2021.jsonl ("translations come from memory").  Longer
documents repeat the two Government Work Reports in ../shared/corpus until
they hold N times the seed's Chinese characters; their English is a
deterministic filler with the seed's English/Chinese length ratio (the layout
cost depends on the amount of text, not on its meaning).  Each size runs in a
fresh process so its peak memory (max RSS) is its own; the time includes
importing WeasyPrint, which is what a `bipub build` pays too.
"""

from __future__ import annotations

import dataclasses
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
WORDS = ["the", "province", "will", "further", "advance", "industrial", "upgrading", "and", "digital", "transformation", "of", "key", "manufacturing", "chains", "while", "new", "energy", "vehicles", "rail", "transit", "equipment", "and", "construction", "machinery", "continued", "to", "gain", "market", "share", "at", "home", "and", "abroad", "in", "the", "reporting", "period"]


def seed_document():
    from bipub.source.parse import parse_file

    english = {}
    for line in (ROOT / "translations" / "hunan-2021.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            english[rec["key"]] = rec["en"]
    doc = parse_file(ROOT / "source" / "hunan-2021.md")
    return doc.map_segments(
        lambda s: dataclasses.replace(s, target=english[s.key], origin="memory") if s.key in english else s)


def filler(text: str, ratio: float, salt: int) -> str:
    n = max(3, round(len(text) * ratio / 6.2))  # ~6.2 characters per English word with its space
    words = [WORDS[(salt * 31 + i * 7) % len(WORDS)] for i in range(n)]
    return " ".join(words).capitalize() + "."


def long_document(times: int):
    """Government Work Reports repeated until the Chinese is ``times`` x the seed's."""
    from bipub.model import Block, Document, Section, Segment
    from bipub.text.normalize import segment_key
    from bipub.text.segment import split_zh

    seed = seed_document()
    seed_chars = sum(len(s.source) for s in seed.segments())
    ratio = sum(len(s.target or "") for s in seed.segments()) / seed_chars
    paras = []
    for name in ("gwr_2024.zh.txt", "gwr_2025.zh.txt"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            line = line.strip().replace("\u3000", "")
            if line:
                paras.append(line)
    sections: list[Section] = []
    chars = 0
    rep = 0
    while chars < times * seed_chars:
        rep += 1
        blocks: list[Block] = []
        heading = None

        def close(heading, blocks):
            if heading is not None or blocks:
                sections.append(Section(f"s{len(sections) + 1}", heading, tuple(blocks)))

        for text in paras:
            sid = f"s{len(sections) + 1}"
            if re.match(r"^[一二三四五六七八九十]+、", text) and len(text) < 40:
                close(heading, blocks)
                sid = f"s{len(sections) + 1}"
                seg = Segment(f"{sid}-h-1", segment_key(text), text, filler(text, ratio, len(sections)), "memory")
                heading, blocks = Block("heading", f"{sid}-h", (seg,), level=2), []
                continue
            bid = f"{sid}-b{len(blocks) + 1}"
            segs = tuple(Segment(f"{bid}-{i}", segment_key(t), t, filler(t, ratio, i + len(blocks)), "memory")
                         for i, t in enumerate(split_zh(text), 1))
            blocks.append(Block("paragraph", bid, segs))
            chars += len(text)
            if chars >= times * seed_chars:
                break
        close(heading, blocks)
    return Document(name=f"gwr-x{times}", path=str(CORPUS / "gwr.md"), meta={"title": "政府工作报告"},
                    front=seed.front, sections=tuple(sections))


def run_one(times: int) -> dict:
    """Runs in the child process: build the document, render HTML twice and the PDF once."""
    t0 = time.perf_counter()
    doc = seed_document() if times == 1 else long_document(times)
    t1 = time.perf_counter()
    from bipub.render import RenderOptions, render_html, render_pdf

    opts = RenderOptions()
    html = render_html(doc, opts, fragment=False)
    frag = render_html(doc, opts, fragment=True)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.pdf"
        render_pdf(doc, opts, out)
        t3 = time.perf_counter()
        size = out.stat().st_size
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return {
        "times": times, "chars": sum(len(s.source) for s in doc.segments()), "pages": pages,
        "build_doc_s": round(t1 - t0, 2), "html_s": round(t2 - t1, 3), "pdf_s": round(t3 - t2, 2),
        "html_kb": (len(html) + len(frag)) // 1024, "pdf_kb": size // 1024,
        "cpu_s": round(time.process_time(), 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        print(json.dumps(run_one(int(argv[1]))))
        return
    sizes = [int(a) for a in argv] or [1, 10, 100]
    print("wall seconds (html: page + fragment; pdf: WeasyPrint incl. its import), CPU seconds of the whole process")
    print(f"{'size':>5} {'chars':>9} {'pages':>6} {'html s':>7} {'pdf s':>7} {'cpu s':>7} {'peak MB':>8} {'s/page':>7}")
    for n in sizes:
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(proc.returncode)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        peak_mb = r["peak_mb"]
        print(f"{n:>4}x {r['chars']:>9} {r['pages']:>6} {r['html_s']:>7} {r['pdf_s']:>7} {r['cpu_s']:>7} "
              f"{peak_mb:>8.0f} {r['pdf_s'] / max(r['pages'], 1):>7.3f}   (process wall {wall:.1f}s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
