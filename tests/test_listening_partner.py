"""The parts of a partner that listens, as plain functions: content, questions, nuance, lines, arcs."""

from __future__ import annotations

import random

import pytest

from dialogue.coaching import signals as s
from dialogue.practices.asked import ANGRY, FEELING, FORGIVE, LOGISTICS, NEED, OPINION, OTHER, TOO_SOON, question_kind
from dialogue.practices.content import Content, content_of_entities, partner_view
from dialogue.practices.lines import choose_line, line_key
from dialogue.practices.nuance import heard_signals
from dialogue.practices.partner_reply import content_to_reflect, memory_slots, moves_in, plan_reply, reflected_keys
from dialogue.practices.partner_state import ENDING_COLD, ENDING_WARM, take_turn
from dialogue.practices.scenarios import LOVE_FIRST, MESSED_UP


# ----------------------------------------------------------------- content
@pytest.mark.parametrize("said, heard", [
    ("my sister was rushed to A&E", "your sister was rushed to A&E"),
    ("when you joked about my cooking", "when I joked about your cooking"),
    ("I lost my job", "you lost your job"),
    ("you laughed at me", "I laughed at you"),
    ("I was at work", "you were at work"),
])
def test_the_partner_says_the_users_words_from_its_own_side(said, heard):
    assert partner_view(said) == heard


def test_content_keeps_the_longest_of_each_kind_and_the_most_serious_reason():
    content = content_of_entities([
        {"entity": "person", "value": "my sister"}, {"entity": "person", "value": "mum"},
        {"entity": "reason_kind", "value": "work"}, {"entity": "reason_kind", "value": "emergency"},
        {"entity": "scenario", "value": "messed-up"}, {"entity": "dream", "value": " open a bakery. "},
    ])
    assert content == Content(person="my sister", reason_kind="emergency", dream="open a bakery")
    assert content.present() == ("reason_kind", "dream", "person")


def test_a_runaway_span_is_not_content():
    assert content_of_entities([{"entity": "reason", "value": " ".join(["word"] * 30)}]) == Content()


# ----------------------------------------------------------------- questions
@pytest.mark.parametrize("text, kind", [
    ("Did you wait long?", LOGISTICS),
    ("so where did you end up sitting?", LOGISTICS),
    ("Are you still mad at me?", ANGRY),
    ("Is that too soon?", TOO_SOON),
    ("How can I make it up to you?", NEED),
    ("Can you forgive me?", FORGIVE),
    ("are we okay?", FORGIVE),
    ("How did that feel for you?", FEELING),
    ("Be honest, does it sound crazy?", OPINION),
    ("Why do you always do this?", OTHER),
])
def test_a_question_to_the_partner_has_a_kind(text, kind):
    assert question_kind(text, asks_partner=True) == kind


def test_no_question_no_kind():
    assert question_kind("I love you.", asks_partner=False) is None


def test_the_last_question_of_a_turn_is_the_one_answered():
    assert question_kind("I'm sorry. Are you angry? Did you wait long?", True) == LOGISTICS


# ----------------------------------------------------------------- nuance
def test_an_emergency_is_not_an_excuse():
    judged = {s.EXCUSE, s.OWNED_APOLOGY}
    assert s.EXCUSE not in heard_signals("my sister was in A&E", judged, Content(reason_kind="emergency"))
    assert s.EXCUSE in heard_signals("work ran late", judged, Content(reason_kind="work"))


def test_silly_but_it_hurt_names_the_hurt_instead_of_brushing_it_off():
    heard = heard_signals("it's silly, but it hurt", {s.MINIMIZING})
    assert s.MINIMIZING not in heard and s.NAMES_FEELING in heard
    assert s.MINIMIZING in heard_signals("it's silly, never mind", {s.MINIMIZING})


def test_saying_you_are_not_blaming_is_not_blame_but_you_always_still_is():
    assert s.BLAME not in heard_signals("I'm not saying you're lazy", {s.BLAME})
    assert s.BLAME in heard_signals("I'm not saying you're lazy, but you always leave it to me", {s.BLAME})


def test_sarcasm_turns_thanks_into_a_jab():
    heard = heard_signals("Oh great, thanks a lot for your honesty.", {s.THANKS_FOR_HONESTY})
    assert s.THANKS_FOR_HONESTY not in heard and s.BLAME in heard


def test_a_hedged_apology_is_half_an_apology():
    heard = heard_signals("I guess maybe I kind of messed up, sorry", {s.OWNED_APOLOGY})
    assert heard >= {s.UNDERMINED_APOLOGY} and s.OWNED_APOLOGY not in heard


# ----------------------------------------------------------------- lines
VARIATIONS = [
    {"text": "A&E? Is everyone okay?", "condition": [{"type": "slot", "name": "reason_kind", "value": "emergency"}]},
    {"text": "{reason}? Right.", "condition": [{"type": "slot", "name": "reason_kind", "value": "work"}]},
    {"text": "Okay."},
    {"text": "Hm. Go on."},
]


def test_a_matching_condition_wins_over_plain_variations():
    line = choose_line("r", VARIATIONS, {"reason_kind": "emergency"}, {}, [])
    assert line is not None and line.text == "A&E? Is everyone okay?"


def test_a_variation_with_an_empty_template_is_not_eligible_and_values_are_turned_round():
    line = choose_line("r", VARIATIONS, {"reason_kind": "work"}, {}, [])
    assert line is not None and line.text in ("Okay.", "Hm. Go on.")
    filled = choose_line("r", VARIATIONS, {"reason_kind": "work"}, {"reason": "my boss kept me"}, [],
                         view=lambda _name, value: partner_view(value))
    assert filled is not None and filled.text == "Your boss kept you? Right."


def test_no_line_twice_until_all_were_said_then_the_oldest():
    said: list[str] = []
    texts = []
    for _ in range(3):
        line = choose_line("r", VARIATIONS, {}, {}, said, random.Random(1))
        assert line is not None
        said.append(line.key)
        texts.append(line.text)
    assert sorted(texts[:2]) == ["Hm. Go on.", "Okay."]
    assert texts[2] == texts[0]
    assert line_key("r", "Okay.") != line_key("s", "Okay.")


# ----------------------------------------------------------------- the reply
AVAILABLE = {
    "utter_partner_messed_up_answer_logistics", "utter_partner_messed_up_reflect_reason",
    "utter_partner_messed_up_cool_blame", "utter_partner_messed_up_cool_excuse", "utter_partner_messed_up_warm",
    "utter_partner_messed_up_end_warm",
}


def test_a_question_is_answered_and_a_sharp_hurt_comes_first():
    plan = plan_reply("messed_up", "warm", "utter_partner_messed_up_warm", LOGISTICS, (), AVAILABLE)
    assert plan.responses == ("utter_partner_messed_up_answer_logistics",) and plan.answered
    blamed = plan_reply("messed_up", "cool_blame", "utter_partner_messed_up_cool_blame", LOGISTICS, (), AVAILABLE)
    assert blamed.responses == ("utter_partner_messed_up_cool_blame", "utter_partner_messed_up_answer_logistics")


def test_a_reason_is_picked_up_rather_than_called_an_excuse():
    plan = plan_reply("messed_up", "cool_excuse", "utter_partner_messed_up_cool_excuse", None, ("reason",), AVAILABLE)
    assert plan.responses == ("utter_partner_messed_up_reflect_reason",) and plan.reflected == "reason"


def test_the_last_exchange_answers_before_it_closes():
    plan = plan_reply("messed_up", "warm", "utter_partner_messed_up_warm", LOGISTICS, (), AVAILABLE,
                      "utter_partner_messed_up_end_warm")
    assert plan.responses == ("utter_partner_messed_up_answer_logistics", "utter_partner_messed_up_end_warm")


def test_content_is_picked_up_once():
    content = Content(reason="work ran late", reason_kind="work")
    assert content_to_reflect(content, []) == ("reason",)
    assert content_to_reflect(content, list(reflected_keys(content))) == ()


def test_memory_keeps_every_move_made_and_the_mood():
    first = memory_slots({}, moves_in({s.OWNED_APOLOGY}, Content()), 0.2)
    later = memory_slots(first, moves_in(set(), Content(request="call me")), 0.7)
    assert first["apologised"] and first["mood"] == "cold"
    assert later["apologised"] and later["made_request"] and later["mood"] == "warm"


# ----------------------------------------------------------------- arcs
def _play(scenario, turns):
    trust, earlier, outcome = scenario.start_trust, [], None
    for index, signals in enumerate(turns):
        outcome = take_turn(scenario, trust, index, signals, earlier)
        trust, earlier = outcome.trust, [*earlier, signals]
        if outcome.ending:
            return index + 1, outcome
    return len(turns), outcome


def test_the_same_apology_again_and_again_does_not_earn_forgiveness():
    turns, outcome = _play(MESSED_UP, [{s.OWNED_APOLOGY}] * MESSED_UP.max_turns)
    assert outcome.ending != ENDING_WARM or turns == MESSED_UP.max_turns


def test_forgiveness_needs_the_key_moves_and_room():
    turns, outcome = _play(MESSED_UP, [{s.OWNED_APOLOGY}, {s.CARING_QUESTION}, {s.OWNED_APOLOGY, s.CARING_QUESTION}] * 4)
    assert outcome.ending == ENDING_WARM and turns == MESSED_UP.min_turns


def test_saying_i_love_you_first_leaves_room_for_the_silence():
    turns, outcome = _play(LOVE_FIRST, [{s.SAYS_LOVE}, {s.GIVES_SPACE}] + [{s.GIVES_SPACE, s.NAMES_FEELING}] * 10)
    assert turns >= LOVE_FIRST.min_turns == 6


def test_min_turns_is_configurable_and_blame_ends_it_coldly():
    trust, outcome = MESSED_UP.start_trust, None
    for turn in range(3):
        outcome = take_turn(MESSED_UP, trust, turn, {s.BLAME}, min_turns=3)
        trust = outcome.trust
    assert outcome is not None and outcome.ending == ENDING_COLD
