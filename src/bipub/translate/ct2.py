"""CTranslate2's process settings: import this module before ``ctranslate2`` is imported.

* **MKL off.**  With MKL, int8 decoding is about 40× slower on AMD CPUs, so importing
  this module sets ``CT2_USE_MKL=0`` for bipub's process (before CTranslate2 picks its
  CPU backend).  Both the Argos engine and the package installer import it; neither
  imports the other for it.
* **Memory kept for reuse** (`keep_buffers`, called when an engine opens its model).
  Every decoding step allocates and frees buffers of a few megabytes (the logits of a
  65,000-piece vocabulary for each sentence of a batch).  glibc serves allocations over
  its mmap threshold with a fresh ``mmap`` and returns them with ``munmap``; it raises
  that threshold by itself after the first such free, unless ``MALLOC_TRIM_THRESHOLD_``
  or ``MALLOC_MMAP_THRESHOLD_`` is set, and a Dask nanny sets
  ``MALLOC_TRIM_THRESHOLD_=65536`` for its workers.  There every step paid for page
  faults on memory the kernel had to zero again: the same batch took 2.4× the CPU time
  (`bench/bench_malloc.py`), which is most of why ``--cluster local`` was twice as
  slow as a serial build with the model.  Setting the mmap threshold to 32 MiB and the
  trim threshold to 128 MiB keeps those buffers in the heap wherever the process was
  started; with glibc's own defaults it changes nothing measurable.  Only how memory
  is obtained changes, never a result (the benchmark compares the English).
  Elsewhere than glibc this does nothing.
"""

import ctypes
import os
import sys

os.environ["CT2_USE_MKL"] = "0"

#: glibc's mallopt parameters, and the values set
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_THRESHOLD, MMAP_THRESHOLD = 128 * 2**20, 32 * 2**20

_kept: list[bool] = []


def keep_buffers() -> bool:
    """Raise glibc's mmap and trim thresholds for this process (once); False where there is no mallopt."""
    if _kept:
        return _kept[0]
    ok = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None)
            ok = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(M_TRIM_THRESHOLD,
                                                                                         TRIM_THRESHOLD))
        except (OSError, AttributeError):  # not glibc (musl has no mallopt)
            ok = False
    _kept.append(ok)
    return ok
