"""CTranslate2's process settings (bipub.translate.ct2): MKL off, decoding buffers kept in the heap."""

import subprocess
import sys
from types import SimpleNamespace

import pytest

import bipub.translate.argos as argos
from bipub.findings import BipubError


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_keep_buffers_sets_glibcs_thresholds_once_even_under_a_dask_nannys_environment():
    code = "from bipub.translate import ct2; print(ct2.keep_buffers(), ct2.keep_buffers(), ct2._kept)"
    env = {"MALLOC_TRIM_THRESHOLD_": "65536", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "[True]"]


def test_an_engine_keeps_its_buffers_before_it_loads_the_model(monkeypatch, tmp_path):
    called = []
    monkeypatch.setattr(argos, "keep_buffers", lambda: called.append(True) or True)
    with pytest.raises(BipubError):  # no metadata.json: the package is refused after the setting
        argos.ArgosEngine(SimpleNamespace(path=tmp_path, name="x", version="1"))
    assert called == [True]
