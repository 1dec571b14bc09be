"""Text-to-speech: renders a reply to a ``Clip`` that playback can stop at any moment.

The engine is chosen by name (``TtsOptions.engine``) from ``TTS_ENGINES``; each engine lives in
its own module here, imported only when it is used. A ``VoiceStyle`` says how a speaker should
sound in terms any engine can honour (role, rate, relative pitch); each engine maps it onto its
own voices. Adding an engine is one new module with a class taking ``TtsOptions`` (importing
its third-party library only in ``load()``, failing with ``TtsUnavailable`` that says what to
install) plus one entry in ``TTS_ENGINES``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from audio.speech import Clip

PARTNER, COACH = "partner", "coach"
"""The speaker roles a ``VoiceStyle`` can have (the same strings as ``Reply.speaker``)."""


@dataclass(frozen=True)
class VoiceStyle:
    """How one speaker sounds, so the user always knows who is talking."""

    speaker: str
    """Role: "partner" (the person being rehearsed with) or "coach"; an engine picks a
    different voice for each."""
    rate_wpm: int
    """Speaking rate in words per minute."""
    pitch: float = 0.0
    """Relative base pitch from -1.0 (the lowest the engine offers) through 0.0 (the voice's
    normal pitch) to +1.0 (the highest); values outside are clamped."""
    voice: str | None = None
    """Engine-specific voice name (e.g. an espeak-ng voice such as "gmw/en-US" for pyttsx3);
    None: the engine's default voice for ``speaker``."""


PARTNER_VOICE = VoiceStyle(speaker=PARTNER, rate_wpm=165, pitch=0.1)
COACH_VOICE = VoiceStyle(speaker=COACH, rate_wpm=145, pitch=-0.3)
"""The coach speaks slower and lower than the partner, and each engine gives it its own voice."""


def voice_for(speaker: str) -> VoiceStyle:
    """The voice of ``speaker`` ("partner" or "coach"; anything else sounds like the coach)."""
    return PARTNER_VOICE if speaker == PARTNER else COACH_VOICE


class TextToSpeech(Protocol):
    """An offline speech synthesiser; its engine starts lazily, once."""

    def load(self) -> None:
        """Start the engine now rather than on the first reply; raises ``TtsUnavailable``."""

    def synthesize(self, text: str, style: VoiceStyle) -> Clip:
        """Audio of ``text`` spoken as ``style`` says, at the engine's own sample rate."""


class TtsUnavailable(RuntimeError):
    """The speech synthesiser could not start; the message says what to install."""


@dataclass(frozen=True)
class TtsOptions:
    """Which synthesiser to run."""

    engine: str = "pyttsx3"
    """One of ``TTS_ENGINES`` (default: pyttsx3, driving espeak-ng in this process)."""


TTS_ENGINES: dict[str, str] = {
    "pyttsx3": "audio.tts.pyttsx3_backend:Pyttsx3Tts",
}
"""Engine name -> "module:class" of its backend; the class takes ``TtsOptions``."""


def create_tts(options: TtsOptions = TtsOptions()) -> TextToSpeech:
    """The engine ``options.engine`` names (pyttsx3 by default); nothing starts yet.

    Raises ``ValueError`` naming the known engines for an unknown name. A backend module imports
    its third-party library only in ``load()``, raising ``TtsUnavailable`` with what to install.
    """
    target = TTS_ENGINES.get(options.engine)
    if target is None:
        raise ValueError(f"unknown speech synthesiser {options.engine!r}; choose one of {', '.join(TTS_ENGINES)}")
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)(options)
