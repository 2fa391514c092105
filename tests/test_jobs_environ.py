"""Workers see the build's own BIPUB_* settings, however they were started.  A fork server is started
once per process with the environment of that moment; a build run later in the same process (the desk,
a test, any long-lived caller) that set BIPUB_PACKAGES_DIR since then had workers that found no model."""

import os
from multiprocessing import forkserver

import pytest

import bipub.jobs as jobs
from archive_fixture import make_archive
from argos_fixture import build_package
from bipub.pipeline import build
from bipub.project import Project
from bipub.translate.install import install_file


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="no fork server here")
def test_workers_from_an_earlier_fork_server_see_the_packages_folder_set_since(tmp_path, monkeypatch):
    monkeypatch.delenv("BIPUB_PACKAGES_DIR", raising=False)
    forkserver.ensure_running()  # started now, without BIPUB_PACKAGES_DIR (or earlier, by another test)
    packages = tmp_path / "packages"
    install_file(build_package(tmp_path / "pkg"), packages)
    monkeypatch.setenv("BIPUB_PACKAGES_DIR", str(packages))
    monkeypatch.setattr(jobs, "START", "forkserver")
    project = Project.open(make_archive(tmp_path / "p", 2, formats=("html",)))

    result = build(project.with_build(engine="argos"), progress=False, jobs=2)

    codes = {f.code for d in result.documents for f in d.findings} | {f.code for f in result.findings}
    assert "translate.engine-unavailable" not in codes and "build.source-error" not in codes, codes
    assert all(d.counts.get("untranslated", 0) == 0 for d in result.documents)
    assert sum(d.counts.get("mt", 0) for d in result.documents) > 0
