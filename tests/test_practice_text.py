"""Scripted text sessions through the real ``realtalk practice`` command."""

import os
import subprocess
import sys

import pytest

from tests.domain_lines import is_variation_of
from tests.realtalk_process import PROJECT_DIR, RealtalkProcess

pytestmark = pytest.mark.slow


def _session(*turns: str, args=("--text", "--scenario", "messed-up", "--mute"), env=None) -> RealtalkProcess:
    script = "".join(f"{turn}\n" for turn in turns)
    realtalk = RealtalkProcess("practice", *args, env=env, stdin=subprocess.PIPE)
    realtalk.process.stdin.write(script)
    realtalk.process.stdin.close()
    assert realtalk.finish(timeout_s=240) == 0, realtalk.transcript()
    return realtalk


@pytest.mark.parametrize(
    ("turn", "reaction"),
    [
        ("I'm sorry, I forgot. That's on me.", "utter_partner_messed_up_warm"),
        ("Sorry, but the traffic was crazy, you know how it is.", "utter_partner_messed_up_cool_excuse"),
        ("You never reminded me, so it's your fault really.", "utter_partner_messed_up_cool_blame"),
    ],
)
def test_the_partner_reacts_to_how_the_user_speaks(trained_model, turn, reaction):
    realtalk = _session(turn, "stop")
    opening, reply = realtalk.said("partner")[:2]
    assert is_variation_of(opening, "utter_partner_messed_up_open")
    assert is_variation_of(reply, reaction), realtalk.transcript()
    assert realtalk.said("you") == [turn, "stop"]
    assert realtalk.said("coach")[-1], "a debrief closes the session"


def test_owning_it_over_several_turns_reaches_a_warm_ending(trained_model):
    realtalk = _session(
        "I'm so sorry. I completely forgot, and that's on me.",
        "I feel awful that you waited for an hour. How did that feel for you?",
        "I messed up. Next time I'll put it in my calendar and call you if anything changes.",
        "What can I do to make it up to you?",
        "I hear you. Thank you for telling me how much it hurt.",
    )
    partner = realtalk.said("partner")
    assert any(is_variation_of(line, "utter_partner_messed_up_end_warm") for line in partner), realtalk.transcript()
    assert realtalk.said("coach")[-1]


def _without_sound_server(tmp_path) -> dict:
    """An environment where the ALSA pulse plugin finds no server, so only sound cards remain."""
    client_conf = tmp_path / "client.conf"
    client_conf.write_text("autospawn = no\n")
    return {"PULSE_SERVER": f"unix:{tmp_path}/no-such-socket", "PULSE_CLIENTCONFIG": str(client_conf)}


def test_without_a_microphone_text_mode_is_announced_in_one_line(trained_model, tmp_path):
    env = _without_sound_server(tmp_path)
    probe = subprocess.run(
        [sys.executable, "-c", "from audio.devices import has_device; print(has_device('input'))"],
        env={**os.environ, **env}, capture_output=True, text=True, check=True, cwd=PROJECT_DIR,
    )
    if probe.stdout.strip() == "True":
        pytest.skip("this machine has a real microphone; the no-microphone path needs one without")
    realtalk = _session("stop", args=("--scenario", "messed-up"), env=env)
    notices = [line for name, line in realtalk.lines if "No microphone" in line]
    assert notices == ["No microphone found: continuing in text mode (type each turn; 'stop' ends)."]
    assert realtalk.said("partner"), "the session goes on in text mode"


def test_an_unknown_scenario_lists_the_real_ones():
    realtalk = RealtalkProcess("practice", "--text", "--scenario", "nope")
    assert realtalk.finish(timeout_s=120) == 1
    output = realtalk.transcript()
    assert "no scenario 'nope'" in output and "messed-up" in output
    assert "Traceback" not in output
