"""Whisper's own failure signals, checked on every decoded turn (issue 16).

Whisper's ``transcribe`` decodes a window again at a higher temperature when its text compresses
too well (a repetition loop) or its tokens were too unlikely. A single-pass decode has no such
fallback, and even with it a loop of short sentences ("Yeah. Yeah. Yeah. ...") compresses too
little to trip the threshold. So each backend checks its result with ``failure``: a decoding
loop, a too unlikely decode, or implausibly few words for the speech in the turn; it decodes
again when one fires, keeps a result that does not loop (``pick``), and as a last resort drops
the looping repeats (``without_loops``). Numbers and strings only, no model: on a short clean
turn the checks cost microseconds.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Callable, Sequence, TypeVar

import numpy as np

from audio.format import SAMPLE_RATE_HZ, WHISPER_WINDOW_S
from audio.speech import Word

COMPRESSION_RATIO_THRESHOLD = 2.4
"""faster-whisper's and openai-whisper's ``compression_ratio_threshold``: above it, too repetitive."""

LOG_PROB_THRESHOLD = -1.0
"""Their ``log_prob_threshold``: a mean token log probability below it is a failed decode."""

FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Whisper's temperature schedule: each failed decode is tried again a little more randomly."""

FALLBACK_BEST_OF = 5
"""Samples drawn at each temperature above 0, the most likely kept (faster-whisper's default)."""

FALLBACK_SEED = 0
"""The sampling seed for the fallback: the same audio gives the same transcript every time."""

RETRY_BEAM_SIZE = 5
"""A turn that failed its checks is decoded again with at least this wide a beam (both engines'
usual default) and the temperature fallback."""

MAX_TOKENS_PER_S, MAX_TOKENS_SLACK, MAX_TOKENS_CEILING = 12, 24, 220
"""A decode of ``s`` seconds of audio stops after ``12 * s + 24`` tokens, at most 220 a window.
Real speech needs 5.2 a second at most (tiny.en on the meetings in ../shared/speech, 5 s cuts;
timestamps included, 1.3 tokens a word); a loop runs on to Whisper's limit of 448 tokens less
the prompt, at every temperature of the fallback: a 10 s turn took 12 s to decode again. 220 at
most leaves room for the longest prompt Whisper keeps (223 tokens + 4 special) in 448."""

MAX_REPEATS = 4
"""The most times in a row a word or a 2-4 word phrase may occur ("no, no, no, no" is speech);
one more is a decoding loop."""

MAX_NGRAM = 4
"""The longest phrase the loop check looks at; longer loops trip the compression ratio."""

MAX_DROPPED_NGRAM = 16
"""The longest phrase ``without_loops`` collapses, where it repeats more than twice in a row."""

MIN_WORDS_PER_SPEECH_S = 1.0
"""Fewer words than this per second of speech means words were lost: conversation runs at
2-3 words a second (120-180 wpm; the real meetings in ../shared/speech at 1.9-4.7 a second
of audible sound, by ``speech_seconds``); single passes that lost 70-90 % of a turn wrote 0.2-0.4."""

MIN_RATE_CHECK_S = 8.0
"""The word rate is judged on turns at least this long: the rare long turns where a single
pass stopped early, never on the common short one."""

MIN_SPEECH_S = 3.0
"""...and only with at least this much audible sound in the turn."""

SPEECH_FRAME_S = 0.05
SPEECH_BELOW_LOUDEST_DB = 20.0
"""A frame counts as speech within this many dB of the turn's loud frames (its 95th percentile)..."""
SPEECH_FLOOR_RMS = 1e-3
"""...and above this level (-60 dBFS), below which a frame is silence however quiet the turn."""


def max_new_tokens(duration_s: float) -> int:
    """The most tokens to decode from one window of a turn of ``duration_s`` seconds."""
    window_s = min(duration_s, WHISPER_WINDOW_S)
    return min(MAX_TOKENS_CEILING, int(MAX_TOKENS_PER_S * window_s) + MAX_TOKENS_SLACK)


def compression_ratio(text: str) -> float:
    """The zlib compression ratio of ``text``, exactly as Whisper computes it (0 for no text)."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def word_key(token: str) -> str:
    """A word as the loop check compares it: lowercase, punctuation dropped ("Yeah," = "yeah")."""
    return "".join(c for c in token.lower() if c.isalnum() or c == "'")


def words_of(text: str) -> list[str]:
    """The words of ``text`` as ``word_key`` compares them."""
    return [key for key in map(word_key, text.split()) if key]


@dataclass(frozen=True)
class Repeat:
    """A back-to-back run: the ``ngram`` words from ``start`` occur ``count`` times in a row."""

    ngram: int = 1
    count: int = 1
    start: int = 0


def longest_repeat(words: Sequence[str], max_ngram: int = MAX_NGRAM, min_ngram: int = 1) -> Repeat:
    """The phrase of ``min_ngram`` to ``max_ngram`` words that repeats the most times in a row."""
    best = Repeat(count=1 if words else 0)
    for n in range(min_ngram, max_ngram + 1):
        for offset in range(n):
            run, start = 1, offset
            for i in range(offset + n, len(words) - n + 1, n):
                if words[i:i + n] == words[i - n:i]:
                    run += 1
                    if run > best.count:
                        best = Repeat(n, run, start)
                else:
                    run, start = 1, i
    return best


def loops(text: str) -> bool:
    """True when ``text`` shows a decoding loop: it compresses above Whisper's threshold, or a
    word or a phrase of up to ``MAX_NGRAM`` words repeats more than ``MAX_REPEATS`` times in a row."""
    return (compression_ratio(text) > COMPRESSION_RATIO_THRESHOLD
            or longest_repeat(words_of(text)).count > MAX_REPEATS)


T = TypeVar("T")


def collapse_loops(items: Sequence[T], key: Callable[[T], str] = str) -> list[T]:
    """``items`` with every looping run cut to its first occurrence: a phrase of up to
    ``MAX_NGRAM`` words repeated more than ``MAX_REPEATS`` times, or a longer one (up to
    ``MAX_DROPPED_NGRAM``) repeated more than twice. Items whose key is empty (punctuation)
    are kept and do not break a run."""
    kept = list(items)
    while True:
        keyed = [i for i, item in enumerate(kept) if key(item)]
        keys = [key(kept[i]) for i in keyed]
        run = longest_repeat(keys)
        if run.count <= MAX_REPEATS:
            run = longest_repeat(keys, MAX_DROPPED_NGRAM, MAX_NGRAM + 1)
            if run.count <= 2:
                return kept
        first_end = keyed[run.start + run.ngram]
        run_end = keyed[run.start + run.ngram * run.count - 1] + 1
        del kept[first_end:run_end]


def speech_seconds(samples: np.ndarray, rate_hz: int = SAMPLE_RATE_HZ) -> float:
    """Seconds of audible sound in ``samples``: 50 ms frames within ``SPEECH_BELOW_LOUDEST_DB``
    of the loud ones and above ``SPEECH_FLOOR_RMS``. A rough measure (noise counts too) that is
    enough to tell that a decode wrote far too few words for the sound it was given."""
    frame = int(SPEECH_FRAME_S * rate_hz)
    n = len(samples) // frame
    if n == 0:
        return 0.0
    power = np.square(samples[:n * frame].reshape(n, frame), dtype=np.float64).mean(axis=1)
    loud = np.percentile(power, 95)
    threshold = max(SPEECH_FLOOR_RMS ** 2, loud * 10 ** (-SPEECH_BELOW_LOUDEST_DB / 10))
    return float(np.count_nonzero(power > threshold)) * frame / rate_hz


@dataclass(frozen=True)
class Segment:
    """One decoded segment, as the checks see it."""

    start_s: float
    text: str
    avg_logprob: float = 0.0


@dataclass(frozen=True)
class Decoded:
    """One decode of a turn: its segments and their words."""

    segments: tuple[Segment, ...]
    words: tuple[Word, ...]
    label: str = field(default="", compare=False)
    """Which decode this was (for the log and the measurements)."""

    @property
    def texts(self) -> list[str]:
        return [s.text.strip() for s in self.segments]

    def trusted(self) -> bool:
        """Passes Whisper's checks: no loop, no segment below ``LOG_PROB_THRESHOLD``."""
        return all(s.avg_logprob >= LOG_PROB_THRESHOLD for s in self.segments) and not self.loops()

    def loops(self) -> bool:
        """A segment or a 30 s window of text compresses like a loop, or its words repeat."""
        windows: dict[int, list[str]] = {}
        for segment in self.segments:
            if compression_ratio(segment.text.strip()) > COMPRESSION_RATIO_THRESHOLD:
                return True
            windows.setdefault(int(segment.start_s // WHISPER_WINDOW_S), []).append(segment.text.strip())
        if len(self.segments) > 1 and any(
                compression_ratio(" ".join(texts)) > COMPRESSION_RATIO_THRESHOLD for texts in windows.values()):
            return True
        return longest_repeat([k for k in (word_key(w.text) for w in self.words) if k]).count > MAX_REPEATS

    def without_loops(self) -> Decoded:
        """This decode with its looping repeats dropped (the text rebuilt from the words kept)."""
        if not self.loops():
            return self
        words = collapse_loops(self.words, key=lambda w: word_key(w.text))
        text = " ".join(w.text for w in words)
        start = self.segments[0].start_s if self.segments else 0.0
        return Decoded((Segment(start, text),), tuple(words), f"{self.label} without loops")


def failure(decoded: Decoded, samples: np.ndarray, rate_hz: int = SAMPLE_RATE_HZ,
            fallback_done: bool = False) -> str | None:
    """Why ``decoded`` cannot be trusted as it is, or None: Whisper's failure signals (a loop, a
    segment decoded with mean log probability below ``LOG_PROB_THRESHOLD``, unless
    ``fallback_done``: the temperature fallback already tried all it could) and lost words (far
    fewer than ``MIN_WORDS_PER_SPEECH_S`` for the sound in a long turn). Cheapest checks first."""
    if not fallback_done and any(s.avg_logprob < LOG_PROB_THRESHOLD for s in decoded.segments):
        return "low log probability"
    if decoded.loops():
        return "loop"
    duration_s = len(samples) / rate_hz
    if duration_s >= MIN_RATE_CHECK_S and len(decoded.words) < MIN_WORDS_PER_SPEECH_S * duration_s:
        speech_s = speech_seconds(samples, rate_hz)
        if speech_s >= MIN_SPEECH_S and len(decoded.words) < MIN_WORDS_PER_SPEECH_S * speech_s:
            return f"{len(decoded.words)} words for {speech_s:.1f} s of sound"
    return None


def pick(candidates: Sequence[Decoded]) -> Decoded:
    """The decode to keep: the one with the most words (the first on a tie) among those that
    pass Whisper's checks (``Decoded.trusted``), else among those that do not loop (a sampled
    guess at a high temperature does not beat a sure decode for having more words); when all
    loop, the one with the most words left once the loops are dropped."""
    for acceptable in (Decoded.trusted, lambda c: not c.loops()):
        chosen = [c for c in candidates if acceptable(c)]
        if chosen:
            return max(chosen, key=lambda c: len(c.words))
    return max((c.without_loops() for c in candidates), key=lambda c: len(c.words))
