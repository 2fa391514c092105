"""When a term's rendering changes, the reviewed units that hold the old one are listed by id.

Nothing rewrites a person's English; `glossary import --merge` and the build say
which reviewed units to update (`glossary.rendering-changed`).
"""

import json
from pathlib import Path

from click.testing import CliRunner

from bipub.cli import main
from bipub.text.normalize import segment_key

SOURCE = "+++\ntitle = \"评论\"\n+++\n\n湖南日报发表评论员文章。\n\n全省经济稳中向好。\n"
REVIEWED = {"s1-b1-1": ("湖南日报发表评论员文章。", "Hunan Daily published a commentary."),
            "s1-b2-1": ("全省经济稳中向好。", "The province's economy was stable and improving.")}


def make_project(root: Path, rendering: str) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "glossary").mkdir()
    (root / "translations").mkdir()
    (root / "bipub.toml").write_text('[project]\nname = "renderings"\n\n[build]\nformats = ["html"]\n', encoding="utf-8")
    (root / "source" / "a.md").write_text(SOURCE, encoding="utf-8")
    (root / "glossary" / "names.tsv").write_text(
        f"zh\ten\tvariants\tforbidden\tstatus\ttype\tnote\n湖南日报\t{rendering}\t\t\tapproved\torg\t\n", encoding="utf-8")
    units = [{"id": i, "key": segment_key(zh), "zh": zh, "en": en, "state": "reviewed", "by": "editor",
              "at": "2026-11-01T00:00:00Z"} for i, (zh, en) in REVIEWED.items()]
    (root / "translations" / "a.jsonl").write_text(
        "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    return root


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, [args[0], *args[1:2], "-C", str(root), *args[2:]])


def test_the_merge_that_changes_a_rendering_lists_the_reviewed_units_holding_the_old_one(tmp_path):
    root = make_project(tmp_path / "p", "Hunan Daily")
    edited = tmp_path / "edited.csv"
    edited.write_text("zh,en,status,type\n湖南日报,Hunan Daily News,approved,org\n", encoding="utf-8")

    result = cli(root, "glossary", "import", "--merge", "--theirs", str(edited))

    assert result.exit_code == 0, result.output
    assert ("translations/a.jsonl: warning glossary.rendering-changed: '湖南日报' is now “Hunan Daily News”; "
            "reviewed units still say “Hunan Daily”: s1-b1-1;") in result.output
    assert "s1-b2-1" not in result.output  # its Chinese does not hold the term
    unit = json.loads((root / "translations" / "a.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert unit["en"] == "Hunan Daily published a commentary."  # the person's English is untouched


def test_a_dry_run_lists_them_too(tmp_path):
    root = make_project(tmp_path / "p", "Hunan Daily")
    edited = tmp_path / "edited.csv"
    edited.write_text("zh,en,status,type\n湖南日报,Hunan Daily News,approved,org\n", encoding="utf-8")

    result = cli(root, "glossary", "import", "--merge", "--theirs", "--dry-run", str(edited))

    assert "glossary.rendering-changed" in result.output and "s1-b1-1" in result.output


def test_the_build_names_reviewed_units_without_the_glossary_rendering(tmp_path):
    root = make_project(tmp_path / "p", "Hunan Daily News")

    result = CliRunner().invoke(main, ["build", "-C", str(root), "--engine", "memory"])

    report = json.loads((root / "output" / "a.report.json").read_text(encoding="utf-8"))
    changed = [f for f in report["findings"] if f["code"] == "glossary.rendering-changed"]
    assert len(changed) == 1, result.output
    assert changed[0]["file"] == "source/a.md" and changed[0]["severity"] == "warning"
    assert "the glossary renders 湖南日报 as “Hunan Daily News”, but the reviewed English of s1-b1-1" in changed[0]["message"]
    assert "glossary.rendering-changed" in result.output


def test_reviewed_english_with_the_rendering_is_not_listed(tmp_path):
    root = make_project(tmp_path / "p", "Hunan Daily")

    CliRunner().invoke(main, ["build", "-C", str(root), "--engine", "memory"])

    report = json.loads((root / "output" / "a.report.json").read_text(encoding="utf-8"))
    assert not [f for f in report["findings"] if f["code"] == "glossary.rendering-changed"]
