"""Blame: putting the problem on the partner.

Covers "you always/never…", "you make me…", "it's your fault", labels for the
partner ("you're so selfish"), rhetorical attacks ("what is wrong with you") and
blame dressed as a feeling ("I feel like you don't care"). Kind sentences with
the same shape are not blame: "you always show up for me", "you never let me
down", "it's not your fault". Describing what happened after "when" ("I was hurt
when you didn't call") is an observation, not blame.
"""

from __future__ import annotations

import re

from dialogue.coaching.text import WORD, TurnText, any_of, blank_out, following_words, quote_first, words

_REASSURANCE = any_of(
    (
        r"\b(?:not|isn't|wasn't|is not|was not|none of (?:this|that|it) (?:is|was)|never) your fault\b",
        r"\b(?:it's|that's|this is) not on you\b",
    )
)

_ALWAYS_NEVER = any_of((r"\byou(?:'re| are)? (?:just |really |literally |honestly )?(always|never|constantly)\b",))
# What follows "you always" / "you never" in a kind sentence.
_KIND_AFTER_ALWAYS = any_of(
    (
        r"^(?:\w+ )?(?:show|shows|showed) up",
        r"^(?:\w+ )?(?:help|support|listen|remember|understand|forgive|cheer|protect|encourage|believe in|come through|look out)",
        r"^(?:\w+ )?(?:make|makes) me (?:laugh|smile|feel (?:better|safe|loved|good|special|welcome|heard|seen|valued|important))",
        r"^(?:\w+ )?know (?:how|what|when|just)",
        r"^(?:\w+ )?(?:have|has) my back",
        r"^(?:\w+ )?(?:there for|find a way|find time|make time|check (?:on|in)|take care|get me)",
        r"^(?:so )?(?:kind|good|sweet|patient|supportive|thoughtful|generous|lovely|caring|honest|gentle|loving|fair)\b",
    )
)
_KIND_AFTER_NEVER = any_of(
    (
        r"^(?:\w+ )?(?:let me down|judge|complain|give up|fail|hurt me|forget|leave me|lie to me|disappoint|yell|raise your voice)",
        r"^(?:\w+ )?(?:hold (?:it|that|anything) against|make me feel (?:bad|stupid|small|guilty|judged|alone))",
        r"^(?:\w+ )?(?:stop (?:trying|caring|believing)|take me for granted|ask for (?:anything|much)|know\b)",
    )
)

_NEGATIVE_TRAITS = words(
    """selfish lazy useless ridiculous crazy insane impossible dramatic overreacting sensitive unbelievable
    pathetic childish immature stupid idiot jerk liar mean cold heartless insensitive inconsiderate thoughtless
    irresponsible careless hopeless needy clingy paranoid hysterical unreasonable unfair difficult toxic
    narcissist narcissistic manipulative annoying exhausting ungrateful spoiled nag baby child hypocrite coward
    loser failure nightmare useless disappointment embarrassment joke rude arrogant cruel fake stubborn judgmental
    critical defensive possessive bossy condescending dismissive self-centered entitled petty vindictive moody cheap"""
)
_TRAIT_FILLER = words("so such a an just really being acting like completely totally too the most kinda honestly literally always very absolutely seriously incredibly unbelievably pretty such")
_BLAME = any_of(
    (
        rf"\byou(?:'re| are| were|'ve been| have been) (?:{_TRAIT_FILLER} ){{0,4}}{_NEGATIVE_TRAITS}\b",
        r"\b(?:it's|it is|it was|that's|that is|this is|all|totally|entirely) your fault\b",
        r"\b(?:that's|this is|it's) (?:all )?on you\b",
        r"\byou (?:make|made|making) me (?!(?:(?:so|really|feel|very|truly) ){0,2}(?:laugh|smile|happy|proud|better|safe|loved|special|good|whole|want)\b)",
        r"\byou (?:ruined|ruin|wrecked|destroyed|started (?:it|this|all this)|caused (?:this|all this)|did this)\b",
        r"\bfor ruining\b",
        r"(?<!when )(?<!that )(?<!if )\byou (?:didn't|did not|never) (?:even )?(?:remind|tell|text|call|ask)\b",
        r"(?<!when )(?<!that )(?<!if )\byou (?:don't|do not|can't|won't) (?:even |ever )?(?:care|listen|try|think|help|notice|appreciate|respect|bother|pay attention|get it)\b",
        r"\bbecause you (?:can't|cannot|never|always|don't|won't|didn't|refuse)\b",
        r"\bif you (?:had|would have|hadn't)\b(?! (?:a|an|the|any|some|time|to)\b)",
        r"\byou should(?: have|'ve) (?!seen|heard|tasted|been there)",
        r"\bwhy (?:didn't|can't|won't|don't) you\b",
        r"\bwhy (?:do|does|would|did) you (?:always|never|keep|have to|even|ever)\b",
        r"\bwhy would you (?:do|say|think)\b",
        r"\bwhat(?:'s| is) (?:wrong|the matter) with you\b",
        r"\bwhat(?:'s| is) your (?:problem|deal)\b",
        r"\bhow (?:could|dare) you\b",
        r"\bwhat were you thinking\b",
        r"\bdo you (?:even|ever) (?:care|listen|think|try|notice|stop|do anything|help)\b",
        r"\b(?:not|never) (?:as |so )?(?:perfect|good|smart|clever|organi[sz]ed|important) (?:like|as) you\b",
        r"\bhow do you think (?:that|this|it) (?:makes|made) me feel\b",
        r"\bcalm down\b",
        r"\byou (?:treat|treated|talk to|talked to|look at|looked at) me like\b",
        rf"\bbut you\b(?: {WORD}){{0,6}}? (?:too|also|as well)\b",
        r"\byou also (?:did|do|were|forgot|said|yelled|didn't|never)\b",
        r"\bwhat about (?:you|when you|the time you|your)\b",
    )
)
# "I feel like you…", "I feel that you…": a thought about the partner, worded as a feeling.
_FEELING_ABOUT_YOU = any_of(
    (r"\bi (?:\w+ )?(?:feel|felt)(?: like| that| as if| as though)? you(?:'re| are| were)?\b",)
)
_FAULT_WORDS = frozenset(
    """don't didn't never always can't won't wouldn't aren't not only just ignore ignored hate blame
    judge use dismiss care more prefer rather""".split()
)
_FAULT_PHRASES = re.compile(rf"\b(?:{_NEGATIVE_TRAITS}|take me for granted|do not|did not|are not|were not)\b", re.IGNORECASE)


def _blame_matches(text: str) -> list[re.Match[str]]:
    text = blank_out(text, _REASSURANCE)
    found = list(_BLAME.finditer(text))
    for match in _ALWAYS_NEVER.finditer(text):
        rest = " ".join(following_words(text, match.end(), 5))
        kind = _KIND_AFTER_ALWAYS if match.group(1).lower() != "never" else _KIND_AFTER_NEVER
        if not kind.search(rest):
            found.append(match)
    for match in _FEELING_ABOUT_YOU.finditer(text):
        after = following_words(text, match.end(), 6)
        if _FAULT_WORDS.intersection(after) or _FAULT_PHRASES.search(" ".join(after)):
            found.append(match)
    return sorted(found, key=lambda m: m.start())


def has_blame(text: str) -> bool:
    """True when the turn puts the problem on the partner."""
    return bool(_blame_matches(text))


def blame_phrase(turn: TurnText) -> str:
    """The clause that blames, in the user's words ("you always", "but you didn't remind me")."""
    return quote_first(turn, _blame_matches(turn.text))
