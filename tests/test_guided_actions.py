"""Action tests for the guided flows, with a real rasa_sdk Tracker and CollectingDispatcher."""

from __future__ import annotations

from dialogue.actions import ActionGuidedAnswer, ActionHelp, ActionStartScenario, ActionStopSession
from dialogue.actions.commands import ActionGiveTip, ActionRestartScenario, ActionRetryTurn, ActionSkip
from dialogue.practices.guided import GuidedState, state_to_slot
from tests.test_actions import DOMAIN, make_tracker, run


def in_flow(flow_id: str, **state) -> dict:
    return {"scenario": flow_id, "phase": "guided", "guided": state_to_slot(GuidedState(flow_id, **state))}


def test_every_line_the_guided_flows_can_name_exists_in_the_domain():
    names = set(DOMAIN["responses"])
    expected = {"utter_coach_guided_help", "utter_coach_after_guided"}
    for key, steps in (("real_talk_night", 5), ("start_small", 4)):
        expected |= {f"utter_coach_{key}_step_{n}" for n in range(1, steps + 1)}
        expected |= {f"utter_coach_{key}_{m}" for m in ("intro", "closing", "wrapup", "skipped", "again")}
    expected |= {f"utter_coach_real_talk_night_reflect_{m}" for m in ("feeling", "minimising", "blame", "short", "thanks")}
    expected |= {f"utter_coach_start_small_cue_{m}" for m in ("blame", "minimising", "i_statement")}
    prep = ("intro", "ask_describe", "heard", "read_back", "accepted", "moving_on", "wrapup", "skipped", "again")
    expected |= {f"utter_coach_prep_real_talk_{m}" for m in prep}
    for part in ("feeling", "situation", "need"):
        expected |= {f"utter_coach_prep_real_talk_ask_{part}", f"utter_coach_prep_real_talk_ask_{part}_again"}
    expected |= {f"utter_coach_prep_real_talk_cue_{m}" for m in ("blame", "feeling", "i_statement")}
    expected |= {f"utter_coach_cue_{key}" for key in ("real_talk_night", "start_small", "prep_real_talk")}
    assert expected <= names, sorted(expected - names)
    assert all(len(DOMAIN["responses"][name]) >= 2 for name in expected)


def test_choosing_a_guided_flow_starts_its_first_prompt_without_asking_who():
    tracker = make_tracker("let's do real talk night", {"scenario": "real-talk-night"}, intent="choose_scenario")
    responses, slots, _ = run(ActionStartScenario(), tracker)
    assert responses == ["utter_coach_real_talk_night_intro", "utter_coach_real_talk_night_step_1"]
    assert slots["phase"] == "guided" and slots["guided"]["step"] == 0


def test_an_answer_gets_a_reflection_and_the_next_prompt():
    tracker = make_tracker("I'm scared I'll lose you.", in_flow("real-talk-night"))
    responses, slots, _ = run(ActionGuidedAnswer(), tracker)
    assert responses == ["utter_coach_real_talk_night_reflect_feeling", "utter_coach_real_talk_night_step_2"]
    assert slots["guided"]["step"] == 1 and slots["phase"] == "guided"


def test_the_last_answer_wraps_up_with_the_usual_offer():
    tracker = make_tracker("I felt hurt when you laughed.", in_flow("start-small", step=3, answered=3, named_feelings=3))
    responses, slots, dispatcher = run(ActionGuidedAnswer(), tracker)
    assert responses[-3:] == ["utter_coach_start_small_closing", "utter_coach_start_small_wrapup", "utter_coach_after_guided"]
    assert dispatcher.messages[-2]["answered"] == "4" and slots["phase"] == "menu" and slots["ending"] == "finished"


def test_a_blaming_turn_does_not_unlock_the_step():
    tracker = make_tracker("You never help with anything.", in_flow("start-small", step=1))
    responses, slots, dispatcher = run(ActionGuidedAnswer(), tracker)
    assert responses == ["utter_coach_start_small_cue_blame"] and dispatcher.messages[0]["step_number"] == "2"
    assert slots["guided"]["step"] == 1 and slots["guided"]["tries"] == 1


def test_a_practised_opening_hands_over_to_the_roleplay_with_the_named_partner():
    state = dict(stage="rehearse", feeling="hurt", situation="you joke about me", need="you to stop", partner_name="Sam")
    tracker = make_tracker("I feel hurt when you joke about me.", in_flow("prep-real-talk", **state))
    responses, slots, _ = run(ActionGuidedAnswer(), tracker)
    assert responses[:2] == ["utter_coach_prep_real_talk_accepted", "utter_coach_prep_real_talk_wrapup"]
    assert responses[-1] == "utter_partner_hurt_not_fine_open"
    assert slots["scenario"] == "hurt-not-fine" and slots["phase"] == "roleplay" and slots["persona"]["name"] == "Sam"


def test_skip_moves_to_the_next_prompt():
    responses, slots, _ = run(ActionSkip(), make_tracker("skip", in_flow("real-talk-night", step=1), intent="skip"))
    assert responses == ["utter_coach_real_talk_night_skipped", "utter_coach_real_talk_night_step_3"]
    assert slots["guided"]["step"] == 2 and slots["phase"] == "guided"


def test_try_again_repeats_the_prompt_and_after_the_wrap_up_goes_back_to_the_last_one():
    responses, slots, _ = run(ActionRetryTurn(), make_tracker("try again", in_flow("start-small", step=2), intent="retry"))
    assert responses == ["utter_coach_start_small_again", "utter_coach_start_small_step_3"]
    finished = {**in_flow("start-small", step=4), "phase": "menu", "ending": "finished"}
    responses, slots, _ = run(ActionRetryTurn(), make_tracker("try again", finished, intent="retry"))
    assert responses[-1] == "utter_coach_start_small_step_4" and slots["phase"] == "guided"


def test_start_over_tip_help_and_stop_work_in_a_guided_flow():
    slots_in = in_flow("prep-real-talk", stage="need", feeling="sad")
    responses, slots, _ = run(ActionRestartScenario(), make_tracker("start over", slots_in, intent="start_over"))
    assert responses[0] == "utter_coach_starting_over" and slots["guided"]["stage"] == "describe"
    assert run(ActionGiveTip(), make_tracker("tip", slots_in, intent="tip"))[0] == ["utter_coach_cue_prep_real_talk"]
    assert run(ActionHelp(), make_tracker("help", slots_in, intent="help"))[0] == ["utter_coach_guided_help"]
    responses, slots, _ = run(ActionStopSession(), make_tracker("stop", slots_in, intent="stop"))
    assert responses == ["utter_coach_stopped", "utter_coach_prep_real_talk_wrapup"] and slots["session_over"] is True
