"""Unit tests for the Rasa actions, run with a real rasa_sdk Tracker and CollectingDispatcher."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from audio.prosody import measure_pacing
from audio.speech import Utterance, Word
from dialogue.actions import ActionPartnerReply, ActionShowMenu, ActionStartScenario, ActionStopSession
from dialogue.coaching.debrief import Debrief, SessionNumbers, debrief_responses
from dialogue.practices.scenarios import SCENARIOS, partner_response
from dialogue.responses import all_responses

# The merged domain, as Rasa hands it to the action server: domain.yml plus domain/.
DOMAIN = {**yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text()), "responses": all_responses()}


def voice_metadata(text: str, seconds_per_word: float = 0.5, word_s: float = 0.4) -> dict:
    """What the client sends with a spoken turn: the words' timings and the pacing measured from them."""
    words = tuple(Word(w, i * seconds_per_word, i * seconds_per_word + word_s, 0.9) for i, w in enumerate(text.split()))
    utterance = Utterance(text, words, duration_s=len(words) * seconds_per_word, source="voice")
    return {**utterance.to_metadata(), "pacing": asdict(measure_pacing(utterance))}


VOICE_METADATA = voice_metadata("I messed up I'm sorry")


def make_tracker(text: str = "", slots: dict | None = None, metadata: dict | None = None, intent: str = "talk") -> Tracker:
    all_slots = {
        "scenario": None, "phase": "menu", "roleplay_active": False, "trust": None, "turns": [], "ending": None,
        "session_over": False, "persona": None, "partner_name": None, "relation_word": None, "relationship": None,
        "partner_style": None, "difficulty": None,
    }
    all_slots.update(slots or {})
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [], "metadata": metadata or {}}
    return Tracker("test-user", all_slots, latest, [], False, None, {}, "action_listen")


def run(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, DOMAIN)
    return [m["response"] for m in dispatcher.messages], {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher


def in_roleplay(**extra) -> dict:
    return {"scenario": "messed-up", "phase": "roleplay", "roleplay_active": True, "trust": 0.35, "turns": [], **extra}


def test_every_response_the_actions_can_name_exists_in_domain():
    names = set(DOMAIN["responses"])
    for scenario in SCENARIOS.values():
        for moment in scenario.moments():
            assert partner_response(scenario, moment) in names
        assert f"utter_coach_cue_{scenario.response_key}" in names
        wells = [w.response for w in scenario.went_well] + [w.clean_response for w in scenario.went_well if w.clean_response]
        tries = [c.response for c in scenario.try_next] + ["slow_down", "fewer_fillers"]
        for well in wells + ["no_blame", "showed_up"]:
            for next_ in tries + [scenario.try_fallback]:
                for also in tries:
                    debrief = Debrief(went_well=well, try_next=next_, also_try=also if also != next_ else "",
                                      numbers=SessionNumbers(turn_count=1, owned_turns=1, words_per_minute=140),
                                      closing=scenario.closing)
                    assert set(debrief_responses(debrief)) <= names, (scenario.scenario_id, debrief_responses(debrief))


def test_responses_follow_the_speaker_convention_and_vary():
    for name, variations in DOMAIN["responses"].items():
        assert re.match(r"utter_(partner|coach)_", name), name
        assert len(variations) >= 2, f"{name} would sound recorded"


def test_menu_lists_scenarios():
    responses, _, dispatcher = run(ActionShowMenu(), make_tracker(intent="greet"))
    assert responses == ["utter_coach_menu"]
    assert "messed up" in dispatcher.messages[0]["scenarios"]


def test_start_scenario_sets_the_scene_and_the_partner_opens():
    responses, slots, _ = run(ActionStartScenario(), make_tracker(slots={"scenario": "messed-up"}, intent="start_scenario"))
    assert responses == ["utter_coach_scenario_intro", "utter_coach_cue_messed_up", "utter_partner_messed_up_open"]
    assert slots["roleplay_active"] is True and slots["phase"] == "roleplay"
    assert slots["trust"] == SCENARIOS["messed-up"].start_trust
    assert slots["turns"] == [] and slots["session_over"] is False


def test_unknown_scenario_keeps_the_menu_open():
    responses, slots, _ = run(ActionStartScenario(), make_tracker(slots={"scenario": "job-interview"}))
    assert responses == ["utter_coach_unknown_scenario"]
    assert "roleplay_active" not in slots


def test_owned_apology_gets_a_warm_reply_and_more_trust():
    responses, slots, _ = run(ActionPartnerReply(), make_tracker("I messed up and I'm sorry", in_roleplay()))
    assert responses == ["utter_partner_messed_up_warm"]
    assert slots["trust"] > 0.35
    assert slots["turns"][0]["apology"] == "owned"


def test_blame_gets_a_cool_reply_and_less_trust():
    responses, slots, _ = run(ActionPartnerReply(), make_tracker("you didn't remind me", in_roleplay()))
    assert responses == ["utter_partner_messed_up_cool_blame", "utter_coach_nudge_blame"]
    assert slots["trust"] < 0.35
    assert slots["turns"][-1]["nudge"] == "utter_coach_nudge_blame"


def test_the_nudge_quotes_the_user_and_is_not_repeated_next_turn():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("Sorry, but you didn't remind me.", in_roleplay())
    events = ActionPartnerReply().run(dispatcher, tracker, DOMAIN)
    nudge = dispatcher.messages[-1]
    assert nudge["response"] == "utter_coach_nudge_drop_but"
    assert "but you didn't remind me" in nudge["quote"]
    turns = next(e["value"] for e in events if e.get("name") == "turns")
    again = make_tracker("Sorry, but you really didn't remind me.", in_roleplay(turns=turns))
    responses, _, _ = run(ActionPartnerReply(), again)
    assert "utter_coach_nudge_drop_but" not in responses


def test_an_owned_apology_gets_no_nudge():
    responses, _, _ = run(ActionPartnerReply(), make_tracker("I'm sorry, I forgot. That's on me.", in_roleplay()))
    assert responses == ["utter_partner_messed_up_warm"]


def test_voice_metadata_is_recorded_per_turn():
    _, slots, _ = run(ActionPartnerReply(), make_tracker("I messed up I'm sorry", in_roleplay(), VOICE_METADATA))
    turn = slots["turns"][0]
    assert turn["source"] == "voice"
    assert turn["words_per_minute"] == pytest.approx(5 / 2.4 * 60, abs=0.1)


def test_final_turn_ends_the_roleplay_with_partner_ending_then_debrief():
    earlier = [
        {"apology": "owned", "owns_mistake": True, "excuse": False, "blame": False, "i_statements": 2,
         "questions_to_partner": 1, "trust_after": t, "reaction": "warm", "source": "text", "words_per_minute": None,
         "signals": ["caring_question", "owned_apology", "question"]}
        for t in (0.55, 0.7, 0.78, 0.82, 0.85)
    ]
    tracker = make_tracker("I really messed up, I'm sorry", in_roleplay(trust=0.85, turns=earlier))
    responses, slots, _ = run(ActionPartnerReply(), tracker)
    assert responses[0] == "utter_partner_messed_up_end_warm"
    assert responses[1] == "utter_coach_debrief_well_owned_cleanly"
    assert responses[-2].startswith("utter_coach_debrief_next_")
    assert responses[-1] == "utter_coach_after_debrief"  # try again, start over or stop
    assert slots["roleplay_active"] is False and slots["phase"] == "menu" and "session_over" not in slots
    assert slots["ending"] == "warm" and len(slots["turns"]) == 6


def test_stop_during_roleplay_debriefs():
    tracker = make_tracker("stop", in_roleplay(), intent="stop")
    responses, slots, _ = run(ActionStopSession(), tracker)
    assert responses[0] == "utter_coach_stopped"
    assert responses[1] == "utter_coach_debrief_well_showed_up"
    assert "utter_coach_debrief_next_say_sorry" in responses[2:]
    assert slots["session_over"] is True and slots["ending"] == "stopped"


def test_stop_without_roleplay_says_goodbye():
    responses, slots, _ = run(ActionStopSession(), make_tracker("stop", intent="stop"))
    assert responses == ["utter_coach_goodbye"]
    assert slots["session_over"] is True
