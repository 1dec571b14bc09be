"""How the partner feels after each turn: trust, reaction and when the role-play ends.

The scenario's `effects` (dialogue/practices/scenarios.py) say what each signal of a turn
does to this partner: the changes add up, and the reply is the first sharp
cooling effect present, else warm when trust rose, else the first mild cooling
effect, else probing. Saying the same good thing again moves the partner less each
time (half as much per earlier turn that made it); hurtful things keep hurting.

A role-play ends on the partner's terms: warmly once the scenario's key moves have been
made and trust is high enough, coldly when trust has run out -- neither before
`min_turns` turns -- and, whatever happened, after `max_turns`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
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
REPEAT_FACTOR = 0.5
"""What a warming signal is worth each time it comes again (0.5: half, then a quarter...)."""


@dataclass(frozen=True)
class TurnOutcome:
    """The partner's state after one user turn."""

    trust: float
    reaction: str
    ending: str | None  # None while the role-play goes on


def _signals(turn: Phrasing | Collection[str]) -> Collection[str]:
    return signals_of_phrasing(turn) if isinstance(turn, Phrasing) else turn


def trust_change(
    scenario: Scenario, turn: Phrasing | Collection[str], earlier: Sequence[Collection[str]] = ()
) -> float:
    """How much one turn moves the partner's trust (negative cools them); `earlier`: the signals of earlier turns."""
    found = _signals(turn)
    total = 0.0
    for effect in scenario.effects:
        if effect.signal not in found:
            continue
        repeats = sum(effect.signal in before for before in earlier) if effect.change > 0 else 0
        total += effect.change * REPEAT_FACTOR**repeats
    return round(total, 3)


def updated_trust(
    scenario: Scenario, trust: float, turn: Phrasing | Collection[str], earlier: Sequence[Collection[str]] = ()
) -> float:
    """Trust after the turn, kept within 0..1."""
    return round(min(1.0, max(0.0, trust + trust_change(scenario, turn, earlier))), 3)


def choose_reaction(
    scenario: Scenario, turn: Phrasing | Collection[str], earlier: Sequence[Collection[str]] = ()
) -> str:
    """Which kind of reply the partner gives. The sharpest hurt wins."""
    found = _signals(turn)
    cooling = [e for e in scenario.effects if e.signal in found and e.reaction != WARM]
    sharp = [e for e in cooling if e.sharp]
    if sharp:
        return sharp[0].reaction
    if trust_change(scenario, found, earlier) > 0:
        return WARM
    return cooling[0].reaction if cooling else PROBING


def key_moves_made(scenario: Scenario, all_turns: Sequence[Collection[str]]) -> bool:
    """Whether every key move of the scenario was made in some turn."""
    return all(any(move in turn for turn in all_turns) for move in scenario.key_moves)


def choose_ending(
    scenario: Scenario, trust: float, turns_taken: int, moves_made: bool = True, min_turns: int | None = None
) -> str | None:
    """How the role-play ends after `turns_taken` turns, or None if it goes on."""
    if turns_taken < (scenario.min_turns if min_turns is None else min_turns):
        return None
    if trust >= scenario.forgive_at and moves_made:
        return ENDING_WARM
    if trust <= scenario.give_up_at:
        return ENDING_COLD
    if turns_taken < scenario.max_turns:
        return None
    if trust >= WARM_AFTER_LAST_TURN:
        return ENDING_WARM
    if trust <= COLD_AFTER_LAST_TURN:
        return ENDING_COLD
    return ENDING_NEUTRAL


def take_turn(
    scenario: Scenario,
    trust: float,
    turns_taken_before: int,
    turn: Phrasing | Collection[str],
    earlier: Sequence[Collection[str]] = (),
    min_turns: int | None = None,
) -> TurnOutcome:
    """The partner's trust, reaction and possible ending after one more turn.

    `turn` is the turn's signals (dialogue.coaching.signals.turn_signals), or just its
    `Phrasing` when the scenario only weighs phrasing signals; `earlier` holds the signals of
    the turns before it (for repeats and key moves); `min_turns` overrides the scenario's.
    """
    found = _signals(turn)
    new_trust = updated_trust(scenario, trust, found, earlier)
    moves_made = key_moves_made(scenario, [*earlier, found])
    return TurnOutcome(
        trust=new_trust,
        reaction=choose_reaction(scenario, found, earlier),
        ending=choose_ending(scenario, new_trust, turns_taken_before + 1, moves_made, min_turns),
    )
