"""Pytest plugin with the real-audio fixtures: a private PulseAudio daemon and the shared speech folder.

Register it from tests/conftest.py with ``pytest_plugins = ["tests.conftest_audio"]``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.pulse_harness import PulseHarness, pulseaudio_is_installed

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_SPEECH_DIR = PROJECT_ROOT.parent / "shared" / "speech"


def _require_pulseaudio() -> None:
    if pulseaudio_is_installed():
        return
    reason = ("PulseAudio (pulseaudio, pactl, paplay, parecord) is not installed, so the real-audio "
              "tests cannot run; run `make test`, which sets up the audio test environment")
    if os.environ.get("CI"):
        pytest.fail(reason + " (failing, not skipping, because CI is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pulse():
    """A private PulseAudio daemon (fake speaker ``rt_speaker``, fake mic ``rt_mic``) for the whole session.

    Do not change its topology (e.g. ``unplug_microphone``) here: use ``private_pulse`` for that.
    """
    _require_pulseaudio()
    with PulseHarness() as harness:
        yield harness


@pytest.fixture
def private_pulse():
    """A fresh private PulseAudio daemon for one test that changes devices (e.g. unplugs the mic)."""
    _require_pulseaudio()
    with PulseHarness() as harness:
        yield harness


@pytest.fixture(scope="session")
def shared_speech_dir() -> Path:
    """The folder of real human speech recordings (``../shared/speech/`` from the project root)."""
    if not SHARED_SPEECH_DIR.is_dir():
        pytest.skip(f"real speech recordings not found at {SHARED_SPEECH_DIR} "
                    "(the shared/ folder next to the project is not part of a plain clone)")
    return SHARED_SPEECH_DIR
