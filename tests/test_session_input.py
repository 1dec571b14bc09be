"""Hostile or unusual typed input: bytes that are not UTF-8, terminal escapes, and the end of input."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from assistant.rasa.partner import Reply, TurnResult
from assistant.session import INPUT_ENDED, converse
from assistant.speaking import ReplyOutput
from assistant.terminal import printable
from audio.listening import TextInput
from tests.realtalk_process import PROJECT_DIR, RealtalkProcess


def test_control_characters_are_shown_escaped():
    assert printable("I'm sorry\x1b[2J\x07") == "I'm sorry\\x1b[2J\\x07"
    assert printable("caf\u00e9 \U0001f642 ok") == "caf\u00e9 \U0001f642 ok"
    assert printable("a\u202eb\nc") == "a\\u202eb\\nc"


class _EndlessPartner:
    """Fault injection: a dialogue that never says the session is over, not even after "stop"."""

    sender_id = "endless"

    def __init__(self) -> None:
        self.turns: list[str] = []

    def open(self, scenario_id):
        return TurnResult((Reply("What happened?", "partner"),), False, {})

    def respond(self, text, metadata):
        self.turns.append(text)
        return TurnResult((Reply("Go on.", "partner"),), False, {})

    def is_alive(self):
        return True


def test_the_session_ends_at_the_end_of_input_even_when_the_dialogue_does_not(capsys):
    partner = _EndlessPartner()
    converse(partner, "messed-up", TextInput(io.StringIO("I'm sorry.\n")), ReplyOutput())
    assert partner.turns == ["I'm sorry.", "stop"]  # "stop" once, then it ends
    assert INPUT_ENDED in capsys.readouterr().err


@pytest.mark.slow
def test_bytes_that_are_not_utf8_and_escapes_are_kept_safely(trained_model, tmp_path):
    realtalk = RealtalkProcess("practice", "--text", "--mute", "--scenario", "messed-up", "--data-dir", str(tmp_path),
                               stdin=subprocess.PIPE)
    realtalk.process.stdin.buffer.write(b"I'm sorry \xff\xfe I forgot \x1b[2J dinner.\nstop\n")
    realtalk.process.stdin.close()
    assert realtalk.finish(timeout_s=240) == 0, realtalk.transcript()
    transcript = realtalk.transcript()
    assert "Traceback" not in transcript
    assert "\x1b" not in transcript and "\\x1b[2J" in transcript
    shown = subprocess.run([sys.executable, "-m", "assistant.cli", "show", "1", "--data-dir", str(tmp_path)],
                           capture_output=True, text=True, cwd=PROJECT_DIR)
    assert shown.returncode == 0, shown.stderr
    assert "\ufffd" in shown.stdout and "I forgot" in shown.stdout  # stored, with the bad bytes replaced
    assert "\x1b" not in shown.stdout


@pytest.mark.slow
def test_random_lines_never_break_the_dialogue(trained_model, action_server):
    """Any line a user could type (or a transcriber could write) gets replies, in bounded time."""
    import time

    from hypothesis import HealthCheck, assume, given, settings, strategies as st

    from assistant.rasa.partner import RasaPartner

    lines = st.one_of(
        st.text(max_size=300),
        st.binary(max_size=200).map(lambda raw: raw.decode("utf-8", errors="replace")),
        st.lists(st.sampled_from(["sorry", "you", "never", "\x1b[31m", "stop", "I", "love", "\u202e", "?", "…"]),
                 max_size=40).map(" ".join),
    )
    with RasaPartner(trained_model, action_server.url) as partner:

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        @given(line=lines)
        def answer(line: str) -> None:
            assume(line.strip())  # the session never sends an empty turn (it asks again)
            line = line.strip()
            partner.open("messed-up")
            started = time.monotonic()
            result = partner.respond(line, {"source": "text"})
            assert time.monotonic() - started < 10
            assert result.replies or result.command or result.session_over
            assert result.analysis is not None and result.analysis["text"] == line
            for reply in result.replies:
                assert not any(ord(c) < 32 for c in printable(reply.text))

        answer()
