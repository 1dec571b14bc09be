"""pyttsx3's espeak-ng binding, rendering each reply straight into a buffer.

pyttsx3's ``Engine`` plays ``say()`` through ``aplay``, its ``runAndWait`` can hang on
Linux, and in its asynchronous mode voice and rate changes land one render late (measured:
the coach spoke at the partner's rate). Driving pyttsx3's espeak-ng binding in espeak's
synchronous mode renders exactly what was asked into memory; playback is ours, so it can
stop when the user speaks.

A ``VoiceStyle`` maps onto espeak-ng here (``espeak_settings``): each speaker role has its own
espeak-ng voice, the rate is espeak's words per minute, and the relative pitch -1..1 is espeak's
base pitch 0..100 with 50 as the voice's normal pitch. espeak-ng renders a whole reply in a few
milliseconds, so ``stream`` yields it as one clip.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Iterator, NamedTuple

import numpy as np

from audio.speech import Clip
from audio.tts import COACH, PARTNER, TtsOptions, TtsUnavailable, VoiceStyle

__all__ = ["ESPEAK_VOICES", "EspeakSettings", "Pyttsx3Tts", "TtsUnavailable", "espeak_settings"]

_BUFFER_MS = 200

ESPEAK_VOICES = {PARTNER: "gmw/en-US", COACH: "gmw/en"}
"""The espeak-ng voice of each speaker role: the partner American, the coach British English."""
_DEFAULT_VOICE = ESPEAK_VOICES[COACH]
"""For a role espeak has no voice of its own for (``voice_for`` gives the coach's style)."""
_NORMAL_PITCH, _PITCH_SPAN = 50, 50
"""espeak-ng base pitch is 0-100, 50 by default: relative pitch p is 50 + 50 p."""


class EspeakSettings(NamedTuple):
    """What ``synthesize`` sets in espeak-ng for one ``VoiceStyle``."""

    voice: str
    """espeak-ng voice name."""
    rate_wpm: int
    """espeak-ng RATE, in words per minute."""
    pitch: int
    """espeak-ng base PITCH, 0-100."""


def espeak_settings(style: VoiceStyle) -> EspeakSettings:
    """The espeak-ng voice, rate and pitch that render ``style``."""
    relative = max(-1.0, min(1.0, style.pitch))
    return EspeakSettings(
        voice=style.voice or ESPEAK_VOICES.get(style.speaker, _DEFAULT_VOICE),
        rate_wpm=int(style.rate_wpm),
        pitch=round(_NORMAL_PITCH + _PITCH_SPAN * relative),
    )


class Pyttsx3Tts:
    """espeak-ng can be initialised once per process, so renders are serialised."""

    _espeak = None
    _rate_hz = 0
    _lock = threading.Lock()

    def __init__(self, options: TtsOptions | None = None) -> None:
        self.options = options or TtsOptions()
        self._chunks: list[bytes] = []

    def load(self) -> None:
        """Start espeak-ng now (once per process); ``TtsUnavailable`` says what to install, or
        that espeak-ng lacks the partner's chosen voice."""
        with self._lock:
            espeak = self._load()
            voice = self.options.partner_voice if self.options.partner_engine == "pyttsx3" else None
            if voice:
                self._set_voice(espeak, voice)

    @staticmethod
    def _set_voice(espeak, voice: str) -> None:
        if espeak.SetVoiceByName(voice.encode()) != 0:
            raise TtsUnavailable(f"espeak-ng has no voice {voice!r} (list them: espeak-ng --voices)")

    @classmethod
    def _load(cls):
        if cls._espeak is None:
            try:
                from pyttsx3.drivers import _espeak
            except ModuleNotFoundError as error:
                raise TtsUnavailable(
                    f"Text-to-speech cannot start ({error}). Install pyttsx3: pip install pyttsx3 "
                    "(in a checkout: .venv/bin/pip install -e .)"
                ) from error
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

    def synthesize(self, text: str, style: VoiceStyle) -> Clip:
        """``text`` in ``style``'s espeak-ng voice, at espeak's own sample rate (22.05 kHz)."""
        settings = espeak_settings(style)
        with self._lock:
            espeak = self._load()
            self._chunks = []
            callback = espeak.t_espeak_callback(self._on_samples)  # kept alive until Synth returns
            espeak.SetSynthCallback(callback)
            self._set_voice(espeak, settings.voice)
            espeak.SetParameter(espeak.RATE, settings.rate_wpm, 0)
            espeak.SetParameter(espeak.PITCH, settings.pitch, 0)
            espeak.Synth(text, flags=espeak.CHARS_UTF8 | espeak.ENDPAUSE)
            pcm = b"".join(self._chunks)
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        return Clip(samples=samples, rate_hz=self._rate_hz)

    def stream(self, text: str, style: VoiceStyle) -> Iterator[Clip]:
        """The whole of ``synthesize`` as one clip: espeak-ng renders a reply in milliseconds."""
        yield self.synthesize(text, style)
