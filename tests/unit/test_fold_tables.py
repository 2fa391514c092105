"""The fold tables ship with bipub (text/fold_tables.json), so a build does not spend ~0.15 s
computing them with OpenCC; they must be exactly what the installed OpenCC and Unicode compute."""

import json

from bipub.text import normalize


def test_the_shipped_tables_are_what_the_installed_opencc_and_unicode_compute():
    shipped = normalize.shipped_tables()
    assert shipped is not None, "fold_tables.json is stale: run `python -m bipub.text.normalize`"
    assert shipped == normalize.compute_tables()


def test_tables_made_by_another_opencc_are_not_used(tmp_path):
    data = json.loads(normalize.TABLES_FILE.read_text(encoding="utf-8"))
    data["stamp"]["opencc"] = "0.0.1"
    other = tmp_path / "fold_tables.json"
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert normalize.shipped_tables(other) is None


def test_a_damaged_file_is_not_used(tmp_path):
    damaged = tmp_path / "fold_tables.json"
    damaged.write_text(normalize.TABLES_FILE.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    assert normalize.shipped_tables(damaged) is None
    assert normalize.shipped_tables(tmp_path / "missing.json") is None


def test_folding_with_the_tables():
    assert normalize.fold("發展ＧＤＰ　首台（套）") == "发展gdp 首台(套)"
    long = "经济发展" * 2000 + "發展"
    assert normalize.fold(long).endswith("发展") and len(normalize.fold(long)) == len(long)
