"""`bipub import` names the source after the file it reads; ``NAME.x.md`` in source/ is a companion of
NAME (notes, a variant), never built, so a dot inside the name must not survive."""

import shutil

from conftest import FIXTURES, run_bipub


def test_a_file_with_a_dot_in_its_name_becomes_a_source_the_build_builds(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "project", project)
    (project / "source" / "demo.md").unlink()
    raw = tmp_path / "gwr_2025.zh.txt"
    raw.write_text("政府工作报告\n\n国内生产总值增长5%左右。\n", encoding="utf-8")
    r = run_bipub("import", str(raw), cwd=project)
    assert (project / "source" / "gwr_2025-zh.md").is_file(), r.stderr
    r = run_bipub("build", "-C", str(project), "--engine", "pseudo", "--format", "html")
    assert (project / "output" / "gwr_2025-zh.html").is_file(), r.stderr
