"""`bipub glossary import --merge`: an exported glossary edited in a spreadsheet comes back into the house files.

Every change is shown as a diff; a conflicting row changes nothing until the editor
chooses (--theirs / --ours); rows are rewritten in place, so `git diff` shows just them.
"""

import csv
import io
from pathlib import Path

import pytest

from bipub.terms.glossary import load_glossary
from glossary_csv_project import project, run  # noqa: F401 (project is a fixture)


def edit_csv(path: Path, zh: str, **changes) -> None:
    """Change one row of the exported CSV the way a spreadsheet saves it: every cell quoted."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("zh")] == zh:
            for column, value in changes.items():
                row[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + buf.getvalue(), encoding="utf-8")


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "glossary").glob("*.tsv"))}


def test_an_unchanged_export_comes_back_as_nothing_to_do(project):
    before = snapshot(project)
    result = run(project, "import", "--merge", str(project / "glossary.csv"))
    assert result.exit_code == 0, result.output
    assert " 0 updated, 0 added, 0 conflicts" in result.output
    assert snapshot(project) == before


def test_an_edited_rendering_is_a_conflict_shown_as_a_diff_and_nothing_changes(project):
    edit_csv(project / "glossary.csv", "湖南日报", en="Hunan Daily News")
    before = snapshot(project)
    result = run(project, "import", "--merge", str(project / "glossary.csv"))
    assert result.exit_code == 1
    assert "glossary/names.tsv:" in result.output
    assert "error glossary.import-conflict: '湖南日报': en 'Hunan Daily' → 'Hunan Daily News'" in result.output
    assert "--theirs" in result.output
    assert snapshot(project) == before


def test_a_dry_run_shows_the_change_and_writes_nothing(project):
    edit_csv(project / "glossary.csv", "湖南日报", en="Hunan Daily News")
    before = snapshot(project)
    result = run(project, "import", "--merge", "--theirs", "--dry-run", str(project / "glossary.csv"))
    assert result.exit_code == 0, result.output
    assert "'湖南日报': en 'Hunan Daily' → 'Hunan Daily News'" in result.output and "dry run" in result.output
    assert snapshot(project) == before


def test_theirs_rewrites_only_that_row_in_place(project):
    edit_csv(project / "glossary.csv", "湖南日报", en="The Hunan Daily", note="with the article, as printed since 2024")
    before = (project / "glossary" / "names.tsv").read_text(encoding="utf-8").split("\n")
    others = {k: v for k, v in snapshot(project).items() if k != "names.tsv"}
    result = run(project, "import", "--merge", "--theirs", str(project / "glossary.csv"))
    assert result.exit_code == 0, result.output
    after = (project / "glossary" / "names.tsv").read_text(encoding="utf-8").split("\n")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert changed[0][1].startswith("湖南日报\tThe Hunan Daily\t") and changed[0][1].endswith("as printed since 2024")
    assert {k: v for k, v in snapshot(project).items() if k != "names.tsv"} == others
    glossary, _ = load_glossary(project / "glossary")
    assert glossary.lookup("湖南日报").en == "The Hunan Daily"


def test_a_row_that_would_be_an_error_is_not_written(project):
    edit_csv(project / "glossary.csv", "湖南日报", en="Hunan Daily News")  # listed as forbidden in that row
    before = snapshot(project)
    result = run(project, "import", "--merge", "--theirs", str(project / "glossary.csv"))
    assert result.exit_code == 1
    assert "glossary.forbidden-is-approved: 'Hunan Daily News' is both the rendering and a forbidden one; nothing was written" in result.output
    assert snapshot(project) == before


def test_ours_keeps_the_glossary_row_and_still_adds_new_terms(project):
    path = project / "glossary.csv"
    edit_csv(path, "湖南日报", en="Hunan Daily News")
    path.write_text(path.read_text(encoding="utf-8") + '"张家界大峡谷","Zhangjiajie Grand Canyon","","","proposed","term","from the desk"\r\n',
                    encoding="utf-8")
    before = snapshot(project)
    result = run(project, "import", "--merge", "--ours", str(path))
    assert result.exit_code == 0, result.output
    assert "glossary.import-kept" in result.output and "1 added, 1 conflicts" in result.output
    after = snapshot(project)
    assert {k: v for k, v in after.items() if k in before} == before
    added = (project / "glossary" / "imported-glossary.tsv").read_text(encoding="utf-8")
    assert "张家界大峡谷\tZhangjiajie Grand Canyon\t\t\tproposed\tterm\tfrom the desk" in added
    glossary, _ = load_glossary(project / "glossary")
    assert glossary.lookup("湖南日报").en == "Hunan Daily"


def test_new_rows_are_appended_to_an_existing_imported_file_which_keeps_its_lines(project):
    target = project / "glossary" / "imported-glossary.tsv"
    target.write_text("# kept by the desk\nzh\ten\tstatus\n长沙晚报\tChangsha Evening News\tapproved\n", encoding="utf-8")
    path = project / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8") + "张家界大峡谷,Zhangjiajie Grand Canyon,,,approved,term,\r\n", encoding="utf-8")
    result = run(project, "import", "--merge", str(path))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (
        "# kept by the desk\nzh\ten\tstatus\n长沙晚报\tChangsha Evening News\tapproved\n张家界大峡谷\tZhangjiajie Grand Canyon\tapproved\n")


def test_choices_without_merge_are_a_usage_error(project):
    assert run(project, "import", "--theirs", str(project / "glossary.csv")).exit_code == 2


def sheet_as_text(project: Path) -> str:
    """The exported glossary as a spreadsheet's tab-separated text (CRLF line ends), 湖南日报 renamed."""
    rows = list(csv.reader(io.StringIO((project / "glossary.csv").read_text(encoding="utf-8-sig"))))
    for row in rows:
        if row[0] == "湖南日报":
            row[1] = "The Hunan Daily"
    return "".join("\t".join(row) + "\r\n" for row in rows)


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", "\ufeff"),  # Excel: Save As "Unicode Text"
    ("gb18030", ""),  # Excel on a Chinese Windows: Save As "Text (Tab delimited)"
    ("utf-8", ""),
])
def test_tab_separated_text_in_the_encodings_spreadsheets_save(project, encoding, bom):
    path = project / "sheet.txt"
    path.write_bytes((bom + sheet_as_text(project)).encode(encoding))
    result = run(project, "import", "--merge", "--theirs", str(path))
    assert result.exit_code == 0, result.output
    assert " unchanged, 1 updated, 0 added, 1 conflicts" in result.output
    glossary, _ = load_glossary(project / "glossary")
    assert glossary.lookup("湖南日报").en == "The Hunan Daily"


def test_a_termbase_import_never_overrides_the_house_glossary(project):
    """The partner's TBX says 湖南日报 is "Hunan Daily News"; the house glossary keeps "Hunan Daily"."""
    from bipub.formats import TERMBASES
    from bipub.terms.model import Term

    tbx = project / "partner.tbx"
    tbx.write_bytes(TERMBASES.get("tbx").write([Term("湖南日报", "Hunan Daily News"), Term("长沙晚报", "Changsha Evening News")]))
    result = run(project, "import", str(tbx))
    assert result.exit_code == 0, result.output
    assert ("glossary/imported-partner.tsv:" in result.output
            and "warning glossary.overridden-import: '湖南日报' is 'Hunan Daily News' here but 'Hunan Daily' "
                "in the house glossary at glossary/names.tsv:10; the house row is used" in result.output)
    glossary, _ = load_glossary(project / "glossary")
    assert glossary.lookup("湖南日报").en == "Hunan Daily"
    assert glossary.lookup("长沙晚报").en == "Changsha Evening News"
