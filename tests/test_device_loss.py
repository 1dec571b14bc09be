"""The microphone vanishing mid-session: the user is told, and the session goes on typed."""

import subprocess

import pytest

from tests.domain_lines import is_variation_of
from tests.realtalk_process import RealtalkProcess

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def test_unplugged_microphone_falls_back_to_text_mode(private_pulse, trained_model):
    realtalk = RealtalkProcess(
        "practice", "--scenario", "messed-up", "--mute", env=private_pulse.env, stdin=subprocess.PIPE
    )
    try:
        realtalk.wait_for(r"^\(listening", 240)
        private_pulse.unplug_microphone()
        realtalk.wait_for(r"microphone has gone completely silent.*Continuing in text mode", 30)
        realtalk.process.stdin.write("I'm sorry, I forgot. That's on me.\nstop\n")
        realtalk.process.stdin.close()
        assert realtalk.finish(timeout_s=60) == 0, realtalk.transcript()
    finally:
        realtalk.kill()
    reply = realtalk.said("partner")[-1]
    assert is_variation_of(reply, "utter_partner_messed_up_warm"), realtalk.transcript()
    assert realtalk.said("coach"), "the debrief still comes"
    assert "Traceback" not in realtalk.transcript()
