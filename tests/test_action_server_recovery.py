"""An action server that dies mid-session is started again, and the turn is not lost."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.domain_lines import is_variation_of
from tests.realtalk_process import RealtalkProcess

pytestmark = pytest.mark.slow


def _action_server_pid(parent_pid: int) -> int:
    for task in Path(f"/proc/{parent_pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if "assistant.rasa.action_server" in Path(f"/proc/{child}/cmdline").read_text():
                return int(child)
    raise AssertionError("realtalk has no action server child")


def test_a_killed_action_server_is_restarted_and_the_turn_answered(trained_model):
    realtalk = RealtalkProcess("practice", "--text", "--scenario", "messed-up", "--mute", stdin=subprocess.PIPE)
    try:
        realtalk.wait_for(r"^partner: ", 240)
        first = _action_server_pid(realtalk.process.pid)
        os.kill(first, signal.SIGKILL)  # fault injection: the real server, killed
        time.sleep(0.5)
        realtalk.process.stdin.write("I'm sorry, I forgot. That's on me.\n")
        realtalk.process.stdin.flush()
        realtalk.wait_for(r"action server stopped; starting it again", 60)
        reply = realtalk.wait_for(r"^partner: ", 60)
        assert is_variation_of(reply.removeprefix("partner: "), "utter_partner_messed_up_warm"), realtalk.transcript()
        assert _action_server_pid(realtalk.process.pid) != first
        realtalk.process.stdin.write("stop\n")
        realtalk.process.stdin.close()
        assert realtalk.finish(timeout_s=60) == 0, realtalk.transcript()
    finally:
        realtalk.kill()
    assert "Traceback" not in realtalk.transcript()
