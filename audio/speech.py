"""Dataclasses that travel between the listening stages and the dialogue."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from audio.format import SAMPLE_RATE_HZ


@dataclass(frozen=True)
class Word:
    """One recognised word with its timing in seconds from the start of the turn."""

    text: str
    start_s: float
    end_s: float
    probability: float = 1.0


@dataclass(frozen=True)
class Clip:
    """A stretch of mono float32 audio: a user's turn, or a synthesised reply."""

    samples: np.ndarray = field(repr=False)
    rate_hz: int = SAMPLE_RATE_HZ

    @property
    def duration_s(self) -> float:
        return len(self.samples) / float(self.rate_hz)


@dataclass(frozen=True)
class Utterance:
    """What the user said in one turn: transcript, word timings and audio length."""

    text: str
    words: tuple[Word, ...] = ()
    duration_s: float = 0.0
    source: str = "text"  # "voice" or "text"
    confidence: float = 1.0
    """Mean word probability from the recogniser (1.0 for typed text)."""

    def to_metadata(self) -> dict:
        """The message metadata Rasa passes on to the custom actions."""
        return {
            "source": self.source,
            "duration_s": round(self.duration_s, 3),
            "words": [
                {"text": w.text, "start_s": round(w.start_s, 3), "end_s": round(w.end_s, 3),
                 "probability": round(w.probability, 3)}
                for w in self.words
            ],
        }
