"""The OmegaT round trip: `bipub review export --format omegat` writes a project folder an editor
opens in OmegaT; `bipub review import FOLDER` brings back what the editor changed or confirmed.

The first tests drive OmegaT 3.6 itself (Debian `omegat`, installed by `scripts/setup --test`) in
console mode with tests/omegat/drive.groovy — one launch for the module.  The others pin the import
rules on small folders written the way OmegaT 3.6 writes them (measured: see docs/review.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bipub.findings import InputRefused
from bipub.formats import omegat
from bipub.formats.unit import TranslationUnit
from bipub.terms.glossary import Term
from conftest import REPO, run_bipub

DRIVER = REPO / "tests" / "omegat" / "drive.groovy"
EDITOR = "Wang Fang (test editor)"
EDITED = ("s1-b3-2", "Mindful of the earnest instructions, Hunan’s industry and IT system pressed on toward "
                     "its goal of a national hub of advanced manufacturing.")
EMPHASIS = ("牢记殷殷嘱托", "Mindful of the earnest instructions")  # bold in the Chinese; the editor bolds the English
DRAFT = "s1-b1-1"  # made a machine draft before export; the editor inserts the suggestion unchanged
FLAGGED = "s1-b1-2"  # made needs-review before export; the editor leaves it alone


def bolded(english: str) -> str:
    """The English as the editor types it in OmegaT: bipub's PO tags around the words of the Chinese bold."""
    return english.replace(EMPHASIS[1], f"<b>{EMPHASIS[1]}</b>", 1)


def memory(project: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in (project / "translations" / "hunan-2021.jsonl").read_text("utf-8").splitlines()]
    return {r["id"]: r for r in rows}


def seed_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("bipub.toml", "source", "translations", "glossary"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def set_state(project: Path, uid: str, state: str, by: str) -> None:
    path = project / "translations" / "hunan-2021.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for r in rows:
        if r["id"] == uid:
            r.update(state=state, by=by)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """The seed exported, opened in OmegaT, one segment edited and one draft confirmed, saved."""
    if shutil.which("omegat") is None:
        pytest.skip("OmegaT is not installed (scripts/setup --test installs the Debian omegat package)")
    tmp = tmp_path_factory.mktemp("omegat")
    project = seed_copy(tmp / "seed")
    source = project / "source" / "hunan-2021.md"  # the same words and keys, one phrase in bold
    source.write_text(source.read_text("utf-8").replace(EMPHASIS[0] + "，", f"**{EMPHASIS[0]}**，", 1), "utf-8")
    set_state(project, DRAFT, "draft", "argos 1.9 zh→en")
    set_state(project, FLAGGED, "needs-review", "fuzzy match from 0000")
    before = memory(project)
    folder = tmp / "review"
    out = run_bipub("review", "export", "-C", str(project), "--format", "omegat", "-o", str(folder))
    assert out.returncode == 0, out.stderr
    config = tmp / "omegat-config"  # OmegaT's preferences: the author name (Options > Team)
    config.mkdir()
    (config / "omegat.prefs").write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<omegat>\n  <preference version="1.0">\n'
        f"    <team_Author>{EDITOR}</team_Author>\n  </preference>\n</omegat>\n", "utf-8")
    draft_en = before[DRAFT]["en"]
    env = dict(os.environ, BIPUB_OMEGAT_REPORT=str(tmp / "shown.json"),
               BIPUB_OMEGAT_EDIT=f"{EDITED[0]}\t{bolded(EDITED[1])}\n{DRAFT}\t{draft_en}")
    run = subprocess.run(["omegat", "--mode=console-translate", f"--config-dir={config}", "--disable-project-locking",
                          "--no-team", f"--script={DRIVER}", str(folder)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and (folder / omegat.SAVE_TMX).is_file(), run.stdout[-2000:] + run.stderr[-2000:]
    shown = json.loads((tmp / "shown.json").read_text("utf-8"))["segments"]
    imported = run_bipub("review", "import", "-C", str(project), str(folder))
    return dict(tmp=tmp, project=project, folder=folder, before=before, shown=shown, imported=imported)


def test_omegat_shows_the_95_chinese_segments_with_their_reviewed_english(session):
    shown, before = session["shown"], session["before"]
    assert len(shown) == 95  # one OmegaT segment per bipub segment, no PO header segment
    by_id = {s["id"]: s for s in shown}
    reviewed = [i for i in by_id if i not in (DRAFT, FLAGGED)]
    assert len(reviewed) == 93
    for sid in reviewed:
        key = sid if sid in before else None
        if key:  # every reviewed unit's English is filled in as its translation
            assert by_id[sid]["translation"] == before[sid]["en"]
        assert by_id[sid]["author"] is None  # filled by OmegaT from the export, nobody's edit
    for sid in (DRAFT, FLAGGED):  # drafts wait as fuzzy suggestions to confirm
        assert by_id[sid]["translation"] is None
        assert by_id[sid]["suggestion"] == before[sid]["en"] and by_id[sid]["suggestion_fuzzy"] is True


def test_the_edit_and_the_confirmed_draft_come_back_alone_with_omegats_author_and_date(session):
    assert session["imported"].returncode == 0, session["imported"].stderr
    assert "updated 2" in session["imported"].stdout
    before, after = session["before"], memory(session["project"])
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed == {EDITED[0], DRAFT}
    save = (session["folder"] / omegat.SAVE_TMX).read_text("utf-8")
    dates = re.findall(r'changeid="([^"]+)" changedate="(\d{8}T\d{6}Z)"', save)
    assert [d[0] for d in dates] == [EDITOR, EDITOR]
    at = {f"{d[:4]}-{d[4:6]}-{d[6:8]}T{d[9:11]}:{d[11:13]}:{d[13:15]}Z" for _, d in dates}
    assert after[EDITED[0]] == {**before[EDITED[0]], "en": EDITED[1], "by": EDITOR, "at": after[EDITED[0]]["at"],
                                "history": after[EDITED[0]]["history"], "marks": [["b", 0, len(EMPHASIS[1])]]}
    assert after[DRAFT]["en"] == before[DRAFT]["en"] and after[DRAFT]["state"] == "reviewed"
    assert after[DRAFT]["by"] == after[EDITED[0]]["by"] == EDITOR
    # `at` is when the memory took the change; OmegaT's own date is the history event's `edited`
    events = [after[DRAFT]["history"][-1], after[EDITED[0]]["history"][-1]]
    assert {e["edited"] for e in events} <= at and {e["by"] for e in events} == {EDITOR}
    assert after[FLAGGED]["state"] == "needs-review"  # left alone in OmegaT: still to review


def test_omegat_shows_bipubs_emphasis_tags_as_text_and_the_editors_come_back(session):
    shown = {s["id"]: s for s in session["shown"]}
    assert shown[EDITED[0]]["source"].startswith(f"<b>{EMPHASIS[0]}</b>，")  # OmegaT 3.6 shows the PO tags as they are
    unit = memory(session["project"])[EDITED[0]]
    assert [unit["en"][a:b] for _, a, b in unit["marks"]] == [EMPHASIS[1]]  # the editor's bold, on the plain English


def test_omegats_translated_document_carries_the_edit(session):
    target = (session["folder"] / "target" / "hunan-2021.po").read_text("utf-8")
    assert f'msgstr "{bolded(EDITED[1])}"' in target


def test_what_omegat_only_filled_in_promotes_nothing_in_an_empty_memory(session, tmp_path):
    project = seed_copy(tmp_path / "empty")
    (project / "translations" / "hunan-2021.jsonl").unlink()
    out = run_bipub("review", "import", "-C", str(project), str(session["folder"]))
    assert out.returncode == 0, out.stderr
    assert set(memory(project)) == {EDITED[0], DRAFT}  # the 93 filled from the export are not reviews


def test_an_omegat_edit_of_a_unit_changed_in_the_memory_since_the_export_is_a_conflict(session, tmp_path):
    project = seed_copy(tmp_path / "meanwhile")
    path = project / "translations" / "hunan-2021.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for r in rows:
        if r["id"] == EDITED[0]:
            r.update(en="Changed in the memory meanwhile.", by="Another Editor", at="2030-01-01T00:00:00Z")
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    before = memory(project)
    out = run_bipub("review", "import", "-C", str(project), str(session["folder"]))
    assert "memory.review-conflict" in out.stderr + out.stdout
    assert memory(project)[EDITED[0]] == before[EDITED[0]]  # nobody's work is lost: the newer edit stays


# ---------------------------------------------------------------- the rules, on folders written like OmegaT's
def unit(uid: str, zh: str, en: str | None, state: str | None) -> TranslationUnit:
    return TranslationUnit(uid, None, zh, en, state, (), None, f"source/doc.md:{uid[-1]}")


UNITS = [unit("s1-b1-1", "今年增长8.4%。", "Growth was 8.4 percent this year.", "reviewed"),
         unit("s1-b1-2", "湖南日报", "Hunan Daily", "draft"),
         unit("s1-b1-3", "长沙", None, None)]


def save_tmx(folder: Path, *entries: tuple[str, str, str | None], alternative: str | None = None) -> None:
    """project_save.tmx as OmegaT 3.6 writes it: changeid/changedate only on what a person set;
    an alternative translation (this segment only) carries its file and PO msgctxt as props."""
    tus = []
    for zh, en, who in entries:
        stamp = f' changeid="{who}" changedate="20261130T042523Z"' if who else ""
        props = f'      <prop type="file">doc.po</prop>\n      <prop type="path">{alternative}</prop>\n' if alternative else ""
        tus.append(f'    <tu>\n{props}      <tuv lang="zh-CN">\n        <seg>{zh}</seg>\n      </tuv>\n'
                   f'      <tuv lang="en"{stamp}>\n        <seg>{en}</seg>\n      </tuv>\n    </tu>\n')
    (folder / omegat.SAVE_TMX).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1">\n'
        '  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" '
        'creationtoolversion="3.6.0_10_unknown" segtype="paragraph" srclang="zh-CN"/>\n  <body>\n'
        "<!-- Default translations -->\n" + "".join(tus) + "  </body>\n</tmx>\n", "utf-8")


@pytest.fixture
def folder(tmp_path) -> Path:
    out = tmp_path / "review"
    omegat.write_project([("source/doc.md", "doc", UNITS)], out, terms=[
        Term("中联重科", "Zoomlion", forbidden=("China Unicom Heavy Industry",), note="Company."),
        Term("工信", "industry and IT", variants=("工业和信息化",)),
        Term("新基建", "new infrastructure", status="proposed")])
    return out


def test_the_project_is_chinese_to_english_one_segment_per_unit(folder):
    project = (folder / "omegat.project").read_text()
    assert "<source_lang>zh-CN</source_lang>" in project and "<target_lang>en</target_lang>" in project
    assert "<sentence_seg>false</sentence_seg>" in project and "LuceneSmartChineseTokenizer" in project
    assert '<option name="skipHeader" value="true"/>' in (folder / "omegat" / "filters.xml").read_text()
    assert 'msgid "今年增长8.4%。"' in (folder / "source" / "doc.po").read_text("utf-8")
    assert (folder / "README.txt").is_file() and (folder / "tm").is_dir() and (folder / "target").is_dir()


def test_the_glossary_holds_approved_renderings_and_names_forbidden_ones_only_in_the_comment(folder):
    lines = (folder / omegat.GLOSSARY).read_text("utf-8").splitlines()[1:]
    assert lines == ["中联重科\tZoomlion\tCompany. — FORBIDDEN: China Unicom Heavy Industry",
                     "工信\tindustry and IT", "工业和信息化\tindustry and IT"]


def test_one_project_holds_every_document_and_each_comes_back_as_its_own_file(tmp_path):
    other = [unit("s1-b1-1", "长沙", "Changsha", "draft")]
    omegat.write_project([("source/doc.md", "doc", UNITS), ("source/other.md", "other", other)], tmp_path / "r")
    save_tmx(tmp_path / "r", ("长沙", "Changsha", EDITOR))
    files, _ = omegat.read_project(tmp_path / "r", "r")
    assert [(f.document, [(u.id, u.target) for u in f.units]) for f in files] == [
        ("source/doc.md", [("s1-b1-3", "Changsha")]), ("source/other.md", [("s1-b1-1", "Changsha")])]


def test_an_existing_folder_is_never_overwritten(folder):
    with pytest.raises(InputRefused, match="not an empty folder"):
        omegat.write_project([("source/doc.md", "doc", UNITS)], folder)


def test_only_what_has_an_author_comes_back(folder):
    save_tmx(folder, ("今年增长8.4%。", "Growth was 8.4 percent this year.", None),  # filled from the export
             ("湖南日报", "Hunan Daily", EDITOR),  # draft confirmed
             ("长沙", "Changsha", None))  # filled from tm/auto: nobody read it
    [rf], findings = omegat.read_project(folder, "review")
    assert rf.document == "source/doc.md" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rf.exported_at)
    assert [(u.id, u.target, u.state, u.by, u.at) for u in rf.units] == [
        ("s1-b1-2", "Hunan Daily", "reviewed", EDITOR, "2026-11-30T04:25:23Z")]
    assert [(f.code, f.file, f.line) for f in findings] == [
        ("review.omegat-unattributed", "review/omegat/project_save.tmx", 23),
        ("review.omegat-no-target", "review/target/doc.po", None)]


def test_an_edit_of_reviewed_english_comes_back_and_a_reconfirmation_does_not(folder):
    save_tmx(folder, ("今年增长8.4%。", "This year's growth was 8.4 percent.", EDITOR), ("湖南日报", "Hunan Daily", None))
    [rf], _ = omegat.read_project(folder, "review")
    assert [(u.id, u.target, u.by) for u in rf.units] == [("s1-b1-1", "This year's growth was 8.4 percent.", EDITOR)]
    save_tmx(folder, ("今年增长8.4%。", "Growth was 8.4 percent this year.", EDITOR))
    [rf], _ = omegat.read_project(folder, "review")
    assert rf.units == []


def test_an_alternative_translation_of_one_segment_comes_back_for_that_segment(folder):
    save_tmx(folder, ("长沙", "Changsha", EDITOR), alternative="s1-b1-3")
    defaults, alternatives = omegat.read_save_tmx((folder / omegat.SAVE_TMX).read_bytes(), "save")
    assert defaults == {} and alternatives[("doc.po", "s1-b1-3")].text == "Changsha"
    [rf], _ = omegat.read_project(folder, "review")
    assert [(u.id, u.target, u.state) for u in rf.units] == [("s1-b1-3", "Changsha", "reviewed")]


def test_a_suggestion_omegat_inserted_with_its_fuzzy_mark_is_not_a_confirmation(folder):
    """OmegaT's option "insert the best fuzzy match" (80 % by default: exactly a draft's score) writes
    "[fuzzy] " before it; the entry then carries the editor's name although nobody confirmed it."""
    save_tmx(folder, ("湖南日报", "[fuzzy] Hunan Daily", EDITOR), ("今年增长8.4%。", "[fuzzy] Growth was 8.6 percent.", EDITOR))
    [rf], findings = omegat.read_project(folder, "review")
    assert [(u.id, u.target, u.state) for u in rf.units] == [("s1-b1-1", "Growth was 8.6 percent.", "needs-review")]
    assert [f.code for f in findings][:2] == ["review.omegat-unconfirmed", "review.omegat-unconfirmed"]


def test_emphasis_tags_typed_in_omegat_come_back_as_the_units_emphasis(tmp_path):
    """OmegaT 3.6's PO filter shows bipub's <b>/<i> tags as text (measured: the segment reads
    加快发展<b>新质生产力</b>。); the editor types them around the English words and project_save.tmx
    keeps them as escaped text in both <seg>s, the Chinese one included (its key)."""
    from bipub.model import Mark

    zh, en = "加快发展新质生产力。", "We will develop new quality productive forces at a faster pace."
    exported = TranslationUnit("s2-b1-1", None, zh, en, "reviewed", (), None, "source/doc.md:3",
                               source_marks=(Mark(4, 9, "b"),))
    out = tmp_path / "review"
    omegat.write_project([("source/doc.md", "doc", [exported])], out)
    assert 'msgid "加快发展<b>新质生产力</b>。"' in (out / "source" / "doc.po").read_text("utf-8")
    save_tmx(out, ("加快发展&lt;b&gt;新质生产力&lt;/b&gt;。",
                   "We will develop &lt;b&gt;new quality productive forces&lt;/b&gt; at a faster pace.", EDITOR))
    [rf], _ = omegat.read_project(out, "review")
    (u,) = rf.units
    assert (u.target, u.by) == (en, EDITOR)  # the words without tags: the same English, new emphasis
    assert [en[m.start:m.end] for m in u.target_marks] == ["new quality productive forces"] and u.problems == ()


def test_a_stale_translated_document_is_reported(folder):
    save_tmx(folder, ("湖南日报", "Hunan Daily", EDITOR))
    target = (folder / "source" / "doc.po").read_text("utf-8").replace('msgstr "Growth', 'msgstr "Old growth')
    (folder / "target" / "doc.po").write_text(target, "utf-8")
    _, findings = omegat.read_project(folder, "review")
    assert [f.code for f in findings] == ["review.omegat-target-stale"]
    assert "Old growth" in findings[0].message


def test_a_folder_that_is_no_project_is_refused_by_the_cli(tmp_path):
    project = seed_copy(tmp_path / "seed")
    (tmp_path / "empty").mkdir()
    out = run_bipub("review", "import", "-C", str(project), str(tmp_path / "empty"))
    assert out.returncode == 2 and "not a review project" in out.stderr


def test_a_folder_never_saved_in_omegat_is_refused(folder):
    with pytest.raises(InputRefused, match="project_save.tmx: missing"):
        omegat.read_project(folder, "review")


# ---------------------------------------------------------------- a second real tool: translate-toolkit
def test_the_exported_po_survives_translate_toolkits_po2xliff_and_xliff2po(tmp_path):
    """The same round trip through translate-toolkit's converters (Pootle, Virtaal, Weblate use them)."""
    xliff = pytest.importorskip("translate.storage.xliff")
    tools = Path(sys.executable).parent
    project = seed_copy(tmp_path / "seed")
    before = memory(project)
    assert run_bipub("review", "export", "-C", str(project), "--format", "omegat", "-o", str(tmp_path / "r")).returncode == 0
    xlf, back = tmp_path / "r.xlf", tmp_path / "back.po"
    subprocess.run([tools / "po2xliff", tmp_path / "r" / "source" / "hunan-2021.po", xlf], check=True, capture_output=True)
    store = xliff.xlifffile.parsefile(str(xlf))
    [edited] = [u for u in store.units if u.source == before[EDITED[0]]["zh"]]
    edited.target = EDITED[1]
    xlf.write_bytes(bytes(store))
    subprocess.run([tools / "xliff2po", xlf, back], check=True, capture_output=True)
    out = run_bipub("review", "import", "-C", str(project), str(back))
    assert out.returncode == 0, out.stderr
    after = memory(project)
    assert {k for k in before if before[k] != after[k]} == {EDITED[0]}
    assert after[EDITED[0]]["en"] == EDITED[1] and after[EDITED[0]]["state"] == "reviewed"


def test_a_broken_project_memory_is_refused_with_its_line(folder):
    (folder / omegat.SAVE_TMX).write_text('<?xml version="1.0"?>\n<tmx version="1.1">\n<body>\n<tu>\n</body></tmx>\n')
    with pytest.raises(InputRefused, match=r"review/omegat/project_save.tmx:\d+: "):
        omegat.read_project(folder, "review")


def test_one_segment_saved_twice_with_different_english_comes_back_as_neither(folder):
    """A team project (or a hand-merged file) holds the same sentence twice, by two authors: no guess."""
    save_tmx(folder, ("湖南日报", "Hunan Daily", "Li Wei"), ("湖南日报", "The Hunan Daily", "Wang Fang"))
    [rf], findings = omegat.read_project(folder, "review")
    assert rf.units == []
    [dup] = [f for f in findings if f.code == "review.omegat-duplicate"]
    assert (dup.severity, dup.line) == ("error", 15)  # exit 1
    assert "line 7: “Hunan Daily” by Li Wei" in dup.message and "“The Hunan Daily” by Wang Fang" in dup.message


def test_an_alternative_translation_whose_chinese_is_not_its_segments_is_not_imported(folder):
    """The file and id of an alternative point at s1-b1-3 (长沙), its Chinese is another segment's: no guess."""
    save_tmx(folder, ("湖南日报", "Changsha", EDITOR), alternative="s1-b1-3")
    [rf], findings = omegat.read_project(folder, "review")
    assert rf.units == []
    [moved] = [f for f in findings if f.severity == "error"]  # reported once
    assert moved.severity == "error" and moved.line == 7 and "湖南日报" in moved.message and "长沙" in moved.message


def test_an_export_that_fails_half_way_leaves_no_half_project(tmp_path, monkeypatch):
    """A crash or a full disk after some files: no folder an editor could open with documents missing."""
    written = []

    def fail_on_the_third(path, data):
        written.append(path)
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        path.write_bytes(data)
    monkeypatch.setattr(omegat, "write_atomic", fail_on_the_third)
    with pytest.raises(OSError):
        omegat.write_project([("source/doc.md", "doc", UNITS), ("source/other.md", "other", UNITS)], tmp_path / "r")
    assert list(tmp_path.iterdir()) == []


def test_an_editors_translation_that_matches_no_exported_segment_is_reported(folder):
    """The source PO was replaced or deleted in the project, or the project memory comes from another project:
    what a person translated there cannot be imported, and the import says so (exit 1)."""
    save_tmx(folder, ("湖南日报", "Hunan Daily", EDITOR), ("这句话不在导出的文件里。", "Not in the export.", EDITOR),
             ("另一句。", "Filled from a TM.", None))
    [rf], findings = omegat.read_project(folder, "review")
    assert [u.id for u in rf.units] == ["s1-b1-2"]
    [unused] = [f for f in findings if f.code == "review.omegat-unused"]
    assert (unused.severity, unused.line) == ("error", 15)
    assert unused.message.startswith("1 translation(s) by a person") and "Not in the export." in unused.message
