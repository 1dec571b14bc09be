"""End-of-turn detection: cuts the microphone stream into the user's turns."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from audio.format import FRAME_MS, WHISPER_WINDOW_S
from audio.speech import Clip
from audio.vad import VoiceActivityDetector


@dataclass(frozen=True)
class TurnOptions:
    """When a turn starts and ends. All durations in milliseconds."""

    end_silence_ms: int = 700
    """Silence after speech that ends the user's turn when its words don't tell (see
    ``audio.endpointing``), and the only rule for a segmenter used on its own."""
    quick_end_silence_ms: int = 500
    """Silence that ends a turn whose words sound finished ("…I'm sorry."); at most end_silence_ms."""
    hold_silence_ms: int = 1500
    """Silence allowed after words that trail off ("…and", "um"); at least end_silence_ms."""
    speech_threshold: float = 0.5
    """VAD probability at or above which a frame counts as speech."""
    min_speech_ms: int = 250
    """Shorter bursts (a cough, a click) are not a turn."""
    pre_roll_ms: int = 300
    """Audio kept from before speech starts, so first syllables are not clipped."""
    max_turn_ms: int = WHISPER_WINDOW_S * 1000
    """A turn is cut here even without a pause, so that it fits one Whisper window."""
    barge_in_ms: int = 300
    """Unbroken speech while the assistant talks that stops it (barge-in); 0 turns barge-in off."""
    speculate_after_ms: int = 100
    """Silence after which transcription starts while the end-of-turn wait goes on: the
    transcript decides how long to wait, and is ready when the turn ends; speech that resumes
    discards it."""


class TurnSegmenter:
    """Fed frames one by one; returns a ``Clip`` when the user has finished a turn."""

    def __init__(self, vad: VoiceActivityDetector, options: TurnOptions = TurnOptions()) -> None:
        self._vad = vad
        self._options = options
        self._pre_roll: deque[np.ndarray] = deque(maxlen=max(1, options.pre_roll_ms // FRAME_MS))
        self._frames: list[np.ndarray] = []
        self._speech_ms = 0
        self._silence_ms = 0
        self.trailing_silence_ms = 0
        """Silence at the end of the last turn returned: when the user stopped speaking."""
        self.last_turn_speech_frames = 0
        """How many speech frames the last turn returned held (to match a speculative transcript)."""

    @property
    def in_speech(self) -> bool:
        """True while the user is talking (useful to stop the assistant talking over them)."""
        return bool(self._frames)

    @property
    def silence_ms(self) -> int:
        """Silence since the user last spoke, within a turn."""
        return self._silence_ms

    @property
    def speech_frames(self) -> int:
        """Speech frames so far in this turn: a new one means the user spoke again."""
        return self._speech_ms // FRAME_MS

    def speech_so_far(self) -> Clip:
        """The turn's audio up to now."""
        return Clip(samples=np.concatenate(self._frames))

    def reset(self) -> None:
        self._vad.reset()
        self._pre_roll.clear()
        self._frames = []
        self._speech_ms = 0
        self._silence_ms = 0

    def push(self, frame: np.ndarray, end_silence_ms: int | None = None) -> Clip | None:
        """Add one frame; the turn ends after ``end_silence_ms`` of silence (default: the options')."""
        is_speech = self._vad.speech_probability(frame) >= self._options.speech_threshold
        if not self._frames:
            if is_speech:
                self._frames = [*self._pre_roll, frame]
                self._speech_ms = FRAME_MS
                self._silence_ms = 0
            else:
                self._pre_roll.append(frame)
            return None

        self._frames.append(frame)
        if is_speech:
            self._speech_ms += FRAME_MS
            self._silence_ms = 0
        else:
            self._silence_ms += FRAME_MS

        turn_ms = len(self._frames) * FRAME_MS
        needed_silence_ms = self._options.end_silence_ms if end_silence_ms is None else end_silence_ms
        if self._silence_ms >= needed_silence_ms or turn_ms >= self._options.max_turn_ms:
            return self._finish_turn()
        return None

    def _finish_turn(self) -> Clip | None:
        frames, speech_ms, silence_ms = self._frames, self._speech_ms, self._silence_ms
        self.reset()
        self.trailing_silence_ms = silence_ms
        self.last_turn_speech_frames = speech_ms // FRAME_MS
        if speech_ms < self._options.min_speech_ms:
            return None
        return Clip(samples=np.concatenate(frames))
