"""Adding a writer or an engine is one registration: config, CLI and build pick it up with no other change."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bipub.atomic import write_atomic
from bipub.cli import main
from bipub.render import WRITERS
from bipub.render.variant import output_stem
from bipub.translate.engines import ENGINES
from bipub.translate.pseudo import PseudoEngine

SOURCE = "+++\ntitle = \"测试\"\n+++\n\n全年完成投资1.2万亿元。\n"


class PlainText:
    """A new output: the English column as plain text."""

    name, slow = "txt", False

    def outputs(self, stem):
        return [stem + ".txt"]

    def write(self, doc, options, out_dir):
        path = Path(out_dir) / self.outputs(output_stem(doc.name, options))[0]
        write_atomic(path, "\n".join(s.target or "" for s in doc.segments()) + "\n")
        return [path]


class Shouting(PseudoEngine):
    """A new engine: upper-case pseudo text (the placeholders pass through untouched)."""

    name = "shout"

    def translate_batch(self, texts):
        return [t.upper() for t in super().translate_batch(texts)]

    def signature(self):
        return "shout|v1"


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(WRITERS, "_entries", {**WRITERS._entries, "txt": PlainText()})
    monkeypatch.setattr(ENGINES, "_entries", {**ENGINES._entries, "shout": Shouting})


def test_a_registered_writer_and_engine_work_from_bipub_toml(tmp_path, registered):
    (tmp_path / "bipub.toml").write_text('[project]\nname = "D"\n[build]\nengine = "shout"\nformats = ["txt"]\n',
                                         encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "plan.md").write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-C", str(tmp_path)])
    assert result.exit_code == 1, result.output  # written; pseudo text is never publishable
    assert "wrote output/plan.txt" in result.output
    text = (tmp_path / "output" / "plan.txt").read_text(encoding="utf-8")
    # the new engine's text, with the number put back in its approved wording after the engine ran
    assert text == "[PÉMÁNG]\n[DÀOKÉ CHÍNGPÁNG JÍLÓNG 1.2 trillion yuan.]\n"
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == ["plan.report.json", "plan.txt"]


def test_a_writer_that_is_not_registered_is_refused_with_the_known_names(tmp_path):
    (tmp_path / "bipub.toml").write_text('[project]\nname = "D"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-C", str(tmp_path), "--format", "txt"])
    assert result.exit_code == 2 and "unknown format 'txt' (use html, fragment, pdf, docx)" in result.output
