"""Where the user's turns come from: the microphone (VAD + Whisper) or typed lines."""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, replace
from typing import Callable, ContextManager, Iterator, Protocol, TextIO

import numpy as np

from audio.barge_in import BargeInWatcher
from audio.capture import Microphone
from audio.endpointing import end_silence_ms
from audio.prosody import measure_pacing
from audio.speech import Clip, Utterance
from audio.stt import SpeechToText
from audio.turns import TurnOptions, TurnSegmenter
from audio.vad import VoiceActivityDetector
from dialogue.coaching.pacing import Pacing


class EndOfInput(Exception):
    """The user has no more turns to give (end of a scripted file, Ctrl-D)."""


@dataclass(frozen=True)
class UserTurn:
    """What the user said, and for speech how they said it."""

    utterance: Utterance
    pacing: Pacing | None = None
    stt_s: float | None = None
    """How long transcribing the turn took, in seconds, whether during the pause or after it (None for typed turns)."""
    speech_end_at: float | None = None
    """``time.monotonic()`` when the user's speech ended at the microphone (spoken turns)."""
    decided_at: float | None = None
    """``time.monotonic()`` when the end-of-turn detector decided the turn was over."""
    transcribed_at: float | None = None
    stt_started_at: float | None = None
    """``time.monotonic()`` when the transcription used began (during the pause, when speculative)."""

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

    def interruptible(self) -> ContextManager[threading.Event | None]:
        """Wraps the assistant speaking; the event (if any) is set when the user talks over it."""

    def stop_barge_in(self) -> None:
        """From now on, let the assistant finish speaking."""


class TextInput:
    """Typed turns: a prompt on a terminal, one turn per line otherwise."""

    def __init__(self, stream: TextIO = sys.stdin, prompt: str = "you> ") -> None:
        if hasattr(stream, "reconfigure"):  # bytes that are not UTF-8 become U+FFFD, never a crash
            stream.reconfigure(errors="replace")
        self._stream = stream
        self._prompt = prompt if stream.isatty() else ""

    def next_turn(self) -> UserTurn:
        if self._prompt:
            print(self._prompt, end="", flush=True)
        line = self._stream.readline()
        if not line:
            raise EndOfInput
        return UserTurn(Utterance(text=line.strip(), source="text"))

    def interruptible(self) -> ContextManager[None]:
        return nullcontext()

    def stop_barge_in(self) -> None:
        pass


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
        self._vad = vad
        self._segmenter = TurnSegmenter(vad, options)
        self._interruption: list[np.ndarray] = []
        """Audio of the user talking over the assistant, to start the next turn with."""
        self._options = options
        self._stt = stt
        self._on_listening = on_listening
        self._transcriber = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stt")

    @contextmanager
    def interruptible(self) -> Iterator[threading.Event | None]:
        """Around the assistant speaking: yields an event set when the user talks over it (barge-in)."""
        if self._options.barge_in_ms <= 0:
            yield None
            return
        self._microphone.discard_pending()
        watcher = BargeInWatcher(self._microphone, self._vad, self._options).start()
        try:
            yield watcher.heard
        finally:
            self._interruption = watcher.stop()

    def stop_barge_in(self) -> None:
        """Let the assistant finish speaking whatever the microphone hears (e.g. its own voice)."""
        self._options = replace(self._options, barge_in_ms=0)

    def next_turn(self) -> UserTurn:
        interruption, self._interruption = self._interruption, []
        if not interruption:
            self._microphone.discard_pending()  # not our own voice from the reply just played
        self._segmenter.reset()
        self._on_listening()
        speculation: Speculation | None = None
        while True:
            heard = speculation.text_for(self._segmenter.speech_frames) if speculation else None
            frame = interruption.pop(0) if interruption else self._microphone.read()
            clip = self._segmenter.push(frame, end_silence_ms(heard, self._options))
            if clip is None:
                speculation = self._speculate(speculation)
                continue
            decided_at = time.monotonic()
            speech_end_at = self._microphone.last_frame_end_at - self._segmenter.trailing_silence_ms / 1000
            if speculation is not None and speculation.speech_frames == self._segmenter.last_turn_speech_frames:
                transcription = speculation.transcript.result()
            else:
                transcription = self._transcribe(clip)
            transcribed_at = time.monotonic()
            utterance = replace(transcription.utterance, duration_s=clip.duration_s)
            self._on_clip(clip)
            return UserTurn(
                utterance, measure_pacing(utterance, clip), transcription.compute_s,
                speech_end_at=speech_end_at, decided_at=decided_at, transcribed_at=transcribed_at,
                stt_started_at=transcription.started_at,
            )

    def _transcribe(self, clip: Clip) -> Transcription:
        started_at = time.monotonic()
        utterance = self._stt.transcribe(clip)
        return Transcription(utterance, started_at, time.monotonic() - started_at)

    def _speculate(self, speculation: Speculation | None) -> Speculation | None:
        """Start transcribing once the user has paused a little, unless that audio is already being transcribed.

        One transcription at a time: a stale one still running (the user spoke again) is left
        to finish rather than queued behind, so the next starts on the newest audio.
        """
        segmenter = self._segmenter
        if not segmenter.in_speech or segmenter.silence_ms < self._options.speculate_after_ms:
            return speculation
        if speculation is not None and (
            speculation.speech_frames == segmenter.speech_frames or not speculation.transcript.done()
        ):
            return speculation
        return Speculation(segmenter.speech_frames, self._transcriber.submit(self._transcribe, segmenter.speech_so_far()))


@dataclass(frozen=True)
class Speculation:
    """A transcription started during a pause, of the turn's audio up to then."""

    speech_frames: int
    """How many speech frames the audio held: a different count later means the user spoke again."""
    transcript: Future

    def text_for(self, speech_frames: int) -> str | None:
        """The transcript if it is ready and still covers all the speech so far, else None."""
        if speech_frames != self.speech_frames or not self.transcript.done() or self.transcript.exception():
            return None
        return self.transcript.result().utterance.text


@dataclass(frozen=True)
class Transcription:
    utterance: Utterance
    started_at: float
    """``time.monotonic()`` when transcribing began."""
    compute_s: float
