"""`bipub models install` under attack and under load: names from the metadata, size limits,
one atomic switch, concurrent installs, interrupted installs, and one broken package among good ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import argos_fixture as af
from bipub.cli import main
from bipub.findings import BipubError
from bipub.translate import install
from bipub.translate import packages as models
from conftest import run_bipub


@pytest.fixture(scope="module")
def base_folder(tmp_path_factory) -> Path:
    return af.build_package_folder(tmp_path_factory.mktemp("argos-base") / "translate-zh_en-test")


@pytest.fixture(scope="module")
def archive(base_folder, tmp_path_factory) -> Path:
    return af.zip_folder(base_folder, tmp_path_factory.mktemp("argos-zip") / "translate-zh_en-test.argosmodel")


def cli(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.output


def test_a_package_cannot_take_another_packages_name(base_folder, archive, tmp_path, monkeypatch):
    """A zh→en archive whose folder is called translate-en_de does not replace the installed en→de package."""
    pkgs = tmp_path / "pkgs"
    monkeypatch.setenv(models.ENV_VAR, str(pkgs))
    en_de = pkgs / "translate-en_de"
    shutil.copytree(base_folder, en_de)
    (en_de / "metadata.json").write_text(json.dumps(af.metadata(from_code="en", to_code="de")))
    disguised = base_folder.parent / "disguise" / "translate-en_de"
    shutil.copytree(base_folder, disguised)
    code, out = cli("models", "install", "--file", str(af.zip_folder(disguised, tmp_path / "x.argosmodel")),
                    "-C", str(tmp_path))
    assert code == 0, out
    assert "installed translate-zh_en 1.0" in out
    assert json.loads((en_de / "metadata.json").read_text())["to_code"] == "de"  # untouched
    code, out = cli("models", "list", "-C", str(tmp_path))
    assert "translate-en_de\t1.0\ten→de" in out and "translate-zh_en\t1.0\tzh→en" in out


def test_a_zip_bomb_is_refused_before_it_is_unpacked(base_folder, tmp_path, monkeypatch):
    """A small package file that unpacks to far more than a model is refused with one line, nothing written."""
    monkeypatch.setattr(install, "_RATIO_FLOOR", 1 << 20)  # the real floor is 64 MB; 24 MB of zeros here
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(base_folder.rglob("*")):
            if f.is_file() and f.name != "model.bin":
                zf.write(f, f"translate-zh_en-test/{f.relative_to(base_folder)}")
        with zf.open("translate-zh_en-test/model/model.bin", "w") as out:
            for _ in range(24):
                out.write(bytes(1 << 20))
    assert bomb.stat().st_size < 2 << 20
    pkgs = tmp_path / "pkgs"
    monkeypatch.setenv(models.ENV_VAR, str(pkgs))
    code, out = cli("models", "install", "--file", str(bomb), "-C", str(tmp_path))
    assert code == 2
    assert "unpacks to 24 MB from" in out and "refused" in out and len(out.strip().splitlines()) == 1
    assert not pkgs.exists() or not list(pkgs.iterdir())


def test_size_limits_are_checked_from_the_archive(archive, monkeypatch, tmp_path):
    monkeypatch.setattr(install, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(BipubError, match=r"unpacks to \d+ MB; at most 0 MB"):
        models.install_file(archive, tmp_path / "pkgs")
    monkeypatch.setattr(install, "MAX_ARCHIVE_BYTES", 1000)
    with pytest.raises(BipubError, match="a package file may be at most 0 MB"):
        models.install_file(archive, tmp_path / "pkgs")


def test_a_build_never_sees_no_model_while_a_new_one_is_installed(archive, tmp_path):
    """The switch is one rename: a reader looking up the model all through three installs always finds one."""
    pkgs = tmp_path / "pkgs"
    models.install_file(archive, pkgs)
    misses: list[str] = []
    done = threading.Event()

    def look():
        while not done.is_set():
            try:
                info = models.find_zh_en(pkgs)
                if not (info.path / "model" / "model.bin").is_file():
                    misses.append("no model.bin")
            except BipubError as e:
                misses.append(str(e))

    reader = threading.Thread(target=look)
    reader.start()
    try:
        for _ in range(3):
            models.install_file(archive, pkgs)
    finally:
        done.set()
        reader.join()
    assert misses == []


def test_concurrent_installs_wait_their_turn(archive, tmp_path):
    pkgs = tmp_path / "pkgs"
    env = dict(os.environ, BIPUB_PACKAGES_DIR=str(pkgs))
    procs = [subprocess.Popen([sys.executable, "-m", "bipub", "models", "install", "--file", str(archive),
                               "-C", str(tmp_path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    for out, err, code in results:
        assert code == 0 and "Traceback" not in err, err
    assert [p.name for p in models.list_packages(pkgs)] == ["translate-zh_en"]
    hidden = [p.name for p in pkgs.iterdir() if p.name.startswith(".bipub-pkg-")]
    assert 1 <= len(hidden) <= 2  # the installed version, and the previous one until the next install


def test_an_interrupted_install_is_cleaned_by_the_next_run(archive, tmp_path):
    pkgs = tmp_path / "pkgs"
    models.install_file(archive, pkgs)
    staging = pkgs / ".bipub-install-k2j4l5" / "translate-zh_en-test" / "model"
    staging.mkdir(parents=True)
    (staging / "model.bin").write_bytes(bytes(1000))
    env = dict(os.environ, BIPUB_PACKAGES_DIR=str(pkgs))
    r = run_bipub("models", "list", "-C", str(tmp_path), env=env)
    assert r.returncode == 0 and "translate-zh_en" in r.stdout
    assert not (pkgs / ".bipub-install-k2j4l5").exists()


def test_a_folder_installed_by_argos_itself_is_replaced_and_later_removed(base_folder, archive, tmp_path):
    pkgs = tmp_path / "pkgs"
    shutil.copytree(base_folder, pkgs / "translate-zh_en")  # a real folder, as an older installer left it
    models.install_file(archive, pkgs)
    assert (pkgs / "translate-zh_en").is_symlink()
    models.install_file(archive, pkgs)
    assert not [p for p in pkgs.iterdir() if "-replaced-" in p.name]


def test_one_unreadable_package_is_skipped_and_the_build_still_translates(project, archive, tmp_path):
    pkgs = tmp_path / "pkgs"
    env = dict(os.environ, BIPUB_PACKAGES_DIR=str(pkgs))
    assert run_bipub("models", "install", "--file", str(archive), "-C", str(project), env=env).returncode == 0
    (pkgs / "translate-ja_en").mkdir()
    (pkgs / "translate-ja_en" / "metadata.json").write_text("{not json")
    r = run_bipub("build", "-C", str(project), "--engine", "argos", "--format", "html", env=env)
    assert "Traceback" not in r.stderr
    report = json.loads((project / "output" / "demo.report.json").read_text(encoding="utf-8"))
    assert report["counts"]["mt"] > 0 and report["counts"]["untranslated"] == 0
    skipped = [line for line in (r.stdout + r.stderr).splitlines() if "models.package-skipped" in line]
    assert len(skipped) == 1 and "translate-ja_en/metadata.json" in skipped[0]
    r = run_bipub("models", "list", "-C", str(project), env=env)
    assert r.returncode == 0 and "translate-zh_en" in r.stdout and "translate-ja_en skipped" in r.stdout + r.stderr
