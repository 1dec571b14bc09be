"""Boundaries: calmly saying what you will not take part in, and what you will do.

"I'm not going to keep talking if you mock me", "please don't laugh at me",
"that's not okay", "I'll leave if this carries on", "we can talk when you can
take me seriously". A boundary names the other person's behaviour or the
speaker's next step; it does not explain or plead. Not boundaries: "I don't know
what to say", "I won't be late again" (a promise), "stop, I'm sorry" (appeasing).
"""

from __future__ import annotations

from dialogue.coaching.text import any_of

_MOCKING = (
    r"(?:mock(?:ing)?(?: me)?|laugh(?:ing)? at me|make fun of me|making fun of me|belittl(?:e|ing) me|insult(?:ing)? me"
    r"|yell(?:ing)? at me|shout(?:ing)? at me|roll(?:ing)? your eyes|talk(?:ing)? (?:down )?to me like (?:that|this)"
    r"|speak(?:ing)? to me like (?:that|this)|call(?:ing)? me (?:names|that)|sneer(?:ing)?|being (?:sarcastic|cruel|mean))"
)
_BOUNDARY = any_of(
    (
        r"\b(?:i'll|i will|i'm going to|i am going to|i'm gonna) (?:leave|go|step (?:out|away)|walk away|hang up|stop (?:talking|this|here|the conversation)|end (?:this|the conversation|it here))\b",
        r"\bi(?:'m| am) not (?:going to|gonna) (?:keep (?:talking|going|doing this|explaining|trying)|continue|talk (?:to you )?(?:like this|if|when|while)|stay|listen to (?:this|that)|be (?:spoken|talked) to)\b",
        r"\bi (?:won't|will not) (?:keep (?:talking|doing this|explaining)|continue|stay|be (?:spoken|talked) to|accept|tolerate|put up with|listen to (?:this|that))\b",
        rf"\b(?:please )?(?:don't|do not|stop) {_MOCKING}",
        rf"\bi (?:need|want|'d like|would like) you to stop {_MOCKING}",
        rf"\bif you (?:keep|continue|carry on|are going to keep|'re going to keep|'re gonna keep) (?:on )?{_MOCKING}",
        r"\b(?:that|this|it)(?:'s| is) not (?:okay|ok|alright|acceptable|fair) (?:to|for you|when you|with me)\b",
        r"\b(?:that|this)(?:'s| is) not (?:okay|ok|acceptable)\b",
        r"\bwe can talk (?:later|another time|when you(?:'re| are| can)|once you)\b",
        r"\blet's (?:talk|continue|try again) (?:when|later|another time|once)\b",
        r"\bi deserve (?:respect|to be (?:heard|taken seriously|treated (?:better|with respect)|listened to))\b",
        r"\bi(?:'m| am) (?:going to|gonna) (?:stop|pause) (?:here|this|now)\b",
        r"\b(?:please )?(?:don't|do not) (?:speak|talk) to me (?:like|that way)\b",
    )
)


def sets_boundary(text: str) -> bool:
    """True when the turn states a calm limit on how the speaker will be treated."""
    return bool(_BOUNDARY.search(text))
