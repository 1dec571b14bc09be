"""How a turn was spoken, read from the client's message metadata.

The client sends `{"source": "voice"|"text", "duration_s": float,
"words": [{"text", "start_s", "end_s", "probability"}], "pacing": {...} | null}` with
every message; `pacing` is `audio.prosody.Pacing` measured from the samples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from audio.prosody import Pacing

SOURCE_VOICE = "voice"
SOURCE_TEXT = "text"
# Shorter stretches give silly rates ("yes" in 0.2 s is 300 words a minute).
MIN_SECONDS_FOR_PACE = 1.0


@dataclass(frozen=True)
class Delivery:
    """Source of a turn and, for speech, its pace."""

    source: str
    words_per_minute: float | None
    pacing: Pacing | None = None


def pacing_from_metadata(metadata: Mapping[str, Any] | None) -> Pacing | None:
    """The client's pacing measures, or None for typed turns and malformed metadata."""
    data = (metadata or {}).get("pacing")
    if not isinstance(data, Mapping):
        return None
    known = {field.name for field in fields(Pacing)}
    try:
        return Pacing(**{key: value for key, value in data.items() if key in known})
    except TypeError:
        return None


def spoken_seconds(metadata: Mapping[str, Any]) -> float | None:
    """Seconds from the first word's start to the last word's end, else `duration_s`."""
    words = metadata.get("words") or []
    try:
        if words:
            return float(words[-1]["end_s"]) - float(words[0]["start_s"])
        if metadata.get("duration_s") is not None:
            return float(metadata["duration_s"])
    except (KeyError, TypeError, ValueError):
        return None
    return None


def delivery_from_metadata(metadata: Mapping[str, Any] | None, text: str) -> Delivery:
    """The turn's delivery; typed turns and unusable timings have no pace."""
    if not metadata or metadata.get("source") != SOURCE_VOICE:
        source = (metadata or {}).get("source") or SOURCE_TEXT
        return Delivery(source=str(source), words_per_minute=None)
    pacing = pacing_from_metadata(metadata)
    if pacing is not None:
        usable = pacing.speaking_s >= MIN_SECONDS_FOR_PACE and pacing.word_count > 0
        return Delivery(SOURCE_VOICE, round(pacing.wpm, 1) if usable else None, pacing)
    seconds = spoken_seconds(metadata)
    word_count = len(metadata.get("words") or []) or len(text.split())
    if seconds is None or seconds < MIN_SECONDS_FOR_PACE or word_count == 0:
        return Delivery(source=SOURCE_VOICE, words_per_minute=None)
    return Delivery(source=SOURCE_VOICE, words_per_minute=round(word_count / seconds * 60.0, 1))
