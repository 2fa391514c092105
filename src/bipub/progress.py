"""One progress display for a whole build: documents, segments translated, time left.

On a terminal (stderr is a tty and ``CI`` is not set) it is one line rewritten
in place; elsewhere (logs, CI, pipes) it is one plain line per finished
document, so a log shows how far a long run got.  The time left is the time so
far scaled by the source bytes still to build (documents differ in size; the
bytes are known before anything is built, the segments are not).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

TRANSLATED = ("mt", "cache", "pseudo")  # origins of segments this run drafted


class RunProgress:
    def __init__(self, todo: list[Path], *, enabled: bool = True, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled and bool(todo)
        self.live = self.enabled and self.stream.isatty() and not os.environ.get("CI")
        self.sizes = {src: _size(src) for src in todo}
        self.total_bytes = sum(self.sizes.values()) or 1
        self.done_bytes = 0
        self.documents = 0
        self.segments = 0  # drafted in finished documents
        self.current = 0  # drafted so far in the document being built here (serial builds)
        self.t0 = time.monotonic()

    @property
    def segments_bar(self):
        """A callback for `draft` (segments just translated), or None when nothing is shown."""
        return self._segments if self.live else None

    def _segments(self, n: int = 1) -> None:
        self.current += n
        self._show()

    def done(self, built) -> None:
        """A document finished (``built``: `pipeline.Built`)."""
        if not self.enabled:
            return
        self.documents += 1
        self.current = 0
        self.done_bytes += self.sizes.get(built.src, 0)
        self.segments += sum(built.counts.get(o, 0) for o in TRANSLATED)
        if self.live:
            self._show()
        else:
            print(f"built {self.documents}/{len(self.sizes)} {built.src.name} ({built.seconds:.1f} s); "
                  f"{self.segments} segments translated; {self._left()}", file=self.stream, flush=True)

    def _left(self) -> str:
        if not self.done_bytes:
            return "time left unknown"
        elapsed = time.monotonic() - self.t0
        left = elapsed * (self.total_bytes - self.done_bytes) / self.done_bytes
        return f"about {_clock(left)} left"

    def _show(self) -> None:
        line = (f"documents {self.documents}/{len(self.sizes)} · segments translated "
                f"{self.segments + self.current} · {self._left()}")
        print("\r" + line[:119].ljust(119), end="", file=self.stream, flush=True)

    def close(self) -> None:
        if self.live and self.documents:
            print(file=self.stream, flush=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
