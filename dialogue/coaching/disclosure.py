"""Disclosure: saying the big thing itself, and taking it back.

Saying "I love you" first ("I love you", "I'm in love with you", "I'm falling
for you"); telling hard news ("I lost my job", "I got laid off"); sharing a
dream ("I've always wanted to…", "my dream is…", "I'm thinking of opening a
bakery"). Retracting undoes it straight after ("just kidding", "forget I said
anything", "I didn't mean it", "never mind"). "I don't love you", "I'd love to
hear more" and "I want to tell you something" are not disclosures.
"""

from __future__ import annotations

from dialogue.coaching.text import any_of

_LOVE = any_of(
    (
        r"(?<!don\x27t )(?<!do not )(?<!never )\bi (?:(?:really|truly|think i|just|actually|still|do|have always|always|kind of) ){0,2}(?:love|loved) you\b",
        r"\bi(?:'m| am|'ve| have)? (?:\w+ ){0,2}?(?:in love with|falling for|fallen for|falling in love with|fallen in love with) you\b",
    )
)
_NEWS = any_of(
    (
        r"\bi(?:'ve| have)? (?:just )?lost my (?:job|work|position|contract)\b",
        r"\bi (?:got|was|have been|'ve been|just got|was just) (?:fired|let go|laid off|made redundant|sacked|dismissed)\b",
        r"\b(?:they|the company|my boss|work|my work) (?:fired|sacked|laid off|let) me\b",
        r"\bi(?:'m| am) (?:out of (?:a )?(?:job|work)|unemployed|redundant)\b",
        r"\bi (?:don't|do not|no longer) have a job\b",
        r"\bmy (?:job|position|contract) (?:is gone|was cut|got cut|ended|was eliminated)\b",
    )
)
_DREAM = any_of(
    (
        r"\bmy (?:\w+ )?dream (?:is|was|has always been|would be)\b",
        r"\bi(?:'ve| have) always (?:wanted|dreamed|dreamt|wished|thought about)\b",
        r"\bi(?:'ve| have) been (?:thinking|dreaming) (?:about|of) \w+ing\b",
        r"\bi(?:'m| am) (?:seriously )?(?:thinking|dreaming) (?:about|of) \w+ing\b",
        r"\bi (?:really |secretly |kind of |kinda |actually )?want to (?!tell|say|ask|talk|know|hear|understand|apologi[sz]e)\w+",
        r"\bi(?:'d| would) (?:really |so |honestly )?love to (?!hear|know|talk|understand|help)\w+",
        r"\b(?:one day|someday|some day) i(?:'d| would| want| will|'ll| could)\b",
        r"\bi dream (?:of|about)\b",
        r"\bi(?:'m| am) (?:going to|gonna) (?:quit|start|open|become|write|move|learn|try|build|train|run|sail|travel)\b",
    )
)
_RETRACTING = any_of(
    (
        r"\b(?:just |only )?(?:kidding|joking)\b",
        r"\bforget (?:i|what i) said\b",
        r"(?<!don\x27t )(?<!never )\bforget (?:it|that|about it)\b",
        r"\bi (?:didn't|did not|don't) (?:really )?mean (?:it|that)\b",
        r"\bpretend i (?:didn't|never) (?:say|said)\b",
        r"\bnever ?mind\b",
        r"\bscratch that\b",
        r"\btake (?:it|that) back\b",
        r"\bignore (?:that|what i said|me)\b",
        r"\b(?:that was|that's|that is) (?:so |really )?(?:stupid|dumb|weird|silly)(?: of me)?\b",
        r"\bi(?:'m| am) (?:just )?being (?:silly|stupid|weird|dramatic)\b",
    )
)


def says_love(text: str) -> bool:
    """True for a declaration of love to the other person."""
    return bool(_LOVE.search(text))


def shares_news(text: str) -> bool:
    """True when the turn tells hard news about the speaker's work."""
    return bool(_NEWS.search(text))


def shares_dream(text: str) -> bool:
    """True when the turn shares a wish or plan of the speaker's own."""
    return bool(_DREAM.search(text))


def retracts(text: str) -> bool:
    """True when the turn takes back or laughs off what was just said."""
    return bool(_RETRACTING.search(text))
