"""Whisper's working memory stays mapped between turns: glibc keeps freed blocks for reuse.

CTranslate2 allocates and frees its buffers on every pass (the encoder's attention scores
alone are 6 heads x 1500 x 1500 floats, 54 MB). glibc serves a block that large with ``mmap``
and hands it back to the kernel on ``free``, so the next pass page-faults every page in again:
about 60,000 faults per short turn, which made a transcription 0.36 s instead of 0.26 s on 2
cores. With ``mmap`` off and trimming raised, freed blocks stay in the heap and the next pass
reuses them. The price is resident memory that stays at its high-water mark (tiny.en: 45 MB
more after a few turns alone, about 70 MB more for realtalk in a session). The setting is
process-wide; Rasa and the action server run as programs of their own and keep glibc's
defaults.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform

M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4
"""``mallopt`` parameters, from glibc's malloc.h."""

KEPT_TOP_BYTES = 1 << 30
"""Free memory at the top of the heap is returned to the kernel only beyond this (1 GiB)."""

_kept = False


def keep_freed_memory() -> bool:
    """Make glibc keep freed blocks for reuse; True once in effect, False off glibc."""
    global _kept
    if _kept:
        return True
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    _kept = bool(libc.mallopt(M_MMAP_MAX, 0)) and bool(libc.mallopt(M_TRIM_THRESHOLD, KEPT_TOP_BYTES))
    return _kept
