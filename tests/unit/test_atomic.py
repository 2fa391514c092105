"""Outputs are written whole or not at all, and with the mode any new file gets."""

import os

import pytest

from bipub.atomic import STARTED, remove_leftovers, replacing, write_atomic


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


def test_leftovers_of_an_interrupted_write_are_removed_on_the_next_write(tmp_path):
    """A build killed while typesetting leaves output/.NAME.pdf.XXXXXXXX.tmp: the next write removes it."""
    old = tmp_path / ".demo.pdf.k3j_x9q2.tmp"
    old.write_bytes(b"half a PDF")
    os.utime(old, (STARTED - 60, STARTED - 60))
    other = tmp_path / ".demo.html.k3j_x9q2.tmp"  # another file's leftover: its own write removes it
    other.write_bytes(b"x")
    os.utime(other, (STARTED - 60, STARTED - 60))
    mine = tmp_path / "notes.k3j_x9q2.tmp"  # not a bipub temporary name
    mine.write_bytes(b"keep")
    os.utime(mine, (STARTED - 60, STARTED - 60))
    write_atomic(tmp_path / "demo.pdf", b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".demo.html.k3j_x9q2.tmp", "demo.pdf", "notes.k3j_x9q2.tmp"]


def test_a_temporary_file_in_use_or_newer_than_the_run_is_kept(tmp_path):
    import fcntl

    locked = tmp_path / ".demo.pdf.aaaaaaaa.tmp"
    locked.write_bytes(b"being written by another build")
    os.utime(locked, (STARTED - 60, STARTED - 60))
    fresh = tmp_path / ".demo.pdf.bbbbbbbb.tmp"
    fresh.write_bytes(b"started after this run")
    with open(locked, "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        assert remove_leftovers(tmp_path / "demo.pdf") == []
    assert locked.exists() and fresh.exists()
