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
from dialogue.actions.partner_turn import partner_turn
from dialogue.actions.safety import utter_safety_support
from dialogue.actions.speaker import Speaker, SpeakingAction
from dialogue.actions.steps import (
    MENU,
    ROLEPLAY,
    SETUP,
    begin_roleplay,
    current,
    end_of_session_events,
    phase_events,
    requested_persona,
    utter_debrief,
    utter_partner,
)
from dialogue.judgement.judge import judge
from dialogue.practices.asked import question_kind
from dialogue.practices.guided import find_guided
from dialogue.practices.intent_gate import TALK_INTENTS
from dialogue.practices.scenarios import find_roleplay, scenario_menu

KEEP_GOING_TURNS = 3
"""How many more turns a role-play runs at least after "keep going"."""
HEARD_WORDS = 12
"""How much of a kept turn the coach quotes back."""


def heard_words(text: str) -> str:
    """The start of what was said, for the coach to quote."""
    words = text.split()
    return " ".join(words[:HEARD_WORDS]).rstrip(",;:") + ("…" if len(words) > HEARD_WORDS else "")


class ActionShowMenu(SpeakingAction):
    """The coach asks which conversation to practise (or, after a debrief, what next).

    Just after a role-play ended, talk is probably still meant for the partner: a question to
    them gets their answer, then the coach says what it heard and offers to keep going, and
    keeps the turn for action_keep_going."""

    def name(self) -> str:
        return "action_show_menu"

    def act(self, speaker: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        ended = tracker.get_slot("ending") and tracker.get_slot("turns")
        scenario = find_roleplay(tracker.get_slot("scenario"))
        if ended and intent in TALK_INTENTS and scenario is not None and message.get("text"):
            asked = question_kind(message["text"], judge(message["text"]).phrasing.questions_to_partner > 0)
            answer = f"utter_partner_{scenario.response_key}_answer_{asked}"
            answered = bool(asked) and answer in speaker.responses
            if answered:  # a question to them still gets their answer
                speaker.utter_message(response=answer)
            speaker.utter_message(response="utter_coach_keep_going_offer", heard=heard_words(message["text"]))
            kept = None if answered else {key: message.get(key) for key in ("text", "entities", "metadata")}
            return [SlotSet("pending_turn", kept)]
        if ended:
            speaker.utter_message(response="utter_coach_after_debrief")
        else:
            speaker.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
        return []


class ActionKeepGoing(SpeakingAction):
    """After the role-play ended: carry it on for a few more turns, answering the turn that was kept."""

    def name(self) -> str:
        return "action_keep_going"

    def act(self, speaker: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        scenario, persona = current(tracker)
        turns = tracker.get_slot("turns") or []
        if scenario is None or persona is None or not turns:
            speaker.utter_message(response="utter_coach_nothing_to_keep_going", scenarios=scenario_menu())
            return []
        until = len(turns) + KEEP_GOING_TURNS + (1 if tracker.get_slot("pending_turn") else 0)
        events: list[EventType] = [SlotSet("ending", None), SlotSet("keep_going_until", until),
                                   SlotSet("pending_turn", None), *phase_events(ROLEPLAY)]
        speaker.utter_message(response="utter_coach_keep_going")
        pending = tracker.get_slot("pending_turn")
        if isinstance(pending, dict) and pending.get("text"):
            return events + partner_turn(speaker, tracker, pending, min_turns=until)
        utter_partner(speaker, scenario, persona, "probing", domain, len(turns))
        return events


class ActionStartScenario(SpeakingAction):
    """Start the chosen scenario (a guided flow starts at once); chosen by voice with no partner named, ask who it's with first."""

    def name(self) -> str:
        return "action_start_scenario"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
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


class ActionSetupAnswer(SpeakingAction):
    """The answer to "who is it with?": take what was said, then start."""

    def name(self) -> str:
        return "action_setup_answer"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        scenario = find_roleplay(tracker.get_slot("scenario"))
        if scenario is None:
            dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
            return phase_events(MENU)
        return begin_roleplay(dispatcher, scenario, requested_persona(tracker, scenario), domain)


class ActionPartnerReply(SpeakingAction):
    """The partner answers the user's turn; at the end the coach debriefs and offers a retry."""

    def name(self) -> str:
        return "action_partner_reply"

    def act(self, speaker: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        return partner_turn(speaker, tracker, tracker.latest_message or {})


class ActionStopSession(SpeakingAction):
    """The user stops: debrief a running role-play, wrap up a running guided flow, otherwise say goodbye."""

    def name(self) -> str:
        return "action_stop_session"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
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
