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
