"""A whole spoken turn of "I messed up": real PortAudio, Whisper, Rasa and TTS.

The test speaks into the harness microphone and listens to realtalk's speaker.
"""

import pytest

from tests.domain_lines import is_variation_of
from tests.realtalk_process import RealtalkProcess
from tests.speech_tools import normalised_words, synthesize_wav, transcribe

pytestmark = [pytest.mark.audio, pytest.mark.slow]

STARTUP_TIMEOUT_S = 240  # the first run may train the Rasa model


def _heard_fraction(reference_lines: list[str], heard: str) -> float:
    heard_words = set(normalised_words(heard))
    reference = [w for line in reference_lines for w in normalised_words(line)]
    return sum(w in heard_words for w in reference) / len(reference)


def test_spoken_owned_apology_warms_the_partner(pulse, trained_model, tmp_path):
    apology = synthesize_wav("I'm sorry. I forgot, and that's on me.", tmp_path / "apology.wav")
    stop = synthesize_wav("Let's stop here.", tmp_path / "stop.wav")
    pulse.start_recording_speaker(tmp_path / "speaker.wav")
    realtalk = RealtalkProcess("practice", "--scenario", "messed-up", env=pulse.env)
    try:
        realtalk.wait_for(r"^\(listening", STARTUP_TIMEOUT_S)
        opening = realtalk.said("partner")
        assert opening and is_variation_of(opening[-1], "utter_partner_messed_up_open")

        pulse.play_into_mic(apology)
        heard_user = realtalk.wait_for(r"^you: ", 60)
        assert {"sorry", "forgot"} <= set(normalised_words(heard_user))
        realtalk.wait_for(r"^\(listening", 60)
        reply = realtalk.said("partner")[-1]
        assert is_variation_of(reply, "utter_partner_messed_up_warm"), realtalk.transcript()

        pulse.play_into_mic(stop)
        assert realtalk.finish(timeout_s=90) == 0, realtalk.transcript()
    finally:
        realtalk.kill()
        recording = pulse.stop_recording()

    assert realtalk.said("coach"), "the session ends with a spoken debrief"
    heard = transcribe(recording)
    assert _heard_fraction([opening[-1], reply], heard) > 0.7, heard
    assert _heard_fraction([realtalk.said("coach")[-1]], heard) > 0.6, heard
