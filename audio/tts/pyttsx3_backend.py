"""pyttsx3's espeak-ng binding, rendering each reply straight into a buffer.

pyttsx3's ``Engine`` plays ``say()`` through ``aplay``, its ``runAndWait`` can hang on
Linux, and in its asynchronous mode voice and rate changes land one render late (measured:
the coach spoke at the partner's rate). Driving pyttsx3's espeak-ng binding in espeak's
synchronous mode renders exactly what was asked into memory; playback is ours, so it can
stop when the user speaks.
"""

from __future__ import annotations

import ctypes
import threading

import numpy as np

from audio.speech import Clip
from audio.tts import VoiceStyle

_BUFFER_MS = 200


class TtsUnavailable(RuntimeError):
    """The speech synthesiser could not start; the message says what to install."""


class Pyttsx3Tts:
    """espeak-ng can be initialised once per process, so renders are serialised."""

    _espeak = None
    _rate_hz = 0
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    @classmethod
    def _load(cls):
        if cls._espeak is None:
            try:
                from pyttsx3.drivers import _espeak
            except Exception as error:  # noqa: BLE001 - OSError when libespeak-ng is missing
                raise TtsUnavailable(
                    f"Text-to-speech cannot start ({error}). Install espeak-ng: "
                    "sudo apt-get install espeak-ng"
                ) from error
            rate_hz = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, None, 0)
            if rate_hz <= 0:
                raise TtsUnavailable("espeak-ng could not start: sudo apt-get install espeak-ng")
            cls._espeak, cls._rate_hz = _espeak, rate_hz
        return cls._espeak

    def _on_samples(self, wav, num_samples, _events) -> int:
        if num_samples > 0:
            self._chunks.append(ctypes.string_at(wav, num_samples * ctypes.sizeof(ctypes.c_short)))
        return 0  # 0 = go on synthesising

    def synthesize(self, text: str, voice: VoiceStyle) -> Clip:
        with self._lock:
            espeak = self._load()
            self._chunks = []
            callback = espeak.t_espeak_callback(self._on_samples)  # kept alive until Synth returns
            espeak.SetSynthCallback(callback)
            if espeak.SetVoiceByName(voice.voice_id.encode()) != 0:
                raise TtsUnavailable(f"espeak-ng has no voice {voice.voice_id!r}")
            espeak.SetParameter(espeak.RATE, voice.rate_wpm, 0)
            espeak.SetParameter(espeak.PITCH, voice.pitch, 0)
            espeak.Synth(text, flags=espeak.CHARS_UTF8 | espeak.ENDPAUSE)
            pcm = b"".join(self._chunks)
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        return Clip(samples=samples, rate_hz=self._rate_hz)
