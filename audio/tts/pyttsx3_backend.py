"""pyttsx3 on espeak-ng, rendered to a buffer instead of played by pyttsx3.

pyttsx3 plays ``say()`` through ``aplay`` and its ``runAndWait`` can hang on Linux;
rendering with ``save_to_file`` into a private temporary file and playing it ourselves
avoids both and lets playback stop when the user speaks.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import threading

import numpy as np
import soundfile

from audio.speech import Clip
from audio.tts import VoiceStyle


class TtsUnavailable(RuntimeError):
    """The speech synthesiser could not start; the message says what to install."""


class Pyttsx3Tts:
    """One espeak-ng engine per process (espeak cannot be initialised twice)."""

    def __init__(self) -> None:
        self._engine = None
        self._lock = threading.Lock()
        self._workdir = tempfile.mkdtemp(prefix="realtalk-tts-")  # mkdtemp is 0700

    def _load(self):
        if self._engine is None:
            try:
                import pyttsx3

                self._engine = pyttsx3.init("espeak")
            except Exception as error:  # noqa: BLE001 - pyttsx3 raises many kinds
                raise TtsUnavailable(
                    f"Text-to-speech cannot start ({error}). Install espeak-ng: "
                    "sudo apt-get install espeak-ng"
                ) from error
        return self._engine

    def synthesize(self, text: str, voice: VoiceStyle) -> Clip:
        with self._lock:
            engine = self._load()
            engine.setProperty("voice", voice.voice_id)
            engine.setProperty("rate", voice.rate_wpm)
            path = os.path.join(self._workdir, "reply.wav")
            with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to …"
                engine.save_to_file(text, path)
                engine.runAndWait()
            try:
                samples, rate_hz = soundfile.read(path, dtype="float32")
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
        return Clip(samples=np.asarray(samples, dtype=np.float32), rate_hz=rate_hz)
