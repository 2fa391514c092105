"""The lock every writer of the translation memory holds while it re-reads, merges and writes.

One advisory ``flock`` on the memory folder (``translations/``) itself, so no
lock file is left in the project.  Every command that writes a memory — a
build's save, ``review import``, the desk — takes it for the short
read-merge-write step only, never for a whole build.

The lock is re-entrant inside one process (a review import that saves several
memories of the folder holds it once), and a command that waits longer than
``TIMEOUT`` seconds stops with one line instead of hanging.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from bipub.findings import BipubError

#: Seconds a command waits for another command's save before it gives up.
TIMEOUT = 120.0

_guard = threading.Lock()
_held: dict[str, list] = {}  # real folder path -> [fd, depth, threading.RLock]


@contextmanager
def memory_lock(folder: Path, *, timeout: float = TIMEOUT):
    """Hold the exclusive lock of the memory folder ``folder`` (created if missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    real = os.path.realpath(folder)
    with _guard:
        entry = _held.setdefault(real, [None, 0, threading.RLock()])
    rlock: threading.RLock = entry[2]
    if not rlock.acquire(timeout=timeout):
        raise BipubError(f"{folder}: the translation memory is locked by another thread of this command")
    try:
        if entry[1] == 0:
            entry[0] = _flock(folder, real, timeout)
        entry[1] += 1
        try:
            yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                fd, entry[0] = entry[0], None
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
    finally:
        rlock.release()


def _flock(folder: Path, real: str, timeout: float) -> int:
    fd = os.open(real, os.O_RDONLY)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise BipubError(f"{folder}: cannot lock the translation memory: {e.strerror or e}") from e
        if time.monotonic() >= deadline:
            os.close(fd)
            raise BipubError(
                f"{folder}: another bipub command has held the translation memory for {timeout:.0f} s; "
                "try again when it has finished"
            )
        time.sleep(0.02)
