"""The guided flows: prompt sequences the coach leads, with no partner until the end.

`real-talk-night` is a ritual of prompts answered aloud, each followed by a short
reflection on how it was said. `start-small` is a ladder from a minor worry to
the big one; a step unlocks the next only once it has been practised (an "I"
statement, no blame). `prep-real-talk` shapes an opening "I" statement from the
user's own description (dialogue/practices/opening_statement.py), has them say it aloud,
then hands over to a role-play.

This module holds the flows as data, their progress (`GuidedState`, kept in the
`guided` slot) and the rules that judge a turn; dialogue/practices/guided_flow.py walks
through them. Spoken lines live in domain/guided.yml.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dialogue.coaching.phrasing import Phrasing

REAL_TALK_NIGHT, START_SMALL, PREP_REAL_TALK = "real-talk-night", "start-small", "prep-real-talk"


@dataclass(frozen=True)
class GuidedFlow:
    """One guided flow; its lines are named utter_coach_<response_key>_<moment>."""

    scenario_id: str  # the `scenario` entity/slot value, as for role-plays
    title: str
    practises: str  # one line for `realtalk scenarios`
    response_key: str
    steps: int  # prompts or ladder steps (prep-real-talk counts its stages as it goes)


GUIDED_FLOWS: dict[str, GuidedFlow] = {
    flow.scenario_id: flow
    for flow in (
        GuidedFlow(
            REAL_TALK_NIGHT,
            "real talk night",
            "guided prompts answered aloud (what you're scared to say, what you wish they understood), with a reflection after each",
            "real_talk_night",
            steps=5,
        ),
        GuidedFlow(
            START_SMALL,
            "start small",
            "a ladder from a small worry to the big one; each step unlocks when you say it as an 'I' statement without blame",
            "start_small",
            steps=4,
        ),
        GuidedFlow(
            PREP_REAL_TALK,
            "prep for a real talk",
            "shaping your opening line ('I feel … when … and I need …') from your situation, saying it aloud, then a role-play",
            "prep_real_talk",
            steps=0,
        ),
    )
}

# prep-real-talk stages: the description, one question per missing part, then saying it aloud.
DESCRIBE, REHEARSE = "describe", "rehearse"
MAX_REHEARSALS = 3


@dataclass(frozen=True)
class GuidedState:
    """How far a guided flow has got. `step` counts from 0; `tries` are attempts at the current step."""

    flow_id: str
    step: int = 0
    tries: int = 0
    answered: int = 0  # prompts answered or steps unlocked (not skipped)
    named_feelings: int = 0  # answers with an "I" statement
    stage: str = DESCRIBE  # prep-real-talk only, as are the fields below
    feeling: str = ""
    situation: str = ""
    connective: str = "when"
    need: str = ""
    partner_name: str = ""


def state_to_slot(state: GuidedState) -> dict[str, Any]:
    return asdict(state)


def state_from_slot(value: Any, flow_id: str) -> GuidedState:
    """The state in the `guided` slot, or a fresh one when it belongs to another flow."""
    if isinstance(value, dict) and value.get("flow_id") == flow_id:
        return GuidedState(**{k: v for k, v in value.items() if k in GuidedState.__dataclass_fields__})
    return GuidedState(flow_id=flow_id)


def find_guided(flow_id: str | None) -> GuidedFlow | None:
    return GUIDED_FLOWS.get((flow_id or "").strip().lower())


def reflection_for(phrasing: Phrasing, asks_for_need: bool = False) -> str:
    """The moment of the coach's reflection on a real-talk-night answer (a need is thanked as a need)."""
    if phrasing.blame:
        return "reflect_blame"
    if phrasing.minimizing:
        return "reflect_minimising"
    if asks_for_need:
        return "reflect_need"
    if phrasing.feelings_named > 0:
        return "reflect_feeling"
    if phrasing.word_count < 4:
        return "reflect_short"
    return "reflect_thanks"


def step_gap(phrasing: Phrasing) -> str:
    """What keeps a start-small step from unlocking ("blame", "minimising", "i_statement"); "" when practised."""
    if phrasing.blame:
        return "blame"
    if phrasing.minimizing:
        return "minimising"
    if phrasing.feelings_named < 1:
        return "i_statement"
    return ""


def rehearsal_gap(phrasing: Phrasing, names_feeling: bool) -> str:
    """What a spoken opening still lacks ("blame", "feeling", "i_statement"); "" when it will do."""
    if phrasing.blame:
        return "blame"
    if not names_feeling:
        return "feeling"
    if phrasing.feelings_named < 1:
        return "i_statement"
    return ""
