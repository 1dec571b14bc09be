"""The one definition of a word, a filler and a word count, for every measure of a turn.

A **word** is a transcript token with a letter in it, lower-cased without punctuation
("Sorry," -> "sorry"). A **filler** is "um", "uh", "uhm", "er", "erm", "ah", "hmm", "mm" and
their stretched spellings ("umm", "uhh", "hmmm"). The **word count** of a turn is its
content words: words that are not fillers. Pace, the history, the debrief and
``realtalk analyze`` all count with these functions.

"you know" and "I mean" are not fillers here: telling the filler use from the real one
("you know I love you") needs more than a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FILLER_PATTERN = re.compile(r"^(u+m+|u+h+|u+h+m+|e+r+|e+r+m+|a+h+|h+m+|m+|m+h+m+)$")


def bare_word(token: str) -> str:
    """A transcript token lower-cased, without its punctuation: "Sorry," -> "sorry"."""
    return re.sub(r"[^a-z']", "", token.lower())


def is_filler(token: str) -> bool:
    """True for "um", "Uh,", "hmm...", "Umm" and the other fillers, whatever the punctuation."""
    return bool(_FILLER_PATTERN.match(bare_word(token)))


def is_word(token: str) -> bool:
    """True for a token with a letter in it ("I'm", "A&E"), False for "—" or "…"."""
    return bool(bare_word(token).strip("'"))


def count_fillers(text: str) -> int:
    """Filler tokens in a transcript."""
    return sum(1 for token in text.split() if is_filler(token))


def count_content_words(tokens: Iterable[str]) -> int:
    """Words among ``tokens`` that are not fillers."""
    return sum(1 for token in tokens if is_word(token) and not is_filler(token))


def word_count(text: str) -> int:
    """The turn's word count: its content words, fillers excluded."""
    return count_content_words(text.split())
