"""The review round trip: bipub writes XLIFF 1.2 / TMX 1.4b / PO, a CAT tool edits, bipub reads it back.

translate-toolkit is the independent reader (and plays the CAT tool that edits
the file).  Every format passes the same contract (``ReviewFormatContract``);
format-specific behaviour follows each subclass.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from translate.storage import pypo, tmx, xliff

from bipub.findings import BipubError
from bipub.terms.glossary import Glossary, Term
from bipub.memory.store import Memory, Unit, memory_path
from bipub.terms.annotate import annotate
from bipub.model import Block, Document, Section, Segment
from bipub.text.normalize import segment_key
from bipub.memory.review import export_review, import_review, read_review
from paths import CORPUS

FIXTURES = Path(__file__).parent / "fixtures" / "review"
FOCUS = CORPUS / "interop/focus-ios.en-zh-CN.xliff"
AT = "2026-11-28T21:00:00Z"

# id, Chinese, English in memory, memory state (None: not translated)
ROWS = [
    ("s0-title-1", "以工信之为 为全局添彩", "Adding Color to the Whole with Industry and IT", "approved"),
    ("s1-h-1", "一、数字经济加速发展", "I. The digital economy speeds up", "reviewed"),
    ("s1-b1-1", "这一年，湖南工业增长很快。", "That year, Hunan's industry grew quickly.", "draft"),
    ("s1-b1-2", "工业和信息化厅推动“智赋万企”行动。", "The department pushed the \"AI for All Firms\" action.", "needs-review"),
    ("s1-b2-1", "规模工业增加值增长8.4%。", None, None),
]


def make_doc(rows=ROWS) -> Document:
    """A small document built by hand: title, one heading, two paragraphs."""

    def seg(i, zh, en, state):
        origin = "untranslated" if en is None else ("memory" if state != "draft" else "mt")
        return Segment(i, segment_key(zh), zh, en, origin, state if origin == "memory" else None, line=3)

    segs = {r[0]: seg(*r) for r in rows}
    title = Block("title", "s0-title", (segs["s0-title-1"],), line=1)
    heading = Block("heading", "s1-h", (segs["s1-h-1"],), line=8, level=2)
    p1 = Block("paragraph", "s1-b1", tuple(s for k, s in segs.items() if k.startswith("s1-b1-")), line=10)
    p2 = Block("paragraph", "s1-b2", tuple(s for k, s in segs.items() if k.startswith("s1-b2-")), line=12)
    return Document("demo", "source/demo.md", {"title": rows[0][1]}, (title,), (Section("s1", heading, (p1, p2)),))


def seed_memory(project: Path, rows=ROWS) -> Path:
    mem = Memory(memory_path(project, "demo"))
    for i, zh, en, state in rows:
        if en is not None:
            mem.put(Unit(i, segment_key(zh), zh, en, state, "argos zh-en 1.9" if state == "draft" else "editor", AT))
    mem.save()
    return mem.path


GLOSSARY = Glossary([Term("工业和信息化厅", "Department of Industry and Information Technology", note="official name"),
                     Term("工业", "industry")])


class ReviewFormatContract:
    """What every review format must do.  Subclasses set ``fmt``, ``suffix``, ``store`` (translate-toolkit),
    ``draft_flag`` (the raw flag a machine draft carries) and ``stamp`` (a tool writing who and when)."""

    fmt: str
    suffix: str
    store: type
    draft_flag: str

    def stamp(self, path: Path, zh: str, by: str, at: str) -> None:
        raise NotImplementedError

    @staticmethod
    def needs_review(unit) -> bool:
        """Whether the independent reader sees the unit as still to be reviewed (fuzzy)."""
        return unit.isfuzzy()

    @pytest.fixture
    def project(self, tmp_path):
        seed_memory(tmp_path)
        return tmp_path

    def export(self, project: Path, doc: Document | None = None, glossary=None) -> Path:
        doc = annotate(doc or make_doc(), glossary)  # the build's annotate stage: review notes read the spans
        mem = Memory.load(memory_path(project, "demo"))
        return export_review(doc, mem, self.fmt, project / f"review{self.suffix}", glossary=glossary)

    def units(self, path: Path):
        return [u for u in self.store.parsefile(str(path)).units if not u.isheader()]

    def edit(self, path: Path, zh: str, en: str) -> None:
        """Change one target the way a CAT tool does: through translate-toolkit."""
        store = self.store.parsefile(str(path))
        (unit,) = [u for u in store.units if u.source == zh]
        unit.target = en
        path.write_bytes(bytes(store))

    # ------------------------------------------------------------------ export
    def test_independent_reader_sees_every_segment(self, project):
        units = self.units(self.export(project))
        assert [u.source for u in units] == [r[1] for r in ROWS]
        assert [u.target or None for u in units] == [r[2] for r in ROWS]

    def test_states_survive_the_independent_reader(self, project):
        units = self.units(self.export(project))
        fuzzy = {u.source: self.needs_review(u) for u in units if u.target}
        assert fuzzy == {r[1]: r[3] in ("draft", "needs-review") for r in ROWS if r[2]}

    def test_glossary_matches_are_notes(self, project):
        units = self.units(self.export(project, glossary=GLOSSARY))
        notes = {u.source: u.getnotes() for u in units}
        assert "glossary: 工业和信息化厅 → Department of Industry and Information Technology — official name" in notes[ROWS[3][1]]
        assert "glossary: 工业 → industry" in notes[ROWS[2][1]]
        assert "glossary:" not in notes[ROWS[0][1]]

    def test_bipub_reads_back_what_it_wrote(self, project):
        fmt, rf = read_review(self.export(project))
        assert fmt == self.fmt
        assert [(u.id, u.key, u.source, u.target, u.state) for u in rf.units] == [
            (i, segment_key(zh), zh, en, state) for i, zh, en, state in ROWS
        ]

    def test_what_each_unit_was_when_it_left_comes_back(self, project):
        path = self.export(project)
        self.edit(path, ROWS[2][1], "Edited in the CAT tool.")
        _, rf = read_review(path)
        assert [u.origin_target for u in rf.units] == [r[2] or "" for r in ROWS]
        assert [u.target for u in rf.units][2] == "Edited in the CAT tool."

    def test_raw_flags_are_kept_beside_the_state(self, project):
        _, rf = read_review(self.export(project))
        draft = next(u for u in rf.units if u.source == ROWS[2][1])
        assert draft.state == "draft" and self.draft_flag in draft.flags

    def test_who_and_when_come_from_the_file(self, project):
        path = self.export(project)
        self.stamp(path, ROWS[2][1], "Li Hua", "2026-11-29T08:30:00Z")
        _, rf = read_review(path)
        unit = next(u for u in rf.units if u.source == ROWS[2][1])
        assert (unit.by, unit.at) == ("Li Hua", "2026-11-29T08:30:00Z")

    def test_markup_and_control_characters_round_trip(self, tmp_path):
        rows = [("s0-title-1", "研发<投入>&“增长”", "R&D <input> & \"growth\"", "reviewed"),
                ("s1-h-1", "一、控制\x01字符", "I. Control\x0bcharacters\x01here", "reviewed"),
                ("s1-b1-1", "第三句。", "Third.", "draft"), ("s1-b1-2", "第四句。", None, None),
                ("s1-b2-1", "第五句。", None, None)]
        seed_memory(tmp_path, rows)
        report: list = []
        path = export_review(make_doc(rows), Memory.load(memory_path(tmp_path, "demo")), self.fmt,
                             tmp_path / f"r{self.suffix}", report=report)
        assert [u.source for u in self.units(path)][:1] == [rows[0][1]]  # the independent reader still reads it
        _, rf = read_review(path)
        assert [(u.source, u.target) for u in rf.units] == [(r[1], r[2]) for r in rows]
        assert [f.code for f in report] == self.control_findings

    # ------------------------------------------------------------------ import
    def test_import_without_edits_changes_nothing(self, project):
        before = memory_path(project, "demo").read_bytes()
        counts, findings = import_review(self.export(project), project, [make_doc()])
        assert counts == {"updated": 0, "unchanged": 5, "orphaned": 0}
        assert findings == []
        assert memory_path(project, "demo").read_bytes() == before

    def test_one_edited_target_becomes_reviewed_and_nothing_else_changes(self, project):
        before = {u.key: u for u in Memory.load(memory_path(project, "demo")).units()}
        path = self.export(project)
        self.edit(path, ROWS[2][1], "In that year, industry in Hunan grew fast.")
        counts, findings = import_review(path, project, [make_doc()])
        assert counts == {"updated": 1, "unchanged": 4, "orphaned": 0}
        after = {u.key: u for u in Memory.load(memory_path(project, "demo")).units()}
        key = segment_key(ROWS[2][1])
        assert after[key].target == "In that year, industry in Hunan grew fast."
        assert after[key].state == "reviewed"
        assert after[key].by == f"review import (review{self.suffix})"
        assert after[key].at != AT
        assert {k: u for k, u in after.items() if k != key} == {k: u for k, u in before.items() if k != key}

    def test_a_new_translation_of_an_untranslated_segment_is_stored(self, project):
        path = self.export(project)
        self.edit(path, ROWS[4][1], "Value added of industry above designated size grew 8.4%.")
        counts, _ = import_review(path, project, [make_doc()])
        assert counts["updated"] == 1
        unit = Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[4][1]))
        assert (unit.id, unit.state) == ("s1-b2-1", "reviewed")

    def test_an_approved_unit_changes_only_when_the_editor_accepts_it(self, project):
        path = self.export(project)
        self.edit(path, ROWS[0][1], "Industry and IT Add Color to the Whole")
        counts, findings = import_review(path, project, [make_doc()])
        unit = Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[0][1]))
        assert (unit.target, unit.state) == (ROWS[0][2], "approved")
        assert counts["approved kept"] == 1 and [f.code for f in findings] == ["memory.approved-kept"]
        import_review(path, project, [make_doc()], accept_approved=True)
        unit = Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[0][1]))
        assert (unit.target, unit.state) == ("Industry and IT Add Color to the Whole", "approved")

    def test_units_whose_source_is_gone_are_reported_as_orphaned(self, project):
        path = self.export(project)
        changed = [r if r[0] != "s1-b1-1" else (r[0], "这一年，湖南农业增长也很快。", None, None) for r in ROWS]
        counts, findings = import_review(path, project, [make_doc(changed)])
        assert counts["orphaned"] == 1
        (finding,) = findings
        assert finding.code == "memory.orphaned" and finding.file == path.name and finding.line > 1
        assert "s1-b1-1" in finding.message and "湖南工业增长很快" in finding.message

    def test_a_refused_import_changes_nothing(self, project):
        before = memory_path(project, "demo").read_bytes()
        path = self.export(project)
        self.edit(path, ROWS[2][1], "An edit that must not be stored.")
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        cut = len(lines) * 3 // 4  # after the edited unit: the edit parses, the file as a whole does not
        path.write_text("".join(lines[:cut] + ["<<<<<<< HEAD\n"] + lines[cut:]), encoding="utf-8")
        with pytest.raises(BipubError) as err:
            import_review(path, project, [make_doc()])
        assert str(err.value).startswith(f"{path}:{cut + 1}: ")  # FILE:LINE: message
        assert memory_path(project, "demo").read_bytes() == before
        assert sorted(p.name for p in memory_path(project, "demo").parent.iterdir()) == ["demo.jsonl"]


class TestXliff(ReviewFormatContract):
    fmt, suffix, store = "xliff", ".xlf", xliff.xlifffile
    draft_flag = "state-qualifier=mt-suggestion"
    control_findings = ["formats.control-character"]

    def stamp(self, path, zh, by, at):
        """A tool records its work as a phase of the header that the target names."""
        from lxml import etree

        tree = etree.parse(str(path))
        ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
        header = tree.find(".//x:header", ns)
        group = etree.SubElement(header, "{urn:oasis:names:tc:xliff:document:1.2}phase-group")
        etree.SubElement(group, "{urn:oasis:names:tc:xliff:document:1.2}phase",
                         {"phase-name": "review-1", "process-name": "review", "contact-name": by, "date": at})
        for tu in tree.iterfind(".//x:trans-unit", ns):
            if tu.find("x:source", ns).text == zh:
                tu.find("x:target", ns).set("phase-name", "review-1")
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    def test_every_unit_has_a_target_so_no_tool_skips_it(self, project):
        store = self.store.parsefile(str(self.export(project)))
        targets = {u.source: u.getlanguageNode(lang=None, index=1) for u in store.units}
        assert all(t is not None for t in targets.values())
        empty = targets[ROWS[4][1]]
        assert (empty.text, empty.get("state")) == (None, "needs-translation")
        (unit,) = [u for u in store.units if u.source == ROWS[4][1]]
        assert unit.xmlelement.get("approved") == "no" and not unit.istranslated()

    def test_version_and_native_states(self, project):
        store = self.store.parsefile(str(self.export(project)))
        assert store.document.getroot().get("version") == "1.2"
        by_source = {u.source: u for u in store.units}
        native = {zh: (by_source[zh].xmlelement.get("approved"),
                       by_source[zh].getlanguageNode(lang=None, index=1).get("state")) for _, zh, en, _ in ROWS if en}
        assert native == {
            ROWS[0][1]: ("yes", "final"),
            ROWS[1][1]: ("yes", "translated"),
            ROWS[2][1]: ("no", "needs-review-translation"),
            ROWS[3][1]: ("no", "needs-review-translation"),
        }

    def test_confirming_a_draft_without_editing_makes_it_reviewed(self, project):
        path = self.export(project)
        store = self.store.parsefile(str(path))
        (unit,) = [u for u in store.units if u.source == ROWS[2][1]]
        unit.markfuzzy(False)  # the translator confirms the machine draft
        path.write_bytes(bytes(store))
        counts, _ = import_review(path, project, [make_doc()])
        assert counts["updated"] == 1
        unit = Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[2][1]))
        assert (unit.target, unit.state) == (ROWS[2][2], "reviewed")

    def test_an_edited_source_is_ignored_and_reported(self, project):
        path = self.export(project)
        store = self.store.parsefile(str(path))
        (unit,) = [u for u in store.units if u.source == ROWS[2][1]]
        unit.source = "这一年，湖南的工业增长很快。"  # the reviewer "fixed" the Chinese in the CAT tool
        unit.target = "That year, industry in Hunan grew fast."
        path.write_bytes(bytes(store))
        counts, findings = import_review(path, project, [make_doc()])
        assert counts["updated"] == 1 and [f.code for f in findings] == ["memory.source-edited"]
        unit = Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[2][1]))
        assert (unit.source, unit.target) == (ROWS[2][1], "That year, industry in Hunan grew fast.")

    def test_an_emptied_target_keeps_the_memory(self, project):
        before = memory_path(project, "demo").read_bytes()
        path = self.export(project)
        store = self.store.parsefile(str(path))
        (unit,) = [u for u in store.units if u.source == ROWS[1][1]]
        unit.target = ""
        path.write_bytes(bytes(store))
        counts, findings = import_review(path, project, [make_doc()])
        assert counts["updated"] == 0 and [f.code for f in findings] == ["memory.target-empty"]
        assert memory_path(project, "demo").read_bytes() == before

    def test_one_sentence_given_two_englishes_is_a_conflict(self, project):
        rows = ROWS[:4] + [("s1-b2-1", ROWS[2][1], ROWS[2][2], "draft")]  # the same sentence twice
        path = self.export(project, make_doc(rows))
        store = self.store.parsefile(str(path))
        first, second = [u for u in store.units if u.source == ROWS[2][1]]
        first.target, second.target = "First English.", "Second English."
        path.write_bytes(bytes(store))
        counts, findings = import_review(path, project, [make_doc(rows)])
        assert (counts["updated"], counts["conflicts"]) == (0, 1)  # no guess: exit 1, both shown
        assert [f.code for f in findings] == ["memory.conflict"] and "s1-b2-1" in findings[0].message
        assert "“First English.”" in findings[0].message and "“Second English.”" in findings[0].message
        assert Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[2][1])).target == ROWS[2][2]

    def test_a_reviewer_can_flag_a_reviewed_unit_again(self, project):
        path = self.export(project)
        store = self.store.parsefile(str(path))
        (unit,) = [u for u in store.units if u.source == ROWS[1][1]]
        unit.markreviewneeded(True)
        path.write_bytes(bytes(store))
        counts, _ = import_review(path, project, [make_doc()])
        assert counts["updated"] == 1
        assert Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[1][1])).state == "needs-review"

    @pytest.mark.skipif(not FOCUS.exists(), reason="needs the interop corpus")
    def test_a_real_xliff_from_xcode_is_read_and_its_units_reported_as_orphaned(self, tmp_path):
        fmt, rf = read_review(FOCUS)
        theirs = [u for u in xliff.xlifffile.parsefile(str(FOCUS)).units if not u.isheader()]
        assert fmt == "xliff" and len(rf.units) == len(theirs) == 258
        assert [(u.source, u.target) for u in rf.units] == [(u.source, u.target or None) for u in theirs]
        counts, findings = import_review(FOCUS, tmp_path, [make_doc()])
        assert counts == {"updated": 0, "unchanged": 0, "orphaned": 258}
        assert findings[0].code == "memory.import-language" and "en → zh-CN" in findings[0].message
        assert not (tmp_path / "translations").exists()

    def test_xliff_2_from_another_tool(self, project):
        path = project / "other.xlf"
        shutil.copy(FIXTURES / "other-tool-2.0.xlf", path)
        counts, findings = import_review(path, project, [make_doc()])
        assert counts == {"updated": 2, "unchanged": 0, "orphaned": 1}
        mem = Memory.load(memory_path(project, "demo"))
        assert (mem.get(segment_key(ROWS[2][1])).target, mem.get(segment_key(ROWS[2][1])).state) == (
            "That year, Hunan's industry grew quickly.", "approved")  # same English, raised to final
        assert [f.code for f in findings] == ["memory.orphaned"]


class TestTmx(ReviewFormatContract):
    fmt, suffix, store = "tmx", ".tmx", tmx.tmxfile
    draft_flag = "x-bipub-state=draft"
    control_findings = ["formats.control-character"]

    def stamp(self, path, zh, by, at):
        store = self.store.parsefile(str(path))
        (unit,) = [u for u in store.units if u.source == zh]
        unit.xmlelement.set("changeid", by)
        unit.xmlelement.set("changedate", at.replace("-", "").replace(":", ""))
        path.write_bytes(bytes(store))

    def test_a_memory_filled_by_a_tool_is_not_a_review(self, project):
        """A project TM (OmegaT's project_save.tmx) has no x-bipub-state: its units have no state, only an author."""
        path = self.export(project)
        text = path.read_text(encoding="utf-8")
        path.write_text("\n".join(line for line in text.splitlines() if "x-bipub-state" not in line), encoding="utf-8")
        _, rf = read_review(path)
        assert {u.state for u in rf.units} == {None}

    @staticmethod
    def needs_review(unit) -> bool:
        """TMX has no review state: bipub's is the x-bipub-state prop."""
        states = [p.text for p in unit.xmlelement.iter("prop") if p.get("type") == "x-bipub-state"]
        return states in (["draft"], ["needs-review"])

    def test_header_and_props(self, project):
        store = self.store.parsefile(str(self.export(project)))
        root = store.document.getroot()
        assert root.get("version") == "1.4"
        assert root.find("header").get("srclang") == "zh-CN"
        tu = root.find("body")[2]
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-bipub-state"] == "draft" and props["x-bipub-key"] == segment_key(ROWS[2][1])
        assert tu.get("changeid") is None  # who changes the unit is for the CAT tool to write
        assert "bipub: draft — by argos zh-en 1.9, 2026-11-28T21:00:00Z" in [n.text for n in tu.findall("note")]


class TestPo(ReviewFormatContract):
    fmt, suffix, store = "po", ".po", pypo.pofile
    draft_flag = "fuzzy"
    control_findings = []  # PO strings carry them (\v escaped, others as they are)

    def stamp(self, path, zh, by, at):
        """A PO file knows its last translator and revision date only for the whole file."""
        store = self.store.parsefile(str(path))
        store.updateheader(add=True, Last_Translator=by, PO_Revision_Date="2026-11-29 16:30+0800")
        path.write_bytes(bytes(store))

    def test_msgctxt_is_the_segment_id(self, project):
        units = self.units(self.export(project))
        assert [u.getcontext() for u in units] == [r[0] for r in ROWS]

    def test_removing_the_fuzzy_flag_confirms_a_draft(self, project):
        path = self.export(project)
        store = self.store.parsefile(str(path))
        (unit,) = [u for u in store.units if u.source == ROWS[3][1]]
        unit.markfuzzy(False)
        path.write_bytes(bytes(store))
        counts, _ = import_review(path, project, [make_doc()])
        assert counts["updated"] == 1
        assert Memory.load(memory_path(project, "demo")).get(segment_key(ROWS[3][1])).state == "reviewed"


# ---------------------------------------------------------------- malformed files are refused with file and line
@pytest.mark.parametrize("name, line, message", [
    ("broken-tag.xlf", 7, "not well-formed XML"),
    ("no-source.xlf", 5, "has no <source>"),
    ("not-review.xml", 1, "neither XLIFF nor TMX"),
    ("broken-amp.tmx", 7, "not well-formed XML"),
    ("no-lang.tmx", 7, "<tuv> without xml:lang"),
    ("unterminated.po", 7, 'expected a "quoted string"'),
    ("no-msgstr.po", 5, "has no msgstr"),
])
def test_malformed_files_are_refused_with_file_and_line(tmp_path, name, line, message):
    seed_memory(tmp_path)
    before = memory_path(tmp_path, "demo").read_bytes()
    with pytest.raises(BipubError) as err:
        import_review(FIXTURES / name, tmp_path, [make_doc()])
    assert str(err.value).startswith(f"{FIXTURES / name}:{line}: ")
    assert message in str(err.value)
    assert memory_path(tmp_path, "demo").read_bytes() == before


def test_unknown_export_format_is_refused(tmp_path):
    with pytest.raises(BipubError, match="unknown review format 'docx'"):
        export_review(make_doc(), Memory(memory_path(tmp_path, "demo")), "docx", tmp_path / "r.docx")


# ---------------------------------------------------------------- the whole loop through the CLI
def test_review_loop_through_the_cli(project):
    """Export XLIFF, change one target, import, rebuild: the new English is in the HTML and the PDF,
    every other unit is as it was; then one changed Chinese character keeps the English as needs-review."""
    import json

    from pypdf import PdfReader

    from bipub.source.parse import parse_path
    from conftest import run_bipub

    doc = parse_path(project / "source" / "demo.md").document
    by_zh = {s.source: s for s in doc.segments()}
    first, second = "2021年，湖南全力打造国家重要先进制造业高地。", "全省规模以上工业增加值增长8.4%。"
    kept = by_zh[second]
    mem = Memory(memory_path(project, "demo"))
    mem.put(Unit(kept.id, kept.key, kept.source, "Value added of industry above designated size grew 8.4 percent.",
                 "reviewed", "editor", AT))
    mem.save()
    before = {u.key: u for u in Memory.load(mem.path).units()}

    assert run_bipub("build", "-C", str(project), "--engine", "pseudo").returncode == 1  # pseudo: a draft
    review = project / "review.xlf"
    r = run_bipub("review", "export", "-C", str(project), "--format", "xliff", "-o", str(review))
    assert r.returncode == 0, r.stderr
    store = xliff.xlifffile.parsefile(str(review))
    (unit,) = [u for u in store.units if u.source == first]
    new_english = "In 2021, Hunan went all out to build a key national hub of advanced manufacturing."
    unit.target = new_english
    review.write_bytes(bytes(store))

    r = run_bipub("review", "import", "-C", str(project), str(review))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "updated 1" in r.stdout
    after = {u.key: u for u in Memory.load(mem.path).units()}
    assert after[by_zh[first].key].target == new_english and after[by_zh[first].key].state == "reviewed"
    assert {k: u for k, u in after.items() if k != by_zh[first].key} == before

    assert run_bipub("build", "-C", str(project), "--engine", "pseudo").returncode == 1  # pseudo: a draft
    html = (project / "output" / "demo.html").read_text(encoding="utf-8")
    assert new_english in html and "Value added of industry above designated size grew 8.4 percent." in html
    pdf_text = " ".join("".join(p.extract_text() for p in PdfReader(project / "output" / "demo.pdf").pages).split())
    assert "Hunan went all out to build a key national hub" in pdf_text.replace("- ", "-").replace("\u2010 ", "")

    # one character of the Chinese changes (重要 → 主要): the English stays, marked needs-review
    src = project / "source" / "demo.md"
    src.write_text(src.read_text(encoding="utf-8").replace("国家重要先进", "国家主要先进"), encoding="utf-8")
    assert run_bipub("build", "-C", str(project), "--engine", "pseudo").returncode == 1  # pseudo: a draft
    assert new_english in (project / "output" / "demo.html").read_text(encoding="utf-8")
    changed = first.replace("重要", "主要")
    unit = Memory.load(mem.path).get(segment_key(changed))
    assert (unit.target, unit.state) == (new_english, "needs-review")
    report = json.loads((project / "output" / "demo.report.json").read_text(encoding="utf-8"))
    (fuzzy,) = [f for f in report["findings"] if f["code"] == "memory.fuzzy-match"]
    assert first in fuzzy["message"] and changed in fuzzy["message"]
