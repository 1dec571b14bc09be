"""Pacing of one user turn: speaking rate, long pauses, fillers, and a rushed key sentence.

Definitions (all times in seconds, rates per minute):

* **Speaking span**: from the onset of the first word to the end of the last one. Leading and
  trailing silence never count. With a ``Clip`` the edges come from the samples' energy (Whisper
  word timestamps drift by a few hundred ms); without one, from the word timestamps.
* **Pause**: a silence of at least ``min_pause_s`` inside the speaking span. With a clip the
  silences are found in the samples, because Whisper stretches words across silences; without
  one, a pause is the gap between one word's end and the next word's start.
* **Long pause**: a pause of at least ``long_pause_s`` (1.0 s): a hesitation worth mentioning.
* **Speaking time** = speaking span minus the long pauses. Short pauses (commas, breaths, the gap
  between two sentences) are part of a normal pace, so they stay in; a long pause is not speech,
  so it is left out, and a turn with one long silence is not called "slow" for it.
* **Words per minute** = content words (fillers excluded) / speaking time in minutes.
* **Fillers** and **words** are as ``dialogue.coaching.words`` defines them;
  ``fillers_per_min`` is over the speaking time. ``Pacing`` and the pace band that judges it
  are in ``dialogue.coaching.pacing``: this module only measures.
* **Key sentence**: the first sentence that carries the apology or feeling ("sorry", "I feel",
  "I love", "I'm hurt", "I need", "I messed up", ...). It is **rushed** when it has at least
  ``key_sentence_min_words`` words and its own words per minute (same definition, over its own
  span) exceed ``healthy_wpm_max * rushed_ratio`` (160 * 1.2 = 192 wpm by default).
"""

from __future__ import annotations

import re

import numpy as np

from audio.speech import Clip, Utterance, Word
from dialogue.coaching.pacing import PACING, Pacing, PacingOptions, per_minute
from dialogue.coaching.words import bare_word, count_content_words, is_filler

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*$")

KEY_PHRASES = (
    "sorry", "apologise", "apologize", "apology", "forgive me", "my fault", "i was wrong",
    "i messed up", "i screwed up", "i feel", "i felt", "i love", "i'm hurt", "i am hurt",
    "i was hurt", "i need", "i miss", "i'm afraid", "i am afraid", "i'm scared", "i am scared",
)
"""Phrases that mark the sentence carrying the apology or the feeling (lowercase)."""


def measure_pacing(utterance: Utterance, clip: Clip | None = None,
                   options: PacingOptions = PACING) -> Pacing:
    """Pacing of ``utterance``; pass the turn's ``clip`` to find real silences in the samples."""
    words = [w for w in utterance.words if bare_word(w.text)]
    if not words:
        return Pacing(0, 0.0, 0.0, 0, 0.0, 0, 0.0, False)
    voiced = _voiced_regions(clip, options) if clip is not None and len(clip.samples) else None
    timeline = _Timeline(words, voiced, options)
    start, end = words[0].start_s, words[-1].end_s
    speaking_s, pauses = timeline.speaking_time(start, end)
    content_words = count_content_words(w.text for w in words)
    fillers = sum(1 for w in words if is_filler(w.text))
    key_words = _key_sentence(words)
    key_wpm = _key_sentence_wpm(key_words, timeline)
    # Plain Python numbers throughout (not numpy's): a Pacing travels as JSON message metadata.
    return Pacing(
        word_count=content_words,
        speaking_s=float(speaking_s),
        wpm=float(per_minute(content_words, speaking_s)),
        long_pauses=sum(1 for p in pauses if p >= options.long_pause_s),
        longest_pause_s=float(max(pauses, default=0.0)),
        fillers=fillers,
        fillers_per_min=float(per_minute(fillers, speaking_s)),
        rushed_key_sentence=bool(
            count_content_words(w.text for w in key_words) >= options.key_sentence_min_words
            and key_wpm > options.healthy_wpm_max * options.rushed_ratio
        ),
        key_sentence=" ".join(w.text for w in key_words),
        key_sentence_wpm=float(key_wpm),
        pauses_from_audio=bool(voiced is not None and len(voiced) > 0),
    )


class _Timeline:
    """Answers "how long was the speaking, and which pauses, between two word times"."""

    def __init__(self, words: list[Word], voiced: list[tuple[float, float]] | None,
                 options: PacingOptions) -> None:
        self._words = words
        self._voiced = voiced or None  # no voiced frames at all: trust the words instead
        self._options = options

    def speaking_time(self, start_s: float, end_s: float) -> tuple[float, list[float]]:
        """(speaking time, pause lengths) of the speech between two word times."""
        segments = self._segments_between(start_s, end_s)
        if not segments:
            return 0.0, []
        span = segments[-1][1] - segments[0][0]
        pauses = [b[0] - a[1] for a, b in zip(segments, segments[1:])]
        pauses = [p for p in pauses if p >= self._options.min_pause_s]
        long_total = sum(p for p in pauses if p >= self._options.long_pause_s)
        return max(span - long_total, 0.0), pauses

    def _segments_between(self, start_s: float, end_s: float) -> list[tuple[float, float]]:
        if self._voiced is None:
            inside = [w for w in self._words if w.start_s >= start_s - 1e-6 and w.end_s <= end_s + 1e-6]
            return [(w.start_s, w.end_s) for w in inside]
        # Whisper's edges of a turn can be off by a few hundred ms either way, so at the turn's
        # own edges the window widens by a margin; inside the turn (a key sentence) it cannot,
        # or it would take in the neighbouring sentence.
        margin = 0.3
        lo = start_s - margin if start_s <= self._words[0].start_s else start_s
        hi = end_s + margin if end_s >= self._words[-1].end_s else end_s
        return [(max(a, lo), min(b, hi)) for a, b in self._voiced if b > lo and a < hi]


def _voiced_regions(clip: Clip, options: PacingOptions) -> list[tuple[float, float]]:
    """Stretches of sound in the clip (s), with gaps shorter than ``min_pause_s`` kept as gaps."""
    frame = max(int(clip.rate_hz * 0.010), 1)
    samples = np.asarray(clip.samples, dtype=np.float64)
    n_frames = len(samples) // frame
    if n_frames == 0:
        return []
    rms = np.sqrt(np.mean(samples[: n_frames * frame].reshape(n_frames, frame) ** 2, axis=1))
    level_db = 20 * np.log10(np.maximum(rms, 1e-5))  # -100 dB floor for digital silence
    floor_db, loud_db = np.percentile(level_db, 10), np.percentile(level_db, 95)
    threshold = max(loud_db - options.silence_below_peak_db, floor_db + options.silence_above_floor_db)
    voiced = level_db > threshold
    regions: list[tuple[float, float]] = []
    index = 0
    while index < n_frames:
        if not voiced[index]:
            index += 1
            continue
        stop = index
        while stop < n_frames and voiced[stop]:
            stop += 1
        if stop - index >= 3:  # ignore clicks shorter than 30 ms
            regions.append((index * frame / clip.rate_hz, stop * frame / clip.rate_hz))
        index = stop
    return regions


def _key_sentence(words: list[Word]) -> list[Word]:
    """The first sentence (by the words' end punctuation) that contains a key phrase."""
    sentence: list[Word] = []
    sentences: list[list[Word]] = []
    for word in words:
        sentence.append(word)
        if _SENTENCE_END.search(word.text):
            sentences.append(sentence)
            sentence = []
    if sentence:
        sentences.append(sentence)
    for candidate in sentences:
        text = " " + " ".join(bare_word(w.text) for w in candidate) + " "
        if any(f" {phrase} " in text for phrase in KEY_PHRASES):
            return candidate
    return []


def _key_sentence_wpm(key_words: list[Word], timeline: _Timeline) -> float:
    if not key_words:
        return 0.0
    speaking_s, _pauses = timeline.speaking_time(key_words[0].start_s, key_words[-1].end_s)
    return per_minute(count_content_words(w.text for w in key_words), speaking_s)
