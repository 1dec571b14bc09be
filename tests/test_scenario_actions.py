"""Action tests for the scenario library, with a real rasa_sdk Tracker and CollectingDispatcher."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from dialogue.actions import (
    ActionGiveTip,
    ActionPartnerReply,
    ActionRestartScenario,
    ActionRetryTurn,
    ActionSafetyExit,
    ActionSetPartner,
    ActionSetupAnswer,
    ActionSkip,
    ActionStartScenario,
)
from dialogue.practices.scenarios import SCENARIOS
from tests.scenario_turns import FIRST_TURNS
from tests.test_actions import make_tracker, run


def roleplay(scenario: str, **extra) -> dict:
    start = SCENARIOS[scenario].start_trust
    return {"scenario": scenario, "phase": "roleplay", "roleplay_active": True, "trust": start, "turns": [], **extra}


def tracker_with(text: str, slots: dict, intent: str = "talk", entities: list | None = None, events: list | None = None,
                 metadata: dict | None = None) -> Tracker:
    tracker = make_tracker(text, slots, metadata, intent)
    tracker.latest_message["entities"] = entities or []
    tracker.events = events or []
    return tracker


@pytest.mark.parametrize("scenario", sorted(FIRST_TURNS))
def test_each_scenario_warms_to_the_good_turn_and_cools_at_the_bad_one(scenario):
    (good, warm), (bad, cool) = FIRST_TURNS[scenario]
    good_responses, good_slots, dispatcher = run(ActionPartnerReply(), make_tracker(good, roleplay(scenario)))
    bad_responses, bad_slots, _ = run(ActionPartnerReply(), make_tracker(bad, roleplay(scenario)))
    # the reaction, after any detail the partner picks up first ("Traffic? Right.")
    assert warm in good_responses[:2] and cool in bad_responses[:2]
    assert good_slots["trust"] > SCENARIOS[scenario].start_trust >= bad_slots["trust"]
    assert dispatcher.messages[0]["partner_turn"] == "1"  # tagged so "try again" can repeat it


def test_not_safe_does_not_reward_more_disclosure():
    _, slots, _ = run(ActionPartnerReply(), make_tracker("I feel so alone and sad. I love you.", roleplay("not-safe")))
    assert slots["trust"] < SCENARIOS["not-safe"].start_trust


def test_choosing_by_voice_without_a_partner_asks_who_it_is_with():
    tracker = tracker_with("I want to practise listening", {"scenario": "listening"}, intent="choose_scenario")
    responses, slots, _ = run(ActionStartScenario(), tracker)
    assert responses == ["utter_coach_setup_question"] and slots["phase"] == "setup"


def test_choosing_by_voice_with_a_name_starts_with_that_partner():
    tracker = tracker_with("I want to practise telling Sam I love him", {"scenario": "love-first"}, intent="choose_scenario")
    responses, slots, dispatcher = run(ActionStartScenario(), tracker)
    assert responses == ["utter_coach_scenario_intro", "utter_coach_cue_love_first", "utter_partner_love_first_open"]
    assert slots["persona"]["name"] == "Sam" and slots["partner_name"] == "Sam"
    assert dispatcher.messages[0]["partner_role"].startswith("Sam, your partner")


def test_the_setup_answer_sets_name_relationship_and_style():
    text = "my sister Anna, and make her guarded"
    entities = [
        {"entity": "relationship", "value": "sibling", "start": 3, "end": 9},
        {"entity": "style", "value": "guarded", "start": 29, "end": 36},
    ]
    tracker = tracker_with(text, {"scenario": "hurt-not-fine", "phase": "setup"}, "set_partner", entities)
    responses, slots, dispatcher = run(ActionSetupAnswer(), tracker)
    assert slots["persona"] == {"name": "Anna", "relationship": "sibling", "relation_word": "sister", "style": "guarded"}
    assert responses[-1] == "utter_partner_hurt_not_fine_open_guarded"
    assert slots["trust"] < SCENARIOS["hurt-not-fine"].start_trust
    assert "Anna, your sister" in dispatcher.messages[0]["partner_role"]


def test_a_difficulty_picks_a_style():
    tracker = tracker_with("skip", {"scenario": "scared", "phase": "setup", "difficulty": "hard"}, "skip")
    _, slots, _ = run(ActionSkip(), tracker)
    assert slots["persona"]["style"] == "guarded" and slots["phase"] == "roleplay"


def test_set_partner_in_the_menu_is_noted():
    entities = [{"entity": "relationship", "value": "parent", "start": 17, "end": 20}]
    tracker = tracker_with("practise with my mum", {"partner_style": "guarded"}, "set_partner", entities)
    responses, slots, dispatcher = run(ActionSetPartner(), tracker)
    assert responses == ["utter_coach_partner_noted"]
    assert dispatcher.messages[0]["partner"] == "your mum" and "guarded" in dispatcher.messages[0]["mood"]
    assert slots["relation_word"] == "mum"


def test_a_tip_is_the_scenarios_cue_and_changes_nothing():
    responses, slots, _ = run(ActionGiveTip(), make_tracker("give me a tip", roleplay("silly-dream"), intent="tip"))
    assert responses == ["utter_coach_cue_silly_dream"] and set(slots) == {"lines_said"}


def test_try_again_repeats_the_tagged_line_word_for_word_and_restores_trust():
    turns = [{"trust_after": 0.6, "reaction": "warm"}, {"trust_after": 0.3, "reaction": "cool_minimizing"}]
    events = [
        {"event": "bot", "text": "You're home early. Is everything okay?", "metadata": {"partner_turn": "0", "utter_action": "utter_partner_scared_open"}},
        {"event": "bot", "text": "Okay. That's scary. We'll work it out together.", "metadata": {"partner_turn": "1", "utter_action": "utter_partner_scared_warm"}},
        {"event": "bot", "text": "Alright. If it's nothing, it's nothing.", "metadata": {"partner_turn": "2", "utter_action": "utter_partner_scared_cool_minimizing"}},
    ]
    tracker = tracker_with("try again", roleplay("scared", trust=0.3, turns=turns), "retry", events=events)
    responses, slots, dispatcher = run(ActionRetryTurn(), tracker)
    repeated = dispatcher.messages[1]
    assert responses[0] == "utter_coach_retry"
    assert repeated["text"] == "Okay. That's scary. We'll work it out together."
    assert repeated["utter_action"] == "utter_partner_scared_warm" and repeated["partner_turn"] == "1"
    assert slots["trust"] == 0.6 and len(slots["turns"]) == 1 and slots["phase"] == "roleplay"


def test_try_again_with_nothing_to_retry_says_so():
    responses, slots, _ = run(ActionRetryTurn(), make_tracker("try again", roleplay("scared"), intent="retry"))
    assert responses == ["utter_coach_nothing_to_retry"] and set(slots) == {"lines_said"}


def test_start_over_reopens_with_the_same_partner():
    persona = {"name": "Jo", "relationship": "friend", "relation_word": "", "style": "warm"}
    tracker = make_tracker("start over", roleplay("listening", turns=[{"trust_after": 0.5}], persona=persona), intent="start_over")
    responses, slots, _ = run(ActionRestartScenario(), tracker)
    assert responses == ["utter_coach_starting_over", "utter_partner_listening_open"]
    assert slots["turns"] == [] and slots["persona"] == persona


def test_skip_in_a_roleplay_goes_to_the_debrief_and_keeps_the_session():
    responses, slots, _ = run(ActionSkip(), make_tracker("skip", roleplay("what-i-need"), intent="skip"))
    assert responses[0] == "utter_coach_skipped" and responses[-1] == "utter_coach_after_debrief"
    assert "utter_coach_debrief_next_ask_for_need" in responses
    assert slots["phase"] == "menu" and "session_over" not in slots


def test_the_not_safe_debrief_closes_with_the_real_life_reminder():
    responses, _, _ = run(ActionSkip(), make_tracker("skip", roleplay("not-safe"), intent="skip"))
    assert "utter_coach_debrief_next_boundary" in responses
    assert "utter_coach_debrief_closing_not_safe" in responses


@pytest.mark.parametrize(
    ("metadata", "environment", "expected"),
    [
        ({"country": "GB"}, {}, "999"),
        ({}, {"REALTALK_COUNTRY": "au"}, "000"),
        ({}, {"REALTALK_COUNTRY": "", "LANG": "en_US.UTF-8"}, "911"),
        ({}, {"REALTALK_COUNTRY": "", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}, "your local emergency number"),
    ],
)
def test_the_safety_exit_ends_the_session_with_local_support(monkeypatch, metadata, environment, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    tracker = make_tracker("stop, he hits me", roleplay("messed-up"), metadata, "safety_concern")
    responses, slots, dispatcher = run(ActionSafetyExit(), tracker)
    assert responses == ["utter_coach_safety_stop", "utter_coach_safety_support", "utter_coach_safety_close"]
    assert dispatcher.messages[1]["emergency"] == expected
    assert slots["session_over"] is True and slots["roleplay_active"] is False and slots["ending"] == "safety"
