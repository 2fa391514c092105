"""Outputs are written whole or not at all, and with the mode any new file gets."""

import os

import pytest

from bipub.atomic import replacing, write_atomic


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_file_gets_the_umask_mode(tmp_path):
    write_atomic(tmp_path / "out.html", "<p>x</p>\n")
    assert (tmp_path / "out.html").stat().st_mode & 0o777 == 0o666 & ~umask()


def test_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "memory.jsonl"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomic(path, "new\n")
    assert path.read_text() == "new\n" and path.stat().st_mode & 0o777 == 0o640


def test_failure_leaves_the_old_file_and_no_temp(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with replacing(path) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("renderer crashed")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
