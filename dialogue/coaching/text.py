"""Shared helpers for the detectors: the one normalised text, patterns and quotes.

Every detector (phrasing and scenario signals alike) searches the same normalised copy
of the turn (``normalise``: straight apostrophes and quotes, single spaces, filler
tokens such as "um" left out; patterns are case-insensitive) but quotes the user's own
words back, so the copy keeps, for each of its characters, where that character came
from in the original.

Patterns are written with apostrophes ("it's", "i'm"); `any_of` makes every
apostrophe optional, because transcribers often drop them ("its fine", "im sorry").
Quantifiers over words are always bounded, so a 10,000-word turn stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dialogue.coaching.words import is_filler

_CURLY_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_CLAUSE_END = re.compile(r"[.,;:!?\"()\u2026\u2013\u2014]| - | (?:and|but|so|because|cause|cuz) ", re.IGNORECASE)
_LEADING_CONNECTIVE = re.compile(r"(?:^|\s)(?:but|and|because|cause)\s$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;]")
QUOTE_MAX_WORDS = 8
# A word, apostrophes included; \x27 rather than a literal apostrophe so `any_of` leaves it alone.
WORD = r"[\w\x27]+"


@dataclass(frozen=True)
class TurnText:
    """One turn: the user's words and a normalised copy to search."""

    original: str
    text: str
    origins: tuple[int, ...]  # origins[i]: index in `original` of text[i]

    def quote(self, start: int, end: int) -> str:
        """The user's own words behind text[start:end]."""
        if start >= end:
            return ""
        return self.original[self.origins[start] : self.origins[end - 1] + 1]


def normalise(original: str) -> TurnText:
    """Straighten quotes, single-space, leave fillers out, remembering where each character came from."""
    original = original or ""
    chars: list[str] = []
    origins: list[int] = []
    for match in re.finditer(r"\S+", original):
        if is_filler(match.group()):
            continue
        if chars:
            chars.append(" ")
            origins.append(match.start() - 1)
        chars.extend(match.group().translate(_CURLY_QUOTES))
        origins.extend(range(match.start(), match.end()))
    return TurnText(original=original, text="".join(chars), origins=tuple(origins))


def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `patterns` (apostrophes optional)."""
    return re.compile("|".join(f"(?:{p.replace(chr(39), chr(39) + '?')})" for p in patterns), re.IGNORECASE)


def words(alternatives: str) -> str:
    """A non-capturing group of space-separated alternatives: "a b c" -> (?:a|b|c)."""
    return "(?:" + "|".join(alternatives.split()) + ")"


def blank_out(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with every match of `pattern` replaced by spaces (offsets unchanged)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match to a short clause: a leading "but"/"and", then on to the clause's end."""
    lead = _LEADING_CONNECTIVE.search(text, max(0, start - 9), start)
    if lead:
        start = lead.start() + (1 if text[lead.start()].isspace() else 0)
    window_end = min(len(text), end + 120)  # a clause is short; never scan a long turn
    stop = _CLAUSE_END.search(text, end, window_end)
    clause_end = stop.start() if stop else window_end
    word_ends = [m.end() for m in re.finditer(r"\S+", text[start:clause_end])]
    if len(word_ends) > QUOTE_MAX_WORDS:
        clause_end = start + word_ends[QUOTE_MAX_WORDS - 1]
    return start, max(end, clause_end)


def quote_first(turn: TurnText, matches: Iterable[re.Match[str]]) -> str:
    """The clause around the first match, in the user's words ("" when none)."""
    for match in matches:
        return turn.quote(*clause_around(turn.text, match.start(), match.end()))
    return ""


def same_sentence(text: str, start: int, end: int) -> bool:
    """True when text[start:end] crosses no sentence boundary."""
    return not _SENTENCE_END.search(text, start, end)


def following_words(text: str, end: int, count: int) -> list[str]:
    """Up to `count` lowercase words after position `end`, stopping at a sentence end."""
    window_end = min(len(text), end + 20 * count)
    stop = _SENTENCE_END.search(text, end, window_end)
    return re.findall(WORD, text[end : stop.start() if stop else window_end].lower())[:count]
