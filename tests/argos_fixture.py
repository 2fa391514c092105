"""Build small, valid Argos translation packages for tests (and full-size random ones for benchmarks).

A package built here has everything a real ``translate-zh_en`` package has —
``metadata.json``, a CTranslate2 Transformer in ``model/`` with a shared
vocabulary, a ``sentencepiece.model`` — but random weights, so it translates
into fluent-looking garbage.  That exercises the whole inference path
(tokenize, batch, decode, detokenize) without downloading anything.

    from argos_fixture import build_package
    archive = build_package(tmp_path)            # tmp_path/translate-zh_en-test.argosmodel

Everything is deterministic: the same arguments give byte-identical archives.
The SentencePiece model is trained on ``tests/fixtures/argos/train.txt``.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

TRAIN_TEXT = Path(__file__).parent / "fixtures" / "argos" / "train.txt"
#: a fixed timestamp for the zip entries, so archives are reproducible
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def train_sentencepiece(out: Path, *, vocab_size: int = 1200, text: Path | list[Path] = TRAIN_TEXT) -> Path:
    """Train a unigram SentencePiece model on ``text`` and write it to ``out`` (``*.model``).

    ``character_coverage=1.0`` keeps every Chinese character of the training text;
    ``hard_vocab_limit=False`` lets a small text give fewer pieces than asked.
    """
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        input=",".join(str(t) for t in text) if isinstance(text, list) else str(text),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        seed_sentencepiece_size=100000,
        minloglevel=2,
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return out


def sentencepiece_vocabulary(model: Path) -> list[str]:
    """The pieces of a SentencePiece model in id order (``<unk>``, ``<s>``, ``</s>``, …)."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def build_ct2_model(
    out_dir: Path,
    vocabulary: list[str],
    *,
    layers: int = 2,
    d_model: int = 32,
    heads: int = 4,
    ffn: int = 64,
    seed: int = 0,
    quantization: str | None = None,
    tie_embeddings: bool = False,
) -> Path:
    """Write a CTranslate2 Transformer (pre-norm, ReLU, shared vocabulary) with random weights to ``out_dir``.

    The layout is what CTranslate2's OpenNMT-py converter produces for an Argos
    model (sinusoidal positions, decoder start token ``<s>``); ``layers`` applies
    to both encoder and decoder.  ``tie_embeddings`` shares one matrix between
    source embeddings, target embeddings and output projection (as Marian's
    ``tied-embeddings-all`` does; CTranslate2 then stores it once).
    """
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    v = len(vocabulary)

    def w(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def b(n: int) -> np.ndarray:
        return (0.1 * rng.standard_normal(n)).astype(np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(d_model, np.float32)
        spec.beta = np.zeros(d_model, np.float32)

    def linear(spec, rows: int, cols: int) -> None:
        spec.weight = w(rows, cols)
        spec.bias = b(rows)

    def ffn_layer(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, ffn, d_model)
        linear(spec.linear_1, d_model, ffn)

    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
    spec.config.decoder_start_token = "<s>"
    shared = (rng.standard_normal((v, d_model)) / np.sqrt(d_model)).astype(np.float32) if tie_embeddings else None
    for side in (spec.encoder, spec.decoder):
        emb = side.embeddings[0] if isinstance(side.embeddings, list) else side.embeddings
        emb.weight = shared if tie_embeddings else (rng.standard_normal((v, d_model)) / np.sqrt(d_model)).astype(np.float32)
        norm(side.layer_norm)
    for layer in spec.encoder.layer:
        att = layer.self_attention
        norm(att.layer_norm)
        linear(att.linear[0], 3 * d_model, d_model)
        linear(att.linear[1], d_model, d_model)
        ffn_layer(layer.ffn)
    for layer in spec.decoder.layer:
        att = layer.self_attention
        norm(att.layer_norm)
        linear(att.linear[0], 3 * d_model, d_model)
        linear(att.linear[1], d_model, d_model)
        cross = layer.attention
        norm(cross.layer_norm)
        linear(cross.linear[0], d_model, d_model)
        linear(cross.linear[1], 2 * d_model, d_model)
        linear(cross.linear[2], d_model, d_model)
        ffn_layer(layer.ffn)
    # logits: a wider spread makes the output depend visibly on the input
    spec.decoder.projection.weight = shared if tie_embeddings else 3.0 * w(v, d_model)
    spec.decoder.projection.bias = np.zeros(v, np.float32)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
    return out_dir


def metadata(*, version: str = "1.0", from_code: str = "zh", to_code: str = "en", **extra) -> dict:
    """A ``metadata.json`` object as Argos packages have it."""
    names = {"zh": "Chinese", "en": "English", "de": "German", "fr": "French", "ja": "Japanese"}
    meta = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": names.get(from_code, from_code),
        "to_code": to_code,
        "to_name": names.get(to_code, to_code),
    }
    meta.update(extra)
    return meta


def zip_folder(folder: Path, archive: Path) -> Path:
    """Zip ``folder`` as the single top folder of ``archive`` (stored, fixed timestamps, sorted entries)."""
    folder, archive = Path(folder), Path(archive)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(folder.rglob("*")):
            rel = (Path(folder.name) / path.relative_to(folder)).as_posix()
            if path.is_dir():
                zf.writestr(zipfile.ZipInfo(rel + "/", _ZIP_DATE), b"")
            else:
                zf.writestr(zipfile.ZipInfo(rel, _ZIP_DATE), path.read_bytes())
    return archive


def build_package_folder(
    folder: Path,
    *,
    meta: dict | None = None,
    sp_vocab_size: int = 1200,
    vocab_size: int | None = None,
    sp_model: Path | None = None,
    sp_text: Path | list[Path] = TRAIN_TEXT,
    **model_args,
) -> Path:
    """Write a complete package folder: ``metadata.json``, ``sentencepiece.model``, ``model/``.

    ``vocab_size`` pads the model vocabulary with filler pieces up to that size
    (the real zh→en package has 65,001); ``sp_model`` reuses an existing
    SentencePiece model instead of training one on ``sp_text``; ``model_args`` go to
    :func:`build_ct2_model`.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sp_path = folder / "sentencepiece.model"
    if sp_model is not None:
        shutil.copyfile(sp_model, sp_path)
    else:
        train_sentencepiece(sp_path, vocab_size=sp_vocab_size, text=sp_text)
    vocab = sentencepiece_vocabulary(sp_path)
    if vocab_size is not None and vocab_size > len(vocab):
        vocab += [f"▁filler{i}" for i in range(vocab_size - len(vocab))]
    build_ct2_model(folder / "model", vocab, **model_args)
    (folder / "metadata.json").write_text(
        json.dumps(meta if meta is not None else metadata(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return folder


def build_package(out_dir: Path, *, name: str = "translate-zh_en-test", **kwargs) -> Path:
    """Build ``out_dir/NAME.argosmodel`` whose top folder is ``NAME``; ``kwargs`` as for :func:`build_package_folder`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_package_folder(Path(tmp) / name, **kwargs)
        return zip_folder(folder, out_dir / f"{name}.argosmodel")
