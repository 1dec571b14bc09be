"""Text-to-speech: renders a reply to a ``Clip`` that playback can stop at any moment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from audio.speech import Clip


class TextToSpeech(Protocol):
    """An offline speech synthesiser."""

    def synthesize(self, text: str, voice: "VoiceStyle") -> Clip:
        """Audio of ``text`` spoken in ``voice``."""


@dataclass(frozen=True)
class VoiceStyle:
    """How one speaker sounds, so the user always knows who is talking."""

    voice_id: str
    """espeak-ng voice name."""
    rate_wpm: int
    """Speaking rate in words per minute."""
    pitch: int = 50
    """espeak-ng base pitch, 0-100."""


PARTNER_VOICE = VoiceStyle(voice_id="gmw/en-US", rate_wpm=165, pitch=55)
COACH_VOICE = VoiceStyle(voice_id="gmw/en", rate_wpm=145, pitch=35)


def voice_for(speaker: str) -> VoiceStyle:
    """The voice of ``speaker`` ("partner" or "coach")."""
    return PARTNER_VOICE if speaker == "partner" else COACH_VOICE


def create_tts() -> TextToSpeech:
    """The default engine, pyttsx3 on espeak-ng."""
    from audio.tts.pyttsx3_backend import Pyttsx3Tts

    return Pyttsx3Tts()
