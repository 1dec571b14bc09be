"""The dialogue in its child process: same answers as in process, clear errors when it fails."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from assistant.rasa.partner import DialogueError
from assistant.rasa.process import PartnerProcess
from tests.domain_lines import is_variation_of, response_of
from tests.realtalk_process import RealtalkProcess, child_processes

pytestmark = pytest.mark.slow

TEXT = {"source": "text", "duration_s": 0.0, "words": []}


def _dialogue_children(pid: int) -> list[int]:
    return [child for child, command in child_processes(pid).items() if "assistant.rasa.child" in command]


def _is_running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_the_child_answers_like_the_partner_in_process(trained_model, action_server):
    with PartnerProcess(trained_model, action_server.url) as partner:
        opening = partner.open("messed-up")
        assert response_of(opening.replies[-1].text) == "utter_partner_messed_up_open"
        assert partner.sender_id.startswith("realtalk-")
        reply = partner.respond("I'm sorry I forgot. That's on me.", TEXT)
        assert reply.replies and not reply.session_over
        assert partner.slots()["scenario"] == "messed-up"
        assert reply.slots == partner.slots(), "a turn carries the slots it left"


def test_the_child_answers_without_loading_tensorflow(trained_model, action_server):
    with PartnerProcess(trained_model, action_server.url) as partner:
        partner.open("messed-up")
        assert partner.respond("I'm sorry. That's on me.", TEXT).replies
        [dialogue] = _dialogue_children(os.getpid())
        libraries = Path(f"/proc/{dialogue}/maps").read_text()
        assert "tensorflow" not in libraries, "TensorFlow's shared libraries are mapped in the dialogue process"


def test_a_dead_child_is_a_clear_dialogue_error(trained_model, action_server):
    with PartnerProcess(trained_model, action_server.url) as partner:
        partner.open("messed-up")
        dialogue = _dialogue_children(os.getpid())
        assert len(dialogue) == 1
        os.kill(dialogue[0], signal.SIGKILL)
        with pytest.raises(DialogueError, match="dialogue process stopped"):
            partner.respond("I'm sorry.", TEXT)


def test_a_session_carries_on_when_its_dialogue_process_dies(trained_model):
    realtalk = RealtalkProcess("practice", "--scenario", "messed-up", "--text", "--mute", stdin=subprocess.PIPE)
    try:
        realtalk.wait_for(r"^partner: ", 240)
        [dialogue] = _dialogue_children(realtalk.process.pid)
        os.kill(dialogue, signal.SIGKILL)
        realtalk.process.stdin.write("I'm sorry. I forgot, and that's on me.\n")
        realtalk.process.stdin.flush()
        realtalk.wait_for(r"starting it again where it was", 60)
        reply = realtalk.wait_for(r"^partner: ", 60)[len("partner: "):]
        assert is_variation_of(reply, "utter_partner_messed_up_warm"), "the role-play goes on where it was"
        realtalk.process.stdin.write("stop\n")
        realtalk.process.stdin.close()
        assert realtalk.finish(timeout_s=60) == 0, realtalk.transcript()
    finally:
        realtalk.kill()


def test_a_model_that_cannot_load_is_reported_with_its_path(tmp_path, action_server):
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not a model")
    with PartnerProcess(broken, action_server.url) as partner:
        with pytest.raises(Exception, match="broken.tar.gz"):
            partner.wait_until_loaded()


def test_the_child_dies_with_realtalk(trained_model):
    realtalk = RealtalkProcess("practice", "--scenario", "messed-up", "--text", "--mute", stdin=subprocess.PIPE)
    try:
        realtalk.wait_for(r"^partner: ", 240)
        dialogue = _dialogue_children(realtalk.process.pid)
        assert len(dialogue) == 1
        realtalk.process.send_signal(signal.SIGKILL)
        realtalk.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _is_running(dialogue[0]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _is_running(dialogue[0]), "the dialogue process outlived realtalk"
    finally:
        realtalk.kill()
