"""The Argos engine: an installed Argos package's CTranslate2 model run directly.

bipub does not import ``argostranslate.translate`` (it needs stanza and torch and
splits sentences itself).  It prepares input the way Argos Translate 1.11 does
for a SentencePiece package — ``encode(text, out_type=str)``, no added special
tokens, the package's ``target_prefix`` (if its metadata has one) as the target
prefix, ``replace_unknowns=True``, ``length_penalty=0.2`` — with two
differences:

* the whole list of bipub's sentence segments goes to CTranslate2 in one call,
  sorted by length and cut into batches of ``max_batch_size`` sentences, which
  ``inter_threads`` workers translate in parallel (Argos sends one sentence per
  batch in practice);
* the output is decoded with SentencePiece (and ``▁`` → space for pieces the
  tokenizer does not know), but ``_`` is kept: Argos's tokenizer turns every
  ``_`` into a space, which would break placeholders and identifiers.

A segment longer than ``max_input_tokens`` SentencePiece pieces is cut into
pieces no longer than that, preferably after a comma or other clause mark, and
the translations are joined with a space.

Settings: the ``[argos]`` table of bipub.toml (`ArgosEngine.Config`; the old
name ``[translate]`` is still read).  Importing this module sets
``CT2_USE_MKL=0`` (`bipub.translate.ct2`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bipub.translate.ct2 import keep_buffers  # also: CT2_USE_MKL=0 before ctranslate2 is imported
from bipub.findings import BipubError
from bipub.schema import setting
from bipub.translate.engines import EngineUnavailable
from bipub.translate.packages import PackageInfo, find_zh_en, packages_dir

#: a piece ending in one of these is a good place to cut an over-long segment
_CLAUSE_ENDS = "，、；：,;:。！？!?）)”’」』 \u3000"
#: Argos Translate 1.11's length penalty
LENGTH_PENALTY = 0.2


class ArgosEngine:
    """Translate Chinese sentences with an installed zh→en Argos package.

    ``beam_size`` (Argos itself uses 4), ``compute_type`` (``int8`` is what the
    packages ship), ``inter_threads`` × ``intra_threads`` (on 2 cores, two
    workers with one thread each are fastest), ``max_batch_size`` (sentences
    per batch), ``max_input_tokens`` (longer segments are split),
    ``max_decoding_length`` (output pieces per input piece-run, CTranslate2's
    default 256).
    """

    name = "argos"
    origin = "mt"
    publishable = True
    protection = "placeholders"

    @dataclass(frozen=True)
    class Config:
        packages_dir: str = setting("", "Argos packages folder (relative to the project, or absolute: models are "
                                        "shared); env BIPUB_PACKAGES_DIR wins; empty: Argos' default")
        beam_size: int = setting(1, "beam size for decoding: 1 = greedy, twice the batched throughput of 2 "
                                    "(docs/models.md)", lo=1, hi=16)
        inter_threads: int = setting(2, "CTranslate2 workers translating batches in parallel", lo=1, hi=64)
        intra_threads: int = setting(1, "threads per CTranslate2 worker", lo=1, hi=64)
        compute_type: str = setting("int8", "CTranslate2 compute type",
                                    choices=("int8", "int8_float32", "float32", "default", "auto"))
        max_batch_size: int = setting(32, "sentences per CTranslate2 batch", lo=1, hi=1024)

    @classmethod
    def open(cls, config: "ArgosEngine.Config", project) -> "ArgosEngine":
        """The installed zh→en package of the project's packages folder (EngineUnavailable: none)."""
        skipped: list = []  # unreadable packages: reported, the others still work
        try:
            package = find_zh_en(packages_dir(config.packages_dir or None, project.root), skipped)
        except BipubError as e:
            raise EngineUnavailable(str(e)) from e
        engine = cls(package, beam_size=config.beam_size, inter_threads=config.inter_threads,
                     intra_threads=config.intra_threads, compute_type=config.compute_type,
                     max_batch_size=config.max_batch_size)
        engine.open_findings = tuple(skipped)
        return engine

    def __init__(
        self,
        package: PackageInfo,
        *,
        beam_size: int = 1,
        inter_threads: int = 2,
        intra_threads: int = 1,
        compute_type: str = "int8",
        max_batch_size: int = 32,
        max_input_tokens: int = 200,
        max_decoding_length: int = 256,
    ) -> None:
        if beam_size < 1 or inter_threads < 1 or intra_threads < 0 or max_batch_size < 1:
            raise BipubError("argos engine: beam_size, inter_threads, max_batch_size must be ≥ 1 and intra_threads ≥ 0")
        if max_input_tokens < 8 or max_decoding_length < 1:
            raise BipubError("argos engine: max_input_tokens must be ≥ 8 and max_decoding_length ≥ 1")
        import ctranslate2
        import sentencepiece as spm

        keep_buffers()  # decoding buffers stay in the heap (speed only; bipub.translate.ct2)
        self.package = package
        self.beam_size = beam_size
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.compute_type = compute_type
        self.max_batch_size = max_batch_size
        self.max_input_tokens = max_input_tokens
        self.max_decoding_length = max_decoding_length
        self._ct2_version = ctranslate2.__version__
        path = Path(package.path)
        self.target_prefix = _target_prefix(path)
        try:
            self.sp = spm.SentencePieceProcessor(model_file=str(path / "sentencepiece.model"))
        except Exception as exc:
            raise BipubError(f"{path / 'sentencepiece.model'}: cannot load the tokenizer ({exc})") from exc
        try:
            self.translator = ctranslate2.Translator(
                str(path / "model"),
                device="cpu",
                compute_type=compute_type,
                inter_threads=inter_threads,
                intra_threads=intra_threads,
            )
        except Exception as exc:  # ValueError for a bad compute type, RuntimeError for a broken model
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BipubError(f"{path / 'model'}: cannot load the CTranslate2 model ({msg})") from exc

    # ------------------------------------------------------------------ public

    def translate_batch(self, texts: list[str]) -> list[str]:
        """English for each Chinese text, in the same order.

        Blank texts give ``""`` without running the model.  All texts go through
        the model in one call, longest first, ``max_batch_size`` per batch.
        """
        if self.translator is None:
            raise BipubError("argos engine: translate_batch after close()")
        # each text → one or more token runs (chunks); remember which text each chunk belongs to
        chunks: list[list[str]] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            if not text or not text.strip():
                continue
            for piece in split_tokens(self.sp.encode(text.strip(), out_type=str), self.max_input_tokens):
                chunks.append(piece)
                owner.append(i)
        outputs = self._translate_tokens(chunks)
        parts: list[list[str]] = [[] for _ in texts]
        for i, out in zip(owner, outputs):
            if out:
                parts[i].append(out)
        return [" ".join(p) for p in parts]

    def signature(self) -> str:
        """Every setting that changes the output, in one canonical string (sacrebleu style).

        Threads and batch size are left out: they change speed, not results.
        """
        p = self.package
        return (
            f"argos:{p.name}@{p.version}|beam:{self.beam_size}|lp:{LENGTH_PENALTY}"
            f"|compute:{self.compute_type}|maxin:{self.max_input_tokens}|maxout:{self.max_decoding_length}"
            f"|prefix:{self.target_prefix or '-'}|ct2:{self._ct2_version}"
        )

    def close(self) -> None:
        """Free the model's memory (the engine cannot translate afterwards)."""
        self.translator = None

    # ------------------------------------------------------------------ internals

    def translate_options(self) -> dict:
        """The keyword arguments passed to ``ctranslate2.Translator.translate_batch``."""
        return dict(
            max_batch_size=self.max_batch_size,
            batch_type="examples",
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            replace_unknowns=True,
            max_input_length=0,  # inputs are split to max_input_tokens, never truncated
            max_decoding_length=self.max_decoding_length,
        )

    def _translate_tokens(self, chunks: list[list[str]]) -> list[str]:
        if not chunks:
            return []
        order = sorted(range(len(chunks)), key=lambda k: len(chunks[k]), reverse=True)
        batch = [chunks[k] for k in order]
        prefix = [[self.target_prefix] for _ in batch] if self.target_prefix else None
        results = self.translator.translate_batch(batch, target_prefix=prefix, **self.translate_options())
        out: list[str] = [""] * len(chunks)
        for k, res in zip(order, results):
            out[k] = self.detokenize(res.hypotheses[0])
        return out

    def detokenize(self, tokens: list[str]) -> str:
        """SentencePiece pieces → text, without the target prefix; ``_`` stays ``_``."""
        if self.target_prefix and tokens and tokens[0] == self.target_prefix:
            tokens = tokens[1:]
        # decode_pieces copies pieces missing from the tokenizer (e.g. model-only vocabulary) verbatim, "▁" included
        return self.sp.decode_pieces(list(tokens)).replace("▁", " ").strip()


def _target_prefix(path: Path) -> str:
    try:
        meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BipubError(f"{path / 'metadata.json'}: cannot read the package description ({exc})") from exc
    return str(meta.get("target_prefix") or "")


def split_tokens(tokens: list[str], limit: int) -> list[list[str]]:
    """Cut a token list into runs of at most ``limit`` tokens.

    Each cut goes after the last clause mark (comma, enumeration comma,
    semicolon, colon, closing bracket …) in the second half of the window;
    with none there, before the last word start (a piece beginning with
    ``▁``); failing that, at exactly ``limit`` tokens.
    ``sum(result, []) == tokens``.
    """
    if len(tokens) <= limit:
        return [tokens] if tokens else []
    out: list[list[str]] = []
    start = 0
    while len(tokens) - start > limit:
        end = start + limit
        lo = start + limit // 2
        cut = next((j + 1 for j in range(end - 1, lo - 1, -1) if tokens[j] and tokens[j][-1] in _CLAUSE_ENDS), None)
        if cut is None:
            cut = next((j for j in range(end - 1, lo, -1) if tokens[j].startswith("▁")), end)
        out.append(tokens[start:cut])
        start = cut
    out.append(tokens[start:])
    return out
