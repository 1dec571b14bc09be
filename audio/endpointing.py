"""The end-of-turn decision: how much silence ends a turn, given what the user has said so far.

People pause mid-thought ("I was going to call, but… um…") and between sentences. A fixed
silence either cuts the first short or makes every reply wait for the longest. The transcript
of the turn so far (speculative, see ``audio.listening``) tells them apart: words that
sound finished end the turn after a short silence, words that trail off wait longer, and
without a transcript the middle setting applies.
"""

from __future__ import annotations

from audio.turns import TurnOptions
from dialogue.coaching.words import bare_word, is_filler

FINAL_PUNCTUATION = (".", "?", "!")
TRAILING_OFF = ("...", "…", ",", "-", "—", ";", ":")
# Words that almost never end a finished sentence (besides fillers): joining words, and words that need
# what comes after them ("I was going to call my…"). Words that often end a sentence too ("to",
# "that", "so", "about") are left out, so that those sentences still get a quick reply.
UNFINISHED_LAST_WORDS = frozenset(
    """and but or because cause cuz if although unless until while whereas than which whose
    the a an my your our their its of for with into i i'm im i've i'd""".split()
)


def sounds_finished(text: str) -> bool:
    """True when the words end like a finished thought: final punctuation, no dangling last word."""
    stripped = text.strip()
    if not stripped.endswith(FINAL_PUNCTUATION) or stripped.endswith(TRAILING_OFF):
        return False
    words = stripped.split()
    return bool(words) and bare_word(words[-1]) not in UNFINISHED_LAST_WORDS and not is_filler(words[-1])


def end_silence_ms(transcript: str | None, options: TurnOptions) -> int:
    """Silence (ms) that ends the turn, given the transcript so far (None: not known yet)."""
    if not transcript or not transcript.strip():
        return options.end_silence_ms
    if sounds_finished(transcript):
        return min(options.quick_end_silence_ms, options.end_silence_ms)
    return max(options.hold_silence_ms, options.end_silence_ms)
