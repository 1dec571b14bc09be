"""Voice activity detection: how likely one 32 ms frame holds speech."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class VoiceActivityDetector(Protocol):
    """A streaming detector fed one frame (``audio.format.FRAME_SAMPLES``) at a time."""

    def speech_probability(self, frame: np.ndarray) -> float:
        """Probability in [0, 1] that ``frame`` contains speech."""

    def reset(self) -> None:
        """Forget the stream so far (call between turns)."""


def default_detector() -> VoiceActivityDetector:
    """The Silero VAD that faster-whisper ships."""
    from audio.vad.silero import SileroVad

    return SileroVad()
