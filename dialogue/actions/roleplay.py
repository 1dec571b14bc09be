"""Rasa custom actions: thin glue between the tracker and the plain dialogue functions.

Each action reads slots and the latest message, calls functions from the
`dialogue` package, dispatches domain responses by name and returns events.
The `phase` slot (menu, setup, roleplay, guided) is what data/rules.yml routes on;
safety is decided before any rule, by the NLU gate (dialogue/practices/intent_gate.py),
which turns a clearly concerning message into the `safety_concern` intent whatever the
phase -- `action_safety_exit` answers it (a possible concern is asked about first:
dialogue/actions/safety.py).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dialogue.actions.guided import GUIDED, guided_flow_of, guided_start, guided_stop
from dialogue.actions.safety import utter_safety_support
from dialogue.actions.steps import (
    MENU,
    ROLEPLAY,
    SETUP,
    begin_roleplay,
    current,
    debrief_and_offer,
    end_of_session_events,
    phase_events,
    requested_persona,
    utter_debrief,
    utter_partner,
)
from dialogue.coaching.debrief import note_to_slot, note_turn, notes_from_slot
from dialogue.coaching.signals import turn_signals
from dialogue.coaching.tips import nudge
from dialogue.judgement.turns import judged_analysis_of_message
from dialogue.practices.guided import find_guided
from dialogue.practices.partner_state import take_turn
from dialogue.practices.persona import for_persona
from dialogue.practices.scenarios import find_roleplay, scenario_menu


class ActionShowMenu(Action):
    """The coach asks which conversation to practise (or, after a debrief, what next)."""

    def name(self) -> str:
        return "action_show_menu"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if tracker.get_slot("ending") and tracker.get_slot("turns"):
            dispatcher.utter_message(response="utter_coach_after_debrief")
        else:
            dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
        return []


class ActionStartScenario(Action):
    """Start the chosen scenario (a guided flow starts at once); chosen by voice with no partner named, ask who it's with first."""

    def name(self) -> str:
        return "action_start_scenario"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        flow = find_guided(tracker.get_slot("scenario"))
        if flow is not None:
            return guided_start(dispatcher, flow, domain)
        scenario = find_roleplay(tracker.get_slot("scenario"))
        if scenario is None:
            dispatcher.utter_message(response="utter_coach_unknown_scenario", scenarios=scenario_menu())
            return []
        persona = requested_persona(tracker, scenario)
        chosen_by_voice = (tracker.latest_message.get("intent") or {}).get("name") == "choose_scenario"
        named = persona.name or tracker.get_slot("relationship") or persona.relation_word
        if chosen_by_voice and not named:
            dispatcher.utter_message(response="utter_coach_setup_question", scenario_title=scenario.title)
            return [SlotSet("ending", None), SlotSet("session_over", False), *phase_events(SETUP)]
        return begin_roleplay(dispatcher, scenario, persona, domain)


class ActionSetupAnswer(Action):
    """The answer to "who is it with?": take what was said, then start."""

    def name(self) -> str:
        return "action_setup_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        scenario = find_roleplay(tracker.get_slot("scenario"))
        if scenario is None:
            dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
            return phase_events(MENU)
        return begin_roleplay(dispatcher, scenario, requested_persona(tracker, scenario), domain)


class ActionPartnerReply(Action):
    """The partner reacts to the user's turn; at the end the coach debriefs and offers a retry."""

    def name(self) -> str:
        return "action_partner_reply"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        scenario, persona = current(tracker)
        if scenario is None or persona is None:
            dispatcher.utter_message(response="utter_coach_unknown_scenario", scenarios=scenario_menu())
            return phase_events(MENU)
        playing = for_persona(scenario, persona)

        text = tracker.latest_message.get("text") or ""
        analysis = judged_analysis_of_message(text, tracker.latest_message.get("metadata"))
        signals = frozenset(analysis.signals) if analysis.signals is not None else turn_signals(text, analysis.phrasing)
        notes = notes_from_slot(tracker.get_slot("turns"))
        trust = tracker.get_slot("trust")
        outcome = take_turn(playing, playing.start_trust if trust is None else float(trust), len(notes), signals)
        tips = tuple(t for t in analysis.tips if scenario.nudges is None or t.response in scenario.nudges)
        tip = None if outcome.ending else nudge(tips, notes[-1].nudge if notes else None)
        note = note_turn(analysis, outcome, tip.response if tip else "", signals)
        turns = [note_to_slot(n) for n in notes] + [note_to_slot(note)]
        events: list[EventType] = [SlotSet("trust", outcome.trust), SlotSet("turns", turns)]

        if outcome.ending is None:
            utter_partner(dispatcher, scenario, persona, outcome.reaction, domain, len(turns))
            if tip is not None:
                dispatcher.utter_message(response=tip.response, **tip.values())
            return events
        utter_partner(dispatcher, scenario, persona, f"end_{outcome.ending}", domain, len(turns))
        return events + debrief_and_offer(dispatcher, turns, scenario, outcome.ending)


class ActionStopSession(Action):
    """The user stops: debrief a running role-play, wrap up a running guided flow, otherwise say goodbye."""

    def name(self) -> str:
        return "action_stop_session"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        flow = guided_flow_of(tracker)
        if flow is not None and tracker.get_slot("phase") == GUIDED:
            return guided_stop(dispatcher, tracker, flow)
        if tracker.get_slot("phase") != ROLEPLAY:
            dispatcher.utter_message(response="utter_coach_goodbye")
            return end_of_session_events(tracker.get_slot("ending"))
        dispatcher.utter_message(response="utter_coach_stopped")
        utter_debrief(dispatcher, tracker.get_slot("turns"), find_roleplay(tracker.get_slot("scenario")))
        return end_of_session_events("stopped")


class ActionSafetyExit(Action):
    """Safety outranks every flow: stop the role-play, say so plainly, give support lines, end."""

    def name(self) -> str:
        return "action_safety_exit"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        return utter_safety_support(dispatcher, tracker)
