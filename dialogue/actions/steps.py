"""Steps the Rasa actions share: phase changes, the partner's lines, the debrief, the persona asked for.

Glue between rasa_sdk and the plain dialogue functions; dialogue/actions/roleplay.py and
dialogue/actions/commands.py build their actions from these.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dialogue.coaching.debrief import build_debrief, debrief_responses, debrief_values, notes_from_slot
from dialogue.practices.content import CONTENT_SLOTS
from dialogue.practices.partner_reply import MOVE_SLOTS, mood_of
from dialogue.practices.persona import (
    Persona,
    build_persona,
    for_persona,
    partner_name_in,
    partner_role,
    persona_from_slot,
    persona_to_slot,
)
from dialogue.practices.retry import partner_turn_tag
from dialogue.practices.scenarios import Scenario, find_roleplay, partner_response

MENU, SETUP, ROLEPLAY = "menu", "setup", "roleplay"


# ----------------------------------------------------------------- helpers
def phase_events(phase: str) -> list[EventType]:
    return [SlotSet("phase", phase), SlotSet("roleplay_active", phase == ROLEPLAY)]


def end_of_session_events(ending: str | None) -> list[EventType]:
    return [SlotSet("roleplay_active", False), SlotSet("ending", ending), SlotSet("session_over", True)]


def current(tracker: Tracker) -> tuple[Scenario | None, Persona | None]:
    scenario = find_roleplay(tracker.get_slot("scenario"))
    if scenario is None:
        return None, None
    return scenario, persona_from_slot(tracker.get_slot("persona"), scenario)


def utter_partner(
    dispatcher: CollectingDispatcher, scenario: Scenario, persona: Persona, moment: str, domain: dict, turns: int
) -> None:
    name = partner_response(scenario, moment, persona.style, domain.get("responses", {}))
    dispatcher.utter_message(response=name, **partner_turn_tag(turns))


def utter_debrief(dispatcher: CollectingDispatcher, turns_slot: Any, scenario: Scenario | None) -> None:
    debrief = build_debrief(notes_from_slot(turns_slot), *([scenario] if scenario else []))
    for response in debrief_responses(debrief):
        dispatcher.utter_message(response=response, **debrief_values(debrief))


def relation_word_in(message: dict) -> str:
    """The user's own word for the relationship entity in `message` ("sister"), "" for none."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "relationship" and entity.get("start") is not None:
            return (message.get("text") or "")[entity["start"] : entity["end"]].lower()
    return ""


def requested_persona(tracker: Tracker, scenario: Scenario) -> Persona:
    """The partner the user asked for, from this message's words and entities and earlier slots."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    entities = {e.get("entity"): e for e in message.get("entities") or []}
    return build_persona(
        scenario,
        name=partner_name_in(text) or tracker.get_slot("partner_name") or "",
        relationship=(entities.get("relationship") or {}).get("value") or tracker.get_slot("relationship"),
        relation_word=relation_word_in(message) or tracker.get_slot("relation_word") or "",
        style=(entities.get("style") or {}).get("value") or tracker.get_slot("partner_style"),
        difficulty=(entities.get("difficulty") or {}).get("value") or tracker.get_slot("difficulty"),
    )


def fresh_memory_events(start_trust: float) -> list[EventType]:
    """A new role-play's memory: nothing said, nothing done, the partner's starting mood."""
    return [
        *(SlotSet(name, None) for name in CONTENT_SLOTS),
        *(SlotSet(name, False) for name in MOVE_SLOTS),
        SlotSet("mood", mood_of(start_trust)),
        SlotSet("reflected", []),
        SlotSet("asked", None),
        SlotSet("pending_turn", None),
        SlotSet("keep_going_until", None),
    ]


def begin_roleplay(
    dispatcher: CollectingDispatcher, scenario: Scenario, persona: Persona, domain: dict, intro: bool = True
) -> list[EventType]:
    """The coach sets the scene and gives a cue; the partner opens."""
    if intro:
        dispatcher.utter_message(
            response="utter_coach_scenario_intro",
            scenario_title=scenario.title,
            partner_role=partner_role(scenario, persona),
            partner_name=persona.name or "them",
        )
        dispatcher.utter_message(response=f"utter_coach_cue_{scenario.response_key}")
    utter_partner(dispatcher, scenario, persona, "open", domain, 0)
    start_trust = for_persona(scenario, persona).start_trust
    return [
        *fresh_memory_events(start_trust),
        SlotSet("persona", persona_to_slot(persona)),
        SlotSet("partner_name", persona.name or None),
        SlotSet("trust", start_trust),
        SlotSet("turns", []),
        SlotSet("ending", None),
        SlotSet("session_over", False),
        *phase_events(ROLEPLAY),
    ]


def debrief_and_offer(dispatcher: CollectingDispatcher, turns: Any, scenario: Scenario, ending: str) -> list[EventType]:
    """The debrief, then the offer to try again; the role-play is over but the session is not."""
    utter_debrief(dispatcher, turns, scenario)
    dispatcher.utter_message(response="utter_coach_after_debrief")
    return [SlotSet("ending", ending), *phase_events(MENU)]
