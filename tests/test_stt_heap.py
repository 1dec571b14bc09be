"""Whisper's freed buffers stay mapped between turns (``audio.stt.heap``), counted in page faults.

Each case runs in a fresh interpreter, because the heap setting lasts for the whole process.
Page faults are counted, not timed: a buffer the kernel maps afresh faults once per 4 KiB page
(transparent huge pages are turned off in that interpreter, so the count does not depend on the
machine's huge-page setting).
"""

from __future__ import annotations

import pytest

from tests.fresh_python import run_python
from tests.speech_tools import synthesize_wav

PAGES_IN_64_MB = 64 * 1024 * 1024 // 4096

NO_HUGE_PAGES = """
import ctypes, ctypes.util
PR_SET_THP_DISABLE = 41
ctypes.CDLL(ctypes.util.find_library("c")).prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)
"""


def _second_buffer_faults(keep: bool) -> dict:
    return run_python(prelude=NO_HUGE_PAGES, code=f"""
        import ctypes, ctypes.util, json, resource
        from audio.stt.heap import keep_freed_memory
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.malloc.restype, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_void_p]
        kept = keep_freed_memory() if {keep} else False
        def faults_for_a_64_mb_buffer():
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            buffer = libc.malloc(64 << 20)
            ctypes.memset(buffer, 1, 64 << 20)
            libc.free(buffer)
            return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
        faults_for_a_64_mb_buffer()
        print(json.dumps({{"kept": kept, "again": keep_freed_memory() if {keep} else False,
                           "second_faults": faults_for_a_64_mb_buffer()}}))
    """)


def test_a_freed_buffer_is_reused_instead_of_faulted_in_again():
    glibc_default = _second_buffer_faults(keep=False)
    kept = _second_buffer_faults(keep=True)
    assert glibc_default["second_faults"] >= PAGES_IN_64_MB * 0.9, "the control must show the faults"
    assert kept["kept"] and kept["again"], "on glibc the setting takes effect, and asking twice is harmless"
    assert kept["second_faults"] < PAGES_IN_64_MB * 0.05, kept


def _whisper_turn_faults(wav, keep: bool) -> dict:
    return run_python(prelude=NO_HUGE_PAGES, code=f"""
        import json, resource
        from audio.files import read_clip
        from audio.stt import SttOptions, create_stt
        stt = create_stt(SttOptions(keep_freed_memory={keep}))
        clip = read_clip({str(wav)!r})
        first = stt.transcribe(clip)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        second = stt.transcribe(clip)
        print(json.dumps({{"faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before,
                           "texts": [first.text, second.text]}}))
    """)


@pytest.fixture(scope="module")
def turn_wav(tmp_path_factory):
    return synthesize_wav("I think we should talk about the money.",
                          tmp_path_factory.mktemp("heap") / "turn.wav")


@pytest.mark.models
def test_a_second_whisper_turn_reuses_the_first_turns_memory(turn_wav):
    glibc_default = _whisper_turn_faults(turn_wav, keep=False)
    kept = _whisper_turn_faults(turn_wav, keep=True)
    assert glibc_default["faults"] > 20_000, "the control must show CTranslate2's buffers faulting in"
    assert kept["faults"] < glibc_default["faults"] / 10, (kept, glibc_default)
    assert kept["texts"] == glibc_default["texts"], "keeping memory must not change the words"
    assert "money" in kept["texts"][1].lower()
