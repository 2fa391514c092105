"""The machine-translation cache: an SQLite file under the project.

Location: ``.bipub/cache.sqlite`` in the project (the ``.bipub/`` folder gets a
``.gitignore`` holding ``*`` so the cache never reaches git).  One table::

    mt(key TEXT PRIMARY KEY, target TEXT, at TEXT)

``key`` comes from ``cache_key``: a SHA-256 over the normalized Chinese
(``normalize.squash``), the English renderings of the glossary terms the
segment contains, the engine signature (package name and version,
CTranslate2 version, decoding settings) and the protection scheme.  Change
any of them and the segment is translated again; change nothing and the model
is not called at all.  ``target`` is the engine's raw output for the
*masked* text (placeholders still in it), so restoring and its findings are
repeated on every build, exactly as on the first.

A cache that cannot be used never stops a build:

* a corrupt file (not a database, damaged pages) is moved to
  ``cache.sqlite.corrupt`` and a new, empty cache is created —
  finding ``cache.rebuilt`` (warning);
* a file locked by another process, or unwritable, is left alone and this run
  uses an in-memory cache instead — finding ``cache.unavailable`` (warning).

The findings are in ``Cache.findings`` (the pipeline adds them to the report).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from bipub.findings import Finding
from bipub.text.normalize import squash

#: seconds to wait for another bipub process holding the lock (two builds of one project at once
#: on a loaded machine: 2 s was too short, and the build waiting gave up the file for a cache in memory)
LOCK_TIMEOUT = 10.0
#: writes are committed in groups of this size, after each batch of the model (`flush`) and on close,
#: so a build never holds the write lock while its model runs
COMMIT_EVERY = 64

_SCHEMA = "CREATE TABLE IF NOT EXISTS mt (key TEXT PRIMARY KEY, target TEXT NOT NULL, at TEXT NOT NULL)"


def cache_key(segment_source: str, term_renderings: list[str], engine_signature: str, *, masked: str = "") -> str:
    """The cache key of one segment (64 hex digits).

    ``masked`` (optional) is the text the engine actually receives; passing it
    makes the key change whenever the masking of terms or numbers changes.
    """
    from bipub.translate.protect import SCHEME

    parts = [SCHEME, squash(segment_source), "\x1e".join(term_renderings), engine_signature, masked]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Cache:
    """Key → raw MT output.  Never raises on a bad file; see ``findings``."""

    def __init__(self, path: Path, *, shown: str | None = None):
        """``shown``: the path as findings name it (project-relative, `Project.show`)."""
        self.path = Path(path)
        self.shown = shown or str(path)
        self.findings: list[Finding] = []
        self._pending = 0
        self._conn = self._open()

    # ------------------------------------------------------------------ opening

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._ignore_in_git()
            return self._connect(self.path)
        except sqlite3.DatabaseError as exc:
            if _is_locked(exc):
                return self._fallback(f"is locked by another process ({exc}); this run uses a cache in memory")
            return self._rebuild(exc)
        except OSError as exc:
            return self._fallback(f"cannot be opened ({exc.strerror or exc}); this run uses a cache in memory")

    @staticmethod
    def _connect(path) -> sqlite3.Connection:
        conn = sqlite3.connect(str(path), timeout=LOCK_TIMEOUT)
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {row[0] if row else 'no answer'}")
            conn.execute(_SCHEMA)
            conn.execute("SELECT key, target, at FROM mt LIMIT 1").fetchall()
            conn.commit()
        except BaseException:
            conn.close()
            raise
        return conn

    def _rebuild(self, exc: Exception) -> sqlite3.Connection:
        corrupt = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, corrupt)
            for suffix in ("-journal", "-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.unlink()
            conn = self._connect(self.path)
        except (OSError, sqlite3.Error) as exc2:
            return self._fallback(f"is damaged ({exc}) and could not be rebuilt ({exc2}); this run uses a cache in memory")
        self._warn("cache.rebuilt", f"was damaged ({exc}); moved to {corrupt.name} and rebuilt empty")
        return conn

    def _fallback(self, why: str) -> sqlite3.Connection:
        self._warn("cache.unavailable", why)
        conn = sqlite3.connect(":memory:")
        conn.execute(_SCHEMA)
        return conn

    def _warn(self, code: str, what: str) -> None:
        self.findings.append(Finding(code, "warning", f"MT cache {self.shown} {what}", self.shown))

    def _ignore_in_git(self) -> None:
        if self.path.parent.name == ".bipub":
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# bipub's local cache: never commit\n*\n", encoding="utf-8")

    # ------------------------------------------------------------------ use

    def get(self, key: str) -> str | None:
        """The cached output for ``key``, or None."""
        try:
            row = self._conn.execute("SELECT target FROM mt WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._lose(exc)
            return None
        return row[0] if row else None

    def put(self, key: str, target: str) -> None:
        """Store ``target`` under ``key`` (replacing an older value)."""
        at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            self._conn.execute("INSERT OR REPLACE INTO mt (key, target, at) VALUES (?, ?, ?)", (key, target, at))
            self._pending += 1
            if self._pending >= COMMIT_EVERY:
                self._conn.commit()
                self._pending = 0
        except sqlite3.Error as exc:
            self._lose(exc)
            self.put(key, target)

    def flush(self) -> None:
        """Commit what was put so far (the draft step calls it after each batch of the model)."""
        if self._conn is None or not self._pending:
            return
        try:
            self._conn.commit()
            self._pending = 0
        except sqlite3.Error as exc:
            self._lose(exc)

    def __len__(self) -> int:
        try:
            return self._conn.execute("SELECT COUNT(*) FROM mt").fetchone()[0]
        except sqlite3.Error:
            return 0

    def close(self) -> None:
        """Write pending entries and close the file.  Safe to call twice."""
        if self._conn is None:
            return
        try:
            self._conn.commit()
        except sqlite3.Error as exc:
            self._warn("cache.unavailable", f"could not save new entries ({exc})")
        finally:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _lose(self, exc: Exception) -> None:
        """The file failed in the middle of a run: continue in memory."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass
        self._conn = self._fallback(f"failed during the build ({exc})")


def _is_locked(exc: Exception) -> bool:
    """Locked, busy or read-only: the file is fine, we just cannot use it now."""
    msg = str(exc).lower()
    return any(w in msg for w in ("locked", "busy", "readonly", "read-only", "unable to open"))
