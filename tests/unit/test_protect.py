"""Glossary terms and numbers through MT: masking, restoring, and recovering what a model lost.

Each table row reads: Chinese source → what the engine receives (masked) →
what the model wrote back → the English bipub publishes, and which protected
items the model lost (those are inserted by position and reported).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bipub.terms.glossary import Glossary, Term
from bipub.model import Span
from bipub.terms.annotate import find_spans
from bipub.translate.protect import Item, Protected, mask, restore, restore_report
from paths import CORPUS

def protect(text: str, glossary, *, numbers: bool = True) -> Protected:
    """Annotate (terms and numbers) then mask: what a segment goes through before MT."""
    return mask(text, find_spans(text, glossary, numbers=numbers))


GLOSSARY = Glossary([
    Term("一带一路", "the Belt and Road Initiative", variants=("一帶一路",), forbidden=("One Belt One Road",)),
    Term("高质量发展", "high-quality development"),
    Term("“十四五”规划", "the 14th Five-Year Plan"),
    Term("湖南", "Hunan", type="place"),
    Term("首台（套）", "first-of-its-kind equipment", status="proposed"),
])

# ------------------------------------------------------------------ masking

MASK_CASES = [
    # (source, masked text the engine receives, [(token, english)])
    ("推进一带一路建设，增长5.2%。",
     "推进 ZT1 建设，增长 ZN1。",
     [("ZT1", "the Belt and Road Initiative"), ("ZN1", "5.2 percent")]),
    # the number inside a term belongs to the term
    ("“十四五”规划开局良好。",
     "ZT1 开局良好。",
     [("ZT1", "the 14th Five-Year Plan")]),
    # Traditional variant: matched as its term, surface kept as written
    ("共建“一帶一路”",
     "共建“ZT1”",
     [("ZT1", "the Belt and Road Initiative")]),
    # every occurrence gets its own token, numbered by kind in text order
    ("湖南2021年增长8.4%，湖南粮食产量1.39万亿斤。",
     "ZT1 ZN1 增长 ZN2，ZT2 粮食产量 ZN3。",
     [("ZT1", "Hunan"), ("ZN1", "2021"), ("ZN2", "8.4 percent"), ("ZT2", "Hunan"), ("ZN3", "1.39 trillion jin")]),
    # a proposed term is protected too (QA notes it)
    ("首台（套）产品",
     "ZT1 产品",
     [("ZT1", "first-of-its-kind equipment")]),
    # nothing to protect: the text goes through as it is
    ("能源资源供应稳定。", "能源资源供应稳定。", []),
    # the source already holds something shaped like a token: another letter pair is used
    ("型号ZT1的湖南产品", "型号ZT1的 QT1 产品", [("QT1", "Hunan")]),
]


@pytest.mark.parametrize("source,masked,items", MASK_CASES, ids=[c[0][:12] for c in MASK_CASES])
def test_protect_masks_terms_and_numbers(source, masked, items):
    p = protect(source, GLOSSARY)
    assert p.masked == masked
    assert [(i.token, i.english) for i in p.items] == items
    assert p.source == source


def test_protect_keeps_the_surface_as_written():
    p = protect("共建“一帶一路”", GLOSSARY)
    assert p.items == (Item("ZT1", "一帶一路", Span(3, 7, "term", "the Belt and Road Initiative", "一带一路")),)


def test_without_glossary_only_numbers_are_protected():
    assert protect("推进一带一路建设，增长5.2%。", None).masked == "推进一带一路建设，增长 ZN1。"


def test_numbers_can_be_left_to_the_model():
    assert protect("推进一带一路建设，增长5.2%。", GLOSSARY, numbers=False).masked == "推进 ZT1 建设，增长5.2%。"


def test_term_renderings_are_the_cache_key_part():
    p = protect("湖南推进一带一路建设，增长5.2%。", GLOSSARY)
    assert p.term_renderings == ["Hunan", "the Belt and Road Initiative"]


# ------------------------------------------------------------------ restoring

SOURCE = "湖南推进一带一路建设，出口增长8.4%。"  # masked: "ZT1 推进 ZT2 建设，出口增长 ZN1。"

RESTORE_CASES = [
    # (what happens, model output, English published, tokens lost)
    ("copied faithfully",
     "ZT1 promoted the construction of ZT2, and exports grew by ZN1.",
     "Hunan promoted the construction of the Belt and Road Initiative, and exports grew by 8.4 percent.", []),
    ("case and spacing changed",
     "zt1 promoted the construction of ZT 2, and exports grew by Z-N1.",
     "Hunan promoted the construction of the Belt and Road Initiative, and exports grew by 8.4 percent.", []),
    ("the model wrote its own article",
     "ZT1 promoted the ZT2, and exports grew by ZN1.",
     "Hunan promoted the Belt and Road Initiative, and exports grew by 8.4 percent.", []),
    ("an item at the start of a sentence is capitalised",
     "Exports grew by ZN1. ZT2 construction was promoted by ZT1.",
     "Exports grew by 8.4 percent. The Belt and Road Initiative construction was promoted by Hunan.", []),
    ("a token copied twice: the first copy counts",
     "ZT1 promoted ZT2 construction ZT2, and exports grew by ZN1.",
     "Hunan promoted the Belt and Road Initiative construction, and exports grew by 8.4 percent.", []),
    ("a garbled number is taken as the lost item of its kind",
     "ZT1 promoted ZT7 construction, and exports grew by ZN1.",
     "Hunan promoted the Belt and Road Initiative construction, and exports grew by 8.4 percent.", []),
    ("a number dropped at the end goes before the full stop",
     "ZT1 promoted ZT2 construction, and exports grew.",
     "Hunan promoted the Belt and Road Initiative construction, and exports grew 8.4 percent.", ["ZN1"]),
    ("a term dropped between two surviving items goes between them",
     "ZT1 promoted construction, and exports grew by ZN1.",
     "Hunan promoted the Belt and Road Initiative construction, and exports grew by 8.4 percent.", ["ZT2"]),
    # (the model's own capital stays: "Hunan Promoted" — the warning sends an editor there)
    ("everything dropped: each item still arrives",
     "Promoted construction, and exports grew.",
     "Hunan Promoted the Belt and Road Initiative construction, and exports grew 8.4 percent.", ["ZT1", "ZT2", "ZN1"]),
    ("empty output stays empty (QA reports it)",
     "", "", ["ZT1", "ZT2", "ZN1"]),
]


@pytest.mark.parametrize("what,output,english,lost", RESTORE_CASES, ids=[c[0] for c in RESTORE_CASES])
def test_restore(what, output, english, lost):
    p = protect(SOURCE, GLOSSARY)
    assert p.masked == "ZT1 推进 ZT2 建设，出口增长 ZN1。"
    text, lost_items = restore(output, p)
    assert text == english
    assert [i.token for i in lost_items] == lost


def test_restore_report_names_duplicates_and_garbled_tokens():
    p = protect(SOURCE, GLOSSARY)
    r = restore_report("ZT1 ZT1 promoted ZT9 construction, growth ZN1, ZN4.", p)
    assert [i.token for i in r.duplicated] == ["ZT1"]
    assert r.garbled == ("ZT9", "ZN4")
    assert r.lost == ()  # ZT9 stood in for the lost ZT2
    assert "the Belt and Road Initiative" in r.text and "ZN4" not in r.text


def test_restore_without_items_returns_the_output_unchanged():
    assert restore("Energy supply is stable.", protect("能源资源供应稳定。", GLOSSARY)) == ("Energy supply is stable.", [])


def test_quotes_around_a_token_stay_tight():
    p = protect("共建“一带一路”", GLOSSARY)
    assert restore("Jointly build “ZT1”", p)[0] == "Jointly build “the Belt and Road Initiative”"


# ------------------------------------------------------------------ the real report

GWR = CORPUS / "gwr_2024.zh.txt"


def _sentences():
    from bipub.text.segment import split_zh

    text = GWR.read_text(encoding="utf-8")
    return [s.strip() for line in text.splitlines() if line.strip() for s in split_zh(line.strip()) if s.strip()]


@pytest.mark.skipif(not GWR.exists(), reason="shared corpus not present")
def test_every_item_of_a_real_report_arrives_whether_the_model_copies_or_drops_it():
    """On every sentence of the 2024 Government Work Report: a model that copies the
    tokens gives each item's English in place with nothing lost; a model that drops
    every token still gets every item's English, each reported as lost."""
    token = re.compile(r"\b[ZQXK][TN]\d+\b")
    n_items = 0
    for sentence in _sentences():
        p = protect(sentence, GLOSSARY)
        n_items += len(p.items)
        copied, lost = restore(p.masked, p)
        assert lost == []
        dropped, lost2 = restore(token.sub("", p.masked), p)
        assert len(lost2) == len(p.items)
        for item in p.items:
            assert item.english.lower().removeprefix("the ") in copied.lower()
            assert item.english.lower().removeprefix("the ") in dropped.lower()
    assert n_items > 100  # the report is full of numbers


# ------------------------------------------------------------------ SentencePiece


def test_tokens_survive_sentencepiece_encode_and_decode(tmp_path):
    """Placeholders are plain ASCII letters and digits, which any zh/en vocabulary holds;
    encoded and decoded with SentencePiece they come back unchanged."""
    import sentencepiece as spm

    train = tmp_path / "train.txt"
    english = "The quick brown fox jumps over the lazy dog. THE ZEBRA QUIZ VEXED JACK. 0123456789 percent"
    train.write_text(Path("tests/fixtures/argos/train.txt").read_text(encoding="utf-8") + "\n" + english + "\n",
                     encoding="utf-8")
    import io

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(input=str(train), model_writer=buf, vocab_size=1500, model_type="unigram",
                                   character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    for source in ("湖南推进一带一路建设，出口增长8.4%。", "“十四五”规划开局良好，2021年12月31日。"):
        masked = protect(source, GLOSSARY).masked
        decoded = sp.decode(sp.encode(masked, out_type=str))  # NFKC: "，" comes back as ","
        assert re.findall(r"Z[TN]\d", decoded) == re.findall(r"Z[TN]\d", masked) != []
        assert "_" not in masked  # the Argos tokenizer would turn it into a space


def test_the_same_term_twice_may_come_back_as_one_token_written_twice():
    p = protect("湖南和湖南", GLOSSARY)
    assert p.masked == "ZT1 和 ZT2"
    assert restore("ZT1 and ZT1", p) == ("Hunan and Hunan", [])


def test_full_width_tokens_are_found():
    p = protect("湖南和湖南", GLOSSARY)
    assert restore("ＺＴ１ and ZT2", p) == ("Hunan and Hunan", [])


def test_a_ranking_that_contains_a_place_term_is_one_number():
    """居中部第一 is “first in central China”: the number expression wins over the place 中部 inside it,
    so the ranking is not lost; a number inside a longer term still belongs to the term."""
    from bipub.terms.glossary import Glossary, Term
    from bipub.terms.annotate import claim

    g = Glossary([Term("中部", "central China"), Term("十四五规划", "the 14th Five-Year Plan")])
    terms, nums = claim("增长8.4%，居中部第一。", g)
    assert [t.surface for t in terms] == [] and [n.surface for n in nums] == ["8.4%", "居中部第一"]
    terms, nums = claim("中部地区落实十四五规划。", g)
    assert [t.surface for t in terms] == ["中部", "十四五规划"] and nums == []
