"""MT cache on real rebuilds: how many segments reach the model.

Builds the seed report (source/hunan-2021.md) with its memory set aside, so every
segment goes through machine translation with a small Argos package made here
(tests/argos_fixture.py: real CTranslate2 + SentencePiece inference, random
weights).  Then: an unchanged rebuild, and a rebuild after one glossary entry
changed.  Prints the report counts of each build.

    .venv/bin/python bench/bench_cache.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from argos_fixture import build_package  # noqa: E402


def bipub(*args, env):
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "bipub", *args], env=env, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(r.stderr)
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = tmp / "project"
        project.mkdir()
        for name in ("bipub.toml", "source", "glossary"):
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
        env = dict(os.environ, BIPUB_PACKAGES_DIR=str(tmp / "packages"))
        archive = build_package(tmp)
        bipub("models", "install", "--file", str(archive), "-C", str(project), env=env)

        def build(label: str) -> dict:
            seconds = bipub("build", "-C", str(project), "--engine", "argos", "--format", "html", env=env)
            report = json.loads((project / "output" / "hunan-2021.report.json").read_text(encoding="utf-8"))
            c = report["counts"]
            print(f"{label:<34} mt {c['mt']:>3}  cache {c['cache']:>3}  memory {c['memory']:>3}  "
                  f"model calls {report['model_calls']:>3}  cache hits {report['cache_hits']:>3}  {seconds:5.1f} s")
            return report

        print("seed report, memory set aside, tiny Argos package (random weights)")
        first = build("first build (cold cache)")
        build("rebuild, nothing changed")
        # change the approved English of one glossary term the seed uses, in its file and line
        from bipub.terms.glossary import load_glossary

        glossary, _ = load_glossary(project / "glossary")
        term = next(t for t in glossary.terms if t.zh == "国家重要先进制造业高地")
        path = project / term.file
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[term.line - 1] = lines[term.line - 1].replace(term.en, term.en + " (revised)", 1)
        path.write_text("\n".join(lines), encoding="utf-8")
        changed = term.zh
        from bipub.source.parse import parse_file

        doc = parse_file(project / "source" / "hunan-2021.md")
        holding = [s for s in doc.segments() if any(m.term.zh == changed for m in glossary.match(s.source))]
        print(f"changed glossary entry {changed!r}: {len(holding)} segments contain it "
              f"({len({s.key for s in holding})} distinct)")
        third = build("rebuild, one glossary entry changed")
        assert first["model_calls"] > 0 and third["model_calls"] >= 1


if __name__ == "__main__":
    main()
