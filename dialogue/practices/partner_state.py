"""How the partner feels after each turn: trust, reaction and when the role-play ends.

The scenario's `effects` (dialogue/practices/scenarios.py) say what each signal of a turn
does to this partner: the changes add up, and the reply is the first sharp
cooling effect present, else warm when trust rose, else the first mild cooling
effect, else probing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from dialogue.coaching.phrasing import Phrasing
from dialogue.coaching.signals import signals_of_phrasing
from dialogue.practices.scenario_types import PROBING, WARM, Scenario

ENDING_WARM = "warm"
ENDING_NEUTRAL = "neutral"
ENDING_COLD = "cold"

# When the turns run out, trust decides how the partner leaves it.
WARM_AFTER_LAST_TURN = 0.6
COLD_AFTER_LAST_TURN = 0.35


@dataclass(frozen=True)
class TurnOutcome:
    """The partner's state after one user turn."""

    trust: float
    reaction: str
    ending: str | None  # None while the role-play goes on


def _signals(turn: Phrasing | Collection[str]) -> Collection[str]:
    return signals_of_phrasing(turn) if isinstance(turn, Phrasing) else turn


def trust_change(scenario: Scenario, turn: Phrasing | Collection[str]) -> float:
    """How much one turn moves the partner's trust (negative cools them)."""
    found = _signals(turn)
    return round(sum(effect.change for effect in scenario.effects if effect.signal in found), 3)


def updated_trust(scenario: Scenario, trust: float, turn: Phrasing | Collection[str]) -> float:
    """Trust after the turn, kept within 0..1."""
    return round(min(1.0, max(0.0, trust + trust_change(scenario, turn))), 3)


def choose_reaction(scenario: Scenario, turn: Phrasing | Collection[str]) -> str:
    """Which kind of reply the partner gives. The sharpest hurt wins."""
    found = _signals(turn)
    cooling = [e for e in scenario.effects if e.signal in found and e.reaction != WARM]
    sharp = [e for e in cooling if e.sharp]
    if sharp:
        return sharp[0].reaction
    if trust_change(scenario, found) > 0:
        return WARM
    return cooling[0].reaction if cooling else PROBING


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


def take_turn(
    scenario: Scenario, trust: float, turns_taken_before: int, turn: Phrasing | Collection[str]
) -> TurnOutcome:
    """The partner's trust, reaction and possible ending after one more turn.

    `turn` is the turn's signals (dialogue.coaching.signals.turn_signals), or just its
    `Phrasing` when the scenario only weighs phrasing signals.
    """
    found = _signals(turn)
    new_trust = updated_trust(scenario, trust, found)
    return TurnOutcome(
        trust=new_trust,
        reaction=choose_reaction(scenario, found),
        ending=choose_ending(scenario, new_trust, turns_taken_before + 1),
    )
