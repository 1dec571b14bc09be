"""Asking: for what you need, for space for the other person, or for an answer.

Asking for a need is a clear, doable request ("I need you to call if you'll be
late", "could you take the kids on Tuesdays", "it would help me if we…").
Giving space lets the other person take their time after something big ("take
your time", "you don't have to say anything", "no pressure"). Pressing demands
an answer now ("say it back", "why aren't you saying anything", "do you love me
or not"). Rhetorical jabs ("can you just stop?") are blame, not requests.
"""

from __future__ import annotations

from dialogue.coaching.text import any_of

_NEED = any_of(
    (
        r"\bi (?:really |just |also )?need you to\b",
        r"\bi(?:'d| would) (?:really |so )?(?:like|love|appreciate (?:it )?if)(?: it if)? (?:you|us|we|for you|for us|more)\b(?! to (?:hear|know)\b)",
        r"\b(?:could|can|would|will) you (?:please )?(?!just\b|believe\b|imagine\b|stop being\b|even\b|tell me more\b|tell me about\b)(?:help|be|give|take|do|call|text|spend|listen|come|make|pick|check|hold|stay|let me|try|plan|share|ask|remind|hug|sit|keep|tell me when|tell me if)\b",
        r"\bwould you be (?:willing|open|okay|ok) to\b",
        r"\bwould you (?:mind|consider)\b",
        r"\bit would (?:really |so )?(?:help|mean (?:a lot|so much|the world))(?: me| to me)? if\b",
        r"\bwhat i (?:really )?need (?:is|from you|right now)\b",
        r"\bi (?:really |just )?need (?:more|some|a bit|a little|help|time|space|support|us to|a hug|a break|to (?:hear|know|feel) (?:that|from) you)\b",
        r"\bcan we (?:please )?(?:spend|try|plan|agree|set|split|share|make|have|do)\b",
        r"\bi(?:'m| am) asking (?:you|for)\b",
        r"\bi (?:want|'d like) us to\b",
    )
)
_SPACE = any_of(
    (
        r"\b(?:take|taking) (?:your|all the|as much|some) time\b",
        r"\bno (?:pressure|rush|hurry)\b",
        r"\byou (?:don't|do not|dont) (?:have|need) to (?:say|answer|respond|reply|feel|decide|know)\b",
        r"\b(?:there's |there is )?no need to (?:say|answer|respond|reply)\b",
        r"\bi(?:'m| am) not (?:expecting|asking for|asking you for|waiting for) (?:anything|an answer|you to say)\b",
        r"\bi (?:just )?wanted you to know\b",
        r"\bi(?:'m| am) (?:okay|ok|fine|happy|good) (?:with|to|sitting with) (?:the )?(?:silence|quiet|wait|waiting|not knowing)\b",
        r"\bwhenever you(?:'re| are) ready\b",
        r"\bit(?:'s| is) (?:okay|ok|fine|alright) (?:if you|to) (?:don't|not|need|take|say nothing|be quiet)\b",
    )
)
_PRESSURE = any_of(
    (
        r"\bsay (?:it|that|something) back\b",
        r"\b(?:aren't|are not|won't|will not|arent) you (?:going to |gonna )?say (?:it|anything|something)\b",
        r"\bwhy (?:aren't|are not|won't|don't|arent|dont) you (?:saying|say|answer|answering)\b",
        r"\bdo you (?:even )?love me\b",
        r"\b(?:just |please )?say something\b",
        r"\b(?:just |please )?answer me\b",
        r"\byou have to (?:say|answer|tell me)\b",
        r"\bi need (?:an answer|you to say|to know (?:if|whether) you)\b",
        r"\b(?:well|so)\?{1,3}\s*$",
        r"\bhello\?{1,3}\s*$",
    )
)


def asks_for_need(text: str) -> bool:
    """True when the turn makes a clear request for what the speaker needs."""
    return bool(_NEED.search(text))


def gives_space(text: str) -> bool:
    """True when the turn lets the other person take their time."""
    return bool(_SPACE.search(text))


def presses_for_answer(text: str) -> bool:
    """True when the turn demands an answer or a feeling back, now."""
    return bool(_PRESSURE.search(text))
