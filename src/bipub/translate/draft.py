"""Machine drafts for the segments the translation memory did not cover.

For each segment, ``draft``:

1. protects glossary terms and numbers (``protect.protect``: placeholders);
2. looks the segment up in the MT cache, keyed by the normalized Chinese, the
   renderings of the terms it contains, the engine signature and the masked text;
3. sends all misses to the engine (texts with the same masked form once);
4. restores the placeholders (``protect.restore``); an item the model lost is
   inserted by the recovery rule and reported as ``mt.term-lost`` or
   ``mt.number-lost`` (warning); placeholders copied twice or garbled give
   ``mt.placeholder-repaired`` (info);
5. stores the engine's raw output in the cache.

Origins: ``cache`` for cache hits, else the engine's ``origin`` (``mt`` for a
model, ``pseudo`` for the pseudo engine).  *Decided*: the output of an engine
that is not ``publishable`` (pseudo) is not cached (it costs nothing and must
never be mistaken for a model's output).  A segment with no
Chinese left after masking (``2021年12月31日``, ``5G``) needs no model: its
English is the restored masked text, counted neither as a model call nor as a
cache hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bipub.translate.cache import Cache, cache_key
from bipub.findings import BipubError, Finding
from bipub.model import Segment
from bipub.text.normalize import has_chinese
from bipub.translate.protect import Protected, protect, restore_report

#: with a progress callback, texts go to the engine in chunks of this size so the bar moves;
#: large enough (2 workers x 32-sentence batches x 4) that chunking costs no throughput:
#: the engine still sorts by length inside a chunk and keeps both CTranslate2 workers busy
PROGRESS_CHUNK = 256


@dataclass
class DraftResult:
    targets: dict[str, str]  # segment id → English
    origins: dict[str, str]  # segment id → "cache" | "mt" | "pseudo"
    findings: list[Finding] = field(default_factory=list)
    model_calls: int = 0  # texts sent to the engine (identical masked texts count once)
    cache_hits: int = 0  # segments answered by the cache


def draft(segments: list[Segment], engine, *, glossary, cache: Cache | None, file: str, progress=None) -> DraftResult:
    """English drafts for ``segments`` (see the module doc for the steps).

    ``progress``, when given, is called with the number of segments just
    finished (``tqdm.update`` style).  An engine that returns the wrong number
    of texts raises ``BipubError``; everything else is a finding.
    """
    origin = engine.origin
    signature = engine.signature()
    use_cache = cache is not None and engine.publishable
    cache_findings_before = len(cache.findings) if cache is not None else 0

    result = DraftResult({}, {})
    raw: dict[str, str] = {}  # segment id → engine output for the masked text
    protected: dict[str, Protected] = {}
    keys: dict[str, str] = {}
    todo: dict[str, list[str]] = {}  # masked text → ids of segments that need it translated
    for seg in segments:
        p = protect(seg.source, glossary)
        protected[seg.id] = p
        if not has_chinese(p.masked):  # nothing for a model to do
            raw[seg.id] = p.masked
            result.origins[seg.id] = origin
            continue
        if use_cache:
            keys[seg.id] = cache_key(seg.source, p.term_renderings, signature, masked=p.masked)
            hit = cache.get(keys[seg.id])
            if hit is not None:
                raw[seg.id] = hit
                result.origins[seg.id] = "cache"
                result.cache_hits += 1
                continue
        todo.setdefault(p.masked, []).append(seg.id)
        result.origins[seg.id] = origin
    if progress is not None:
        done = len(segments) - sum(len(ids) for ids in todo.values())
        if done:
            progress(done)

    texts = list(todo)
    step = PROGRESS_CHUNK if progress is not None else max(1, len(texts))
    for i in range(0, len(texts), step):
        chunk = texts[i:i + step]
        out = engine.translate_batch(chunk)
        if len(out) != len(chunk):
            raise BipubError(f"engine {getattr(engine, 'name', engine)} returned {len(out)} texts for {len(chunk)}")
        result.model_calls += len(chunk)
        for masked, english in zip(chunk, out):
            english = english or ""
            for sid in todo[masked]:
                raw[sid] = english
                if use_cache:
                    cache.put(keys[sid], english)
            if progress is not None:
                progress(len(todo[masked]))

    by_id = {s.id: s for s in segments}
    for sid, output in raw.items():
        seg = by_id[sid]
        r = restore_report(output, protected[sid])
        result.targets[sid] = r.text
        result.findings += _findings(seg, r, file)
    result.targets = {s.id: result.targets[s.id] for s in segments}  # document order
    if cache is not None:
        result.findings += cache.findings[cache_findings_before:]
    return result


def _findings(seg: Segment, r, file: str) -> list[Finding]:
    out = []
    for item in r.lost:
        if not r.text:
            continue  # empty output: QA reports qa.empty once
        code = "mt.term-lost" if item.kind == "term" else "mt.number-lost"
        out.append(Finding(code, "warning",
                           f"{seg.id}: the model dropped {item.surface} (“{item.english}”); inserted by position, check the sentence",
                           file, seg.line))
    if r.duplicated or r.garbled:
        what = [f"{it.token} copied twice" for it in r.duplicated] + [f"{g} garbled" for g in r.garbled]
        out.append(Finding("mt.placeholder-repaired", "info", f"{seg.id}: {', '.join(what)}; repaired", file, seg.line))
    return out
