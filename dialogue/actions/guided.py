"""Rasa glue for the guided flows: the answer action, and the guided side of start, skip, try again, start over and stop.

The command actions (dialogue/actions/commands.py, dialogue/actions/roleplay.py) call the
`guided_*` functions here when the `scenario` slot holds a guided flow; the
walking itself is plain logic in dialogue/practices/guided_flow.py. While a guided flow
runs, `phase` is `guided`; a finished flow goes back to `menu` with the usual
offer, and prep-real-talk hands over to a role-play (`phase` roleplay).
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dialogue.actions.speaker import Speaker, SpeakingAction
from dialogue.actions.steps import MENU, begin_roleplay, end_of_session_events, phase_events
from dialogue.practices import guided_flow
from dialogue.practices.content import content_of_entities
from dialogue.practices.guided import GuidedFlow, find_guided, state_from_slot, state_to_slot
from dialogue.practices.persona import build_persona
from dialogue.practices.scenarios import find_roleplay, scenario_menu

GUIDED = "guided"
GUIDED_OFFER = "utter_coach_after_guided"


def guided_flow_of(tracker: Tracker) -> GuidedFlow | None:
    """The guided flow the session is in (or just finished), None in a role-play.

    While it runs, the `guided` slot names it: a message misread as choosing a
    scenario may have changed the `scenario` slot.
    """
    if tracker.get_slot("phase") == GUIDED:
        running = tracker.get_slot("guided") or {}
        return find_guided(running.get("flow_id") if isinstance(running, dict) else None)
    return find_guided(tracker.get_slot("scenario"))


def _say(dispatcher: CollectingDispatcher, turn: guided_flow.GuidedTurn) -> None:
    for line in turn.lines:
        dispatcher.utter_message(response=line.response, **dict(line.values))


def play_turn(
    dispatcher: CollectingDispatcher, flow: GuidedFlow, turn: guided_flow.GuidedTurn, domain: dict
) -> list[EventType]:
    """Say the turn's lines; then go on, wrap up with the offer, or hand over to the role-play."""
    _say(dispatcher, turn)
    events: list[EventType] = [SlotSet("scenario", flow.scenario_id), SlotSet("guided", state_to_slot(turn.state))]
    if turn.handover:
        roleplay = find_roleplay(turn.handover)
        persona = build_persona(roleplay, name=turn.state.partner_name)
        return events + [SlotSet("scenario", roleplay.scenario_id)] + begin_roleplay(dispatcher, roleplay, persona, domain)
    if turn.done:
        dispatcher.utter_message(response=GUIDED_OFFER)
        return events + [SlotSet("ending", "finished"), SlotSet("turns", []), *phase_events(MENU)]
    return events + [SlotSet("ending", None), SlotSet("session_over", False), *phase_events(GUIDED)]


def guided_start(dispatcher: CollectingDispatcher, flow: GuidedFlow, domain: dict) -> list[EventType]:
    return play_turn(dispatcher, flow, guided_flow.start(flow), domain)


def guided_skip(dispatcher: CollectingDispatcher, tracker: Tracker, flow: GuidedFlow, domain: dict) -> list[EventType]:
    if tracker.get_slot("phase") != GUIDED:
        dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
        return [SlotSet("ending", None)]
    state = state_from_slot(tracker.get_slot("guided"), flow.scenario_id)
    return play_turn(dispatcher, flow, guided_flow.skip(flow, state), domain)


def guided_retry(dispatcher: CollectingDispatcher, tracker: Tracker, flow: GuidedFlow, domain: dict) -> list[EventType]:
    """In the flow: the current prompt again. After its wrap-up: back to the last prompt."""
    state = state_from_slot(tracker.get_slot("guided"), flow.scenario_id)
    step = guided_flow.again if tracker.get_slot("phase") == GUIDED else guided_flow.back_to_last
    return play_turn(dispatcher, flow, step(flow, state), domain)


def guided_restart(dispatcher: CollectingDispatcher, flow: GuidedFlow, domain: dict) -> list[EventType]:
    dispatcher.utter_message(response="utter_coach_starting_over")
    return guided_start(dispatcher, flow, domain)


def guided_stop(dispatcher: CollectingDispatcher, tracker: Tracker, flow: GuidedFlow) -> list[EventType]:
    """"Stop" in a guided flow: the short wrap-up, then the session ends."""
    state = state_from_slot(tracker.get_slot("guided"), flow.scenario_id)
    dispatcher.utter_message(response="utter_coach_stopped")
    _say(dispatcher, guided_flow.GuidedTurn(guided_flow.wrap_up(flow, state), state))
    return end_of_session_events("stopped")


class ActionGuidedAnswer(SpeakingAction):
    """The user answered the coach's prompt in a guided flow."""

    def name(self) -> str:
        return "action_guided_answer"

    def act(self, dispatcher: Speaker, tracker: Tracker, domain: dict) -> list[EventType]:
        flow = guided_flow_of(tracker)
        if flow is None:
            dispatcher.utter_message(response="utter_coach_menu", scenarios=scenario_menu())
            return phase_events(MENU)
        state = state_from_slot(tracker.get_slot("guided"), flow.scenario_id)
        text = tracker.latest_message.get("text") or ""
        content = content_of_entities(tracker.latest_message.get("entities") or [], text)
        return play_turn(dispatcher, flow, guided_flow.answer(flow, state, text, content), domain)
