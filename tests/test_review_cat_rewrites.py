"""What a CAT tool does to English nobody touched is not a reviewer's edit.

Tools rewrite spaces (a non-breaking space before units, a trailing space), or turn ASCII
punctuation and digits into their full-width forms.  Such a unit comes back "different" from
the export, but no person changed it: it keeps its state and the memory's English (one
`review.tool-rewrite` finding says how many and where).  A reviewer who cleans the other way
(a full-width stop left in a machine draft made ASCII) did edit it.

The text is from the 2024 Government Work Report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import xliff

from bipub.findings import BipubError
from bipub.memory.review import export_review
from bipub.memory.review_import import review_import
from bipub.memory.store import Memory, Unit, memory_path
from bipub.source.parse import parse_path
from bipub.text.normalize import segment_key

GDP = "过去一年，国内生产总值超过126万亿元，增长5.2%。"
JOBS = "城镇新增就业1244万人。"
GRAIN = "粮食产量1.39万亿斤。"
EN = {GDP: "Last year, GDP exceeded 126 trillion yuan, up 5.2 percent.",
      JOBS: "12.44 million new urban jobs were added.",
      GRAIN: "Grain output reached 1.39 trillion jin, a record high．"}  # an MT draft with a full-width stop


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "bipub.toml").write_text('[project]\nname = "GWR"\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "gwr.md").write_text(f"# 政府工作报告\n\n{GDP}{JOBS}{GRAIN}\n", encoding="utf-8")
    mem = Memory.load(memory_path(tmp_path, "gwr"))
    for n, zh in enumerate(EN, 1):
        mem.put(Unit(f"s1-b1-{n}", segment_key(zh), zh, EN[zh], "draft", "argos@1", "2021-03-01T08:00:00Z"))
    mem.save()
    return tmp_path


def doc(root: Path):
    return parse_path(root / "source" / "gwr.md", display_path="source/gwr.md").document


def exported_po(root: Path, rewrite) -> Path:
    """The PO export with every msgstr passed through ``rewrite`` (what the tool did)."""
    path = export_review(doc(root), Memory.load(memory_path(root, "gwr")), "po", root / "review.po")
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(f'msgstr "{rewrite(ln[8:-1])}"' if ln.startswith('msgstr "') and len(ln) > 9 else ln
                              for ln in lines), encoding="utf-8")
    return path


def memory(root: Path) -> dict[str, tuple[str, str]]:
    return {u.source: (u.target, u.state) for u in Memory.load(memory_path(root, "gwr")).units()}


def test_spaces_and_widths_a_tool_rewrote_are_not_an_edit(project):
    path = exported_po(project, lambda en: en.replace(" ", "\u00a0").replace(".", "．") + " ")
    result = review_import(path, project, [doc(project)])
    assert memory(project) == {zh: (en, "draft") for zh, en in EN.items()}
    assert result.counts["updated"] == 0
    [note] = [f for f in result.findings if f.code == "review.tool-rewrite"]
    assert note.message.startswith("3 unit(s)") and note.line is not None


def test_a_real_edit_beside_them_lands_and_a_cleanup_is_an_edit(project):
    def rewrite(en: str) -> str:
        if en.startswith("12.44"):
            return "Over 12.44 million urban jobs were added."
        return en.replace("．", ".") if "jin" in en else en
    path = exported_po(project, rewrite)
    review_import(path, project, [doc(project)])
    mem = memory(project)
    assert mem[JOBS] == ("Over 12.44 million urban jobs were added.", "reviewed")
    assert mem[GRAIN] == ("Grain output reached 1.39 trillion jin, a record high.", "reviewed")  # the stop fixed
    assert mem[GDP] == (EN[GDP], "draft")


def exported_xliff(root: Path) -> Path:
    return export_review(doc(root), Memory.load(memory_path(root, "gwr")), "xliff", root / "review.xlf")


def test_segments_joined_in_the_tool_never_give_one_sentence_two_sentences_english(project):
    """memoQ/Trados "join segments": the first unit keeps its id and key, its Chinese is now two sentences."""
    path = exported_xliff(project)
    store = xliff.xlifffile.parsefile(str(path))
    first, second = [u for u in store.units if u.source in (GDP, JOBS)]
    first.source, first.target = GDP + JOBS, EN[GDP] + " " + EN[JOBS]
    store.removeunit(second)
    path.write_bytes(bytes(store))
    result = review_import(path, project, [doc(project)])
    assert memory(project)[GDP] == (EN[GDP], "draft")
    assert result.counts["edits not applied"] == 1  # exit 1
    [edited] = [f for f in result.findings if f.code == "memory.source-edited"]
    assert "not imported" in edited.message and EN[JOBS] in edited.message


def test_a_typo_fixed_in_the_chinese_in_the_tool_still_carries_the_english(project):
    path = exported_xliff(project)
    store = xliff.xlifffile.parsefile(str(path))
    [unit] = [u for u in store.units if u.source == JOBS]
    unit.source, unit.target = "城镇新增就业人数1244万人。", "Urban employment rose by 12.44 million."
    path.write_bytes(bytes(store))
    result = review_import(path, project, [doc(project)])
    assert memory(project)[JOBS] == ("Urban employment rose by 12.44 million.", "reviewed")
    assert [f.code for f in result.findings] == ["memory.source-edited"]


def test_a_figure_changed_in_the_chinese_in_the_tool_is_not_carried(project):
    path = exported_xliff(project)
    store = xliff.xlifffile.parsefile(str(path))
    [unit] = [u for u in store.units if u.source == JOBS]
    unit.source, unit.target = "城镇新增就业1245万人。", "12.45 million new urban jobs were added."
    path.write_bytes(bytes(store))
    result = review_import(path, project, [doc(project)])
    assert memory(project)[JOBS] == (EN[JOBS], "draft")
    assert result.counts["edits not applied"] == 1


@pytest.mark.parametrize("encoding, bom, charset", [("utf-16", b"", "UTF-8"), ("gb18030", b"", "GB18030"),
                                                    ("gbk", b"", "GBK")])
def test_a_po_saved_in_another_encoding_reads_the_same(project, encoding, bom, charset):
    """Notepad's "Unicode" (UTF-16 with a byte-order mark), or a Chinese tool writing the charset its header names."""
    path = exported_po(project, lambda en: "Urban jobs rose by 12.44 million." if en.startswith("12.44") else en)
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", f"charset={charset}")
    path.write_bytes(bom + text.encode(encoding))
    review_import(path, project, [doc(project)])
    assert memory(project)[JOBS] == ("Urban jobs rose by 12.44 million.", "reviewed")


def test_a_po_whose_bytes_are_not_its_declared_charset_is_refused_with_the_line(project):
    path = exported_po(project, lambda en: en)
    path.write_bytes(path.read_bytes().replace("城镇".encode("utf-8"), "城镇".encode("gbk")))
    with pytest.raises(BipubError, match=r"review.po:\d+: not UTF-8"):
        review_import(path, project, [doc(project)])
