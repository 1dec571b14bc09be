"""Where the user's turns come from: the microphone (VAD + Whisper) or typed lines."""

from __future__ import annotations

import sys
from typing import Callable, Protocol, TextIO

from audio.capture import Microphone
from audio.speech import Utterance
from audio.stt import SpeechToText
from audio.turns import TurnOptions, TurnSegmenter
from audio.vad import VoiceActivityDetector


class EndOfInput(Exception):
    """The user has no more turns to give (end of a scripted file, Ctrl-D)."""


class UserInput(Protocol):
    """A source of user turns."""

    def next_utterance(self) -> Utterance:
        """The next turn; text may be empty when nothing was understood. Raises ``EndOfInput``."""


class TextInput:
    """Typed turns: a prompt on a terminal, one turn per line otherwise."""

    def __init__(self, stream: TextIO = sys.stdin, prompt: str = "you> ") -> None:
        self._stream = stream
        self._prompt = prompt if stream.isatty() else ""

    def next_utterance(self) -> Utterance:
        if self._prompt:
            print(self._prompt, end="", flush=True)
        line = self._stream.readline()
        if not line:
            raise EndOfInput
        return Utterance(text=line.strip(), source="text")


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

    def next_utterance(self) -> Utterance:
        self._microphone.discard_pending()  # not our own voice from the reply just played
        self._segmenter.reset()
        self._on_listening()
        while True:
            clip = self._segmenter.push(self._microphone.read())
            if clip is not None:
                return self._stt.transcribe(clip)
