"""Unit tests for the scenario library's plain logic: signals, trust per scenario, persona, support, gate, retry."""

from __future__ import annotations

import pytest

from dialogue.coaching import signals as s
from dialogue.coaching.analysis import analyse_turn
from dialogue.coaching.debrief import build_debrief, note_to_slot, note_turn, notes_from_slot
from dialogue.coaching.phrasing import analyse
from dialogue.practices.intent_gate import gate_intent
from dialogue.practices.partner_state import ENDING_COLD, ENDING_WARM, take_turn
from dialogue.practices.persona import build_persona, for_persona, partner_name_in, partner_role
from dialogue.practices.retry import line_before_turn, trust_before_last
from dialogue.practices.scenario_types import WARM
from dialogue.practices.scenarios import LISTENING, LOVE_FIRST, MESSED_UP, NOT_SAFE, SCENARIOS, scenario_menu
from dialogue.practices.support import INTERNATIONAL, SUPPORT, country_code, support_for

EXPECTED_IDS = ["messed-up", "love-first", "hurt-not-fine", "what-i-need", "silly-dream", "scared", "listening", "not-safe"]


def test_the_library_has_every_scenario_with_a_line_each():
    assert list(SCENARIOS) == EXPECTED_IDS
    assert all(scenario.practises and scenario.title in scenario_menu() for scenario in SCENARIOS.values())


def _play(scenario, texts):
    """Say ``texts`` over and over until the partner ends the role-play."""
    trust, outcome, earlier = scenario.start_trust, None, []
    for turn in range(scenario.max_turns):
        signals = s.turn_signals(texts[turn % len(texts)])
        outcome = take_turn(scenario, trust, turn, signals, earlier)
        trust, earlier = outcome.trust, [*earlier, signals]
        if outcome.ending:
            break
    return outcome


def test_listening_warms_to_acknowledging_and_cools_at_fixing_dismissing_and_self_focus():
    warm = take_turn(LISTENING, 0.35, 0, s.turn_signals("That sounds so hard. What's been the hardest part?"))
    assert warm.reaction == WARM and warm.trust > 0.35
    for text, reaction in [("You should just quit.", "cool_fixing"), ("You're overreacting.", "cool_dismissed"),
                           ("The same thing happened to me.", "cool_self")]:
        outcome = take_turn(LISTENING, 0.35, 0, s.turn_signals(text))
        assert (outcome.reaction, outcome.trust < 0.35) == (reaction, True), text


def test_not_safe_rewards_a_boundary_not_more_disclosure():
    assert _play(NOT_SAFE, ["I'm not going to keep talking if you mock me.", "Please don't laugh at me."]).ending == ENDING_WARM
    disclosing = ["I feel so hurt.", "I'm sad and lonely.", "I really need you to understand how I feel."]
    outcome = _play(NOT_SAFE, disclosing * 2)
    assert outcome.ending == ENDING_COLD and outcome.trust < NOT_SAFE.start_trust


def test_love_first_rewards_saying_it_and_giving_space_and_cools_at_taking_it_back():
    assert _play(LOVE_FIRST, ["I love you.", "Take your time, no pressure."]).ending == ENDING_WARM
    assert take_turn(LOVE_FIRST, 0.4, 0, s.turn_signals("Say it back!")).reaction == "cool_pressure"


def test_signals_of_old_records_are_rebuilt_from_their_phrasing_fields():
    record = note_turn(analyse_turn("I messed up, I'm sorry"), take_turn(MESSED_UP, 0.35, 0, analyse("I messed up")))
    legacy = {k: v for k, v in note_to_slot(record).items() if k != "signals"}
    assert s.OWNED_APOLOGY in s.recorded_signals(notes_from_slot([legacy])[0])


def test_debriefs_are_per_scenario():
    texts = ["I feel hurt when you laugh at me.", "I'm not going to keep talking if you mock me."]
    records = [note_turn(analyse_turn(t), take_turn(NOT_SAFE, 0.3, i, s.turn_signals(t)), signals=s.turn_signals(t))
               for i, t in enumerate(texts)]
    debrief = build_debrief(records, NOT_SAFE)
    assert (debrief.went_well, debrief.try_next, debrief.closing) == ("held_boundary", "hold_back", "not_safe")


def test_a_style_shifts_the_numbers_relative_to_the_scenarios_own():
    assert for_persona(MESSED_UP, build_persona(MESSED_UP)) == MESSED_UP
    guarded = for_persona(MESSED_UP, build_persona(MESSED_UP, style="guarded"))
    warm = for_persona(MESSED_UP, build_persona(MESSED_UP, style="warm"))
    assert warm.start_trust > MESSED_UP.start_trust > guarded.start_trust
    assert guarded.forgive_at > MESSED_UP.forgive_at
    assert build_persona(NOT_SAFE, style="warm").style == "dismissive"  # not-safe's partner is always dismissive
    assert build_persona(LISTENING, difficulty="hard").style == "guarded"


@pytest.mark.parametrize(("text", "name"), [
    ("I want to practise telling Sam I love him", "Sam"), ("my sister Anna", "Anna"), ("Jo", "Jo"),
    ("skip", ""), ("I want to practise telling her I messed up", ""), ("practise with my friend", ""),
])
def test_partner_names(text, name):
    assert partner_name_in(text) == name


def test_partner_role_names_the_partner_and_a_style_other_than_the_scenarios():
    persona = build_persona(LOVE_FIRST, "Sam", "sibling", "Sister", "guarded")
    assert partner_role(LOVE_FIRST, persona).startswith("Sam, your sister, who")
    assert partner_role(LOVE_FIRST, persona).endswith("a bit guarded today")


def test_support_lines_by_country_and_locale():
    assert set(SUPPORT) >= {"US", "GB", "CA", "AU", "IE", "DE", "FR", "NZ"}
    assert support_for(environ={"REALTALK_COUNTRY": "uk"}).emergency == "999"
    assert support_for(environ={"LANG": "en_NZ.UTF-8"}).emergency == "111"
    assert support_for("FR", environ={"REALTALK_COUNTRY": "US"}).emergency == "112"  # metadata wins
    assert support_for(environ={"LANG": "C.UTF-8"}) is INTERNATIONAL
    assert support_for(environ={"REALTALK_COUNTRY": "ZZ"}) is INTERNATIONAL
    assert "findahelpline.com" in INTERNATIONAL.crisis_line
    assert country_code("de-DE") == "DE" and country_code(None) == ""


@pytest.mark.parametrize(("text", "intent", "confidence", "expected"), [
    ("stop, he hits me", "stop", 0.95, "safety_concern"),
    ("help, I want to kill myself", "help", 0.9, "safety_concern"),
    ("I'm sorry I was late", "safety_concern", 0.6, "talk"),
    ("how can I help", "help", 0.81, "talk"),
    ("I can't stop thinking about you", "stop", 0.6, "talk"),
    ("stop", "stop", 0.6, "stop"),
    ("can you give me a tip", "tip", 0.96, "tip"),
    ("I want to practise listening", "choose_scenario", 0.5, "choose_scenario"),
])
def test_the_intent_gate(text, intent, confidence, expected):
    ranking = [(intent, confidence), ("talk", 0.3)]
    assert gate_intent(text, intent, confidence, ranking).name == expected


def test_retry_finds_the_tagged_line_and_the_trust_before_the_last_turn():
    events = [
        {"event": "bot", "text": "Opening", "metadata": {"partner_turn": "0", "utter_action": "utter_partner_x_open"}},
        {"event": "user", "text": "hi"},
        {"event": "bot", "text": "Reply", "metadata": {"partner_turn": "1", "utter_action": "utter_partner_x_warm"}},
        {"event": "bot", "text": "Coach", "metadata": {"utter_action": "utter_coach_cue_x"}},
    ]
    assert line_before_turn(events, 0).text == "Opening"
    assert line_before_turn(events, 1).response == "utter_partner_x_warm"
    assert line_before_turn(events, 2) is None
    assert trust_before_last([{"trust_after": 0.5}, {"trust_after": 0.2}], 0.35) == 0.5
    assert trust_before_last([{"trust_after": 0.5}], 0.35) == 0.35
