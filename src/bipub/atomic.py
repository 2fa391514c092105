"""Writing files so that nothing is ever half-written.

Every output goes to a temporary file in the destination folder and is moved
into place with ``os.replace`` (atomic on POSIX): a reader sees the old file or
the new one, and a failure leaves the old one untouched.

The temporary file is ``.NAME.XXXXXXXX.tmp`` beside ``NAME`` and is locked
(``flock``) while it is written.  A process killed mid-write leaves it behind;
the next write of ``NAME`` removes such leftovers: only bipub's own temporary
names for that file, only files older than the running process, and only when
no other process holds their lock (a concurrent build writing the same file).
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

#: when this process started using bipub.atomic: leftovers must be older
STARTED = time.time()


@contextmanager
def replacing(path: Path):
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on error it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # "in use" for remove_leftovers of other processes
        os.chmod(tmp, file_mode(path))  # mkstemp makes 0600; the result must be readable as any new file is
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files an interrupted write of ``path`` left (see the module docstring)."""
    own = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.tmp")
    removed = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if not own.fullmatch(name):
            continue
        leftover = path.parent / name
        try:
            fd = os.open(leftover, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if os.fstat(fd).st_mtime >= STARTED or not os.path.isfile(leftover):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            leftover.unlink()
            removed.append(leftover)
        except OSError:  # locked: being written right now
            continue
        finally:
            os.close(fd)
    return removed


def file_mode(path: Path) -> int:
    """The mode ``path`` should get: its current mode when it exists, else 0666 less the umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write text (with ``\\n`` line ends) or bytes to ``path`` atomically."""
    with replacing(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            with open(tmp, "w", encoding=encoding, newline="") as fh:
                fh.write(data)
