"""Questions that invite the partner's side: their feelings, needs, view or story.

Matched by wording, not by a question mark, because transcripts often have none
("how did that feel for you"). Counted: "How did that feel for you?", "What do
you need from me?", "Can you tell me more?", "What was that like?", and spoken
invitations such as "tell me more" or "help me understand". Not counted:
rhetorical questions ("Are you kidding me?", "Why do you always…", "Can you just
drop it?"), logistics ("What time is it?") and requests to talk ("Can we talk?"),
which ask for a conversation rather than for the partner's side.

Besides those invitations, any other question put to the partner counts once per sentence:
"did you wait long", "is that too soon?", "where were you", "are you angry with me". A
question mark is not needed for these either; requests ("could you call me") are asks,
not questions, and "why…" questions are left to the invitations and the blame detector.
"""

from __future__ import annotations

import re

from dialogue.coaching.text import any_of, blank_out, same_sentence

_RHETORICAL = any_of(
    (
        r"\bare you (?:kidding|serious|joking|for real|insane|crazy|deaf)\b",
        r"\b(?:why|how come) (?:do|does|would|can't|won't|don't|didn't|did) you (?:always|never|keep|have to|even|ever|just)\b",
        r"\bwhy can't you\b",
        r"\bwhat(?:'s| is) (?:wrong|the matter) with you\b",
        r"\bwhat(?:'s| is) your (?:problem|deal)\b",
        r"\b(?:can|could|would|will) you (?:please )?just\b",
        r"\bdo you (?:even|ever) (?:care|listen|think|try|know|notice|realize|realise|stop|do anything|help)\b",
        r"\bwhat were you thinking\b",
        r"\bwho (?:do you think you are|does that)\b",
        r"\bhow (?:could|dare) you\b",
        r"\bhow do you think (?:that|this|it|i) (?:makes|made|feel|felt)\b",
        r"\bdo you have any idea\b",
        r"\bwhat (?:more |else )?do you want from me\b",
        r"\bwhat (?:more|else) do you want\b",
        r"\b(?:are you )?happy now\b",
        r"\bis that too much to ask\b",
    )
)
_THINGS = r"(?: (?:that|this|it|all this|all that|everything|things))"
_INVITATION = any_of(
    (
        r"\bhow (?:are|were) you(?: really| actually| honestly)? (?:doing|feeling|holding up|coping|with (?:this|all this|that))\b",
        rf"\bhow (?:did|does|do|has|have|is|was|would|will){_THINGS}? (?:\w+ ){{0,2}}?(?:feel|felt|made you feel|make you feel|land|landed|sit|sitting|affect|affected)\b",
        r"\bhow (?:did|do|does|would|will) you (?:feel|see|take|experience|think about)\b",
        r"\bhow (?:was|is|has) (?:that|this|it)(?: been)? for you\b",
        r"\bhow (?:can|could|should|do) i (?:help|support|make (?:it|this|that|things) (?:up|right|better)|make up|be there|show you|fix|earn|rebuild|regain|do better)\b",
        r"\bwhat (?:do|did|would|will|might) you (?:need|want|think|feel|wish|hope|expect|mean|make of|see|like|prefer|suggest|have in mind)\b",
        r"\bwhat (?:are|were) you (?:feeling|going through|hoping|needing|worried|afraid|scared)\b",
        r"\bwhat(?:'s| is| was| has)(?: (?:it|that|this))?(?: been)? like\b",
        r"\bwhat(?:'s| has| was| is)(?: been)? the (?:hardest|worst|toughest|scariest|most painful) (?:part|thing)\b",
        r"\bwhat(?:'s| is| has been) (?:going on|happening|on your mind)\b",
        r"\bwhat (?:would|could|might|can) (?:help|make (?:this|it|things|that) (?:better|easier|right|okay|ok))\b",
        r"\bwhat can i do\b",
        r"\bwhat happened (?:for|from|on) (?:you|your)\b",
        r"\bwhat(?:'s| is) your (?:side|take|view|perspective)\b",
        r"\bis there (?:anything|something)(?: else)? (?:you|i can|i could|that would)\b",
        r"\b(?:can|could|would|will) you (?:please )?(?:tell|show|help) me (?:more|about|what|how|why|where|when|understand)\b",
        r"\btell me (?:more|about it|about that|what happened|what you|how you|everything)\b",
        r"\bhelp me understand\b",
        r"\bi(?:'d| would) (?:really )?(?:love|like) to (?:hear|know|understand) (?:more|your|how|what|about)\b",
        r"\bi (?:want|need) to (?:hear|understand|know) (?:more|your|how you|what you|about your|what it)\b",
        r"\b(?:do|would) you (?:want|like|feel like) to (?:talk|tell me|say|share)\b",
        r"\bare you (?:okay|ok|alright|all right|doing okay|still upset|upset|mad at me|angry with me)\b(?! with\b)",
        r"\bdid (?:i|that|what i (?:said|did)) (?:hurt|upset|scare|offend)\b",
        r"\bis (?:that|this) (?:right|fair|how you (?:feel|see it))\b",
    )
)
_SUBJECTS = "i we they he she you it that this what which who if when as than because how why there"
# A question put to the partner: an auxiliary before "you", one opening the sentence before "that"/"it"
# ("is that too soon"), or a wh-word asking "you".
_DIRECT_QUESTION = any_of(
    (
        "".join(rf"(?<!\b{word} )" for word in _SUBJECTS.split())
        + r"\b(?:do|did|does|are|were|is|was|have|has|had|should) you\b"
        r"(?! (?:know what i mean|get (?:it|me|what i mean)|see what i mean)\b)",
        r"(?:^|[,:] )\s*(?:(?:so|and|but|okay|ok|well|then) )?(?:is|was|are|were|would|will) (?:that|it|this)\b",
        r"\b(?:what|how|when|where|which|who)(?: \w+){0,2}? (?:do|did|does|are|were|is|was|have|has|had|would|will|can|could|should) you\b",
    )
)
_SENTENCES = re.compile(r"[^.!?;]+[.!?;]*")
# "…tell me more about how that felt": an indirect question inside the one before it.
_EMBEDDING = re.compile(r"\b(?:about|me|understand|hear|know|wonder|wondering|asking|and)\s*$", re.IGNORECASE)


def count_questions_to_partner(text: str) -> int:
    """Questions and invitations that ask for the partner's side, and other questions put to them."""
    text = blank_out(text, _RHETORICAL)
    return sum(_count_in_sentence(sentence.group()) for sentence in _SENTENCES.finditer(text))


def _count_in_sentence(sentence: str) -> int:
    count, previous_end = 0, None
    for match in _INVITATION.finditer(sentence):
        embedded = _EMBEDDING.search(sentence, max(0, match.start() - 15), match.start())
        if embedded and previous_end is not None and same_sentence(sentence, previous_end, match.start()):
            continue
        count += 1
        previous_end = match.end()
    return count or int(bool(_DIRECT_QUESTION.search(sentence)))
