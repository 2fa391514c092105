"""An archive of N small documents cut from the 2024 Government Work Report (real text of the genre).

Used by tests/test_scale.py and bench/bench_scale.py.  Each document is a run of
consecutive paragraphs of the report under a heading, with TOML front matter;
``paragraphs`` sets its size.  The demo glossary (tests/fixtures/project) comes along.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CORPUS = next((p for p in (HERE.parent.parent / "shared" / "corpus", Path("/work/shared/corpus")) if p.is_dir()),
              HERE.parent.parent / "shared" / "corpus")


def paragraphs() -> list[str]:
    text = (CORPUS / "gwr_2024.zh.txt").read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n") if len(p.strip()) > 30]


def make_archive(dest: Path, documents: int, *, paragraphs_per_doc: int = 3, formats=("html",)) -> Path:
    """A bipub project at ``dest`` with ``documents`` sources (the report's paragraphs, cycled)."""
    shutil.copytree(FIXTURES / "project", dest)
    (dest / "source" / "demo.md").unlink()
    with (dest / "bipub.toml").open("a", encoding="utf-8") as f:
        f.write('\n[build]\nengine = "pseudo"\nformats = [' + ", ".join(f'"{x}"' for x in formats) + "]\n")
    paras = paragraphs()
    for i in range(documents):
        body = [paras[(i * paragraphs_per_doc + k) % len(paras)] for k in range(paragraphs_per_doc)]
        (dest / "source" / f"doc{i:04d}.md").write_text(
            f'+++\ntitle = "政府工作报告 第{i + 1}篇"\ndate = "2024-03-05"\n+++\n\n## 第{i + 1}部分\n\n'
            + "\n\n".join(body) + "\n", encoding="utf-8")
    return dest
