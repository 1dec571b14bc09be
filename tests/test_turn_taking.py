"""Turn-taking on the real audio path: when a turn ends (from its words) and barge-in.

Real PortAudio on the harness devices, real Silero VAD, Whisper, Rasa and TTS.
"""

from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.realtalk_process import RealtalkProcess
from tests.speech_tools import normalised_words, synthesize_wav

pytestmark = [pytest.mark.audio, pytest.mark.slow]

STARTUP_TIMEOUT_S = 240  # the first run may train the Rasa model


def _with_pause(first: str, pause_s: float, second: str, folder: Path, name: str) -> Path:
    """One WAV: ``first`` spoken, ``pause_s`` of silence, then ``second``."""
    a, rate = soundfile.read(synthesize_wav(first, folder / f"{name}-a.wav"), dtype="float32")
    b, _ = soundfile.read(synthesize_wav(second, folder / f"{name}-b.wav"), dtype="float32")
    path = folder / f"{name}.wav"
    soundfile.write(path, np.concatenate([a, np.zeros(int(pause_s * rate), np.float32), b]), rate)
    return path


def test_words_decide_how_long_a_pause_ends_the_turn(pulse, trained_model, tmp_path):
    # With one fixed 1.5 s end-of-turn silence, the first file would be two turns and the
    # second one turn; the words make it the other way round.
    trailing_off = _with_pause("I wanted to call you, and", 2.0, "I just forgot about it.", tmp_path, "held")
    finished = _with_pause("I am so sorry.", 0.9, "It was all my fault.", tmp_path, "quick")
    realtalk = RealtalkProcess(
        "practice", "--scenario", "messed-up", "--end-silence-ms", "1500", "--quick-end-ms", "500",
        "--hold-silence-ms", "3000", "--barge-in-ms", "0", env=pulse.env,
    )
    try:
        realtalk.wait_for(r"^\(listening", STARTUP_TIMEOUT_S)
        pulse.play_into_mic(trailing_off)
        held = realtalk.wait_for(r"^you: ", 60)
        assert {"wanted", "forgot"} <= set(normalised_words(held)), f"a turn that trails off waits for the rest: {held}"
        realtalk.wait_for(r"^\(listening", 60)

        pulse.play_into_mic(finished)
        quick = realtalk.wait_for(r"^you: ", 60)
        words = set(normalised_words(quick))
        assert "sorry" in words and "fault" not in words, f"a finished sentence ends at a short pause: {quick}"
    finally:
        realtalk.kill()


def test_talking_over_the_assistant_stops_it_and_keeps_the_words(pulse, trained_model, tmp_path):
    apology = synthesize_wav("I'm sorry. I forgot, and that's on me.", tmp_path / "apology.wav")
    realtalk = RealtalkProcess("practice", "--scenario", "messed-up", env=pulse.env)
    try:
        # The opening (the coach's introduction, a tip, then the partner) takes about 15 s to say;
        # without barge-in, whatever is said meanwhile is dropped and no turn is heard.
        realtalk.wait_for(r"^coach: ", STARTUP_TIMEOUT_S)
        pulse.play_into_mic(apology)
        heard = set(normalised_words(realtalk.wait_for(r"^you: ", 30)))
        assert {"sorry", "forgot"} <= heard
        assert realtalk.said("partner"), "the lines not spoken are still printed"
    finally:
        realtalk.kill()


def test_its_own_voice_from_a_loudspeaker_does_not_interrupt_it_twice(private_pulse, trained_model, tmp_path):
    # Loop the speaker back into the microphone, as a laptop's loudspeaker and microphone do.
    private_pulse.pactl("load-module", "module-loopback", "source=rt_speaker.monitor", "sink=rt_mic_feed",
                        "latency_msec=60")
    realtalk = RealtalkProcess("practice", "--scenario", "messed-up", env=private_pulse.env)
    try:
        realtalk.wait_for(r"own voice", STARTUP_TIMEOUT_S)
        realtalk.wait_for(r"^\(listening", 90)
        assert realtalk.said("you") == [], "the echo is not taken for the user's turn"
    finally:
        realtalk.kill()
