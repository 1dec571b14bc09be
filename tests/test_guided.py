"""Unit tests for the guided flows' plain logic: opening-statement extraction and walking through each flow."""

from __future__ import annotations

import pytest

from dialogue.practices import guided_flow
from dialogue.practices.content import Content
from dialogue.practices.guided import GUIDED_FLOWS, GuidedState, state_from_slot, state_to_slot
from dialogue.practices.opening_statement import (
    OpeningStatement,
    extract,
    feeling_in,
    need_in,
    roleplay_for,
    says_feeling,
    situation_in,
    with_answer,
)
from dialogue.practices.scenarios import PRACTICES, find_roleplay, find_scenario

NIGHT, LADDER, PREP = (GUIDED_FLOWS[i] for i in ("real-talk-night", "start-small", "prep-real-talk"))


# ------------------------------------------------------------ extraction
@pytest.mark.parametrize(
    ("text", "feeling"),
    [
        ("I feel really hurt when he cancels", "hurt"),
        ("It makes me feel invisible", "invisible"),
        ("I've been so lonely lately", "lonely"),
        ("honestly it leaves me feeling taken for granted", "taken for granted"),
        # hard negatives: negated, a thought about them, someone else's feeling, no owner
        ("I'm not angry about it", ""),
        ("I feel like you never listen", ""),
        ("He was upset all weekend", ""),
        ("you're always so stressed", ""),
        ("the angry neighbour knocked again", ""),
    ],
)
def test_feeling_in_finds_only_a_feeling_the_speaker_owns(text, feeling):
    assert feeling_in(text) == feeling


def test_an_answer_to_the_feeling_question_may_be_one_word_but_not_a_negation():
    assert feeling_in("probably lonely", asked=True) == "lonely"
    assert feeling_in("not angry really", asked=True) == ""
    assert feeling_in("I don't know", asked=True) == ""


@pytest.mark.parametrize(
    ("text", "situation", "connective"),
    [
        ("I feel hurt when you check your phone while I talk.", "you check your phone while I talk", "when"),
        ("I'm sad because nobody asked about my day, and I need a hug", "nobody asked about my day", "because"),
        ("every time we visit your parents I end up alone", "we visit your parents I end up alone", "when"),
        # hard negatives: a question, "whenever" inside a word only, a lone word, no clause
        ("when will you be home?", "", "when"),
        ("I don't know when", "", "when"),
        ("call me whenever", "", "when"),
        ("I just feel upset", "", "when"),
    ],
)
def test_situation_in_takes_the_when_or_because_clause(text, situation, connective):
    assert situation_in(text) == (situation, connective)


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("I need him to tell me earlier", "him to tell me earlier"),
        ("what I need is more help at home.", "more help at home"),
        ("I'd like us to plan a night out, and I feel better already", "us to plan a night out"),
        # hard negatives: negated, about telling rather than needing, "want you to know"
        ("I don't need anything from him", ""),
        ("I need to tell you something", ""),
        ("I want you to know it's fine", ""),
        ("you need to listen", ""),
    ],
)
def test_need_in_takes_the_need_phrase(text, need):
    assert need_in(text) == need


def test_extract_assembles_the_opening_from_a_description():
    statement = extract("My partner Sam keeps cancelling. I feel really hurt when he cancels last minute, and I need him to tell me earlier.")
    assert statement == OpeningStatement("hurt", "he cancels last minute", "when", "him to tell me earlier")
    assert statement.sentence() == "I feel hurt when he cancels last minute, and I need him to tell me earlier."
    assert statement.missing() == ()


def test_missing_parts_are_asked_one_at_a_time_and_answers_fill_them():
    statement = extract("Sam keeps cancelling our plans.")
    assert statement.missing() == ("feeling", "situation", "need")
    statement = with_answer(statement, "feeling", "lonely I guess")
    statement = with_answer(statement, "situation", "it's when you cancel at the last minute")
    statement = with_answer(statement, "need", "I need you to tell me a day before")
    assert statement.sentence() == "I feel lonely when you cancel at the last minute, and I need you to tell me a day before."


def test_says_feeling_and_the_roleplay_to_rehearse_in():
    assert says_feeling("I feel hurt when you cancel", "hurt")
    assert not says_feeling("I'm not hurt", "hurt") and not says_feeling("I feel fine", "hurt")
    assert roleplay_for(OpeningStatement(feeling="hurt")) == "hurt-not-fine"
    assert roleplay_for(OpeningStatement(feeling="overwhelmed")) == "what-i-need"


# ------------------------------------------------------------ the flows
def test_guided_flows_are_practices_but_not_roleplays():
    assert set(GUIDED_FLOWS) <= set(PRACTICES)
    assert find_scenario("Start-Small") is LADDER and find_roleplay("start-small") is None


def test_the_state_survives_the_slot():
    state = GuidedState("prep-real-talk", step=2, feeling="hurt")
    assert state_from_slot(state_to_slot(state), "prep-real-talk") == state
    assert state_from_slot(state_to_slot(state), "start-small") == GuidedState("start-small")


def _responses(turn: guided_flow.GuidedTurn) -> list[str]:
    return [line.response for line in turn.lines]


def test_real_talk_night_reflects_on_each_answer_then_wraps_up():
    turn = guided_flow.start(NIGHT)
    assert _responses(turn) == ["utter_coach_real_talk_night_intro", "utter_coach_real_talk_night_step_1"]
    answers = [
        ("I'm scared I'm not enough for you.", "reflect_feeling"),
        ("It's fine, whatever.", "reflect_minimising"),
        ("You never listen to me.", "reflect_blame"),
        ("Dunno.", "reflect_short"),
    ]
    for text, moment in answers:
        turn = guided_flow.answer(NIGHT, turn.state, text)
        assert _responses(turn)[0] == f"utter_coach_real_talk_night_{moment}" and not turn.done
    turn = guided_flow.skip(NIGHT, turn.state)
    assert turn.done and _responses(turn)[-2:] == ["utter_coach_real_talk_night_closing", "utter_coach_real_talk_night_wrapup"]
    assert dict(turn.lines[-1].values) == {"answered": "4", "step_count": "5", "named": "1"}


def test_start_small_unlocks_a_step_only_on_an_i_statement_without_blame():
    state = guided_flow.start(LADDER).state
    refused = guided_flow.answer(LADDER, state, "You always leave your dishes everywhere.")
    assert _responses(refused) == ["utter_coach_start_small_cue_blame"] and refused.state.step == 0
    plain = guided_flow.answer(LADDER, refused.state, "The dishes were in the sink.")
    assert _responses(plain) == ["utter_coach_start_small_cue_i_statement"] and plain.state.step == 0
    unlocked = guided_flow.answer(LADDER, plain.state, "I felt frustrated when the dishes piled up.")
    assert _responses(unlocked) == ["utter_coach_start_small_unlocked", "utter_coach_start_small_step_2"]
    assert dict(unlocked.lines[1].values) == {"step_number": "2", "step_count": "4"}


def test_prep_real_talk_asks_for_what_is_missing_reads_back_then_hands_over():
    state = guided_flow.start(PREP).state
    turn = guided_flow.answer(PREP, state, "My partner Sam keeps cancelling our plans. It makes me feel so lonely.")
    assert _responses(turn) == ["utter_coach_prep_real_talk_heard", "utter_coach_prep_real_talk_ask_need"]
    assert turn.state.partner_name == "Sam" and turn.state.situation == "My partner Sam keeps cancelling our plans"
    turn = guided_flow.answer(PREP, state, "I feel so lonely lately.")
    assert _responses(turn) == ["utter_coach_prep_real_talk_heard", "utter_coach_prep_real_talk_ask_situation"]
    turn = guided_flow.answer(PREP, turn.state, "when you cancel at the last minute")
    assert _responses(turn) == ["utter_coach_prep_real_talk_ask_need"]
    turn = guided_flow.answer(PREP, turn.state, "I need you to tell me a day before")
    read_back = dict(turn.lines[0].values)["opening"]
    assert "lonely" in read_back and "you to tell me a day before" in read_back
    tried = guided_flow.answer(PREP, turn.state, "You always cancel on me.")
    assert _responses(tried) == ["utter_coach_prep_real_talk_cue_blame"]
    assert dict(tried.lines[0].values)["attempt"] == "You always cancel on me."
    done = guided_flow.answer(PREP, tried.state, "I feel lonely when you cancel at the last minute.")
    assert done.done and done.handover == "hurt-not-fine"
    assert _responses(done) == ["utter_coach_prep_real_talk_accepted", "utter_coach_prep_real_talk_wrapup"]


def test_prep_real_talk_takes_the_situation_told_before_the_feeling():
    turn = guided_flow.answer(PREP, guided_flow.start(PREP).state,
                              "my flatmate keeps eating my food and I end up feeling taken for granted")
    assert turn.state.feeling == "taken for granted" and turn.state.situation == "my flatmate keeps eating my food"
    assert _responses(turn)[-1] == "utter_coach_prep_real_talk_ask_need"


def test_prep_real_talk_keeps_an_answer_to_another_question_and_asks_again():
    state = GuidedState("prep-real-talk", stage="situation", feeling="taken for granted")
    turn = guided_flow.answer(PREP, state, "I need her to ask first")
    assert turn.state.need == "her to ask first" and not turn.state.situation
    assert _responses(turn) == ["utter_coach_prep_real_talk_noted_need", "utter_coach_prep_real_talk_ask_situation"]


def test_real_talk_night_thanks_a_need_as_a_need_and_says_the_feeling_back():
    state = guided_flow.start(NIGHT).state
    need = guided_flow.answer(NIGHT, state, "I need you to hold my hand more.", Content(request="hold my hand more"))
    assert _responses(need)[0] == "utter_coach_real_talk_night_reflect_need"
    assert dict(need.lines[0].values)["need"] == "hold my hand more"
    felt = guided_flow.answer(NIGHT, state, "Honestly I've been lonely since the move.", Content(feeling="lonely"))
    assert _responses(felt)[0] == "utter_coach_real_talk_night_reflect_feeling"
    assert dict(felt.lines[0].values)["feeling"] == "lonely"


def test_prep_real_talk_moves_on_after_three_tries_and_skip_fills_a_default():
    state = GuidedState("prep-real-talk", stage="rehearse", feeling="worried", situation="x y", need="a b")
    for _ in range(2):
        state = guided_flow.answer(PREP, state, "whatever").state
    assert guided_flow.answer(PREP, state, "whatever").handover == "what-i-need"
    skipped = guided_flow.skip(PREP, GuidedState("prep-real-talk", stage="feeling"))
    assert skipped.state.feeling == "upset" and skipped.state.stage == "situation"
