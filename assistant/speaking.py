"""Where replies go: printed always, spoken when a speaker and TTS are available."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Iterable

from assistant.partner import Reply
from audio.devices import AudioDeviceError
from audio.playback import Speaker
from audio.tts import TextToSpeech, VoiceStyle, voice_for

RATE_STEP_WPM = 25
"""How much "slower" and "faster" change the speaking rate."""
MAX_RATE_CHANGE_WPM = 75


class ReplyOutput:
    """Prints each reply as ``speaker: text`` and speaks it in that speaker's voice."""

    def __init__(self, tts: TextToSpeech | None = None, speaker: Speaker | None = None) -> None:
        self._tts = tts
        self._speaker = speaker
        self._rate_change_wpm = 0
        self.last_replies: tuple[Reply, ...] = ()
        """What was said last, for "repeat that"."""
        self.first_audio_at = 0.0
        """``time.monotonic()`` when the last ``say`` reached the speaker (0 when silent)."""

    def change_rate(self, delta_wpm: int) -> int:
        """Speak faster (positive) or slower (negative), within limits; the new change in wpm."""
        limit = MAX_RATE_CHANGE_WPM
        self._rate_change_wpm = max(-limit, min(limit, self._rate_change_wpm + delta_wpm))
        return self._rate_change_wpm

    def voice(self, speaker: str) -> VoiceStyle:
        style = voice_for(speaker)
        return replace(style, rate_wpm=style.rate_wpm + self._rate_change_wpm)

    @property
    def speaks(self) -> bool:
        return self._tts is not None and self._speaker is not None

    def say(self, replies: Iterable[Reply], remember: bool = True) -> None:
        replies = tuple(replies)
        if remember and replies:
            self.last_replies = replies
        self.first_audio_at = 0.0
        for reply in replies:
            print(f"{reply.speaker}: {reply.text}", flush=True)
            if self.speaks:
                self._speak(reply)
                self.first_audio_at = self.first_audio_at or (self._speaker.first_sample_at if self._speaker else 0.0)

    def _speak(self, reply: Reply) -> None:
        try:
            self._speaker.play(self._tts.synthesize(reply.text, self.voice(reply.speaker)))
        except AudioDeviceError as error:
            print(f"(speaker unavailable: {error}; replies will be printed only)", file=sys.stderr)
            self._speaker = None
