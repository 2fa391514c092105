"""Machine drafts for the segments the translation memory did not cover.

``draft(doc, engine, cache=..., report=...)`` returns the document with English
for every segment that has none yet.  For each such segment:

1. masks its glossary terms and numbers (its spans, from the annotate stage)
   with placeholders (``protect.mask``);
2. looks the segment up in the MT cache, keyed by the normalized Chinese, the
   renderings of the terms it contains, the engine signature and the masked text;
3. sends all misses to the engine (texts with the same masked form once);
4. restores the placeholders (``protect.restore``); an item the model lost is
   inserted by the recovery rule and reported as ``mt.term-lost`` or
   ``mt.number-lost`` (warning); placeholders copied twice or garbled give
   ``mt.placeholder-repaired`` (info);
5. stores the engine's raw output in the cache.

Origins: ``cache`` for cache hits, else the engine's ``origin`` (``mt`` for a
model, ``pseudo`` for the pseudo engine).  The reporter counts ``model_calls``
(texts sent to the engine, identical masked texts once) and ``cache_hits``.
*Decided*: the output of an engine that is not ``publishable`` (pseudo) is not
cached (it costs nothing and must never be mistaken for a model's output).  A segment with no
Chinese left after masking (``2021年12月31日``, ``5G``) needs no model: its
English is the restored masked text with its Chinese punctuation made English
(``2.5%。`` → ``2.5 percent.``; :func:`english_punctuation`), counted neither as a
model call nor as a cache hit.
"""

from __future__ import annotations

import dataclasses
import re

from bipub.findings import BipubError, Reporter
from bipub.model import Document, Segment
from bipub.text.normalize import has_chinese
from bipub.translate.cache import Cache, cache_key
from bipub.translate.protect import Protected, mask, restore_report

#: with a progress callback, texts go to the engine in chunks of this size so the bar moves;
#: large enough (2 workers x 32-sentence batches x 4) that chunking costs no throughput:
#: the engine still sorts by length inside a chunk and keeps both CTranslate2 workers busy
PROGRESS_CHUNK = 256


def draft(doc: Document, engine, *, cache: Cache | None, report: Reporter, progress=None) -> Document:
    """``doc`` with English drafts for its untranslated segments (see the module doc for the steps).

    ``progress``, when given, is called with the number of segments just
    finished (``tqdm.update`` style).  An engine that returns the wrong number
    of texts raises ``BipubError``; everything else is a finding in ``report``.
    """
    segments = [s for s in doc.segments() if s.target is None]
    if not segments:
        return doc
    origin = engine.origin
    signature = engine.signature()
    use_cache = cache is not None and engine.publishable
    cache_findings_before = len(cache.findings) if cache is not None else 0
    raw: dict[str, str] = {}  # segment id → engine output for the masked text
    origins: dict[str, str] = {}
    protected: dict[str, Protected] = {}
    keys: dict[str, str] = {}
    todo: dict[str, list[str]] = {}  # masked text → ids of segments that need it translated
    for seg in segments:
        p = protected[seg.id] = mask(seg.source, seg.spans)
        origins[seg.id] = origin
        if not has_chinese(p.masked):  # nothing for a model to do
            raw[seg.id] = english_punctuation(p.masked)
            continue
        if use_cache:
            keys[seg.id] = cache_key(seg.source, p.term_renderings, signature, masked=p.masked)
            hit = cache.get(keys[seg.id])
            if hit is not None:
                raw[seg.id] = hit
                origins[seg.id] = "cache"
                report.count("cache_hits")
                continue
        todo.setdefault(p.masked, []).append(seg.id)
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
        report.count("model_calls", len(chunk))
        for masked, english in zip(chunk, out):
            english = english or ""
            for sid in todo[masked]:
                raw[sid] = english
                if use_cache:
                    cache.put(keys[sid], english)
            if progress is not None:
                progress(len(todo[masked]))
        if use_cache:
            cache.flush()  # the write lock is not held while the model runs the next batch

    def restored(seg: Segment) -> Segment:
        if seg.id not in raw or seg.target is not None:
            return seg
        r = restore_report(raw[seg.id], protected[seg.id])
        _report(seg, r, report)
        return dataclasses.replace(seg, target=r.text, origin=origins[seg.id])

    doc = doc.map_segments(restored)
    if cache is not None:
        report.extend(cache.findings[cache_findings_before:])
    return doc


#: Chinese punctuation → English, in text no model sees (a figure alone: ``2.5%。``)
_PUNCT = str.maketrans("。，、；：！？（）【】《》", ".,,;:!?()[]“”")
_SPACE_AFTER = re.compile(r"(?<=[。，、；：！？）】》])(?=[^\s。，、；：！？）】》])")
_SPACE_BEFORE = re.compile(r"(?<=[^\s（【《])(?=[（【《])")


def english_punctuation(masked: str) -> str:
    """The full-width punctuation of ``masked`` (placeholders in place of figures and terms, so no
    decimal point is touched) as English punctuation, a space after a comma or stop that runs on."""
    return _SPACE_BEFORE.sub(" ", _SPACE_AFTER.sub(" ", masked)).translate(_PUNCT)


def _report(seg: Segment, r, report: Reporter) -> None:
    for item in r.lost:
        if not r.text:
            continue  # empty output: QA reports qa.empty once
        code = "mt.term-lost" if item.kind == "term" else "mt.number-lost"
        report.add(code, "warning",
                   f"the model dropped {item.surface} (“{item.english}”); inserted by position, check the sentence", seg)
    if r.duplicated or r.garbled:
        what = [f"{it.token} copied twice" for it in r.duplicated] + [f"{g} garbled" for g in r.garbled]
        report.add("mt.placeholder-repaired", "info", f"{', '.join(what)}; repaired", seg)
