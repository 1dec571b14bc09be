"""What the user asked the partner, so the partner can answer it.

A question put to the partner falls into one of a few kinds, each with its own answer in the
scenario's domain file (``utter_partner_<key>_answer_<kind>``), conditioned on the partner's mood.
The kinds are read from the question's own words: the patterns below are tried in order and the
first match wins; any other question to the partner is "other".
"""

from __future__ import annotations

import re

FEELING, ANGRY, NEED, FORGIVE, OPINION, TOO_SOON, LOGISTICS, OTHER = (
    "feeling", "angry", "need", "forgive", "opinion", "too_soon", "logistics", "other",
)
KINDS = (FEELING, ANGRY, NEED, FORGIVE, OPINION, TOO_SOON, LOGISTICS, OTHER)

_YOU = r"(?:you|u|ya)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (FORGIVE, r"\bforgive\b|\bare we (?:ok|okay|good|alright|all right|fine)\b|\bmove (?:past|on from)\b"
                  r"|\bstill friends\b|\bstill (?:ok|okay|good) with me\b|\bgive me (?:another|a second) chance\b"
                  r"|\bcan we (?:fix|get past)\b"),
        (ANGRY, rf"\bare {_YOU} (?:still |really |so |very )?(?:angry|mad|upset|pissed|annoyed|cross|furious|disappointed)"
                rf"|\b(?:angry|mad|upset|annoyed|cross|disappointed) (?:at|with) me\b|\bdo {_YOU} hate me\b"),
        (TOO_SOON, r"\btoo (?:soon|fast|early|much|quick|weird|heavy|big)\b|\bdid i (?:ruin|wreck|spoil|blow)\b"
                   r"|\b(?:is|was) (?:it|that|this) (?:weird|strange|odd|a shock|out of nowhere)\b|\bfreaked? (?:you )?out\b|\bscare (?:d )?you( off)?\b"
                   r"|\bshould(?:n't)? i (?:not )?have said\b|\bwas that (?:ok|okay|alright)\b"),
        (NEED, rf"\bwhat (?:do|would) {_YOU} need\b|\bwhat can i do\b|\bhow can i (?:make|help|fix)\b"
               rf"|\bmake (?:it|this) up to {_YOU}\b|\bwhat (?:do|would) {_YOU} want(?: me)? to\b|\bwhat should i do\b"
               rf"|\bhow can i (?:support|be there)\b|\bis there anything i can\b|\bwhat would help\b"),
        (FEELING, rf"\bhow (?:did|do|does|are|were|was|have) (?:{_YOU}|that|it|this)(?: \w+)? ?(?:feel|doing|holding|been|coping|taking|handling)"
                  rf"|\bhow are {_YOU}\b|\bare {_YOU} (?:ok|okay|alright|all right|hurt|sad|fine|good)\b"
                  rf"|\bhow (?:did|do) {_YOU} feel\b|\bwhat (?:did|do) {_YOU} feel\b|\bdid (?:that|it|i) hurt\b"
                  rf"|\bhow bad\b|\bhow hard\b|\bhow was (?:it|that) for {_YOU}\b"),
        (OPINION, rf"\bwhat do {_YOU} (?:think|reckon|make of)\b|\b(?:is|does) (?:it|that|this) (?:sound )?(?:silly|stupid|crazy|dumb|mad|ridiculous|naive|weird)"
                  rf"|\bdo {_YOU} think\b|\b(?:is|does) (?:it|that|this) (?:ok|okay|make sense|sound)\b|\bam i (?:crazy|silly|stupid|mad|being)\b"
                  rf"|\bwould {_YOU}\b|\bcould {_YOU} see\b|\bwhat('s| is) your (?:take|opinion|view)\b|\bany (?:thoughts|ideas)\b"),
        (LOGISTICS, r"^\s*(?:so\s+|and\s+|but\s+|wait\s*,?\s+|um\s+|ok(?:ay)?\s*,?\s+)?(?:did|do|does|where|when|how long|how many|"
                    r"how much|what time|who|what happened|what did|what's|what is|what was|were|was|have|has|is|are)\b"),
    )
)


def question_kind(text: str, asks_partner: bool) -> str | None:
    """The kind of question ``text`` puts to the partner, or None when it asks them nothing.

    ``asks_partner``: the judge found a question to the partner in the turn. The question
    is the last sentence ending in "?" (else, when the judge found one, the whole turn).
    """
    questions = [q.strip() for q in re.findall(r"[^.!?]*\?", text or "")]
    if not questions and not asks_partner:
        return None
    question = questions[-1] if questions else text
    for kind, pattern in _PATTERNS:
        if pattern.search(question):
            return kind
    return OTHER if questions else None  # "tell me more" invites; it asks nothing to answer
