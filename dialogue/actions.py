"""Rasa custom actions: thin glue between the tracker and the plain dialogue functions.

Each action reads slots and the latest message, calls functions from the
`dialogue` package, dispatches domain responses by name and returns events.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dialogue.debrief import (
    build_debrief,
    debrief_responses,
    debrief_values,
    record_to_slot,
    record_turn,
    records_from_slot,
)
from dialogue.analysis import analyse_turn
from dialogue.delivery import delivery_from_metadata
from dialogue.feedback import nudge
from dialogue.partner_state import take_turn
from dialogue.scenarios import find_scenario, partner_response, scenario_menu


def end_of_session_events(ending: str | None) -> list[EventType]:
    return [SlotSet("roleplay_active", False), SlotSet("ending", ending), SlotSet("session_over", True)]


def utter_debrief(dispatcher: CollectingDispatcher, turns_slot: Any) -> None:
    debrief = build_debrief(records_from_slot(turns_slot))
    for response in debrief_responses(debrief):
        dispatcher.utter_message(response=response, **debrief_values(debrief))


class ActionShowMenu(Action):
    """The coach asks which conversation to practise."""

    def name(self) -> str:
        return "action_show_menu"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
        return []


class ActionStartScenario(Action):
    """The coach sets the scene and the partner opens the role-play."""

    def name(self) -> str:
        return "action_start_scenario"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        scenario = find_scenario(tracker.get_slot("scenario"))
        if scenario is None:
            dispatcher.utter_message(response="utter_coach_unknown_scenario", scenarios=scenario_menu())
            return []
        dispatcher.utter_message(
            response="utter_coach_scenario_intro",
            scenario_title=scenario.title,
            partner_role=scenario.partner_role,
        )
        dispatcher.utter_message(response=partner_response(scenario, "open"))
        return [
            SlotSet("roleplay_active", True),
            SlotSet("trust", scenario.start_trust),
            SlotSet("turns", []),
            SlotSet("ending", None),
            SlotSet("session_over", False),
        ]


class ActionPartnerReply(Action):
    """The partner reacts to the user's turn; at the end the coach debriefs."""

    def name(self) -> str:
        return "action_partner_reply"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        scenario = find_scenario(tracker.get_slot("scenario"))
        if scenario is None:
            dispatcher.utter_message(response="utter_coach_unknown_scenario", scenarios=scenario_menu())
            return [SlotSet("roleplay_active", False)]

        text = tracker.latest_message.get("text") or ""
        delivery = delivery_from_metadata(tracker.latest_message.get("metadata"), text)
        analysis = analyse_turn(text, delivery.pacing)
        records = records_from_slot(tracker.get_slot("turns"))
        trust = tracker.get_slot("trust")
        outcome = take_turn(
            scenario,
            scenario.start_trust if trust is None else float(trust),
            len(records),
            analysis.phrasing,
        )
        tip = None if outcome.ending else nudge(analysis.tips, records[-1].nudge if records else None)
        record = record_turn(analysis.phrasing, outcome, delivery, nudge=tip.response if tip else "")
        turns = [record_to_slot(r) for r in records] + [record_to_slot(record)]
        events: list[EventType] = [SlotSet("trust", outcome.trust), SlotSet("turns", turns)]

        if outcome.ending is None:
            dispatcher.utter_message(response=partner_response(scenario, outcome.reaction))
            if tip is not None:
                dispatcher.utter_message(response=tip.response, **tip.values())
            return events
        dispatcher.utter_message(response=partner_response(scenario, f"end_{outcome.ending}"))
        utter_debrief(dispatcher, turns)
        return events + end_of_session_events(outcome.ending)


class ActionStopSession(Action):
    """The user stops: debrief if a role-play was running, otherwise say goodbye."""

    def name(self) -> str:
        return "action_stop_session"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if not tracker.get_slot("roleplay_active"):
            dispatcher.utter_message(response="utter_coach_goodbye")
            return end_of_session_events(tracker.get_slot("ending"))
        dispatcher.utter_message(response="utter_coach_stopped")
        utter_debrief(dispatcher, tracker.get_slot("turns"))
        return end_of_session_events("stopped")
