"""How a role-play turn is phrased: apology, excuses, blame, I-statements, questions.

Plain regular expressions over the transcript. Speech-to-text output is lower
quality than typed text (little punctuation, odd casing), so the patterns lean
on words rather than punctuation wherever they can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

APOLOGY_NONE = "none"
APOLOGY_OWNED = "owned"
APOLOGY_UNDERMINED = "undermined"


@dataclass(frozen=True)
class Phrasing:
    """What one user turn does, as far as the partner will feel it."""

    apology: str  # APOLOGY_NONE | APOLOGY_OWNED | APOLOGY_UNDERMINED
    owns_mistake: bool  # names their own part: "I forgot", "that's on me"
    excuse: bool
    blame: bool
    i_statements: int
    questions_to_partner: int


def _any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_APOLOGY = _any(
    (
        r"\bsorry\b",
        r"\bapologi[sz]e\b",
        r"\bmy apologies\b",
        r"\bforgive me\b",
    )
)
_REFUSED_APOLOGY = _any(
    (
        r"\b(?:not|never)\s+(?:\w+\s+)?sorry\b",
        r"\b(?:won't|will not|don't|do not)\s+apologi[sz]e\b",
        r"\bnothing to (?:be sorry|apologi[sz]e) (?:about|for)\b",
    )
)
_OWNERSHIP = _any(
    (
        r"\bi (?:really |totally |completely )?(?:messed|screwed|mucked) (?:it |this |that )?up\b",
        r"\bi (?:just |completely |totally )?forgot\b",
        r"\b(?:that's|that is|it's|it is|this is) on me\b",
        r"\b(?:it was|it's|it is|that was|that's|that is|totally|entirely|all) my fault\b",
        r"\bmy (?:bad|mistake)\b",
        r"\bi let you down\b",
        r"\bi should(?: have|'ve) (?!been told)",
        r"\bi was wrong\b",
        r"\bnot your fault,? (?:it's|it is|it was) (?:all )?mine\b",
        r"\bi dropped the ball\b",
        r"\bi (?:take|own) (?:full |the )?(?:responsibility|blame)\b",
        r"\bi blew it\b",
        r"\bi broke (?:my|that|the) promise\b",
        r"\bi didn't (?:keep|show up|come|call|text)\b",
    )
)
# "sorry if you felt", "sorry you feel", "sorry, but": apologies that take themselves back.
_UNDERMINING = _any(
    (
        r"\bsorry,?\s+(?:if|that)\s+you\b",
        r"\bsorry\s+you\s+(?:feel|felt|are|were|think|thought)\b",
        r"\bsorry,?\s+but\b",
        r"\bapologi[sz]e,?\s+(?:if|but)\b",
        r"\bsorry\s+if\s+(?:that|it|this)\s+(?:upset|hurt|bothered)\b",
    )
)
_EXCUSE = _any(
    (
        r"\btraffic\s+(?:was|is|got)\b",
        r"\b(?:stuck|caught) in traffic\b",
        r"\b(?:because of|was) the traffic\b",
        r"\bi was (?:really |so |just |too )?(?:busy|swamped|tired|exhausted|slammed|stressed)\b",
        r"\bi had (?:so much|too much|a lot) (?:going on|on my plate|to do|work)\b",
        r"\bsomething came up\b",
        r"\b(?:work|the meeting|my meeting) (?:ran|went) (?:late|over)\b",
        r"\bmy (?:phone|battery) (?:died|was dead|ran out)\b",
        r"\bi (?:didn't|did not) have (?:the )?time\b",
        r"\bi couldn't help it\b",
        r"\bi got (?:held up|stuck|caught up|delayed)\b",
        r"\bit(?:'s| is| was) not (?:really )?my fault\b",
        r"\bit (?:wasn't|isn't) (?:really )?my fault\b",
        r"\bit(?:'s| is) not (?:a|that) big (?:a )?deal\b",
    )
)
_BLAME = _any(
    (
        r"\byou (?:didn't|did not|never) (?:remind|tell|text|call|ask)\b",
        r"\b(?:it's|it is|it was|that's|that is|all) your fault\b",
        r"\byou (?:always|never)\b",
        r"\bif you (?:had|would have|hadn't)\b",
        r"\byou should(?: have|'ve)\b",
        r"\byou made me\b",
        r"\byou(?:'re| are) (?:overreacting|being (?:dramatic|ridiculous|unfair|too sensitive)|too sensitive)\b",
        r"\bwhy didn't you\b",
        r"\bcalm down\b",
    )
)
_NOT_YOUR_FAULT = re.compile(r"\b(?:not|isn't|wasn't|is not|was not) your fault\b", re.IGNORECASE)
_I_STATEMENT = re.compile(r"\bi(?:'m|'ve|'d|'ll)?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_QUESTION_OPENER = re.compile(
    r"^(?:so |and |but |okay |ok )?(?:how|what|are|do|did|can|could|would|will|is|was|should|where|when|why)\b",
    re.IGNORECASE,
)
_ADDRESSES_PARTNER = re.compile(r"\b(?:you|your|you're|you've|we)\b", re.IGNORECASE)


def has_refused_apology(text: str) -> bool:
    """True for "I'm not sorry", "I won't apologise"."""
    return bool(_REFUSED_APOLOGY.search(text))


def has_apology_words(text: str) -> bool:
    """True when the turn says sorry (and does not refuse to)."""
    return bool(_APOLOGY.search(text)) and not has_refused_apology(text)


def owns_mistake(text: str) -> bool:
    """True when the speaker names their own part: "I forgot", "that's on me"."""
    return bool(_OWNERSHIP.search(text)) and not denies_fault(text)


def denies_fault(text: str) -> bool:
    """True for "it wasn't my fault" (which the ownership pattern would half-match)."""
    return bool(re.search(r"\b(?:not|wasn't|isn't)\s+(?:really\s+)?my fault\b", text, re.IGNORECASE))


def has_excuse(text: str) -> bool:
    """True when the turn explains the mistake away: traffic, busy, phone died."""
    return bool(_EXCUSE.search(text))


def has_blame(text: str) -> bool:
    """True when the turn puts the mistake on the partner."""
    without_reassurance = _NOT_YOUR_FAULT.sub(" ", text)
    return bool(_BLAME.search(without_reassurance))


def count_i_statements(text: str) -> int:
    """Number of first-person subjects ("I", "I'm", "I've"…)."""
    return len(_I_STATEMENT.findall(text))


def count_questions_to_partner(text: str) -> int:
    """Sentences that ask the partner something ("How did that feel for you?")."""
    count = 0
    for sentence in _SENTENCE_END.split(text.strip()):
        sentence = sentence.strip()
        if not sentence or not _ADDRESSES_PARTNER.search(sentence):
            continue
        if sentence.endswith("?") or _QUESTION_OPENER.search(sentence):
            count += 1
    return count


def classify_apology(text: str, excuse: bool, blame: bool) -> str:
    """Owned, undermined or no apology at all.

    An apology that comes with an excuse or blame in the same breath is
    undermined, because the partner hears the excuse, not the sorry.
    """
    apologised = has_apology_words(text) or owns_mistake(text)
    if not apologised:
        return APOLOGY_NONE
    if _UNDERMINING.search(text) or excuse or blame:
        return APOLOGY_UNDERMINED
    return APOLOGY_OWNED


def normalise(text: str) -> str:
    """Straight apostrophes and single spaces, so one set of patterns fits all."""
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def analyse(text: str) -> Phrasing:
    """Analyse one user turn."""
    text = normalise(text)
    excuse = has_excuse(text)
    blame = has_blame(text)
    return Phrasing(
        apology=classify_apology(text, excuse, blame),
        owns_mistake=owns_mistake(text),
        excuse=excuse,
        blame=blame,
        i_statements=count_i_statements(text),
        questions_to_partner=count_questions_to_partner(text),
    )
