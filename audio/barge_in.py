"""Barge-in: notices the user starting to talk while the assistant speaks, so it can stop.

A watcher thread reads the microphone during playback and runs the VAD on each frame; after
``TurnOptions.barge_in_ms`` of unbroken speech it sets ``heard``. The frames it read (with a
little audio from before the speech) are kept, so the words that interrupted are the start
of the user's next turn rather than lost.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from audio.devices import AudioDeviceError
from audio.format import FRAME_MS
from audio.turns import TurnOptions
from audio.vad import VoiceActivityDetector

READ_TIMEOUT_S = 0.5


class BargeInWatcher:
    """``start()`` before playback, pass ``heard`` as the player's stop event, ``stop()`` after."""

    def __init__(self, microphone, vad: VoiceActivityDetector, options: TurnOptions) -> None:
        self._microphone = microphone
        self._vad = vad
        self._options = options
        self._needed_frames = max(1, options.barge_in_ms // FRAME_MS)
        self._kept: deque[np.ndarray] = deque(maxlen=max(1, options.pre_roll_ms // FRAME_MS) + self._needed_frames)
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="barge-in", daemon=True)
        self.heard = threading.Event()
        """Set when the user has been speaking over the assistant for ``barge_in_ms``."""

    def start(self) -> BargeInWatcher:
        self._vad.reset()
        self._thread.start()
        return self

    def stop(self) -> list[np.ndarray]:
        """Stop watching; the interrupting speech (with its pre-roll) when the user barged in, else []."""
        self._finished.set()
        self._thread.join()
        return list(self._kept) if self.heard.is_set() else []

    def _watch(self) -> None:
        speech_frames = 0
        while not self._finished.is_set():
            try:
                frame = self._microphone.read(READ_TIMEOUT_S)
            except AudioDeviceError:
                return  # the next turn reads the microphone again and reports it
            self._kept.append(frame)
            is_speech = self._vad.speech_probability(frame) >= self._options.speech_threshold
            speech_frames = speech_frames + 1 if is_speech else 0
            if speech_frames >= self._needed_frames:
                self.heard.set()
                return
