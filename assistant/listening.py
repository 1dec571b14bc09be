"""Where the user's turns come from: the microphone (VAD + Whisper) or typed lines."""

from __future__ import annotations

import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from typing import Callable, Protocol, TextIO

from audio.capture import Microphone
from audio.prosody import Pacing, measure_pacing
from audio.speech import Clip, Utterance
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
    stt_s: float | None = None
    """How long transcribing the turn took, in seconds (None for typed turns)."""
    speech_end_at: float | None = None
    """``time.monotonic()`` when the user's speech ended at the microphone (spoken turns)."""
    decided_at: float | None = None
    """``time.monotonic()`` when the end-of-turn detector decided the turn was over."""
    transcribed_at: float | None = None

    @property
    def text(self) -> str:
        return self.utterance.text

    def metadata(self) -> dict:
        """Message metadata for Rasa: word timings and the pacing measured from the audio."""
        return {
            **self.utterance.to_metadata(),
            "pacing": asdict(self.pacing) if self.pacing else None,
            "stt_s": round(self.stt_s, 3) if self.stt_s is not None else None,
        }


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
        on_clip: Callable[[Clip], None] = lambda clip: None,
    ) -> None:
        """``on_clip`` gets each turn's audio (``--keep-audio`` stores it; by default it is dropped)."""
        self._on_clip = on_clip
        self._microphone = microphone
        self._segmenter = TurnSegmenter(vad, options)
        self._options = options
        self._stt = stt
        self._on_listening = on_listening
        self._transcriber = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stt")

    def next_turn(self) -> UserTurn:
        self._microphone.discard_pending()  # not our own voice from the reply just played
        self._segmenter.reset()
        self._on_listening()
        speculation: tuple[int, Future] | None = None  # (speech frames it covers, transcript)
        while True:
            clip = self._segmenter.push(self._microphone.read())
            if clip is None:
                speculation = self._speculate(speculation)
                continue
            decided_at = time.monotonic()
            speech_end_at = self._microphone.last_frame_end_at - self._segmenter.trailing_silence_ms / 1000
            if speculation is not None and speculation[0] == self._segmenter.last_turn_speech_frames:
                utterance = replace(speculation[1].result(), duration_s=clip.duration_s)
            else:
                utterance = self._stt.transcribe(clip)
            transcribed_at = time.monotonic()
            self._on_clip(clip)
            return UserTurn(
                utterance, measure_pacing(utterance, clip), transcribed_at - decided_at,
                speech_end_at=speech_end_at, decided_at=decided_at, transcribed_at=transcribed_at,
            )

    def _speculate(self, speculation: tuple[int, Future] | None) -> tuple[int, Future] | None:
        """Start transcribing once the user has paused a little, unless that audio is already being transcribed."""
        segmenter = self._segmenter
        if not segmenter.in_speech or segmenter.silence_ms < self._options.speculate_after_ms:
            return speculation
        if speculation is not None and speculation[0] == segmenter.speech_frames:
            return speculation
        return segmenter.speech_frames, self._transcriber.submit(self._stt.transcribe, segmenter.speech_so_far())
