"""Rasa custom actions for safety: the support lines, and the check-in for a possible concern.

A clear concern (the `safety_concern` intent) gets `action_safety_exit` (dialogue/actions/roleplay.py):
the support lines, and the session ends. A possible one (`safety_check`) starts
`safety_check_form`, which asks through `action_ask_safety_answer` and fills `safety_answer`
with the next message; `action_safety_check_answer` then resumes the role-play on a
reassurance, changing nothing but the answer slot, or gives the same support lines and
ends. The decision is `dialogue.practices.safety_check.is_reassurance`; a turn that does not
answer at all (`carries_on`: the user went on talking to the partner) resumes too, the coach
says how to stop if they are not safe, and the partner answers that turn.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dialogue.actions.partner_turn import partner_turn
from dialogue.actions.speaker import Speaker
from dialogue.actions.steps import ROLEPLAY, end_of_session_events
from dialogue.coaching.safety import SAFETY_CLEAR
from dialogue.judgement.judge import judge
from dialogue.practices.safety_check import ANSWER_SLOT, carries_on, is_reassurance
from dialogue.practices.support import support_for, support_values


def utter_safety_support(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Stop, say so plainly, give the support lines for the user's country, end the session."""
    metadata = tracker.latest_message.get("metadata") or {}
    support = support_for(metadata.get("country"))
    dispatcher.utter_message(response="utter_coach_safety_stop")
    dispatcher.utter_message(response="utter_coach_safety_support", **support_values(support))
    dispatcher.utter_message(response="utter_coach_safety_close")
    return end_of_session_events("safety")


class ActionAskSafetyAnswer(Action):
    """safety_check_form's question, in the coach's voice: "Are you safe right now?"."""

    def name(self) -> str:
        return "action_ask_safety_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(response="utter_coach_ask_safety_answer")
        return []


class ActionSafetyCheckAnswer(Action):
    """The answer to "Are you safe right now?": a reassurance resumes where it was, anything else gets support."""

    def name(self) -> str:
        return "action_safety_check_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        answer = tracker.get_slot(ANSWER_SLOT)
        cleared: list[EventType] = [SlotSet(ANSWER_SLOT, None)]  # the next check asks again
        text = answer if isinstance(answer, str) else None
        if is_reassurance(text):
            dispatcher.utter_message(response="utter_coach_safety_resume")
            return cleared
        # The rules see nothing in it (carries_on), and the head does not call it a clear danger: a
        # check-in the head alone raised must not end the session on the head alone again.
        if text and carries_on(text) and judge(text).phrasing.safety_level != SAFETY_CLEAR:
            speaker = Speaker(dispatcher, tracker, domain)
            speaker.utter_message(response="utter_coach_safety_carry_on")
            if tracker.get_slot("phase") != ROLEPLAY:
                return cleared + speaker.events()
            return cleared + partner_turn(speaker, tracker, {**(tracker.latest_message or {}), "text": text}) + speaker.events()
        return cleared + utter_safety_support(dispatcher, tracker)
