"""Exchange formats where a user meets them: `bipub review export`, `bipub glossary export|import`."""

from __future__ import annotations

import time

from translate.storage import xliff

from bipub.memory.store import Memory, Unit, memory_path
from bipub.source.parse import parse_path
from bipub.terms.glossary import load_glossary
from conftest import run_bipub

AT = "2026-11-28T21:00:00Z"


def test_control_characters_in_the_memory_do_not_stop_review_export(project):
    """A unit with U+0001 and U+000B made `review export` crash until the memory was edited by hand."""
    seg = next(iter(parse_path(project / "source" / "demo.md").document.segments()))
    mem = Memory(memory_path(project, "demo"))
    mem.put(Unit(seg.id, seg.key, seg.source, "Pasted\x0bfrom a PDF\x01 form.", "reviewed", "editor", AT))
    mem.save()
    out = project / "review.xlf"
    r = run_bipub("review", "export", "-C", str(project), "--format", "xliff", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert f"source/demo.md:{seg.line}: warning formats.control-character: unit {seg.id}: 2 control" in r.stderr
    (unit,) = [u for u in xliff.xlifffile.parsefile(str(out)).units if u.source == seg.source]
    assert "Pasted" in unit.target  # translate-toolkit reads the file
    r = run_bipub("review", "import", "-C", str(project), str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert Memory.load(memory_path(project, "demo")).get(seg.key).target == "Pasted\x0bfrom a PDF\x01 form."


def test_glossary_csv_export_neutralises_formulas_and_reimports_them_exactly(project):
    tsv = project / "glossary" / "demo.tsv"
    tsv.write_text(tsv.read_text(encoding="utf-8")
                   + '工信\t=HYPERLINK("http://example.invalid","industry and IT")\t\t\tapproved\tterm\t@note\n',
                   encoding="utf-8")
    out = project / "g.csv"
    r = run_bipub("glossary", "export", "-C", str(project), "--format", "csv", "-o", str(out))
    assert r.returncode == 0, r.stderr
    row = next(line for line in out.read_text(encoding="utf-8-sig").splitlines() if line.startswith("工信,"))
    assert row == '工信,"\'=HYPERLINK(""http://example.invalid"",""industry and IT"")",,,approved,term,\'@note'
    fresh = project / "fresh"
    (fresh / "glossary").mkdir(parents=True)
    r = run_bipub("glossary", "import", "-C", str(fresh), str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    glossary, _ = load_glossary(fresh / "glossary")
    term = glossary.lookup("工信")
    assert (term.en, term.note) == ('=HYPERLINK("http://example.invalid","industry and IT")', "@note")


def test_a_billion_laughs_termbase_is_refused_in_one_line_at_once(project):
    bomb = project / "laughs.tbx"
    entities = "".join(f'<!ENTITY e{i} "{"&e%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE martif [{entities}]>\n<martif>&e9;</martif>', encoding="utf-8")
    start = time.perf_counter()
    r = run_bipub("glossary", "import", "-C", str(project), str(bomb))
    assert time.perf_counter() - start < 30  # the process; the parse itself is instant
    assert r.returncode == 2
    assert r.stderr.strip().endswith("laughs.tbx:2: the DOCTYPE declares entities (e0, e1, e2); entity declarations "
                                     "are refused (they can expand without limit); nothing imported")
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (project / "glossary" / "imported-laughs.tsv").exists()
