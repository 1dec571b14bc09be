"""The signals the partner reacts to, after the nuance a person would hear.

The judge reads each field of a turn on its own; a listener hears the turn whole. A
reason that is an emergency is not an excuse; "it's silly, but it hurt" names a hurt rather
than brushing it off; "I'm not saying you're lazy" blames no one; sarcasm ("oh great,
thanks a lot") turns thanks and questions into jabs; and an apology wrapped in hedges
("I guess maybe I kind of messed up") is only half an apology.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from dialogue.coaching import signals as s
from dialogue.practices.content import Content

_TAKEN_BACK_MINIMISING = re.compile(
    r"\b(?:silly|stupid|dumb|nothing|no big deal|not a big deal|whatever|fine|small thing|petty|overreacting)\b"
    r"[^.?!]*\b(?:but|though|still)\b[^.?!]*\b(?:hurt|hurts|matter|matters|mattered|meant|important|stung|stings|upset|"
    r"felt|feel|scared|bothered|bothers|real|embarrass\w*|humiliat\w*)\b",
    re.IGNORECASE,
)
_FEELING_AFTER_BUT = re.compile(r"\bbut\b[^.?!]*\b(?:hurt|hurts|stung|stings|upset|scared|embarrass\w*|humiliat\w*)\b", re.I)
_NOT_BLAMING = re.compile(
    r"\b(?:i'?m not|i am not|not that i'?m|i'?m not trying to be) (?:saying|blaming|calling|accusing)\b"
    r"|\bit'?s not (?:your|all your) fault\b|\bnot blaming you\b|\bthis isn'?t (?:on|about) you\b",
    re.IGNORECASE,
)
_SARCASM = re.compile(
    r"^\W*(?:oh,? )?(?:great|wonderful|perfect|brilliant|fantastic|lovely|cool)\s*[,.!]"
    r"|\byeah,? right\b|\bthanks a lot\b|\bthanks for nothing\b|\boh,? sure\b|\bsure you (?:do|did|are|will)\b"
    r"|\bwhatever you say\b|\bwow,? thanks\b|\bslow clap\b|\bcongratulations,? you\b|\bhow nice for you\b",
    re.IGNORECASE,
)
_HEDGES = re.compile(r"\b(?:i guess|maybe|kind of|kinda|sort of|sorta|i suppose|probably|if you want|technically)\b", re.I)
_SOFTENED_BY_SARCASM = (s.THANKS_FOR_HONESTY, s.ACKNOWLEDGES, s.OWNED_APOLOGY, s.CARING_QUESTION)


def heard_signals(text: str, signals: Collection[str], content: Content | None = None) -> frozenset[str]:
    """``signals`` as a listener would hear them in ``text`` (with the turn's ``content``)."""
    heard = set(signals)
    content = content or Content()
    if content.reason_kind == "emergency":
        heard.discard(s.EXCUSE)
    if s.MINIMIZING in heard and _TAKEN_BACK_MINIMISING.search(text):
        heard.discard(s.MINIMIZING)
        if _FEELING_AFTER_BUT.search(text):
            heard.add(s.NAMES_FEELING)
    if s.BLAME in heard and _NOT_BLAMING.search(text) and not re.search(r"\byou (?:always|never)\b", text, re.I):
        heard.discard(s.BLAME)
    if _SARCASM.search(text):
        heard.difference_update(_SOFTENED_BY_SARCASM)
        heard.add(s.BLAME)
    if s.OWNED_APOLOGY in heard and len(_HEDGES.findall(text)) >= 2:
        heard.discard(s.OWNED_APOLOGY)
        heard.add(s.UNDERMINED_APOLOGY)
    return frozenset(heard)
