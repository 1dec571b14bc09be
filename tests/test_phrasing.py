"""Unit tests for the plain dialogue logic: phrasing, delivery, trust and debrief."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from dialogue.coaching.analysis import analyse_message, analyse_turn
from dialogue.coaching.debrief import build_debrief, debrief_responses, note_to_slot, note_turn, notes_from_slot
from dialogue.coaching.pacing import Pacing, pace_band
from dialogue.coaching.phrasing import analyse
from dialogue.coaching.signals import signals_of_phrasing
from dialogue.practices.partner_state import ENDING_COLD, ENDING_WARM, take_turn
from dialogue.practices.scenario_types import COOL_BLAME, COOL_EXCUSE, COOL_UNDERMINED, PROBING, WARM
from dialogue.practices.scenarios import MESSED_UP, find_scenario, partner_response


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry, I forgot, that's on me",
        "I messed up and I'm sorry",
        "I’m sorry I let you down",  # curly apostrophe, as some transcribers write it
        "it was my fault, I should have been there",
        "I'm sorry, I forgot, but I'll make it up to you",  # a "but" that commits, not excuses
    ],
)
def test_owned_apologies(text):
    phrasing = analyse(text)
    assert phrasing.apology == "owned"
    assert not phrasing.excuse and not phrasing.blame


@pytest.mark.parametrize(
    "text",
    ["I'm sorry if you felt hurt", "sorry you feel that way", "I'm sorry, but you know how work is"],
)
def test_undermined_apologies(text):
    assert analyse(text).apology == "undermined"


@pytest.mark.parametrize(
    "text", ["sorry but traffic was crazy", "I was busy", "something came up", "my phone died", "it wasn't my fault"]
)
def test_excuses(text):
    phrasing = analyse(text)
    assert phrasing.excuse
    assert phrasing.apology != "owned"


@pytest.mark.parametrize(
    "text", ["you didn't remind me", "it's your fault", "you always do this", "if you had reminded me I'd have come"]
)
def test_blame(text):
    phrasing = analyse(text)
    assert phrasing.blame
    assert phrasing.apology != "owned"


@pytest.mark.parametrize(
    "text, apology",
    [
        ("I'm not sorry", "none"),  # refusing is not apologising
        ("what happened was I fell asleep", "none"),
        ("how are you feeling", "none"),
    ],
)
def test_hard_negatives_for_apology(text, apology):
    assert analyse(text).apology == apology


def test_reassurance_is_not_blame():
    phrasing = analyse("it's not your fault, it's mine")
    assert not phrasing.blame
    assert phrasing.owns_mistake


def test_own_should_have_is_not_blame():
    assert not analyse("I should have reminded myself").blame


def test_counts_i_statements_and_questions():
    phrasing = analyse("I feel terrible. I let you down. How did that feel for you? Can we talk")
    assert phrasing.i_statements == 2  # "I feel terrible", "I let you down": both about the speaker
    assert phrasing.feelings_named == 1  # "I let you down" owns the mistake but names no feeling
    assert phrasing.questions_to_partner == 1  # "can we talk" asks for a talk, not for the partner's side


@pytest.mark.parametrize(
    "text, field, phrase",
    [
        ("I'm sorry, but you didn't remind me", "blame_phrase", "but you didn't remind me"),
        ("you always do this and it's exhausting", "blame_phrase", "you always do this"),
        ("I’m sorry if you felt hurt", "undermining_phrase", "sorry if you felt hurt"),
        ("Sorry, but traffic was crazy", "undermining_phrase", "but traffic was crazy"),
        ("Honestly?  It’s fine. Whatever.", "minimizing_phrase", "It’s fine"),
        ("I was busy. Sorry.", "excuse_phrase", "I was busy"),
    ],
)
def test_phrases_quote_the_users_own_words(text, field, phrase):
    assert getattr(analyse(text), field) == phrase


def test_no_phrase_without_a_detection():
    phrasing = analyse("I'm sorry I forgot, that's on me. How are you feeling?")
    assert (phrasing.blame_phrase, phrasing.undermining_phrase, phrasing.minimizing_phrase, phrasing.excuse_phrase) == ("",) * 4


def test_word_count_and_single_token_fillers():
    phrasing = analyse("Um, I mean... uh I'm sorry, you know? Hmm, umm, mm. Ermine is not a filler")
    assert phrasing.fillers == 5  # um, uh, hmm, umm, mm; "I mean" and "you know" are not counted
    assert phrasing.word_count == 11  # 16 tokens, less the 5 fillers


def test_question_about_something_else_is_not_to_partner():
    assert analyse("What time is it?").questions_to_partner == 0


def pacing(words: int, seconds: float, **more) -> Pacing:
    return Pacing(words, seconds, words * 60 / seconds if seconds else 0.0, 0, 0.0, 0, 0.0, False, **more)


def test_voice_metadata_gives_words_per_minute():
    analysis = analyse_message("a b c d e", {"source": "voice", "pacing": asdict(pacing(5, 2.4))})
    assert analysis.wpm == pytest.approx(125.0)
    assert analysis.source == "voice"


def test_a_turn_too_short_to_time_has_no_pace_anywhere():
    quick = analyse_message("yes", {"source": "voice", "pacing": asdict(pacing(1, 0.2))})
    assert quick.pacing.wpm == pytest.approx(300)  # measured, but under a second of speech
    assert quick.wpm is None and pace_band(quick.pacing) == "untimed"
    assert not [tip for tip in quick.tips if tip.response in ("utter_coach_tip_slow_down", "utter_coach_tip_pick_up")]


def test_typed_text_has_no_pace():
    assert analyse_message("hello there", {"source": "text"}).wpm is None
    assert analyse_message("hello there", None).wpm is None


def test_owned_turn_warms_and_blame_cools():
    owned = take_turn(MESSED_UP, MESSED_UP.start_trust, 0, analyse("I messed up and I'm sorry"))
    blamed = take_turn(MESSED_UP, MESSED_UP.start_trust, 0, analyse("you didn't remind me"))
    excused = take_turn(MESSED_UP, MESSED_UP.start_trust, 0, analyse("sorry but traffic was crazy"))
    undermined = take_turn(MESSED_UP, MESSED_UP.start_trust, 0, analyse("sorry if you felt hurt"))
    neutral = take_turn(MESSED_UP, MESSED_UP.start_trust, 0, analyse("I don't know"))
    assert owned.trust > MESSED_UP.start_trust > excused.trust > blamed.trust
    assert (owned.reaction, blamed.reaction, excused.reaction) == (WARM, COOL_BLAME, COOL_EXCUSE)
    assert undermined.reaction == COOL_UNDERMINED
    assert neutral.reaction == PROBING and neutral.trust == MESSED_UP.start_trust


def test_forgiveness_waits_for_the_role_play_to_have_room():
    trust, endings, earlier = MESSED_UP.start_trust, [], []
    for turn in range(MESSED_UP.min_turns + 1):
        signals = signals_of_phrasing(analyse("I messed up, I'm sorry. How are you feeling?"))
        outcome = take_turn(MESSED_UP, trust, turn, signals, earlier)
        trust, earlier = outcome.trust, [*earlier, signals]
        endings.append(outcome.ending)
    assert endings[: MESSED_UP.min_turns - 1] == [None] * (MESSED_UP.min_turns - 1)
    assert endings[MESSED_UP.min_turns - 1] == ENDING_WARM


def test_repeated_blame_ends_coldly():
    trust, ending = MESSED_UP.start_trust, None
    for turn in range(MESSED_UP.max_turns):
        outcome = take_turn(MESSED_UP, trust, turn, analyse("it's your fault, you never remind me"))
        trust, ending = outcome.trust, outcome.ending
        if ending:
            break
    assert ending == ENDING_COLD
    assert turn < MESSED_UP.max_turns - 1  # ended by trust, not by running out of turns


def test_debrief_starts_with_strength_and_names_the_excuse():
    turns = [
        note_turn(analyse_turn(text, pacing(5, 2.0)), take_turn(MESSED_UP, 0.35, i, analyse(text)))
        for i, text in enumerate(["I messed up and I'm sorry", "I was busy though"])
    ]
    debrief = build_debrief(notes_from_slot([note_to_slot(t) for t in turns]))
    assert debrief.went_well == "owned"
    assert debrief.try_next == "drop_excuse"
    assert debrief.numbers.words_per_minute == 150
    assert debrief.also_try == "ask_partner"
    assert debrief_responses(debrief) == (
        "utter_coach_debrief_well_owned",
        "utter_coach_debrief_numbers_voice",
        "utter_coach_debrief_next_drop_excuse",
        "utter_coach_debrief_also_ask_partner",
    )


def test_scenario_registry():
    assert find_scenario("Messed-Up") is MESSED_UP
    assert find_scenario("unknown") is None and find_scenario(None) is None
    assert partner_response(MESSED_UP, "open") == "utter_partner_messed_up_open"


@pytest.mark.parametrize(
    "text, i_statements, feelings_named",
    [
        ("I messed up and I'm really sorry", 2, 0),
        ("i lost my job today and i dont know what to do", 2, 0),
        ("I think you're overreacting", 0, 0),
        ("I feel like you never listen to me", 0, 0),
        ("I know I hurt you", 1, 0),
        ("I feel hurt when you don't call, and I need you to text me", 2, 2),
        ("am I wrong to be upset", 0, 0),
        ("you always do this", 0, 0),
    ],
)
def test_i_statements_count_what_the_speaker_says_of_themself(text, i_statements, feelings_named):
    phrasing = analyse(text)
    assert (phrasing.i_statements, phrasing.feelings_named) == (i_statements, feelings_named)


@pytest.mark.parametrize(
    "text, questions",
    [
        ("Are you angry? Do you forgive me? What do you need? Is it too late?", 4),
        ("i'm sorry i forgot did you wait long", 1),
        ("is that too soon", 1),
        ("why do you always do this", 0),
        ("could you text me next time", 0),
        ("that's what you said", 0),
    ],
)
def test_every_question_put_to_the_partner_counts(text, questions):
    assert analyse(text).questions_to_partner == questions
