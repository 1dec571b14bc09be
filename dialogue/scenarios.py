"""The conversations a user can rehearse.

A scenario is data: who the partner is, how much they trust the user at the
start and when the role-play ends. Its spoken lines live in domain.yml under
response names built from `Scenario.response_key` (see `partner_response`).
Adding a scenario means one entry in `SCENARIOS`, its responses in domain.yml
and its names in the `scenario` lookup table and synonyms in data/nlu.yml.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    """One rehearsable conversation."""

    scenario_id: str  # the `scenario` entity/slot value, e.g. "messed-up"
    title: str  # how the coach names it: "telling someone you messed up"
    partner_role: str  # who the coach says the partner is
    response_key: str  # middle part of the partner's response names
    start_trust: float
    forgive_at: float  # trust at or above this ends the role-play warmly...
    min_turns_to_forgive: int  # ...but not sooner: forgiving on one line sounds fake
    give_up_at: float  # trust at or below this ends it coldly...
    max_turns: int
    min_turns_to_give_up: int = 2  # ...but not on the first line: the user gets a second try


MESSED_UP = Scenario(
    scenario_id="messed-up",
    title="telling someone you messed up",
    partner_role="a close friend you promised to meet and then let down",
    response_key="messed_up",
    start_trust=0.35,
    forgive_at=0.85,
    min_turns_to_forgive=3,
    give_up_at=0.05,
    max_turns=5,
)

SCENARIOS: dict[str, Scenario] = {scenario.scenario_id: scenario for scenario in (MESSED_UP,)}


def find_scenario(scenario_id: str | None) -> Scenario | None:
    """The scenario with this id, or None for an unknown or missing id."""
    if not scenario_id:
        return None
    return SCENARIOS.get(scenario_id.strip().lower())


def scenario_menu() -> str:
    """The scenario titles as one spoken phrase: "a, b or c"."""
    titles = [scenario.title for scenario in SCENARIOS.values()]
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + " or " + titles[-1]


def partner_response(scenario: Scenario, moment: str) -> str:
    """The domain response the partner speaks at a moment ("open", "warm", "end_cold"…)."""
    return f"utter_partner_{scenario.response_key}_{moment}"
