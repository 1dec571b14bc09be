"""Where the user's turns come from: the microphone (VAD + Whisper) or typed lines."""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from typing import Callable, Protocol, TextIO

from audio.capture import Microphone
from audio.prosody import Pacing, measure_pacing
from audio.speech import Utterance
from audio.stt import SpeechToText
from audio.turns import TurnOptions, TurnSegmenter
from audio.vad import VoiceActivityDetector


class EndOfInput(Exception):
    """The user has no more turns to give (end of a scripted file, Ctrl-D)."""


@dataclass(frozen=True)
class UserTurn:
    """What the user said, and for speech how they said it."""

    utterance: Utterance
    pacing: Pacing | None = None

    @property
    def text(self) -> str:
        return self.utterance.text

    def metadata(self) -> dict:
        """Message metadata for Rasa: word timings and the pacing measured from the audio."""
        return {**self.utterance.to_metadata(), "pacing": asdict(self.pacing) if self.pacing else None}


class UserInput(Protocol):
    """A source of user turns."""

    def next_turn(self) -> UserTurn:
        """The next turn; its text may be empty when nothing was understood. Raises ``EndOfInput``."""


class TextInput:
    """Typed turns: a prompt on a terminal, one turn per line otherwise."""

    def __init__(self, stream: TextIO = sys.stdin, prompt: str = "you> ") -> None:
        self._stream = stream
        self._prompt = prompt if stream.isatty() else ""

    def next_turn(self) -> UserTurn:
        if self._prompt:
            print(self._prompt, end="", flush=True)
        line = self._stream.readline()
        if not line:
            raise EndOfInput
        return UserTurn(Utterance(text=line.strip(), source="text"))


class VoiceInput:
    """Listens until the end-of-turn detector fires, then transcribes the turn."""

    def __init__(
        self,
        microphone: Microphone,
        vad: VoiceActivityDetector,
        stt: SpeechToText,
        options: TurnOptions = TurnOptions(),
        on_listening: Callable[[], None] = lambda: None,
    ) -> None:
        self._microphone = microphone
        self._segmenter = TurnSegmenter(vad, options)
        self._stt = stt
        self._on_listening = on_listening

    def next_turn(self) -> UserTurn:
        self._microphone.discard_pending()  # not our own voice from the reply just played
        self._segmenter.reset()
        self._on_listening()
        while True:
            clip = self._segmenter.push(self._microphone.read())
            if clip is not None:
                utterance = self._stt.transcribe(clip)
                return UserTurn(utterance, measure_pacing(utterance, clip))
