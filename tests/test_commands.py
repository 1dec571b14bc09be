"""Client-side voice commands: recognised only as whole utterances, and obeyed mid role-play."""

import subprocess

import pytest

from assistant.commands import FASTER, PAUSE, REPEAT, RESUME, SLOWER, is_stop, local_command
from tests.domain_lines import is_variation_of
from tests.realtalk_process import RealtalkProcess


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("Repeat that.", REPEAT), ("Can you repeat that please?", REPEAT), ("Say that again?", REPEAT),
        ("slower", SLOWER), ("Slow down a bit.", SLOWER), ("Faster!", FASTER), ("speed up please", FASTER),
        ("Pause.", PAUSE), ("Let's pause.", PAUSE),
    ],
)
def test_commands_are_recognised(text, command):
    assert local_command(text) == command


def test_continue_only_resumes_a_pause():
    assert local_command("Continue.", paused=True) == RESUME
    assert local_command("Okay, go on.", paused=True) == RESUME
    assert local_command("Go on.") is None  # "go on, tell me" is listening, not a command


@pytest.mark.parametrize(
    "text",
    ["I can't repeat that mistake", "I need you to slow down with me", "Please don't go on like this",
     "I want to continue seeing you", "", "   ", "pause the music and listen to me for once",
     "Give me a moment.", "Hold on."],
)
def test_talk_is_not_a_command(text):
    assert local_command(text) is None


def test_stop_is_recognised_but_stop_talk_is_not():
    assert is_stop("Stop.") and is_stop("Okay, let's stop here.")
    assert not is_stop("Stop blaming me")


def test_commands_work_mid_roleplay_without_derailing_it(trained_model):
    script = "Repeat that.\npause\nI'm sorry, I forgot. That's on me.\ncontinue\nslower\nI'm sorry, I forgot. That's on me.\nstop\n"
    realtalk = RealtalkProcess("practice", "--text", "--scenario", "messed-up", "--mute", stdin=subprocess.PIPE)
    realtalk.process.stdin.write(script)
    realtalk.process.stdin.close()
    assert realtalk.finish(timeout_s=240) == 0, realtalk.transcript()
    partner = realtalk.said("partner")
    opening = partner[0]
    assert is_variation_of(opening, "utter_partner_messed_up_open")
    # repeated on "repeat that", after "continue" and after "slower"; then one real reply
    assert partner[:4] == [opening] * 4, realtalk.transcript()
    assert is_variation_of(partner[4], "utter_partner_messed_up_warm")
    coach = realtalk.said("coach")
    assert any("say continue" in line for line in coach)  # the apology during the pause was held back
    assert any("more slowly" in line for line in coach)


def test_slower_and_faster_change_the_speaking_rate_within_limits():
    from assistant.speaking import MAX_RATE_CHANGE_WPM, RATE_STEP_WPM, ReplyOutput

    output = ReplyOutput()
    base = output.voice("partner").rate_wpm
    output.change_rate(-RATE_STEP_WPM)
    assert output.voice("partner").rate_wpm == base - RATE_STEP_WPM
    for _ in range(10):
        output.change_rate(RATE_STEP_WPM)
    assert output.voice("partner").rate_wpm == base + MAX_RATE_CHANGE_WPM
    assert output.voice("coach").rate_wpm != output.voice("partner").rate_wpm
