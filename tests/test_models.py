"""`bipub models`: where packages go, installing a package file, refusing bad ones, the index.

Every package here is built by `argos_fixture` (a real CTranslate2 model with
random weights and a SentencePiece model trained on a fixture text), so
nothing is downloaded.  The one index test serves its package from a local
HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import argos_fixture as af
from bipub.translate import packages as models
from bipub.findings import BipubError


@pytest.fixture(scope="session")
def base_folder(tmp_path_factory) -> Path:
    """An unzipped valid zh→en package folder named translate-zh_en-test (built once)."""
    return af.build_package_folder(tmp_path_factory.mktemp("argos-base") / "translate-zh_en-test")


@pytest.fixture(scope="session")
def good_archive(base_folder, tmp_path_factory) -> Path:
    return af.zip_folder(base_folder, tmp_path_factory.mktemp("argos-zip") / "translate-zh_en-test.argosmodel")


def variant(base: Path, tmp: Path, mutate, *, name: str = "translate-zh_en-test") -> Path:
    """Copy the base package folder as NAME, let ``mutate(folder)`` change it, zip it."""
    folder = tmp / "build" / name
    shutil.copytree(base, folder)
    mutate(folder)
    return af.zip_folder(folder, tmp / f"{name}.argosmodel")


def visible(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if not p.name.startswith("."))


def snapshot(directory: Path) -> dict[str, int]:
    """Every file below ``directory`` with its size: what 'untouched' means."""
    return {str(p.relative_to(directory)): p.stat().st_size for p in sorted(directory.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------ where packages go


@pytest.mark.parametrize(
    "env, configured, expected",
    [
        ("/env/pkgs", "models", "/env/pkgs"),  # the environment variable wins
        (None, "models", "PROJECT/models"),  # config value, relative to the project
        (None, "/abs/models", "/abs/models"),  # an absolute config value as is
    ],
)
def test_packages_dir_precedence(monkeypatch, tmp_path, env, configured, expected):
    if env is None:
        monkeypatch.delenv(models.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(models.ENV_VAR, env)
    want = Path(expected.replace("PROJECT", str(tmp_path)))
    assert models.packages_dir(configured, tmp_path) == want


def test_packages_dir_default_is_argos_own(monkeypatch, tmp_path):
    from argostranslate import settings

    monkeypatch.delenv(models.ENV_VAR, raising=False)
    assert models.packages_dir(None, tmp_path) == Path(settings.package_data_dir)


# ------------------------------------------------------------------ install, list, find


def test_install_file_then_list_and_find(good_archive, tmp_path):
    pkgs = tmp_path / "pkgs"
    info = models.install_file(good_archive, pkgs)
    assert (info.name, info.version, info.from_code, info.to_code) == ("translate-zh_en", "1.0", "zh", "en")
    assert info.path == pkgs / "translate-zh_en"  # the name comes from the metadata, not the archive's folder
    assert (info.path / "model" / "model.bin").is_file() and (info.path / "sentencepiece.model").is_file()
    assert info.size_bytes == sum(snapshot(info.path).values())
    assert models.list_packages(pkgs) == [info]
    assert models.find_zh_en(pkgs) == info
    assert visible(pkgs) == ["translate-zh_en"]
    assert not [p for p in pkgs.iterdir() if p.name.startswith(".bipub-install-")]  # no staging left behind


def test_no_model_message_names_both_ways_to_install(tmp_path):
    with pytest.raises(BipubError) as e:
        models.find_zh_en(tmp_path)
    msg = str(e.value)
    assert "\n" not in msg
    assert f"no zh→en translation model installed in {tmp_path}" in msg
    assert "bipub models install translate-zh_en" in msg and "bipub models install --file PATH.argosmodel" in msg


def test_list_skips_stray_folders_and_missing_dir(good_archive, tmp_path):
    assert models.list_packages(tmp_path / "nowhere") == []
    pkgs = tmp_path / "pkgs"
    (pkgs / "notes").mkdir(parents=True)  # no metadata.json: not a package
    models.install_file(good_archive, pkgs)
    (pkgs / ".bipub-install-x1" / "translate-zh_en-test").mkdir(parents=True)  # an interrupted install
    assert [p.path.name for p in models.list_packages(pkgs)] == ["translate-zh_en"]
    assert not (pkgs / ".bipub-install-x1").exists()  # staging of an interrupted install is cleaned


def test_newer_version_replaces_same_folder_and_highest_version_wins(base_folder, tmp_path):
    pkgs = tmp_path / "pkgs"

    def set_version(v):
        return lambda f: (f / "metadata.json").write_text(json.dumps(af.metadata(version=v)))

    models.install_file(variant(base_folder, tmp_path / "a", set_version("1.0")), pkgs)
    models.install_file(variant(base_folder, tmp_path / "b", set_version("1.2")), pkgs)  # same folder name: replaced
    assert [p.version for p in models.list_packages(pkgs)] == ["1.2"]
    models.install_file(variant(base_folder, tmp_path / "c", set_version("1.10"), name="translate-zh_en-1_10"), pkgs)
    assert [p.version for p in models.list_packages(pkgs)] == ["1.10"]  # same metadata name: replaced
    shutil.copytree(base_folder, pkgs / "translate-zh_en-1_9")  # as Argos Translate itself installs one
    set_version("1.9")(pkgs / "translate-zh_en-1_9")
    assert models.find_zh_en(pkgs).version == "1.10"  # 1.10 > 1.9: versions compare as versions


# ------------------------------------------------------------------ bad package files are refused


def _write(rel: str, data: bytes):
    def mutate(folder: Path):
        (folder / rel).write_bytes(data)

    return mutate


def _remove(rel: str):
    def mutate(folder: Path):
        p = folder / rel
        shutil.rmtree(p) if p.is_dir() else p.unlink()

    return mutate


def _bpe_instead_of_sentencepiece(folder: Path):
    (folder / "sentencepiece.model").rename(folder / "bpe.model")


REFUSED = [
    # (what is wrong, how to make it, fragment of the one-line message)
    ("German to English", _write("metadata.json", json.dumps(af.metadata(from_code="de")).encode()),
     "translates de→en; bipub needs a zh→en package"),
    ("English to Chinese", _write("metadata.json", json.dumps(af.metadata(from_code="en", to_code="zh")).encode()),
     "translates en→zh"),
    ("metadata is not JSON", _write("metadata.json", b"{package_version: 1"), "metadata.json is not valid JSON"),
    ("no metadata", _remove("metadata.json"), "no translate-zh_en-test/metadata.json in the archive"),
    ("no model", _remove("model"), "no CTranslate2 model"),
    ("no vocabulary", _remove("model/shared_vocabulary.json"), "has no vocabulary file"),
    ("no tokenizer", _remove("sentencepiece.model"), "no tokenizer"),
    ("BPE package", _bpe_instead_of_sentencepiece, "BPE packages are not supported"),
    ("truncated model.bin", _write("model/model.bin", b"\x00" * 100), "the CTranslate2 model does not load"),
    ("garbage tokenizer", _write("sentencepiece.model", b"not a model"), "sentencepiece.model is not a SentencePiece model"),
]


@pytest.mark.parametrize("what, mutate, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_package_is_refused_and_installed_ones_untouched(what, mutate, message, base_folder, good_archive, tmp_path):
    pkgs = tmp_path / "pkgs"
    models.install_file(good_archive, pkgs)
    before = snapshot(pkgs)
    bad = variant(base_folder, tmp_path, mutate)
    with pytest.raises(BipubError) as e:
        models.install_file(bad, pkgs)
    msg = str(e.value)
    assert message in msg and str(bad) in msg and "\n" not in msg
    assert snapshot(pkgs) == before


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip"), "not an Argos package (not a zip archive)"),
        (lambda p: p.write_text("just text"), "not an Argos package (not a zip archive)"),
        (lambda p: _zip(p, {"a/metadata.json": b"{}", "b/metadata.json": b"{}"}), "exactly one top folder, found 2"),
        (lambda p: _zip(p, {"a/../../evil.txt": b"x"}), "unsafe path"),
        (lambda p: None, "no such file"),
    ],
    ids=["broken zip", "text file", "two top folders", "path escapes", "missing file"],
)
def test_archive_shape_is_checked_before_extracting(make, message, tmp_path):
    archive = tmp_path / "x.argosmodel"
    make(archive)
    pkgs = tmp_path / "pkgs"
    with pytest.raises(BipubError, match=message.replace("(", r"\(").replace(")", r"\)")):
        models.install_file(archive, pkgs)
    assert not pkgs.exists() or not any(pkgs.iterdir())


# ------------------------------------------------------------------ the index


@pytest.fixture
def argos_index(monkeypatch, tmp_path):
    """Point argostranslate at a package index served by a local HTTP server; yields the served folder."""
    from argostranslate import settings

    served = tmp_path / "served"
    served.mkdir()
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(served), **kw)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    monkeypatch.setattr(settings, "remote_package_index", url + "index.json")
    monkeypatch.setattr(settings, "local_package_index", tmp_path / "index.json")
    yield served, url
    server.shutdown()
    server.server_close()


def test_install_from_index(argos_index, good_archive, tmp_path):
    served, url = argos_index
    shutil.copyfile(good_archive, served / "zh_en.argosmodel")
    entry = af.metadata(version="1.0", links=[url + "zh_en.argosmodel"])
    (served / "index.json").write_text(json.dumps([entry, af.metadata(from_code="de", links=[url + "none"])]))
    info = models.install_from_index("translate-zh_en", tmp_path / "pkgs")
    assert (info.name, info.version) == ("translate-zh_en", "1.0")
    assert models.find_zh_en(tmp_path / "pkgs") == info
    assert visible(tmp_path / "pkgs") == ["translate-zh_en"]
    assert not list((tmp_path / "pkgs").glob(".bipub-install-*"))  # the download is gone
    with pytest.raises(BipubError, match="no package named 'translate-xx_en'"):
        models.install_from_index("translate-xx_en", tmp_path / "pkgs")


def test_install_from_index_offline(monkeypatch, tmp_path):
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")  # nothing listens
    monkeypatch.setattr(settings, "local_package_index", tmp_path / "index.json")
    with pytest.raises(BipubError) as e:
        models.install_from_index("translate-zh_en", tmp_path / "pkgs")
    assert "cannot reach the Argos package index" in str(e.value)
    assert "bipub models install --file PATH.argosmodel" in str(e.value)


# ------------------------------------------------------------------ the command line


def test_cli_install_file_and_list(good_archive, tmp_path, monkeypatch):
    from bipub.cli import main

    pkgs = tmp_path / "pkgs"
    monkeypatch.setenv(models.ENV_VAR, str(pkgs))
    runner = CliRunner()
    r = runner.invoke(main, ["models", "install", "--file", str(good_archive), "-C", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "translate-zh_en" in r.output
    r = runner.invoke(main, ["models", "list", "-C", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "translate-zh_en\t1.0\tzh→en" in r.output and str(pkgs / "translate-zh_en") in r.output
    bad = tmp_path / "bad.argosmodel"
    bad.write_text("nope")
    r = runner.invoke(main, ["models", "install", "--file", str(bad), "-C", str(tmp_path)])
    assert r.exit_code == 2 and "not an Argos package" in r.output


def test_the_benchmarks_random_model_is_built_once_per_set_of_inputs(tmp_path, monkeypatch):
    """bench/make_random_model.py looked for the package under a name it never installed it as, so
    every benchmark run built it again; now a second call with the same inputs builds nothing,
    and a changed corpus builds another package."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    import make_random_model as mrm

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(af.TRAIN_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    tiny = dict(layers=1, d_model=16, heads=2, ffn=32, vocab_size=2000, quantization=None, sp_vocab_size=1200,
                bench_dir=tmp_path / "bench", corpus=[corpus])
    builds = []
    real_build = af.build_package_folder
    monkeypatch.setattr(af, "build_package_folder", lambda *a, **kw: builds.append(1) or real_build(*a, **kw))
    first = mrm.ensure_package(**tiny)
    again = mrm.ensure_package(**tiny)
    assert len(builds) == 1 and again.path == first.path and (first.path / "model" / "model.bin").is_file()
    with corpus.open("a", encoding="utf-8") as f:
        f.write("全年粮食产量13908亿斤。\n")
    other = mrm.ensure_package(**tiny)
    assert len(builds) == 2 and other.path.parent != first.path.parent
