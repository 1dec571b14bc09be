"""The last word on a message's intent, before the dialogue sees it.

Two checks, in order, on every user message whatever the dialogue's state:

1. Safety outranks everything, in two tiers (`dialogue.coaching.safety.safety_level`, or the
   level `dialogue.judgement` judged, which adds what the trained head finds to the rules').
   A clear concern (abuse, threats, fear of someone, self-harm) becomes `safety_concern`,
   whatever the classifier said ("stop, he hits me" is not a plain stop): the role-play
   ends at once with support lines. A possible one ("things got physical", "I'm scared to
   go home") becomes `safety_check`: the role-play pauses and the coach asks whether the
   user is safe (dialogue/practices/safety_check.py). A classifier guess of either intent
   without the detector agreeing is dropped for the next intent, so only the detector can
   trigger them.
2. Commands must not swallow role-play talk. A command intent ("stop", "help",
   "give me a tip"…) below `threshold` confidence becomes `talk`, unless the
   message is short (a few words is how people give commands): "I can't stop
   thinking about you" and "how can I help" reach the partner. A short one still
   needs `short_threshold`: "I'm fine" is talk, not a half-confident "stop".

Plain logic; the Rasa component in assistant/rasa/nlu_gate.py applies it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from dialogue.coaching.safety import SAFETY_CLEAR, SAFETY_POSSIBLE, safety_level
from dialogue.practices.safety_check import SAFETY_CHECK_INTENT

SAFETY_INTENT = "safety_concern"
SAFETY_INTENTS = frozenset({SAFETY_INTENT, SAFETY_CHECK_INTENT})
TALK_INTENT = "talk"
TALK_INTENTS = frozenset({TALK_INTENT, "tell"})
"""What is said to the partner: `tell` is talk with concrete content (data/nlu_content.yml)."""
COMMAND_INTENTS = frozenset(
    {"stop", "help", "tip", "start_over", "retry", "skip", "keep_going", "repeat", "slower", "faster", "pause", "resume"}
)
DEFAULT_THRESHOLD = 0.9
DEFAULT_SHORT_WORDS = 3
DEFAULT_SHORT_THRESHOLD = 0.6
"""Even a short command needs this confidence: "I'm fine" (stop, 0.50), "it hurt" (stop, 0.17) and
"got a minute" (tip, 0.34) are a role-play's short turns, and ending or tipping on them loses them."""


@dataclass(frozen=True)
class Gated:
    """The intent to use and its confidence; `changed` when the gate overrode the classifier."""

    name: str
    confidence: float
    changed: bool


def gate_intent(
    text: str,
    name: str | None,
    confidence: float,
    ranking: Sequence[tuple[str, float]] = (),
    threshold: float = DEFAULT_THRESHOLD,
    short_words: int = DEFAULT_SHORT_WORDS,
    level: str | None = None,
    short_threshold: float = DEFAULT_SHORT_THRESHOLD,
) -> Gated:
    """The intent for `text` given the classifier's top `name`/`confidence` and its `ranking`.

    `level`: the turn's safety level as judged (``dialogue.judgement``); None: the rules' own."""
    level = safety_level(text or "") if level is None else level
    if level == SAFETY_CLEAR:
        return Gated(SAFETY_INTENT, 1.0, name != SAFETY_INTENT)
    if level == SAFETY_POSSIBLE:
        return Gated(SAFETY_CHECK_INTENT, 1.0, name != SAFETY_CHECK_INTENT)
    if name in SAFETY_INTENTS:
        runner_up = next(((n, c) for n, c in ranking if n not in SAFETY_INTENTS), (TALK_INTENT, 0.0))
        name, confidence = runner_up
        return replace(gate_intent(text, name, confidence, (), threshold, short_words, level, short_threshold),
                       changed=True)
    short = len((text or "").split()) <= short_words
    if name in COMMAND_INTENTS and confidence < (short_threshold if short else threshold):
        return Gated(TALK_INTENT, confidence, True)
    return Gated(name or TALK_INTENT, confidence, False)

