"""The listening partner's actions, run with a real rasa_sdk Tracker and CollectingDispatcher.

What the NLU would extract is given as entities (the extraction itself is tested through the
real model in tests/test_partner_sessions.py)."""

from __future__ import annotations

from dialogue.actions import ActionKeepGoing, ActionPartnerReply, ActionSafetyCheckAnswer, ActionShowMenu
from dialogue.practices.safety_check import ANSWER_SLOT, carries_on
from tests.test_actions import run
from tests.test_scenario_actions import roleplay, tracker_with


def _span(text: str, words: str, entity: str, value: str | None = None) -> dict:
    start = text.index(words)
    return {"entity": entity, "start": start, "end": start + len(words), "value": value or words}


def test_a_reason_is_said_back_in_the_partners_words_and_remembered():
    text = "I'm so sorry, my sister was rushed to A&E and I didn't think to text you"
    entities = [_span(text, "my sister", "person"), _span(text, "rushed to A&E", "reason"),
                _span(text, "A&E", "reason_kind", "emergency"), _span(text, "A&E", "place", "emergency")]
    responses, slots, dispatcher = run(ActionPartnerReply(), tracker_with(text, roleplay("messed-up"), entities=entities))
    assert responses[0] == "utter_partner_messed_up_reflect_reason"
    assert slots["reason_kind"] == "emergency" and slots["place"] == "A&E" and slots["person"] == "my sister"
    assert slots["gave_reason"] is True and slots["apologised"] is True
    assert "excuse" not in slots["turns"][-1]["signals"], "an emergency is not an excuse"
    assert len(slots["lines_said"]) == len(dispatcher.messages)


def test_a_question_to_the_partner_is_answered_in_its_mood():
    cold = roleplay("messed-up", trust=0.1)
    responses, slots, _ = run(ActionPartnerReply(), tracker_with("are you angry with me?", cold))
    assert responses == ["utter_partner_messed_up_answer_angry"] and slots["asked"] == "angry"
    assert slots["mood"] == "cold"


def test_no_line_is_said_twice_in_a_session():
    slots = roleplay("listening")
    said: list[str] = []
    for _ in range(5):
        _, events, _ = run(ActionPartnerReply(), tracker_with("Mm.", {**slots, "lines_said": said}))
        said = events["lines_said"]
        slots = {**slots, **events}
    assert len(said) == len(set(said)) >= 5


NOTE = {"apology": "none", "owns_mistake": False, "excuse": False, "blame": False, "i_statements": 1,
        "questions_to_partner": 0, "trust_after": 0.9, "reaction": "warm", "source": "text", "words_per_minute": None,
        "signals": ["shares_dream"]}


def test_talk_after_the_ending_is_answered_and_kept_for_keep_going():
    ended = {"scenario": "silly-dream", "phase": "menu", "ending": "warm", "turns": [NOTE] * 6,
             "trust": 0.9, "mood": "warm"}
    responses, slots, dispatcher = run(ActionShowMenu(), tracker_with("would you come to the opening?", ended))
    assert responses == ["utter_partner_silly_dream_answer_other", "utter_coach_keep_going_offer"] or \
        responses[0].startswith("utter_partner_silly_dream_answer_") and responses[1] == "utter_coach_keep_going_offer"
    assert "would you come to the opening?" in dispatcher.messages[-1]["text"]
    assert slots["pending_turn"] is None, "answered already"
    _, slots, _ = run(ActionShowMenu(), tracker_with("I'd call it Crumbs", ended))
    assert slots["pending_turn"]["text"] == "I'd call it Crumbs"


def test_keep_going_carries_the_roleplay_on_and_the_partner_answers_the_kept_turn():
    ended = {"scenario": "silly-dream", "phase": "menu", "ending": "warm", "turns": [NOTE] * 6,
             "trust": 0.9, "pending_turn": {"text": "I'd call it Crumbs", "entities": [], "metadata": {}}}
    responses, slots, _ = run(ActionKeepGoing(), tracker_with("keep going", ended, intent="keep_going"))
    assert responses[0] == "utter_coach_keep_going" and responses[1].startswith("utter_partner_")
    assert slots["phase"] == "roleplay" and slots["ending"] is None and len(slots["turns"]) == 7
    assert slots["keep_going_until"] >= 7 + 3


def test_keep_going_with_nothing_to_carry_on_shows_the_choices():
    responses, slots, _ = run(ActionKeepGoing(), tracker_with("keep going", {"phase": "menu"}, intent="keep_going"))
    assert responses == ["utter_coach_nothing_to_keep_going"] and "phase" not in slots


def test_a_turn_that_carries_on_after_are_you_safe_resumes_and_reaches_the_partner():
    answer = "the landlord? what's he done now?"
    assert carries_on("he's selling the flat? with two months' notice?")
    assert not carries_on("no") and not carries_on("I don't know") and not carries_on("he's here")
    slots = {**roleplay("listening"), ANSWER_SLOT: "he's selling the flat? with two months' notice?"}
    responses, events, _ = run(ActionSafetyCheckAnswer(), tracker_with(answer, slots))
    assert responses[0] == "utter_coach_safety_carry_on"
    assert responses[1].startswith("utter_partner_listening_")
    assert events[ANSWER_SLOT] is None and "session_over" not in events


def test_min_turns_goes_from_the_flag_to_the_start_message_to_the_partner():
    import json

    from assistant.cli import build_parser, practice_options
    from assistant.rasa.partner import start_message

    assert practice_options(build_parser().parse_args(["practice", "--min-turns", "3"])).min_turns == 3
    assert practice_options(build_parser().parse_args(["practice"])).min_turns is None
    assert json.loads(start_message("messed-up", 3).removeprefix("/start_scenario")) == {
        "scenario": "messed-up", "min_turns": 3}
    assert start_message(None) == "/greet" and start_message("scared") == '/start_scenario{"scenario": "scared"}'
    text = "I messed up, I'm sorry. How was it for you?"
    slots = {**roleplay("messed-up", trust=0.9), "min_turns": 3.0}
    notes = [{"apology": "owned", "owns_mistake": True, "excuse": False, "blame": False, "i_statements": 1,
              "questions_to_partner": 1, "trust_after": 0.9, "reaction": "warm", "source": "text",
              "words_per_minute": None, "signals": ["owned_apology", "caring_question"]}] * 2
    _, events, _ = run(ActionPartnerReply(), tracker_with(text, {**slots, "turns": notes}))
    assert events["ending"] == "warm", "three turns were enough when the user asked for three"
    _, events, _ = run(ActionPartnerReply(), tracker_with(text, {**slots, "min_turns": None, "turns": notes}))
    assert "ending" not in events, "the scenario's own six otherwise"
