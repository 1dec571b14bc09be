"""The end-of-turn rule read from the words so far, and the echo check that guards barge-in."""

import pytest

from assistant.speaking import ReplyOutput, is_echo
from audio.endpointing import end_silence_ms, sounds_finished
from audio.turns import TurnOptions

OPTIONS = TurnOptions(end_silence_ms=700, quick_end_silence_ms=500, hold_silence_ms=1500)


@pytest.mark.parametrize("text", [
    "I'm sorry.", "I think so.", "Can we talk about it?", "I love you!", "That's all I wanted to say.",
    "I was late, and I'm sorry.", "I need you to listen to me.",
])
def test_finished_sentences_get_the_quick_end(text):
    assert sounds_finished(text)
    assert end_silence_ms(text, OPTIONS) == 500


@pytest.mark.parametrize("text", [
    "I wanted to call you, and...", "I was going to tell you, but", "I'm sorry, but.", "It's because.",
    "Um.", "I think that I,", "What I need is…", "I feel like my", "so, uh.",
])
def test_words_that_trail_off_hold_the_turn(text):
    assert not sounds_finished(text)
    assert end_silence_ms(text, OPTIONS) == 1500


@pytest.mark.parametrize("text", [None, "", "   "])
def test_without_words_the_middle_setting_applies(text):
    assert end_silence_ms(text, OPTIONS) == 700


def test_quick_and_hold_never_cross_the_middle_setting():
    slow = TurnOptions(end_silence_ms=1200, quick_end_silence_ms=1500, hold_silence_ms=900)
    assert end_silence_ms("I'm sorry.", slow) == 1200
    assert end_silence_ms("I'm sorry, and", slow) == 1200


REPLY = "I waited for you for over an hour. Where were you?"


def test_the_words_being_spoken_when_cut_off_are_an_echo():
    assert is_echo("I waited for you.", REPLY, 0.1)
    assert is_echo("I waited", REPLY, 0.1)
    assert is_echo("Where were you?", REPLY, 0.9)


def test_the_users_own_words_are_not_an_echo():
    assert not is_echo("I'm sorry, I forgot.", REPLY, 0.1)
    assert not is_echo("", REPLY, 0.1)
    # The reply's words, but far from where it was cut off: the user quoting it back.
    long_reply = "Great, telling someone you messed up takes courage. I'll be your friend, who waited."
    assert not is_echo("I'll be your friend, who waited.", long_reply, 0.05)


def test_nothing_is_an_echo_when_nothing_was_interrupted():
    assert not ReplyOutput().heard_itself("I waited for you.")
