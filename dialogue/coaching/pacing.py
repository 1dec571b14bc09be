"""How a turn was paced, as numbers, and the one pace band every tip, debrief and chart uses.

``Pacing`` is measured from the audio by ``audio.prosody.measure_pacing`` (the definitions
of speaking time, pauses and the key sentence are there) and travels with the turn as
plain JSON. Here are the rules that judge it:

* **Words per minute** = content words (``words.word_count``) per minute of speaking time.
* A turn is **timed** when it has words and at least ``PacingOptions.min_timed_s`` (1 s) of
  speaking time; shorter ones ("yes" in 0.2 s is 300 words a minute) have no pace:
  ``timed_wpm`` gives None and ``pace_band`` "untimed".
* The **pace band**: "slow" under ``healthy_wpm_min`` (110), "fast" over ``healthy_wpm_max``
  (160), else "healthy".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

PaceBand = Literal["untimed", "slow", "healthy", "fast"]


@dataclass(frozen=True)
class PacingOptions:
    """Thresholds for measuring and judging a turn's pace."""

    healthy_wpm_min: float = 110
    """Below this many words per minute the pace is "slow"."""
    healthy_wpm_max: float = 160
    """Above this many words per minute the pace is "fast"."""
    min_timed_s: float = 1.0
    """Less speaking time than this, in seconds, is too short to give a pace."""
    long_pause_s: float = 1.0
    """A silence between words at least this long is a long pause."""
    min_pause_s: float = 0.25
    """Shorter silences (stop consonants, quick breaths) are not pauses at all."""
    rushed_ratio: float = 1.2
    """The key sentence is rushed above ``healthy_wpm_max * rushed_ratio`` words per minute."""
    key_sentence_min_words: int = 3
    """Shorter key sentences ("Sorry.") are too short to time reliably: never rushed."""
    silence_below_peak_db: float = 40.0
    """With a clip: a 10 ms frame is silent when this many dB below the loud frames ..."""
    silence_above_floor_db: float = 6.0
    """... or less than this many dB above the background noise floor, whichever is louder."""


PACING = PacingOptions()
"""The defaults, used wherever a pace is judged."""


@dataclass(frozen=True)
class Pacing:
    """How one turn was paced. ``*_s`` are seconds, ``*_wpm`` and ``*_per_min`` per minute."""

    word_count: int
    """Content words, fillers excluded (``words.word_count``)."""
    speaking_s: float
    """Speaking span minus long pauses (see ``audio.prosody``)."""
    wpm: float
    """``word_count`` per minute of ``speaking_s``; 0 when nothing was said."""
    long_pauses: int
    """Silences between words of at least ``long_pause_s``."""
    longest_pause_s: float
    """The longest silence between words (any length from ``min_pause_s``), 0 if none."""
    fillers: int
    """Filler tokens ("um", "uh", ...)."""
    fillers_per_min: float
    """``fillers`` per minute of ``speaking_s``."""
    rushed_key_sentence: bool
    """The key sentence was said well above the healthy pace (see ``PacingOptions.rushed_ratio``)."""
    key_sentence: str = ""
    """The sentence carrying the apology or feeling, "" when there is none."""
    key_sentence_wpm: float = 0.0
    """Words per minute of the key sentence alone, 0 when there is none."""
    pauses_from_audio: bool = False
    """True when pauses and edges came from the samples, False when from word timestamps."""


def per_minute(count: float, seconds: float) -> float:
    """``count`` per minute of ``seconds``; 0 for no time."""
    return count * 60.0 / seconds if seconds > 0 else 0.0


def timed_wpm(pacing: Pacing | None, options: PacingOptions = PACING) -> float | None:
    """The turn's words per minute, or None when it was typed or too short to time."""
    if pacing is None or pacing.word_count == 0 or pacing.speaking_s < options.min_timed_s:
        return None
    return pacing.wpm


def band_of_wpm(wpm: float | None, options: PacingOptions = PACING) -> PaceBand:
    """"untimed" (None), "slow", "healthy" or "fast"."""
    if wpm is None:
        return "untimed"
    if wpm < options.healthy_wpm_min:
        return "slow"
    if wpm > options.healthy_wpm_max:
        return "fast"
    return "healthy"


def pace_band(pacing: Pacing | None, options: PacingOptions = PACING) -> PaceBand:
    """The band of one turn's pace."""
    return band_of_wpm(timed_wpm(pacing, options), options)


def pacing_from_dict(data: Mapping[str, Any] | None) -> Pacing | None:
    """A ``Pacing`` from its JSON form (message metadata, the history); None when absent or malformed."""
    if not isinstance(data, Mapping):
        return None
    known = {field.name for field in fields(Pacing)}
    try:
        return Pacing(**{key: value for key, value in data.items() if key in known})
    except TypeError:
        return None


def overall_wpm(turns: Iterable[tuple[int, float]]) -> float | None:
    """Words per minute over several timed turns given as (word count, speaking seconds):
    all their words over all their speaking time, so long turns weigh more. None for none."""
    turns = list(turns)
    speaking_s = sum(seconds for _words, seconds in turns)
    return per_minute(sum(words for words, _seconds in turns), speaking_s) if speaking_s > 0 else None
