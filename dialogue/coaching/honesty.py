"""Celebrating honesty: thanking or appreciating the partner for telling the truth.

"Thank you for trusting me", "I appreciate you telling me", "thanks for being
honest", "I'm glad you told me", "that took courage". Sarcasm is not: "thanks for
nothing", "thanks a lot for ruining…", "well thanks for telling me now",
"thanks for finally telling me". Thanks for anything but the telling ("thanks
for dinner") does not count.
"""

from __future__ import annotations

from dialogue.coaching.text import any_of

_DISCLOSING = (
    r"(?:telling (?:me|us)|told (?:me|us)|tell(?:ing)? me|being (?:so )?(?:honest|open|real|brave|vulnerable|straight|upfront)"
    r"|trusting me|your (?:honesty|trust)|sharing|shared|opening up|opened up|letting me know|saying (?:that|this|it|something)"
    r"|coming to me|came to me|talking to me|bringing (?:this|it|that) up|brought (?:this|it|that) up|confiding|explaining"
    r"|(?:were|are|being) honest|trusted me|felt (?:safe|able|comfortable|you could))"
)
_CELEBRATING = any_of(
    (
        rf"\b(?:thank you|thanks|thank u)(?: so much| a lot| again| really)? for (?:\w+ )?{_DISCLOSING}",
        rf"\bi (?:really |truly |so |do )?appreciate (?:(?:it )?(?:that )?you(?:'re)? )?(?:\w+ )?{_DISCLOSING}",
        rf"\bi(?:'m| am) (?:so |really |just |very )?(?:glad|grateful|thankful|happy|relieved) (?:that )?you(?:'ve| have|'d| would| could)? (?:\w+ )?{_DISCLOSING}",
        r"\b(?:that|it|this) (?:must have |must've )?(?:took|takes|take|taken) (?:a lot of |real |so much |some )?(?:courage|guts|bravery)\b",
        r"\b(?:that|you) (?:was|were) (?:really |so |very )?brave\b",
        rf"\b(?:it )?means (?:a lot|so much|the world)(?: to me)? that you (?:\w+ )?{_DISCLOSING}",
    )
)
_SARCASM_AFTER = any_of((r"^\W*(?:now|finally|at last|so late|after|behind my back|only now)\b",))
_SARCASM_BEFORE = any_of((r"\b(?:gee|wow|great|oh great)\W*$",))


def celebrates_honesty(text: str) -> bool:
    """True when the turn thanks or appreciates the partner for being honest."""
    for match in _CELEBRATING.finditer(text):
        after = text[match.end() : match.end() + 20]
        before = text[max(0, match.start() - 12) : match.start()]
        if _SARCASM_AFTER.search(after) or _SARCASM_BEFORE.search(before) or "finally" in match.group().lower():
            continue
        return True
    return False
