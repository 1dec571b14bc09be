"""Where replies go: printed always, spoken when a speaker and TTS are available."""

from __future__ import annotations

import sys
from typing import Iterable

from assistant.partner import Reply
from audio.devices import AudioDeviceError
from audio.playback import Speaker
from audio.tts import TextToSpeech, voice_for


class ReplyOutput:
    """Prints each reply as ``speaker: text`` and speaks it in that speaker's voice."""

    def __init__(self, tts: TextToSpeech | None = None, speaker: Speaker | None = None) -> None:
        self._tts = tts
        self._speaker = speaker

    @property
    def speaks(self) -> bool:
        return self._tts is not None and self._speaker is not None

    def say(self, replies: Iterable[Reply]) -> None:
        for reply in replies:
            print(f"{reply.speaker}: {reply.text}", flush=True)
            if self.speaks:
                self._speak(reply)

    def _speak(self, reply: Reply) -> None:
        try:
            self._speaker.play(self._tts.synthesize(reply.text, voice_for(reply.speaker)))
        except AudioDeviceError as error:
            print(f"(speaker unavailable: {error}; replies will be printed only)", file=sys.stderr)
            self._speaker = None
