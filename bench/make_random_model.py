"""Build (once) a random-weight Argos zh→en package of the real model's size, for benchmarks.

Run:  .venv/bin/python bench/make_random_model.py [--force] [--layers 6 --d-model 512 ...]

The real ``translate-zh_en`` package is a Marian-style Transformer-base: 6
encoder and 6 decoder layers, d_model 512, 8 heads, FFN 2048, a shared
vocabulary of 65,001 pieces, int8 weights.  This script builds a CTranslate2
model with those dimensions and random weights (embeddings tied, as in
Marian), a SentencePiece model trained on the two Government Work Reports in
../shared/corpus (about 8,000 pieces; the model vocabulary is padded with
filler pieces up to 65,001, so the softmax costs what the real one costs),
zips it as an ``.argosmodel`` and installs it with ``bipub.translate.packages.install_file``.

Everything goes to ``.bipub/bench/`` in the repository (not under version
control), one packages folder per set of inputs (``packages/random-TAG-KEY``: KEY is a
digest of the dimensions, the corpus and the fixture code); a later run with the same
inputs reuses it, ``--force`` builds it again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import argos_fixture as af  # noqa: E402
from bipub.translate import packages as models  # noqa: E402

BENCH_DIR = ROOT / ".bipub" / "bench"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = [SHARED / "corpus" / "gwr_2024.zh.txt", SHARED / "corpus" / "gwr_2025.zh.txt"]
REAL_SIZE = dict(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=65_001, quantization="int8")


def inputs_key(dims: dict, sp_vocab_size: int, text: list[Path], seed: int) -> str:
    """A digest of everything the package is made from: its dimensions, the SentencePiece
    size, the training text's bytes, the seed and the code that builds it (argos_fixture.py)."""
    h = hashlib.sha256(json.dumps({**dims, "sp_vocab_size": sp_vocab_size, "seed": seed}, sort_keys=True).encode())
    for path in [*text, Path(af.__file__)]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def ensure_package(*, force: bool = False, sp_vocab_size: int = 8000, bench_dir: Path = BENCH_DIR,
                   corpus: list[Path] = CORPUS, **dims) -> models.PackageInfo:
    """The installed random package with these dimensions, built if missing (prints what it does).

    Each build goes to its own packages folder, ``bench_dir/packages/random-TAG-KEY`` (KEY:
    `inputs_key`), so a later run with the same inputs reuses it and any change of the
    inputs (dimensions, corpus, the fixture's code) builds another."""
    dims = {**REAL_SIZE, **dims}
    tag = "l{layers}-d{d_model}-h{heads}-f{ffn}-v{vocab_size}-{quantization}".format(**dims)
    text = [p for p in corpus if p.is_file()] or [af.TRAIN_TEXT]
    packages = Path(bench_dir) / "packages" / f"random-{tag}-{inputs_key(dims, sp_vocab_size, text, seed=1)}"
    found = models.list_packages(packages) if packages.is_dir() and not force else []
    if found:
        return found[0]
    name = f"translate-zh_en-random-{tag}"
    t0 = time.perf_counter()
    print(f"building {name} (random weights) into {packages} …", file=sys.stderr, flush=True)
    vocab_size = dims.pop("vocab_size")
    packages.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=bench_dir) as tmp:
        src = af.build_package_folder(
            Path(tmp) / name,
            meta=af.metadata(version="0.0", note="random weights, for benchmarks only"),
            sp_vocab_size=sp_vocab_size,
            sp_text=text,
            vocab_size=vocab_size,
            tie_embeddings=True,
            seed=1,
            **dims,
        )
        archive = af.zip_folder(src, Path(tmp) / f"{name}.argosmodel")
        info = models.install_file(archive, packages)
    print(f"installed {info.path} ({info.size_bytes / 1e6:.0f} MB) in {time.perf_counter() - t0:.0f} s",
          file=sys.stderr, flush=True)
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rebuild even if the package exists")
    ap.add_argument("--layers", type=int, default=REAL_SIZE["layers"])
    ap.add_argument("--d-model", type=int, default=REAL_SIZE["d_model"])
    ap.add_argument("--heads", type=int, default=REAL_SIZE["heads"])
    ap.add_argument("--ffn", type=int, default=REAL_SIZE["ffn"])
    ap.add_argument("--vocab-size", type=int, default=REAL_SIZE["vocab_size"])
    ap.add_argument("--quantization", default=REAL_SIZE["quantization"])
    a = ap.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    info = ensure_package(force=a.force, layers=a.layers, d_model=a.d_model, heads=a.heads, ffn=a.ffn,
                          vocab_size=a.vocab_size, quantization=a.quantization)
    config = json.loads((info.path / "model" / "config.json").read_text())
    print(f"{info.name} {info.version}\t{info.size_bytes / 1e6:.0f} MB\t{info.path}")
    print(f"vocabulary: {len(json.loads((info.path / 'model' / 'shared_vocabulary.json').read_text()))} pieces; "
          f"decoder_start_token {config.get('decoder_start_token')!r}")


if __name__ == "__main__":
    main()
