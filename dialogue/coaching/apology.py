"""Apologies: whether the turn apologises, owns its part, and what undermines it.

An apology is *owned* when it takes responsibility with nothing taking it back.
It is *undermined* by a "but" that is not a commitment, by conditional or
blame-shifting forms ("sorry if you felt", "sorry you feel that way"), by
exasperation ("I said I'm sorry, what more do you want"), or by an excuse, blame
or minimising in the same turn, because the partner hears those, not the sorry.
Sympathy ("I'm sorry that happened to you") and politeness ("sorry, what?") are
not apologies.
"""

from __future__ import annotations

import re

from dialogue.coaching.text import WORD, TurnText, any_of, blank_out, clause_around, quote_first

APOLOGY_NONE = "none"
APOLOGY_OWNED = "owned"
APOLOGY_UNDERMINED = "undermined"

_APOLOGY = any_of(
    (
        r"\bsorry\b",
        r"\bapologi[sz]e\b",
        r"\bmy apologies\b",
        r"\bforgive me\b",
        r"\bowe you an apology\b",
    )
)
_SYMPATHY_OR_POLITENESS = any_of(
    (
        r"\bsorry (?:that |to hear )?(?:this|that|it|what) (?:happened|is happening|you went through)",
        r"\bsorry (?:to hear|for your loss|about your (?!feelings)\w+)",
        r"\bsorry (?:that )?you(?:'re| are| were|'ve been| have been) (?:going through|dealing with)",
        r"\bsorry (?:that )?you (?:had|have|went|lost|got sick)\b(?! to (?:wait|deal with me))",
        r"\bsorry to (?:bother|interrupt|disturb|hear)\b",
        r"\bsorry,? (?:what\?|what did you say|what was that|come again|say that again|i didn't (?:catch|hear))",
    )
)
_REFUSED_APOLOGY = any_of(
    (
        r"\b(?:not|never)\s+(?:\w+\s+)?sorry\b",
        r"\b(?:won't|will not|don't|do not)\s+apologi[sz]e\b",
        r"\bnothing to (?:be sorry|apologi[sz]e) (?:about|for)\b",
    )
)
_OWNERSHIP = any_of(
    (
        r"\bi (?:really |totally |completely )?(?:messed|screwed|mucked) (?:it |this |that )?up\b",
        r"\bi (?:just |completely |totally )?forgot\b",
        r"\b(?:that's|that is|it's|it is|this is) on me\b",
        r"\b(?:it was|it's|it is|that was|that's|that is|totally|entirely|all) my fault\b",
        r"\bmy (?:bad|mistake)\b",
        r"\bi let you down\b",
        r"\bi should(?: have|'ve) (?!been told)",
        r"\bi (?:shouldn't|should not) have\b",
        r"\bi was wrong\b",
        r"\bnot your fault,? (?:it's|it is|it was) (?:all )?mine\b",
        r"\bi dropped the ball\b",
        r"\bi (?:take|own) (?:full |the )?(?:responsibility|blame)\b",
        r"\bi blew it\b",
        r"\bi broke (?:my|that|the|your) (?:promise|word|trust)\b",
        r"\bi didn't (?:keep|show up|come|call|text)\b",
        r"\bi (?:know )?i hurt you\b",
        r"\bi took you for granted\b",
        r"\bi own (?:it|that|this|my part|up to)\b",
        r"\bi made a (?:big |huge |terrible )?mistake\b",
    )
)
_DENIED_FAULT = any_of((r"\b(?:not|wasn't|isn't)\s+(?:really\s+)?my fault\b",))

# After "sorry, but…" these keep the apology owned: the "but" commits rather than excuses.
_COMMITMENT = (
    r"(?:i'll|i will|i'm going to|i am going to|i'm gonna|i promise|let me|i want to (?:make|fix|do better|understand|hear)"
    r"|i'd like to make|i know (?:that's|it's|this is|there's) no excuse|that's no excuse|i love|i care|i do)\b"
)
_PAUSE = r"(?:,|\.\.\.|\u2026)"  # a comma or a trailing-off, not a full stop
_UNDERMINING = any_of(
    (
        r"\bsorry,? (?:if|that) you(?:'re| are| were)? (?:feel|felt|were|are|got|get|took|take|think|thought|see|saw|upset|offended|mad|angry|hurt|annoyed)\b",
        r"\bsorry,? if (?:i|that|it|this|anything|what i|my|you) (?:\w+ ){0,3}?(?:upset|hurt|offended|bothered|came across|felt|were)\b",
        r"\bsorry (?:that )?you(?:'re| are| were)? (?:feel|felt|think|thought|see it|saw it|took it|take it|got|get|upset|offended|mad|angry|so sensitive|annoyed|bothered)\b",
        r"\bapologi[sz]e,? (?:if|but)\b",
        rf"\bsorry\b(?:{_PAUSE}? {WORD}){{0,10}}?{_PAUSE}? but (?!{_COMMITMENT})",
        r"\b(?:are you )?happy now\b",
        r"\b(?:is|was) that (?:good )?enough(?: for you)?\b",
        r"\bi (?:already |just |literally )?(?:said|told you) (?:i'm |i am |i was )?sorry\b",
        r"\bi(?:'ve| have) (?:already )?(?:said sorry|apologi[sz]ed)\b",
        r"\bwhat (?:more|else) do you want\b",
        r"\bhow many times do i (?:have to |need to )?(?:say|apologi[sz]e)\b",
        r"\b(?:fine|okay|ok|alright),? (?:i'm |i am )?sorry\b",
        r"\bsorry,? (?:okay|ok|jeez|geez|god)\b",
        r"\bsorry i guess\b",
    )
)
_EXCUSE = any_of(
    (
        r"\btraffic\s+(?:was|is|got)\b",
        r"\b(?:stuck|caught) in traffic\b",
        r"\b(?:because of|was) the traffic\b",
        r"\bi (?:was|am|'m|'ve been|have been) (?:(?:really|so|just|too|super|pretty|very|completely|totally) ){0,2}"
        r"(?:busy|swamped|tired|exhausted|slammed|stressed|overwhelmed with work|distracted)\b",
        r"\bi had (?:so much|too much|a lot) (?:going on|on my plate|to do|work)\b",
        r"\bi had (?:a |such a )?(?:really |super )?(?:long|bad|rough|crazy|busy) day\b",
        r"\bsomething came up\b",
        r"\b(?:work|the meeting|my meeting) (?:ran|went) (?:late|over)\b",
        r"\bmy (?:phone|battery) (?:died|was dead|ran out)\b",
        r"\bi (?:didn't|did not) have (?:the )?time\b",
        r"\bi couldn't help it\b",
        r"\bi got (?:held up|stuck|caught up|delayed)\b",
        r"\bit(?:'s| is| was) not (?:really )?my fault\b",
        r"\bit (?:wasn't|isn't) (?:really )?my fault\b",
        r"\bit(?:'s| is) not (?:a|that) big (?:a )?deal\b",
        r"\bi was (?:just |only )?(?:joking|kidding|trying to help)\b",
        r"\bin my defen[cs]e\b",
        r"\byou know how (?:work|it|things|my boss|traffic|my job) (?:is|gets|are|can be)\b",
    )
)


def _without_sympathy(text: str) -> str:
    return blank_out(text, _SYMPATHY_OR_POLITENESS)


def has_refused_apology(text: str) -> bool:
    """True for "I'm not sorry", "I won't apologise"."""
    return bool(_REFUSED_APOLOGY.search(text))


def has_apology_words(text: str) -> bool:
    """True when the turn says sorry to the partner (not sympathy, not a refusal)."""
    return bool(_APOLOGY.search(_without_sympathy(text))) and not has_refused_apology(text)


def denies_fault(text: str) -> bool:
    """True for "it wasn't my fault" (which the ownership pattern would half-match)."""
    return bool(_DENIED_FAULT.search(text))


def owns_mistake(text: str) -> bool:
    """True when the speaker names their own part: "I forgot", "that's on me"."""
    return bool(_OWNERSHIP.search(text)) and not denies_fault(text)


def has_excuse(text: str) -> bool:
    """True when the turn explains the mistake away: traffic, busy, phone died."""
    return bool(_EXCUSE.search(text))


def excuse_phrase(turn: TurnText) -> str:
    return quote_first(turn, _EXCUSE.finditer(turn.text))


def undermining_phrase(turn: TurnText) -> str:
    """The words that take the apology back ("sorry if you felt", "but you know how work is")."""
    match = _UNDERMINING.search(_without_sympathy(turn.text))
    if not match:
        return ""
    start = match.start()
    but = re.search(r"\bbut\b", turn.text[start : match.end()], re.IGNORECASE)
    if but and match.group().lower().startswith("sorry"):
        start += but.start()  # quote from the "but": that is the part to drop
    return turn.quote(*clause_around(turn.text, start, match.end()))


def is_undermined_by_form(text: str) -> bool:
    """True for undermining wording: a non-committing "but", "sorry if you felt", exasperation."""
    return bool(_UNDERMINING.search(_without_sympathy(text)))


def classify_apology(text: str, undercut: bool) -> str:
    """Owned, undermined or no apology; `undercut`: the turn also excuses, blames or minimises."""
    if not (has_apology_words(text) or owns_mistake(text)):
        return APOLOGY_NONE
    if undercut or is_undermined_by_form(text):
        return APOLOGY_UNDERMINED
    return APOLOGY_OWNED
