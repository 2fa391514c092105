"""The one XML stack: hostile and unusual files cost linear time and are refused in one line, naming file and line."""

import time

import pytest

from bipub.findings import InputRefused
from bipub.formats import FORMATS, TERMBASES, detect
from bipub.formats.tbx import read_tbx
from bipub.formats.unit import TranslationUnit
from bipub.formats.xmlsafe import MAX_DEPTH, parse_xml

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE {root} [
 <!ENTITY a "lollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<{root}>&h;</{root}>
"""

ROOTS = {"xliff": "xliff", "tmx": "tmx", "tbx": "martif"}


def load(kind: str, path):
    if kind == "tbx":
        return TERMBASES.get("tbx").read(path, str(path))
    return FORMATS.get(kind).loads(path.read_bytes(), str(path))


@pytest.mark.parametrize("kind", ROOTS)
def test_billion_laughs_is_refused_at_once_naming_the_doctype_line(tmp_path, kind):
    path = tmp_path / f"laughs.{kind}"
    path.write_text(LAUGHS.format(root=ROOTS[kind]), encoding="utf-8")
    start = time.process_time()  # CPU time: a busy machine does not make it longer
    with pytest.raises(InputRefused) as err:
        load(kind, path)
    assert time.process_time() - start < 1
    assert str(err.value).startswith(f"{path}:2: the DOCTYPE declares entities (a, b, c")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("kind", ROOTS)
def test_an_entity_that_would_be_dropped_is_refused_with_its_line(tmp_path, kind):
    path = tmp_path / f"nbsp.{kind}"
    root = ROOTS[kind]
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} SYSTEM "x.dtd">\n<{root}>\n<p>a&nbsp;b</p></{root}>',
                    encoding="utf-8")
    with pytest.raises(InputRefused, match=rf"^{path}:4: entity &nbsp; is not expanded"):
        load(kind, path)


@pytest.mark.parametrize("kind", ROOTS)
def test_deep_nesting_is_one_line_not_a_recursion_error(tmp_path, kind):
    path = tmp_path / f"deep.{kind}"
    root = ROOTS[kind]
    path.write_text(f"<{root}>" + "<g>" * 100_000 + "</g>" * 100_000 + f"</{root}>", encoding="utf-8")
    with pytest.raises(InputRefused, match=rf"^{path}:1: not well-formed XML .*nested deeper than {MAX_DEPTH} levels"):
        load(kind, path)


def test_files_over_the_size_limit_are_refused():
    with pytest.raises(InputRefused, match=r"^big.xlf:1: .* over the 1 MB limit"):
        parse_xml(b"<xliff>" + b" " * 2_000_000 + b"</xliff>", "big.xlf", max_bytes=1024 * 1024)


def test_a_long_note_in_a_tbx_costs_linear_time(tmp_path):
    """A 1.2 MB note took 63 s with the old expat builder (text appended with +=)."""
    path = tmp_path / "long.tbx"
    note = "长" * 400_000
    path.write_text(f'<martif><text><body><termEntry id="t1"><note>{note}</note>'
                    '<langSet xml:lang="zh"><tig><term>长</term></tig></langSet>'
                    '<langSet xml:lang="en"><tig><term>long</term></tig></langSet>'
                    "</termEntry></body></text></martif>", encoding="utf-8")
    start = time.process_time()  # CPU time, not the wall clock
    entries, _ = read_tbx(path)
    assert time.process_time() - start < 2
    assert entries[0].notes == [note]


def test_predefined_and_numeric_references_are_text():
    root = parse_xml(b"<seg>R&amp;D &lt;5% &#x4e2d;&#22269; &quot;x&quot;</seg>", "f.tmx")
    assert root.text == 'R&D <5% 中国 "x"'


UNITS = [TranslationUnit("s1", "k1", "研发 R&D <5%", "R&D below 5%", "reviewed"),
         TranslationUnit("s2", "k2", "未译", None)]


@pytest.mark.parametrize("fmt", ["xliff", "tmx"])
def test_utf16_files_are_read(fmt):
    data = FORMATS.get(fmt).dumps(UNITS, document="source/a.md", name="a")
    utf16 = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert utf16[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert detect(f"a.{fmt}", utf16) == fmt
    units = FORMATS.get(fmt).loads(utf16, "a")
    assert [(u.source, u.target, u.state) for u in units.units] == [
        ("研发 R&D <5%", "R&D below 5%", "reviewed"), ("未译", None, None)]


@pytest.mark.parametrize("data, fmt", [
    (b'<?xml version="1.0"?>\n<!-- a comment <tmx> -->\n<xliff version="1.2">', "xliff"),
    (b"\xef\xbb\xbf<tmx version='1.4'>", "tmx"),
    (b'# comment\nmsgid ""\nmsgstr ""\n', "po"),
])
def test_detection_reads_the_content_not_the_name(data, fmt):
    assert detect("review.txt", data) == fmt


def test_a_file_of_no_known_kind_is_refused_naming_the_formats():
    with pytest.raises(InputRefused, match=r"^notes.txt: not a review file \(expected one of: xliff \(.xlf .xliff\)"):
        detect("notes.txt", b"just some words")
