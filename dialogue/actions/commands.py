"""Rasa custom actions for the voice commands: tip, start over, try again, skip, help, and naming the partner.

Registered with the other actions because dialogue/actions/roleplay.py imports this module.
In a guided flow (or just after one) skip, try again and start over act on the
flow instead: dialogue/actions/guided.py.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from dialogue.actions.guided import GUIDED, guided_flow_of, guided_restart, guided_retry, guided_skip
from dialogue.actions.speaker import Speaker, SpeakingAction
from dialogue.actions.steps import (
    ROLEPLAY,
    SETUP,
    begin_roleplay,
    current,
    debrief_and_offer,
    phase_events,
    relation_word_in,
    requested_persona,
    utter_partner,
)
from dialogue.practices.persona import DIFFICULTY_STYLES, MOODS, Persona, for_persona, partner_name_in
from dialogue.practices.retry import line_before_turn, partner_turn_tag, trust_before_last
from dialogue.practices.scenarios import find_roleplay, find_scenario, scenario_menu


class ActionGiveTip(SpeakingAction):
    """A one-line coach cue for the current scenario; the role-play carries on."""

    def name(self) -> str:
        return "action_give_tip"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        scenario = find_scenario(tracker.get_slot("scenario"))
        if scenario is None:
            dispatcher.utter_message(response="utter_coach_help")
        else:
            dispatcher.utter_message(response=f"utter_coach_cue_{scenario.response_key}")
        return []


class ActionRestartScenario(SpeakingAction):
    """Start the current scenario again from its opening, with the same partner."""

    def name(self) -> str:
        return "action_restart_scenario"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        flow = guided_flow_of(tracker)
        if flow is not None:
            return guided_restart(dispatcher, flow, domain)
        scenario, persona = current(tracker)
        if scenario is None or persona is None:
            dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
            return []
        if tracker.get_slot("phase") == SETUP:
            persona = requested_persona(tracker, scenario)
        dispatcher.utter_message(response="utter_coach_starting_over")
        return begin_roleplay(dispatcher, scenario, persona, domain, intro=False)


class ActionRetryTurn(SpeakingAction):
    """Try the last turn again: trust goes back, and the partner repeats the line before it."""

    def name(self) -> str:
        return "action_retry_turn"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        flow = guided_flow_of(tracker)
        if flow is not None:
            return guided_retry(dispatcher, tracker, flow, domain)
        scenario, persona = current(tracker)
        turns = list(tracker.get_slot("turns") or [])
        if scenario is None or persona is None or not turns or tracker.get_slot("phase") == SETUP:
            dispatcher.utter_message(response="utter_coach_nothing_to_retry")
            return []
        kept = turns[:-1]
        dispatcher.utter_message(response="utter_coach_retry")
        line = line_before_turn(tracker.events, len(kept))
        if line is not None:
            dispatcher.utter_message(text=line.text, utter_action=line.response, **partner_turn_tag(len(kept)))
        else:  # the line was never tagged (an older session): say the same kind of line again
            moment = "open" if not kept else str(kept[-1].get("reaction") or "probing")
            utter_partner(dispatcher, scenario, persona, moment, domain, len(kept))
        start = for_persona(scenario, persona).start_trust
        return [
            SlotSet("turns", kept),
            SlotSet("trust", trust_before_last(turns, start)),
            SlotSet("ending", None),
            *phase_events(ROLEPLAY),
        ]


class ActionSkip(SpeakingAction):
    """Skip: the set-up question (start with defaults), or the rest of the role-play (to the debrief)."""

    def name(self) -> str:
        return "action_skip"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        flow = guided_flow_of(tracker)
        if flow is not None:
            return guided_skip(dispatcher, tracker, flow, domain)
        scenario = find_roleplay(tracker.get_slot("scenario"))
        phase = tracker.get_slot("phase")
        if scenario is not None and phase == SETUP:
            return begin_roleplay(dispatcher, scenario, requested_persona(tracker, scenario), domain)
        if scenario is not None and phase == ROLEPLAY:
            dispatcher.utter_message(response="utter_coach_skipped")
            return debrief_and_offer(dispatcher, tracker.get_slot("turns"), scenario, "skipped")
        dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
        return [SlotSet("ending", None), SlotSet("turns", [])]


class ActionHelp(SpeakingAction):
    """What the user can say right now."""

    def name(self) -> str:
        return "action_help"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        phase = tracker.get_slot("phase")
        response = {
            ROLEPLAY: "utter_coach_roleplay_help",
            SETUP: "utter_coach_setup_help",
            GUIDED: "utter_coach_guided_help",
        }.get(phase, "utter_coach_help")
        dispatcher.utter_message(response=response)
        return []


class ActionSetPartner(SpeakingAction):
    """Outside a role-play: "practise with my sister", "make them guarded" -- noted for the next start."""

    def name(self) -> str:
        return "action_set_partner"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        message = tracker.latest_message or {}
        name = partner_name_in(message.get("text") or "") or tracker.get_slot("partner_name") or ""
        relation_word = relation_word_in(message) or tracker.get_slot("relation_word") or ""
        style = tracker.get_slot("partner_style") or DIFFICULTY_STYLES.get(tracker.get_slot("difficulty") or "", "")
        if relation_word:
            who = Persona(name=name, relation_word=relation_word).description()
        else:
            who = name or "them"
        mood = MOODS.get(style, "just as they are")
        dispatcher.utter_message(response="utter_coach_partner_noted", partner=who, mood=mood, scenarios=scenario_menu())
        return [SlotSet("partner_name", name or None), SlotSet("relation_word", relation_word or None)]
