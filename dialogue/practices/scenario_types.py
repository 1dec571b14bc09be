"""The shape of a scenario: its partner's reactions, effects and debrief entries.

Plain data types for dialogue/practices/scenarios.py, which defines the scenarios themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

# The partner's reactions: the <moment> part of the partner's response names.
WARM = "warm"
PROBING = "probing"
COOL_EXCUSE = "cool_excuse"
COOL_BLAME = "cool_blame"
COOL_UNDERMINED = "cool_undermined"
COOL_RETRACT = "cool_retract"
COOL_PRESSURE = "cool_pressure"
COOL_MINIMIZING = "cool_minimizing"
COOL_VAGUE = "cool_vague"
COOL_FIXING = "cool_fixing"
COOL_DISMISSED = "cool_dismissed"
COOL_SELF = "cool_self"
COOL_MOCK = "cool_mock"
COOL_ESCALATE = "cool_escalate"

ENDINGS = ("end_warm", "end_neutral", "end_cold")


@dataclass(frozen=True)
class Effect:
    """How one signal moves this partner: a trust change and, when it cools, the reply it draws."""

    signal: str
    change: float
    reaction: str = WARM
    sharp: bool = True
    """A sharp cooling reply wins even when the rest of the turn warms the partner."""


@dataclass(frozen=True)
class WentWell:
    """A debrief opening: `response` when any turn had `signal` (`clean_response` when none had `unless`)."""

    signal: str
    response: str
    clean_response: str = ""
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class TryNext:
    """A debrief suggestion: `response` when `signal` was present (or, with present=False, never present)."""

    response: str
    signal: str
    present: bool = True


@dataclass(frozen=True)
class Scenario:
    """One rehearsable conversation."""

    scenario_id: str  # the `scenario` entity/slot value, e.g. "messed-up"
    title: str  # how the coach names it: "telling someone you messed up"
    practises: str  # one line for `realtalk scenarios`
    situation: str  # who the partner is to the user, after their name: "who you promised to meet…"
    response_key: str  # middle part of the partner's response names
    effects: tuple[Effect, ...]
    start_trust: float
    forgive_at: float = 0.8  # trust at or above this, once the key moves are made, ends the role-play warmly...
    give_up_at: float = 0.05  # trust at or below this ends it coldly...
    min_turns: int = 6  # ...but neither sooner: the skill needs room, and forgiving on one line sounds fake
    max_turns: int = 14  # the partner closes the conversation after this many user turns, whatever happened
    key_moves: tuple[str, ...] = ()
    """The signals (dialogue/coaching/signals.py) the scenario practises: all of them must have been
    made, in any turns, before the partner ends it warmly."""
    default_style: str = "warm"
    default_relationship: str = "friend"
    styles: tuple[str, ...] = ("warm", "guarded", "hurt", "dismissive")
    went_well: tuple[WentWell, ...] = ()
    try_next: tuple[TryNext, ...] = ()
    try_fallback: str = "keep_practising"
    closing: str = ""  # an extra coach line at the end of every debrief
    nudges: tuple[str, ...] | None = None  # the coach nudges that fit this scenario; None: all of them

    def moments(self) -> tuple[str, ...]:
        """Every partner moment this scenario can speak."""
        cooling = tuple(dict.fromkeys(e.reaction for e in self.effects if e.reaction != WARM))
        return ("open", WARM, PROBING, *cooling, *ENDINGS)
