"""How a listener answers when the other person opens up.

Acknowledging takes their feeling in ("that sounds really hard", "I hear you",
"no wonder you're tired", "I'm sorry you're going through this"). Fixing jumps
to advice ("you should just quit", "have you tried…", "why don't you…").
Dismissing shrinks what they feel ("you're overreacting", "it's not that bad",
"calm down", "at least you still have a job"). Turning it to yourself takes the
stage ("that's nothing, my boss…", "the same thing happened to me", "what about
me"). Questions that invite their side are counted in `dialogue.coaching.questions`.
"""

from __future__ import annotations

from dialogue.coaching.text import any_of

_HARD = (
    r"(?:hard|awful|tough|rough|difficult|exhausting|scary|painful|lonely|terrible|horrible|overwhelming|stressful"
    r"|frustrating|upsetting|heavy|a lot|so much|really hard|really tough|brutal|unfair|draining)"
)
_ACKNOWLEDGING = any_of(
    (
        rf"\b(?:that|it|this|all that|all this)(?:'s| is| was)? (?:sounds?|must be|must have been|seems|sounded|has been|'s been) (?:\w+ ){{0,2}}?{_HARD}\b",
        rf"\b(?:that|it|this)(?:'s| is) (?:really |so |such )?{_HARD}\b",
        r"\bi hear you\b",
        r"\bi(?:'m| am) (?:so |really |just )?sorry (?:that )?(?:you(?:'re| are| were|'ve been| have been| had| feel)|that happened|it(?:'s| is| was|'s been) (?:been )?(?:so|that|like))",
        r"\b(?:that|it) makes (?:total |complete |perfect |a lot of |so much )?sense\b",
        r"\bno wonder\b",
        r"\bof course you(?:'re| are| feel| would| were)\b",
        r"\byou(?:'re| are) not alone\b",
        r"\bi(?:'m| am) (?:here (?:for you|with you)|listening|right here)\b",
        r"\bi (?:can|could) (?:see|imagine|understand|tell) (?:why|how|that)\b",
        r"\bi (?:totally |really |completely )?(?:understand|get it|get that)\b",
        r"\bthat(?:'s| is) (?:a lot|so much) to (?:carry|deal with|handle)\b",
        r"\bit(?:'s| is) (?:okay|ok|alright|normal|understandable) to (?:feel|be)\b",
        r"\byou(?:'re| are) allowed to (?:feel|be)\b",
    )
)
_FIXING = any_of(
    (
        r"(?<!do )(?<!would )(?<!what )\byou (?:should|could|ought to|need to|have to|just need to|gotta|might want to) (?!have\b|'ve\b|be proud\b|feel\b)\w+",
        r"\bhave you (?:tried|thought about|considered|asked)\b",
        r"\bwhy (?:don't|not|dont) you (?:just )?(?!feel\b)\w+",
        r"\bjust (?:quit|leave|ignore (?:it|them|him|her)|tell (?:them|him|her)|talk to|go to|get a|stop|try|sleep|relax|move on)\b",
        r"\bif i were you\b",
        r"\bwhat you (?:need|should|have|ought) to do\b",
        r"\bthe (?:answer|solution|fix|trick) is\b",
        r"\b(?:my|here's (?:my|some)|some) advice\b",
        r"\byou(?:'d| would) be better off\b",
    )
)
_DISMISSING = any_of(
    (
        r"\byou(?:'re| are)(?: just| being| so| really| totally){0,2} (?:overreacting|dramatic|too sensitive|oversensitive|paranoid|making (?:a|too) (?:big )?(?:deal|much))\b",
        r"\b(?:it|that|this)(?:'s| is| was|s) (?:not|n't) (?:that|so|really) (?:bad|big|serious|hard)\b",
        r"\b(?:it|that) (?:could|can) (?:always )?be worse\b",
        r"\b(?:just )?(?:calm down|chill out|relax)\b",
        r"\b(?:get|getting|got) over it\b",
        r"\b(?:don't|do not) be (?:so )?(?:sad|upset|dramatic|negative|silly|like that|a baby)\b",
        r"\beveryone (?:feels|goes through|has|gets)\b",
        r"\b(?:cheer|lighten|toughen|man) up\b",
        r"\bat least (?:you|it|they|nobody|no one)\b",
        r"\bstop (?:complaining|whining|moaning|worrying)\b",
        r"\byou(?:'ll| will) (?:be fine|get over it|survive)\b",
        r"\bit(?:'s| is) (?:just|only) (?:a |one )?(?:job|work|a bad day|stress|a phase|a feeling|in your head)\b",
        r"\b(?:look on|think of|focus on) the bright side\b",
    )
)
_SELF_FOCUS = any_of(
    (
        r"\b(?:that|this)(?:'s| is) nothing\b",
        r"\b(?:the )?same (?:thing )?(?:happened|happens) to me\b",
        r"\bthat reminds me of (?:when i|my|the time)\b",
        r"\bwhat about me\b",
        r"\b(?:you think )?(?:that's|that is) bad\b",
        r"\blet me tell you about (?:my|when|the time)\b",
        r"\bi(?:'ve| have)? (?:had|got) it (?:way |much |so |even )?worse\b",
        r"\bi know exactly how you feel,? (?:when|because|i|my)\b",
        r"\benough about (?:you|that|this)\b",
        r"\b(?:my|i had a) (?:boss|job|week|day|year) (?:is|was|has been) (?:even |way |much )?worse\b",
        r"\bi(?:'m| am) (?:even )?(?:more )?(?:tired|stressed|busy) than you\b",
        r"\bthat(?:'s| is) (?:just )?like (?:me|when i|my)\b",
    )
)


def acknowledges(text: str) -> bool:
    """True when the turn takes the other person's feeling in."""
    return bool(_ACKNOWLEDGING.search(text))


def fixes(text: str) -> bool:
    """True when the turn jumps to advice."""
    return bool(_FIXING.search(text))


def dismisses(text: str) -> bool:
    """True when the turn shrinks what the other person feels."""
    return bool(_DISMISSING.search(text))


def turns_to_self(text: str) -> bool:
    """True when the turn makes it about the speaker instead."""
    return bool(_SELF_FOCUS.search(text))
