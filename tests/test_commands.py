"""Voice commands the client obeys: every one gets a coach line, and they are obeyed mid role-play.

Which utterance is which command is the NLU's to say: tests/test_voice_commands.py.
"""

import subprocess

import pytest

from assistant.commands import FASTER, PAUSE, REPEAT, RESUME, SLOWER, VOICE_COMMANDS, obey
from assistant.rasa.partner import Reply
from dialogue.responses import all_responses
from tests.domain_lines import is_variation_of
from tests.realtalk_process import RealtalkProcess

OPENING = (Reply("Let's begin.", "coach"), Reply("You said you'd be there.", "partner"))


def _output(last_replies=OPENING):
    from assistant.speaking import ReplyOutput

    output = ReplyOutput()
    output.last_replies = tuple(last_replies)
    return output


def _printed(capsys) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in capsys.readouterr().out.splitlines()]


def test_every_acknowledgement_is_a_coach_response_with_variations():
    names = [name for name in all_responses() if name.startswith("utter_coach_command_")]
    assert len(names) >= 9
    assert all(len(all_responses()[name]) >= 2 for name in names)


@pytest.mark.parametrize("paused", [False, True])
@pytest.mark.parametrize("command", sorted(VOICE_COMMANDS))
def test_every_command_is_answered_by_the_coach_whether_paused_or_not(capsys, command, paused):
    obey(command, _output(), paused)
    printed = _printed(capsys)
    assert printed and printed[0][0] == "coach", printed


@pytest.mark.parametrize(
    ("command", "paused", "response", "paused_after"),
    [
        (PAUSE, False, "utter_coach_command_pause", True),
        (PAUSE, True, "utter_coach_command_paused_hint", True),
        (RESUME, True, "utter_coach_command_resume", False),
        (RESUME, False, "utter_coach_command_not_paused", False),
        (REPEAT, False, "utter_coach_command_repeat", False),
        (REPEAT, True, "utter_coach_command_repeat", True),
        (SLOWER, False, "utter_coach_command_slower", False),
        (FASTER, True, "utter_coach_command_faster", True),
    ],
)
def test_obey_says_the_right_line_and_keeps_or_changes_the_pause(capsys, command, paused, response, paused_after):
    assert obey(command, _output(), paused) is paused_after
    line = _printed(capsys)[0][1]
    assert is_variation_of(line, response), line


def test_repeat_says_the_partners_lines_again_and_keeps_them_for_the_next_repeat(capsys):
    output = _output()
    obey(REPEAT, output, False)
    obey(REPEAT, output, False)
    printed = _printed(capsys)
    assert [speaker for speaker, _ in printed] == ["coach", "partner"] * 2  # not the coach's set-up
    assert printed[1] == printed[3] == ("partner", "You said you'd be there.")
    assert output.last_replies == OPENING


def test_repeat_with_nothing_said_yet_still_answers(capsys):
    obey(REPEAT, _output(()), False)
    (speaker, line), = _printed(capsys)
    assert speaker == "coach" and is_variation_of(line, "utter_coach_command_nothing_to_repeat")


def test_at_the_rate_limit_the_coach_says_so(capsys):
    from assistant.speaking import MAX_RATE_CHANGE_WPM, RATE_STEP_WPM

    output = _output()
    for _ in range(MAX_RATE_CHANGE_WPM // RATE_STEP_WPM):
        obey(SLOWER, output, False)
    capsys.readouterr()
    obey(SLOWER, output, False)
    assert is_variation_of(_printed(capsys)[0][1], "utter_coach_command_slowest")
    assert output.voice("partner").rate_wpm == _output().voice("partner").rate_wpm - MAX_RATE_CHANGE_WPM
    obey(FASTER, output, False)
    assert is_variation_of(_printed(capsys)[0][1], "utter_coach_command_faster")


@pytest.mark.slow
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
    # the apology during the pause was held back
    assert any(is_variation_of(line, "utter_coach_command_paused_hint") for line in coach), realtalk.transcript()
    assert any(is_variation_of(line, "utter_coach_command_slower") for line in coach)


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
