"""normalize.fold: the comparison form of a text, one character for one character."""

from pathlib import Path

import opencc
import pytest

from bipub.text.normalize import fold, fold_width, segment_key, squash, to_simplified_chars
from paths import CORPUS

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_ede3e3c070a6d229.txt"


@pytest.mark.parametrize("text, folded", [
    ("首臺（套）", "首台(套)"),          # Traditional → Simplified, full-width brackets → ASCII
    ("２０２１年", "2021年"),            # full-width digits
    ("ＧＤＰ增长５．２％", "gdp增长5.2%"),  # full-width letters, lower-cased
    ("“引號”——‘單’", '"引号"--\'单\''),  # typographic quotes and dashes
    ("中国\u3000湖南", "中国 湖南"),      # the ideographic space
    ("İstanbul", "istanbul"),           # İ lower-cases to two characters; fold keeps one
    ("ΟΔΟΣ", "οδοσ"),                   # per character: no final-sigma rule
    ("Qihoo 360", "qihoo 360"),
    ("", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def corpus_texts():
    yield SEED.name, SEED.read_text(encoding="utf-8")
    for path in sorted(ROOT.glob("source/*.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_bytes()
        try:
            yield path.name, raw.decode("utf-8")
        except UnicodeDecodeError:
            yield path.name, raw.decode("gb18030")


@pytest.mark.parametrize("name, text", list(corpus_texts()), ids=lambda v: v if len(v) < 40 else "")
def test_fold_keeps_the_length_and_works_character_by_character(name, text):
    traditional = opencc.OpenCC("s2t").convert(text)
    for t in (text, traditional, text.upper(), text * 3):  # * 3: long texts take the run-by-run path
        folded = fold(t)
        assert len(folded) == len(t)
        assert folded == "".join(fold(c) for c in t)


def test_every_character_folds_to_one_character():
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)
    assert len(fold(every)) == len(every)
    assert len(to_simplified_chars(every)) == len(every)
    assert len(fold_width(every)) == len(every)


def test_simplified_form_is_opencc_t2s_character_by_character():
    text = opencc.OpenCC("s2t").convert(SEED.read_text(encoding="utf-8")) + "臺灣萬噸級發電機組"
    t2s = opencc.OpenCC("t2s")
    expected = "".join(o if len(o := t2s.convert(c)) == 1 else c for c in text)
    assert to_simplified_chars(text) == expected
    assert to_simplified_chars("台湾万吨级") == "台湾万吨级"


@pytest.mark.parametrize("a, b", [
    ("首臺（套）重大技術裝備", "首台(套)重大技术装备"),
    ("２０２１年１２月", "2021年12月"),
    ("湖南 工业\u3000和信息化", "湖南工业和信息化"),  # whitespace does not count
    ("ＧＤＰ", "gdp"),
])
def test_segment_key_is_the_same_for_width_script_and_space_variants(a, b):
    assert squash(a) == squash(b)
    assert segment_key(a) == segment_key(b)


def test_segment_key_tells_different_text_apart():
    assert segment_key("首台套") != segment_key("首台")

