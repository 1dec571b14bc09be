"""Voice commands the client handles itself, before anything reaches the dialogue.

"repeat that", "slower", "faster", "pause" and "continue" change how replies are spoken,
not what the partner says, so they never touch the role-play. Only a short utterance that
is nothing but the command counts: "I can't repeat that mistake" is still talk.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.speaking import ReplyOutput

REPEAT, SLOWER, FASTER, PAUSE, RESUME = "repeat", "slower", "faster", "pause", "resume"

_PLEASE = r"(?:please |can you |could you |would you )?"
_TAIL = r"(?: please| a bit| a little| for me)*"
_PHRASES = {
    REPEAT: r"(?:repeat(?: that| it| please)?|say (?:that|it) again|what did (?:you|they|he|she) say|come again|pardon)",
    SLOWER: r"(?:slower|slow down|speak slower|talk slower|(?:speak|talk) more slowly|not so fast)",
    FASTER: r"(?:faster|speed up|speak faster|talk faster|(?:speak|talk) more quickly|quicker)",
    # Only unmistakable pauses: "give me a moment" is role-play talk when someone says "I love you".
    PAUSE: r"(?:pause|let'?s pause|pause (?:the|this) (?:session|practice|conversation|role ?play))",
    RESUME: r"(?:continue|resume|go on|carry on|i'?m ready|ok(?:ay)?,? (?:continue|go on)|let'?s (?:continue|go on))",
}
_STOP = re.compile(r"^(?:ok(?:ay)? )?(?:stop|let'?s stop(?: here| now)?|end (?:the|this) session|i'?m done|quit|exit)$")
_COMMANDS = {
    name: re.compile(rf"^(?:ok(?:ay)? |um+ |uh+ )?{_PLEASE}{phrase}{_TAIL}$") for name, phrase in _PHRASES.items()
}


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]+", " ", text.lower())).strip()


def is_stop(text: str) -> bool:
    """True for a plain "stop": it ends the session even while paused (the dialogue handles it)."""
    return bool(_STOP.match(_normalized(text)))


def local_command(text: str, paused: bool = False) -> str | None:
    """The command ``text`` is, when the whole utterance is one of them; else None.

    "Continue" and "go on" only resume a pause; otherwise they are talk ("go on, tell me").
    """
    command = _command(_normalized(text))
    return None if command == RESUME and not paused else command


def _command(normalized: str) -> str | None:
    if not normalized or len(normalized.split()) > 6:
        return None
    for name, pattern in _COMMANDS.items():
        if pattern.match(normalized):
            return name
    return None


def obey(command: str, output: ReplyOutput, paused: bool) -> bool:
    """Carry out a local command; returns whether the session is paused afterwards."""
    from assistant.rasa.partner import Reply
    from assistant.speaking import RATE_STEP_WPM

    if command == REPEAT:
        output.say(_worth_repeating(output.last_replies))
        return paused
    if command in (SLOWER, FASTER):
        output.change_rate(-RATE_STEP_WPM if command == SLOWER else RATE_STEP_WPM)
        word = "more slowly" if command == SLOWER else "a bit faster"
        output.say([Reply(f"Okay, I'll speak {word}.", "coach")], remember=False)
        output.say(_worth_repeating(output.last_replies))
        return paused
    if command == PAUSE:
        output.say([Reply("Paused. Take your time, and say continue when you're ready.", "coach")], remember=False)
        return True
    output.say([Reply("Okay, carrying on.", "coach")], remember=False)
    output.say(_worth_repeating(output.last_replies))
    return False


def _worth_repeating(replies: tuple) -> tuple:
    """From the partner's first line on, when the partner spoke: the coach's set-up is not repeated."""
    speakers = [reply.speaker for reply in replies]
    return replies[speakers.index("partner"):] if "partner" in speakers else replies


PAUSED_HINT = "We're paused. Say continue when you're ready."
