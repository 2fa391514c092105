"""Termbases as real tools write them: TBX v3 DCA (memoQ), language tags and status spellings of
MultiTerm and IATE, notes at every level.  Nothing is lost silently, a deprecated term is never the rendering."""

from bipub.formats import TERMBASES

TBX_V3_DCA = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>memoQ export</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <basic:subjectField>economy</basic:subjectField>
      <langSec xml:lang="ZH-cn">
        <termSec><term>地区生产总值</term>
          <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
      </langSec>
      <langSec xml:lang="en-GB">
        <descripGrp><descrip type="definition">value of all final goods and services</descrip></descripGrp>
        <termSec><term>regional GDP</term>
          <basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec>
        <termSec><term>gross regional product</term>
          <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>
          <note>NBS usage</note></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def read(tmp_path, text, name="t.tbx"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return TERMBASES.get("tbx").read(path, name)


def test_tbx_v3_dca_status_elements_are_read_and_a_deprecated_term_is_never_the_rendering(tmp_path):
    (term,), findings = read(tmp_path, TBX_V3_DCA)
    assert term.en == "gross regional product" and term.status == "approved"
    assert term.forbidden == ("regional GDP",)
    # the tool's subject field, the language-level definition and the term's note are all kept
    assert term.note == ("subject: economy; en: value of all final goods and services; "
                         "gross regional product: NBS usage")
    assert findings == []


def entry(zh_lang, en_lang, en_terms):
    tigs = "".join(f"<tig><term>{t}</term><termNote type=\"administrativeStatus\">{s}</termNote></tig>"
                   for t, s in en_terms)
    return (f'<termEntry id="e"><langSet xml:lang="{zh_lang}"><tig><term>首台（套）</term></tig></langSet>'
            f'<langSet xml:lang="{en_lang}">{tigs}</langSet></termEntry>')


def martif(*entries):
    return f'<martif type="TBX-Basic-V1" xml:lang="en"><text><body>{"".join(entries)}</body></text></martif>'


def test_language_tags_as_tools_write_them(tmp_path):
    for zh, en in [("zh_CN", "en_US"), ("ZH-cn", "EN-GB"), ("zh-Hans", "en"), ("zho", "eng"), ("zh", "en-US")]:
        (term,), findings = read(tmp_path, martif(entry(zh, en, [("first-of-its-kind", "preferredTerm-admn-sts")])))
        assert (term.zh, term.en, findings) == ("首台（套）", "first-of-its-kind", []), (zh, en)


def test_status_spellings_of_tbx_2008_multiterm_and_iate(tmp_path):
    (term,), findings = read(tmp_path, martif(entry("zh-CN", "en", [
        ("first Taiwan", "deprecatedTerm"),             # TBX 2008 normativeAuthorization style
        ("first set", "obsoleteTerm-admn-sts"),          # IATE
        ("first-of-its-kind", "Preferred"),              # a tool's own capitalised value
    ])))
    assert term.en == "first-of-its-kind" and term.status == "approved"
    assert term.forbidden == ("first Taiwan", "first set") and findings == []


def test_an_unknown_status_is_reported_never_taken_for_approved(tmp_path):
    (term,), findings = read(tmp_path, martif(entry("zh-CN", "en", [("first unit", "checked by Li")])))
    assert term.status == "proposed"
    assert [(f.code, f.file, f.line) for f in findings] == [("glossary.unknown-status", "t.tbx", 1)]


def test_an_entry_whose_english_is_all_deprecated_is_skipped_and_says_why(tmp_path):
    terms, findings = read(tmp_path, martif(
        entry("zh-CN", "en", [("first Taiwan", "deprecatedTerm-admn-sts")]),
        entry("zh-CN", "en", [("first-of-its-kind", "preferredTerm-admn-sts")])))
    assert len(terms) == 1
    assert [f.message for f in findings] == [
        "entry e has no target-language term that is not deprecated; skipped"]


# ---------------------------------------------------------------- spreadsheets as offices save them


def read_file(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return TERMBASES.get("xlsx" if name.endswith(".xlsx") else "csv").read(path, name)


def test_a_semicolon_csv_as_excel_writes_it_where_the_decimal_mark_is_a_comma(tmp_path):
    (term,), findings = read_file(tmp_path, "g.csv", "\ufeffzh;en;status;note\n"
                                  '首台（套）;first-of-its-kind;approved;"台 is not Taiwan; see note"\n'.encode())
    assert (term.zh, term.en, term.status, term.note) == ("首台（套）", "first-of-its-kind", "approved",
                                                          "台 is not Taiwan; see note")
    assert findings == []


def test_title_rows_above_the_header_and_empty_rows_are_skipped_in_chinese_headers(tmp_path):
    data = ("湖南省工业和信息化厅术语表（2024年版）,,,\n,,,\n中文,英文,状态,备注\n"
            "首台（套）,first-of-its-kind,approved,\n,,,\n新质生产力,new quality productive forces,approved,官方译法\n")
    terms, findings = read_file(tmp_path, "g.csv", data.encode("gb18030"))
    assert [(t.zh, t.status, t.note, t.line) for t in terms] == [
        ("首台（套）", "approved", "", 4), ("新质生产力", "approved", "官方译法", 6)]
    assert [(f.code, f.line) for f in findings] == [("glossary.title-row", 1), ("glossary.encoding", None)]


def workbook(tmp_path, *sheets):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows, merged in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if merged:
            ws.merge_cells(merged)
    path = tmp_path / "g.xlsx"
    wb.save(path)
    return path.read_bytes()


def test_a_workbook_with_an_instructions_sheet_a_merged_title_and_cells_that_are_not_text(tmp_path):
    import datetime

    data = workbook(tmp_path, ("说明", [["本表为术语表，请勿修改表头"]], None), ("术语", [
        ["湖南省术语表"], ["中文", "英文", "状态", "备注"],
        ["首台（套）", "first-of-its-kind", "approved", None],
        [None, None, None, None],
        ["双十一", datetime.datetime(2023, 11, 11), "approved", None],   # Excel made "11.11" a date
        ["统计公报", 1.10, "approved", None],                            # and "1.10" a number
        ["十四五", '=A3&"五"', "approved", None],                         # a formula: not what the sheet shows
    ], "A1:D1"))
    terms, findings = read_file(tmp_path, "g.xlsx", data)
    assert [(t.zh, t.en, t.status, t.line) for t in terms] == [
        ("首台（套）", "first-of-its-kind", "approved", 3),
        ("双十一", "2023-11-11", "proposed", 5), ("统计公报", "1.1", "proposed", 6)]
    assert sorted((f.code, f.line) for f in findings if f.severity != "info") == [
        ("glossary.formula", 7), ("glossary.not-text", 5), ("glossary.not-text", 6)]
    assert {(f.code, f.line) for f in findings if f.severity == "info"} == {
        ("glossary.sheet", None), ("glossary.title-row", 1)}


def test_a_house_tsv_saved_by_a_spreadsheet_with_empty_rows_of_tabs(tmp_path):
    from bipub.terms.glossary import load_glossary

    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "names.tsv").write_text(
        "zh\ten\tstatus\n首台（套）\tfirst-of-its-kind\tapproved\n\t\t\n\t\t\n", encoding="utf-8")
    glossary, findings = load_glossary(tmp_path / "g")
    assert len(glossary) == 1 and findings == []


def test_language_headers_of_sdl_glossary_converter_and_memoq_and_a_second_column_of_a_language(tmp_path):
    (term,), findings = read_file(tmp_path, "gc.csv", (
        "Chinese (PRC),Chinese (Taiwan),English (United States),Definition\n"
        "首台（套）,首臺（套）,first-of-its-kind,first unit or set\n").encode())
    assert (term.zh, term.variants, term.en, term.note) == ("首台（套）", ("首臺（套）",), "first-of-its-kind",
                                                            "first unit or set")
    assert findings == []
    terms, findings = read_file(tmp_path, "mq.csv", (
        "Entry_ID,Chinese_PRC,Chinese_PRC_Def,English_United_States,English_United_States,Entry_Note\n"
        "1,地区生产总值,各地区生产活动的最终成果,gross regional product,regional GDP,NBS usage\n"
        "2,首台（套）,,first-of-its-kind,,,,\n").encode())          # empty cells past the last column
    assert [(t.zh, t.en, t.note) for t in terms] == [
        ("地区生产总值", "gross regional product",
         "chinese_prc_def: 各地区生产活动的最终成果; entry_note: NBS usage; other English: regional GDP"),
        ("首台（套）", "first-of-its-kind", "")]
    assert [(f.code, f.severity) for f in findings] == [
        ("glossary.unknown-column", "warning"), ("glossary.unknown-column", "info"), ("glossary.unknown-column", "info")]


def test_a_multiterm_status_field_of_its_own_marks_a_forbidden_term(tmp_path):
    data = martif(
        '<termEntry id="m1"><langSet xml:lang="ZH-CN"><tig><term>一带一路</term></tig></langSet>'
        '<langSet xml:lang="EN-US">'
        '<tig><term>One Belt One Road</term><termNote type="Status">Forbidden</termNote></tig>'
        '<tig><term>Belt and Road Initiative</term><descrip type="Usage">Approved</descrip></tig>'
        '</langSet></termEntry>')
    (term,), findings = read(tmp_path, data)
    assert (term.en, term.forbidden, term.status, term.note) == (
        "Belt and Road Initiative", ("One Belt One Road",), "approved", "")
    assert findings == []


def test_the_full_chinese_form_is_the_term_and_its_abbreviation_a_variant(tmp_path):
    data = martif(
        '<termEntry id="a"><langSet xml:lang="zh-CN">'
        '<tig><term>工信部</term><termNote type="termType">abbreviation</termNote></tig>'
        '<tig><term>工业和信息化部</term><termNote type="termType">fullForm</termNote></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>Ministry of Industry and Information Technology</term></tig>'
        '</langSet></termEntry>')
    (term,), _ = read(tmp_path, data)
    assert (term.zh, term.variants) == ("工业和信息化部", ("工信部",))


def test_a_big5_csv_from_a_traditional_chinese_excel_is_read_as_big5_not_as_gb18030_nonsense(tmp_path):
    data = ("中文,英文,狀態\n首臺（套）重大技術裝備,first-of-its-kind major technical equipment,approved\n"
            "湖南日報社,Hunan Daily Newspaper Group,approved\n數字經濟,digital economy,approved\n")
    terms, findings = read_file(tmp_path, "tw.csv", data.encode("big5"))
    assert [t.zh for t in terms] == ["首臺（套）重大技術裝備", "湖南日報社", "數字經濟"]
    assert [f.message for f in findings] == ["read as BIG5"]
    # and a GB18030 file stays GB18030
    terms, findings = read_file(tmp_path, "cn.csv", data.replace("臺", "台").encode("gb18030"))
    assert [f.message for f in findings] == ["read as GB18030"] and terms[0].zh == "首台（套）重大技術裝備"


def test_a_term_wrapped_over_lines_by_a_pretty_printer_is_one_line_with_single_spaces(tmp_path):
    (term,), _ = read(tmp_path, martif(
        '<termEntry id="w"><langSet xml:lang="zh-CN"><tig><term>\n  首台（套）重大技术装备\n</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>first-of-its-kind\n            major technical equipment</term>'
        '</tig></langSet></termEntry>'))
    assert (term.zh, term.en) == ("首台（套）重大技术装备", "first-of-its-kind major technical equipment")


def test_an_imported_term_that_begins_like_a_formula_is_reported(tmp_path):
    from bipub.terms.termbase import read_termbase

    path = tmp_path / "partner.csv"
    path.write_text('zh,en,note\n一号文件,"=HYPERLINK(""http://x.example"",""No. 1"")",\n'
                    "增长,growth,-2.5% in 2023\n", encoding="utf-8")
    terms, findings = read_termbase(path, "partner.csv")
    assert len(terms) == 2
    assert [(f.code, f.line) for f in findings] == [("glossary.formula-like", 2)]


def test_an_iate_entry_with_its_subject_field_in_a_descrip_group_and_an_abbreviation(tmp_path):
    (term,), findings = read(tmp_path, martif(
        '<termEntry id="IATE-1234"><descripGrp><descrip type="subjectField">national accounts</descrip></descripGrp>'
        '<langSet xml:lang="zh"><tig><term>国内生产总值</term></tig></langSet>'
        '<langSet xml:lang="en">'
        '<tig><term>gross domestic product</term><termNote type="termType">fullForm</termNote>'
        '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>'
        '<tig><term>GDP</term><termNote type="termType">abbreviation</termNote>'
        '<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet></termEntry>'))
    assert (term.en, term.note, findings) == (
        "gross domestic product", "subject: national accounts; other English: GDP", [])


def test_the_simplified_chinese_term_is_the_term_when_a_traditional_one_comes_first(tmp_path):
    (term,), _ = read(tmp_path, martif(
        '<termEntry id="t"><langSet xml:lang="zh-TW"><tig><term>數位經濟</term></tig></langSet>'
        '<langSet xml:lang="zh-CN"><tig><term>数字经济</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>digital economy</term></tig></langSet></termEntry>'))
    assert (term.zh, term.variants) == ("数字经济", ("數位經濟",))


def test_a_csv_cell_excel_wrote_over_two_lines_is_one_cell(tmp_path):
    terms, findings = read_file(tmp_path, "ml.csv", (
        'zh,en,status,note\r\n首台（套）,first-of-its-kind,approved,"台 is not Taiwan.\n'
        'See the MIIT catalogue."\r\n新质生产力,new quality productive forces,approved,\r\n').encode())
    assert [(t.zh, t.note, t.line) for t in terms] == [
        ("首台（套）", "台 is not Taiwan. See the MIIT catalogue.", 2), ("新质生产力", "", 4)]
    assert findings == []
