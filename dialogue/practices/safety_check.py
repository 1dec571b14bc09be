"""The safety check-in: what the coach does when words only *might* be about safety.

A turn that `dialogue.coaching.safety` rates "possible" ("things got physical", "I'm
scared to go home") becomes the `safety_check` intent (dialogue/practices/intent_gate.py).
The role-play pauses and the coach asks "Are you safe right now?" (the Rasa form
`safety_check_form` fills the slot `safety_answer` with the next thing said). Then
`is_reassurance` decides: a reassurance ("yes I'm fine, it was a joke") resumes the
role-play exactly where it was; anything else gets the support lines and ends the session,
as a "clear" concern does at once.

Recall comes first here too: resuming when someone is not safe is the worst error, so only
a plain reassurance counts. Silence, "no", "not really", "I don't know", a hedge ("I think
so", "kind of"), fear ("I'm fine but scared") and a reassurance that also names a danger
("yes I'm fine, he only hit me once") do not. A bare "yes" does not either: the coach said
two things ("that sounded like it was about your safety" and "are you safe?"), and a "yes"
could answer the first.

One answer is neither: a turn that does not address the question at all, because the user
carried on talking to the partner ("the landlord? what's he done now?" after a check-in
that the words "the landlord" set off). `carries_on` finds it: several words, no concern of
its own, and not one word that answers (yes, no, safe, fine, a doubt, fear, help). The
role-play resumes, the partner answers it, and the coach says how to stop if the user is not
safe. Without this, one false check-in ended a third of the scripted role-plays it hit.

Plain logic; `action_safety_check_answer` (dialogue/actions/safety.py) applies it.
"""

from __future__ import annotations

from dialogue.coaching.safety import SAFETY_NONE, safety_level
from dialogue.coaching.text import any_of, normalise

SAFETY_CHECK_INTENT = "safety_check"
SAFETY_CHECK_FORM = "safety_check_form"
ANSWER_SLOT = "safety_answer"

# "I'm fine", "yeah, I'm safe", "I'm okay", "all good", "I'm not in danger".
_SAFE = any_of(
    (
        r"\b(?:i'm|i am|im|i feel|i'm feeling|i'm totally|i'm completely|i'm perfectly|i'm honestly|i'm really|i'm actually) "
        r"(?:totally |completely |perfectly |absolutely |really |honestly |actually |quite |pretty |very |so )?"
        r"(?:fine|safe|okay|ok|alright|all right|good|great|well|grand|cool)\b",
        r"\b(?:yes|yeah|yep|yup|yea|sure|of course|definitely|absolutely|totally|honestly)\b[,.!]? ?(?:i am|i'm|im)? ?(?:fine|safe|okay|ok|alright|all right|good|great)\b",
        r"\b(?:all|totally|perfectly|completely) (?:good|fine|safe)\b",
        r"^\W*(?:yes|yeah|yep|yup)?,? ?i am\W*$",  # "yes I am": safe, the question's own word
    )
)
# "I'm not in danger", "nobody is hurting me": a "not" that reassures.
_DENIALS = any_of(
    (
        r"\b(?:i'm|i am|im) not in (?:any )?danger\b",
        r"\bnot in (?:any )?danger\b",
        r"\b(?:no one|nobody|no-one) (?:is|was|'s) (?:hurting|threatening|going to hurt) me\b",
        r"\bnothing(?:'s| is) (?:wrong|going on|happening)\b",
        r"\bi(?:'m| am) not hurt\b",
    )
)
# "it was a joke", "just a figure of speech", "I didn't mean it like that".
_EXPLAINED = any_of(
    (
        r"\b(?:it was|that was|it's|that's|i was|i'm|just|only|was) (?:just |only )?(?:a )?(?:joke|joking|kidding|teasing|exaggerating|venting)\b",
        r"\bjust kidding\b",
        r"\bfigure of speech\b",
        r"\b(?:just |only )?(?:an |a )(?:expression|saying|turn of phrase|manner of speaking|metaphor)\b",
        r"\b(?:didn't|did not|don't|do not|never) mean (?:it|that)\b",
        r"\bnot literally\b",
        r"\b(?:wasn't|was not|i'm not|i am not) (?:being )?(?:serious|literal)\b",
        r"\b(?:part of|in) the role[- ]?play\b",
        r"\b(?:it was|that was|i was) (?:just )?(?:acting|playing|in character|role[- ]?playing|practi[cs]ing)\b",
    )
)
# Doubt, a "no", or fear: any of these and it is not a reassurance.
_DOUBT = any_of(
    (
        r"\bnot (?:really|sure|exactly|quite|totally|completely|entirely|always|fine|okay|ok|safe|alright|all right|good|great|well|now|right now|at (?:the moment|home))\b",
        r"\b(?:i'm|i am|im) not (?:fine|okay|ok|safe|alright|all right|good|great|well|sure)\b",
        r"\b(?:don't|do not|dont) (?:know|think so|feel (?:safe|okay|ok|fine|good))\b",
        r"\bdunno\b",
        r"\bno idea\b",
        r"\bi (?:think|guess|suppose|hope) so\b",
        r"\b(?:maybe|perhaps|probably|possibly|sometimes|somewhat|mostly|hopefully)\b",
        r"\b(?:kind|sort) of\b",
        r"\bkinda\b",
        r"\bi guess\b",
        r"\b(?:for now|right now i am|at the moment)\b",
        r"\b(?:help|please help|scared|afraid|terrified|frightened|worried|nervous|danger|unsafe|hurt me|hurts me|hurting me)\b",
        r"\b(?:but|except|although|though|apart from)\b",
        r"\bcan't (?:talk|say)\b",
        r"\bhe's here|she's here|they're here\b",
    )
)
_NO = any_of((r"^\W*(?:no(?! one\b)|nope|nah|not really)\b",))
# Any word that answers "are you safe?", one way or the other.
_ANSWERS = any_of(
    (
        r"\b(?:yes|yeah|yep|yup|yea|no|nope|nah|sure|safe|unsafe|fine|okay|ok|alright|all right|good|well|danger|dangerous"
        r"|hurt|hurting|harm|scared|afraid|frightened|terrified|worried|help|maybe|dunno|think so|not really|honestly"
        r"|kidding|joke|joking|serious|mean it|meant|home|here)\b",
    )
)
CARRY_ON_WORDS = 4
"""Fewer words than this is too short to tell an answer from a carried-on turn: not a carry-on."""


def carries_on(text: str | None) -> bool:
    """True when `text`, said after "Are you safe right now?", does not answer it: the user carried on."""
    clean = normalise(text or "").text.strip()
    if len(clean.split()) < CARRY_ON_WORDS or safety_level(clean) != SAFETY_NONE:
        return False
    return not (_ANSWERS.search(clean) or _DOUBT.search(clean))


def is_reassurance(text: str | None) -> bool:
    """True when `text`, the answer to "Are you safe right now?", plainly says the user is safe."""
    clean = normalise(text or "").text.strip()
    if not clean or safety_level(clean) != SAFETY_NONE:
        return False
    explained = bool(_EXPLAINED.search(clean))
    denied = bool(_DENIALS.search(clean))
    scrubbed = _DENIALS.sub(" ", _EXPLAINED.sub(" ", clean))  # "I wasn't being serious" is not a "not"
    if _DOUBT.search(scrubbed):
        return False
    if _NO.search(clean) and not (explained or denied):  # "no" answers "are you safe?" unless it waves the words away
        return False
    return explained or denied or bool(_SAFE.search(clean))
