"""How the partner feels after each turn: trust, reaction and when the role-play ends."""

from __future__ import annotations

from dataclasses import dataclass

from dialogue.phrasing import APOLOGY_OWNED, APOLOGY_UNDERMINED, Phrasing
from dialogue.scenarios import Scenario

# Reactions name the partner's reply; each has its own responses in domain.yml.
WARM = "warm"
PROBING = "probing"
COOL_EXCUSE = "cool_excuse"
COOL_BLAME = "cool_blame"
COOL_UNDERMINED = "cool_undermined"

ENDING_WARM = "warm"
ENDING_NEUTRAL = "neutral"
ENDING_COLD = "cold"

OWNED_APOLOGY_GAIN = 0.2
QUESTION_GAIN = 0.1
UNDERMINED_LOSS = 0.05
EXCUSE_LOSS = 0.15
BLAME_LOSS = 0.25
# When the turns run out, trust decides how the partner leaves it.
WARM_AFTER_LAST_TURN = 0.6
COLD_AFTER_LAST_TURN = 0.35


@dataclass(frozen=True)
class TurnOutcome:
    """The partner's state after one user turn."""

    trust: float
    reaction: str
    ending: str | None  # None while the role-play goes on


def trust_change(phrasing: Phrasing) -> float:
    """How much one turn moves the partner's trust (negative cools them)."""
    change = 0.0
    if phrasing.apology == APOLOGY_OWNED:
        change += OWNED_APOLOGY_GAIN
    elif phrasing.apology == APOLOGY_UNDERMINED:
        change -= UNDERMINED_LOSS
    if phrasing.excuse:
        change -= EXCUSE_LOSS
    if phrasing.blame:
        change -= BLAME_LOSS
    # Asking about the partner only counts when it is not a jab at them.
    elif phrasing.questions_to_partner:
        change += QUESTION_GAIN
    return change


def updated_trust(trust: float, phrasing: Phrasing) -> float:
    """Trust after the turn, kept within 0..1."""
    return round(min(1.0, max(0.0, trust + trust_change(phrasing))), 3)


def choose_reaction(phrasing: Phrasing) -> str:
    """Which kind of reply the partner gives. The sharpest hurt wins."""
    if phrasing.blame:
        return COOL_BLAME
    if phrasing.excuse:
        return COOL_EXCUSE
    if phrasing.apology == APOLOGY_UNDERMINED:
        return COOL_UNDERMINED
    if trust_change(phrasing) > 0:
        return WARM
    return PROBING


def choose_ending(scenario: Scenario, trust: float, turns_taken: int) -> str | None:
    """How the role-play ends after `turns_taken` turns, or None if it goes on."""
    if trust >= scenario.forgive_at and turns_taken >= scenario.min_turns_to_forgive:
        return ENDING_WARM
    if trust <= scenario.give_up_at and turns_taken >= scenario.min_turns_to_give_up:
        return ENDING_COLD
    if turns_taken < scenario.max_turns:
        return None
    if trust >= WARM_AFTER_LAST_TURN:
        return ENDING_WARM
    if trust <= COLD_AFTER_LAST_TURN:
        return ENDING_COLD
    return ENDING_NEUTRAL


def take_turn(scenario: Scenario, trust: float, turns_taken_before: int, phrasing: Phrasing) -> TurnOutcome:
    """The partner's trust, reaction and possible ending after one more turn."""
    new_trust = updated_trust(trust, phrasing)
    return TurnOutcome(
        trust=new_trust,
        reaction=choose_reaction(phrasing),
        ending=choose_ending(scenario, new_trust, turns_taken_before + 1),
    )
