"""Review import as a three-way merge, end to end through the CLI (issue 11): nothing an editor did is lost.

The seed project (hunan-2021, 94 reviewed units dated 2026-11-28) goes out for
review in several formats; files come back edited, stale, flagged by CAT tools,
from other tools with their own dates — and each time the memory keeps every
editor's work, reports what it did not apply with both versions, and says who
changed what in the unit's history.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from translate.storage import po, tmx, xliff

from bipub.text.normalize import segment_key
from conftest import REPO, run_bipub

TITLE = "以工信之为 为全局添彩"  # s0-title-1
SUBTITLE = "——2021年湖南工业和信息化工作纪实"  # s0-subtitle-1
BYLINE = "曹娜"  # s0-byline-1


@pytest.fixture
def seed(tmp_path) -> Path:
    for name in ("bipub.toml", "source", "glossary", "translations"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


def memory(root: Path) -> dict[str, dict]:
    lines = (root / "translations" / "hunan-2021.jsonl").read_text(encoding="utf-8").splitlines()
    return {u["zh"]: u for u in map(json.loads, lines)}


def export(root: Path, fmt: str, *extra: str) -> Path:
    out = root / f"review.{ {'xliff': 'xlf'}.get(fmt, fmt)}"
    out = out.with_name(f"{fmt}-{len(list(root.glob(fmt + '-*')))}{out.suffix}")
    r = run_bipub("review", "export", "-C", str(root), "--format", fmt, "-o", str(out), *extra)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def cli_import(root: Path, path: Path, *extra: str, status: int = 0):
    """Run ``bipub review import``; returns everything it printed (findings go to stderr).

    Exit status 1 says some of the file was not applied (conflicts, approved units kept).
    """
    r = run_bipub("review", "import", "-C", str(root), str(path), *extra)
    assert r.returncode == status, r.stdout + r.stderr
    return r.stdout + r.stderr


def edit(path: Path, store_class, zh: str, *, target: str | None = None, fuzzy: bool = False) -> None:
    """Change one unit the way a CAT tool does (translate-toolkit is what Weblate, Pootle and Virtaal use)."""
    store = store_class.parsefile(str(path))
    (unit,) = [u for u in store.units if u.source == zh]
    if target is not None:
        unit.target = target
    if fuzzy:
        unit.markfuzzy()
    path.write_bytes(bytes(store))


def test_a_stale_tmx_never_reverts_a_po_edit_nor_clears_a_flag(seed):
    stale = export(seed, "tmx")
    edited = export(seed, "po")
    edit(edited, po.pofile, TITLE, target="Industry and IT Add Luster to the Whole")
    edit(edited, po.pofile, SUBTITLE, fuzzy=True)
    assert "updated 2" in cli_import(seed, edited)
    # the stale TMX comes back too, with an edit of its own to the same title
    edit(stale, tmx.tmxfile, TITLE, target="Stale English from the TMX")
    r = cli_import(seed, stale, status=1)
    mem = memory(seed)
    assert mem[TITLE]["en"] == "Industry and IT Add Luster to the Whole"
    assert mem[SUBTITLE]["state"] == "needs-review"
    assert "conflicts 2" in r and "updated 0" in r
    conflict = next(line for line in r.splitlines() if "s0-title-1" in line)
    assert "memory.review-conflict" in conflict
    assert "Industry and IT Add Luster to the Whole" in conflict and "Stale English from the TMX" in conflict


def test_a_dry_run_prints_the_diff_and_writes_nothing(seed):
    path = export(seed, "po")
    edit(path, po.pofile, TITLE, target="Industry and IT Add Luster to the Whole")
    before = (seed / "translations" / "hunan-2021.jsonl").read_bytes()
    r = cli_import(seed, path, "--dry-run")
    assert (seed / "translations" / "hunan-2021.jsonl").read_bytes() == before
    assert "s0-title-1 (line" in r and "reviewed → reviewed" in r
    assert "  - Industry and IT Add Luster to Hunan’s Overall Development" in r
    assert "  + Industry and IT Add Luster to the Whole" in r
    assert "dry run, nothing written: would have updated 1" in r


def test_an_approved_unit_edited_in_a_po_changes_only_when_accepted(seed):
    mem_file = seed / "translations" / "hunan-2021.jsonl"
    mem_file.write_text(mem_file.read_text(encoding="utf-8").replace('"state": "reviewed"', '"state": "approved"', 1),
                        encoding="utf-8")
    path = export(seed, "po")
    edit(path, po.pofile, TITLE, target="A change to signed-off English")
    r = cli_import(seed, path, status=1)
    assert "approved kept 1" in r and "memory.approved-kept" in r
    assert memory(seed)[TITLE]["en"] == "Industry and IT Add Luster to Hunan’s Overall Development"
    cli_import(seed, path, "--accept-approved", "--reviewer", "Chief Editor")
    unit = memory(seed)[TITLE]
    assert (unit["en"], unit["by"]) == ("A change to signed-off English", "Chief Editor")
    assert unit["history"][-1]["was"] == "Industry and IT Add Luster to Hunan’s Overall Development"


@pytest.mark.parametrize("fmt, store_class", [("xliff", xliff.xlifffile), ("po", po.pofile)])
def test_a_cat_tool_fuzzy_flag_brings_a_reviewed_unit_back_to_needs_review(seed, fmt, store_class):
    path = export(seed, fmt)
    edit(path, store_class, BYLINE, fuzzy=True)  # markfuzzy(): XLIFF state="needs-translation" approved="no"
    r = cli_import(seed, path, "--reviewer", "Li Wei")
    unit = memory(seed)[BYLINE]
    assert (unit["en"], unit["state"], unit["by"]) == ("Cao Na", "needs-review", "Li Wei")
    event = unit["history"][-1]
    assert (event["action"], event["by"], event["state"], event["from"]) == ("review-import", "Li Wei", "needs-review",
                                                                             path.name)
    assert "updated 1" in r
    assert sum(u["state"] == "needs-review" for u in memory(seed).values()) == 1


def external_tmx(root: Path, units: list[tuple[str, str, str, str]]) -> Path:
    """A TMX written by another tool: no bipub records, each unit with its own changeid/changedate."""
    tus = "".join(
        f'<tu changeid="{who}" changedate="{when}"><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>' for zh, en, who, when in units)
    path = root / "external.tmx"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="OtherCAT" '
                    f'srclang="zh-CN" adminlang="en" datatype="plaintext" segtype="sentence" o-tmf="x"/>'
                    f"<body>{tus}</body></tmx>", encoding="utf-8")
    return path


def test_an_external_tmx_from_2020_never_overwrites_a_2026_review_a_newer_one_only_when_trusted(seed):
    path = external_tmx(seed, [
        (TITLE, "English from an old 2020 memory", "old translator", "20200301T120000Z"),
        (BYLINE, "CAO Na", "Wang Fang", "20261129T093000Z"),
    ])
    r = cli_import(seed, path, status=1)
    mem = memory(seed)
    assert mem[TITLE]["en"] == "Industry and IT Add Luster to Hunan’s Overall Development"
    assert "older than the memory's" in r and "English from an old 2020 memory" in r
    # the newer one has no record of what it started from: a conflict too, until its dates are trusted
    assert mem[BYLINE]["en"] != "CAO Na" and "--trust-file-dates" in r
    r = cli_import(seed, path, "--trust-file-dates", status=1)
    mem = memory(seed)
    assert "memory.replaced-by-date" in r
    assert (mem[BYLINE]["en"], mem[BYLINE]["by"]) == ("CAO Na", "Wang Fang")
    assert mem[BYLINE]["history"][-1]["edited"] == "2026-11-29T09:30:00Z"


def test_export_only_the_work_to_do_with_the_builds_findings_as_notes(seed):
    mem_file = seed / "translations" / "hunan-2021.jsonl"
    mem_file.write_text(mem_file.read_text(encoding="utf-8").replace(
        '"state": "reviewed", "by"', '"state": "needs-review", "by"', 2), encoding="utf-8")  # not history events
    r = run_bipub("build", "-C", str(seed), "--engine", "pseudo", "--format", "html")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    report = json.loads((seed / "output" / "hunan-2021.report.json").read_text(encoding="utf-8"))
    flagged_ids = {f["segment"] for f in report["findings"] if f.get("segment")}
    assert flagged_ids, "the seed build reports findings about some segments"

    only = po.pofile.parsefile(str(export(seed, "po", "--only", "needs-review")))
    assert [u.source for u in only.units if not u.isheader()] == [TITLE, SUBTITLE]

    flagged = po.pofile.parsefile(str(export(seed, "po", "--only", "flagged")))
    ids = {u.getcontext() for u in flagged.units if not u.isheader()}
    assert ids == flagged_ids | {"s0-title-1", "s0-subtitle-1"}
    some = next(u for u in flagged.units if not u.isheader() and u.getcontext() in flagged_ids)
    assert "qa " in some.getnotes()


def test_a_newer_machine_draft_never_blocks_the_reviewers_english(seed):
    mem_file = seed / "translations" / "hunan-2021.jsonl"
    text = mem_file.read_text(encoding="utf-8")
    mem_file.write_text(text.replace('"en": "Cao Na", "state": "reviewed"', '"en": "Cao Na", "state": "draft"'),
                        encoding="utf-8")
    path = export(seed, "po")
    # meanwhile a build with another engine re-drafted the byline
    mem_file.write_text(text.replace('"en": "Cao Na", "state": "reviewed", "by": "bipub editorial team", '
                                     '"at": "2026-11-28T00:00:00Z"',
                                     '"en": "Na Cao", "state": "draft", "by": "argos 2", "at": "2099-01-01T00:00:00Z"'),
                        encoding="utf-8")
    assert memory(seed)[BYLINE]["en"] == "Na Cao"
    edit(path, po.pofile, BYLINE, target="CAO Na")
    r = cli_import(seed, path, "--reviewer", "Li Wei")
    assert (memory(seed)[BYLINE]["en"], memory(seed)[BYLINE]["state"]) == ("CAO Na", "reviewed")
    assert "conflict" not in r


def test_build_findings_about_english_a_review_replaced_since_the_build_are_not_sent(seed):
    assert run_bipub("build", "-C", str(seed), "--engine", "pseudo", "--format", "html").returncode in (0, 1)
    report = json.loads((seed / "output" / "hunan-2021.report.json").read_text(encoding="utf-8"))
    flagged_id = next(f["segment"] for f in report["findings"] if f.get("segment"))
    path = export(seed, "po")
    store = po.pofile.parsefile(str(path))
    (unit,) = [u for u in store.units if u.getcontext() == flagged_id]
    assert "qa " in unit.getnotes()
    unit.target = "English a reviewer rewrote after the build."
    path.write_bytes(bytes(store))
    cli_import(seed, path)
    r = run_bipub("review", "export", "-C", str(seed), "--format", "po", "-o", str(seed / "again.po"))
    (again,) = [u for u in po.pofile.parsefile(str(seed / "again.po")).units if u.getcontext() == flagged_id]
    assert "qa " not in again.getnotes()
    assert "review.changed-since-build" in r.stderr


def test_a_review_of_a_sentence_whose_figures_changed_since_the_export_is_not_lost_silently(seed):
    """The editor corrects 8.4% → 8.6% in the source while the reviewer rewrites that sentence's
    English in the exported file: the reviewer's English (with the old figure) cannot be stored,
    and the import must say so and exit 1, naming the current sentence to review instead."""
    path = export(seed, "po")
    zh = "据统计，2021年1至11月，全省规模工业增加值同比增长8.4%，两年平均增长6.3%，高于全国平均水平，居十个经济大省第5位；"
    edit(path, po.pofile, zh, target="Statistics show industrial value added grew 8.4% in January–November 2021.")
    src = seed / "source" / "hunan-2021.md"
    src.write_text(src.read_text(encoding="utf-8").replace("同比增长8.4%", "同比增长8.6%"), encoding="utf-8")
    before = (seed / "translations" / "hunan-2021.jsonl").read_bytes()
    r = cli_import(seed, path, status=1)
    assert (seed / "translations" / "hunan-2021.jsonl").read_bytes() == before
    (line,) = [line for line in r.splitlines() if "memory.orphaned-edit" in line]
    assert line.startswith(f"{path.name}:") and "Statistics show industrial value added grew 8.4%" in line
    assert "同比增长8.6%" in line  # the sentence now in the source, to review again
    assert "edits not applied 1" in r
