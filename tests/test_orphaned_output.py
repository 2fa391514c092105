"""An edition whose source is gone (deleted or renamed) stays in output/ unless someone deletes it;
a portal that publishes output/ as it is would publish its old text and figures, so every build names it."""

import shutil

from conftest import FIXTURES, run_bipub


def test_the_editions_of_a_deleted_source_are_named_by_every_build(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "project", project)
    (project / "source" / "old.md").write_text("## 旧稿\n\n全年增长8.4%。\n", encoding="utf-8")
    assert run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html").returncode == 1
    built = sorted(f"output/{p.name}" for p in (project / "output").glob("old.*"))
    assert "output/old.html" in built and "output/old.report.json" in built
    (project / "output" / "old.xlf").write_text("a review file, not an edition", encoding="utf-8")

    (project / "source" / "old.md").rename(project / "source" / "new.md")
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    orphans = sorted(line.split(":")[0] for line in r.stderr.splitlines() if "build.orphaned-output" in line)
    assert orphans == built, r.stderr  # old.xlf is not an edition
    assert "delete it before publishing" in r.stderr

    for name in orphans:
        (project / name).unlink()
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    assert "build.orphaned-output" not in r.stderr
