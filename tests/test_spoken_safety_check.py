"""The safety check-in, spoken: real PortAudio, Whisper, Rasa and TTS through the PulseAudio harness.

A line that might be about safety ("things got physical last night") pauses the role-play
and the coach asks "Are you safe right now?". Said "yes, I'm fine, it was a joke", the coach
thanks the user and the partner answers the next line as before; said "no", the coach gives
the support lines and the session ends.
"""

import pytest

from tests.domain_lines import is_variation_of
from tests.realtalk_process import RealtalkProcess
from tests.speech_tools import normalised_words, synthesize_wav

pytestmark = [pytest.mark.audio, pytest.mark.slow]

STARTUP_TIMEOUT_S = 240  # the first run may train the Rasa model
POSSIBLE_CONCERN = "Things got physical last night."


def _speak(pulse, realtalk: RealtalkProcess, wav, words: set[str]) -> int:
    """Say ``wav`` into the microphone and check realtalk heard ``words``; how many coach lines came before."""
    before = len(realtalk.said("coach"))
    pulse.play_into_mic(wav)
    heard = realtalk.wait_for(r"^you: ", 60)
    assert words <= set(normalised_words(heard)), realtalk.transcript()
    return before


def _start(pulse, **env: str) -> RealtalkProcess:
    realtalk = RealtalkProcess("practice", "--scenario", "messed-up", env={**pulse.env, **env})
    realtalk.wait_for(r"^\(listening", STARTUP_TIMEOUT_S)
    assert realtalk.said("partner"), realtalk.transcript()
    return realtalk


def test_spoken_check_in_resumes_the_roleplay_after_a_reassurance(pulse, trained_model, tmp_path):
    concern = synthesize_wav(POSSIBLE_CONCERN, tmp_path / "concern.wav")
    reassurance = synthesize_wav("Yes, I'm fine. It was a joke.", tmp_path / "fine.wav")
    apology = synthesize_wav("I'm sorry. I forgot, and that's on me.", tmp_path / "apology.wav")
    stop = synthesize_wav("Let's stop here.", tmp_path / "stop.wav")
    realtalk = _start(pulse)
    try:
        partner_lines = len(realtalk.said("partner"))
        before = _speak(pulse, realtalk, concern, {"physical"})
        realtalk.wait_for(r"^\(listening", 60)
        asked = realtalk.said("coach")[before:]
        assert len(asked) == 1 and is_variation_of(asked[0], "utter_coach_ask_safety_answer"), realtalk.transcript()
        assert len(realtalk.said("partner")) == partner_lines, "the role-play is paused: the partner says nothing"

        before = _speak(pulse, realtalk, reassurance, {"fine", "joke"})
        realtalk.wait_for(r"^\(listening", 60)
        resumed = realtalk.said("coach")[before:]
        assert len(resumed) == 1 and is_variation_of(resumed[0], "utter_coach_safety_resume"), realtalk.transcript()

        _speak(pulse, realtalk, apology, {"sorry"})  # Whisper sometimes hears "forgotten"
        realtalk.wait_for(r"^\(listening", 60)
        reply = realtalk.said("partner")[-1]
        # The role-play carries on where it was: this is the partner's first reply, to the first real turn.
        assert len(realtalk.said("partner")) == partner_lines + 1
        assert is_variation_of(reply, "utter_partner_messed_up_warm"), realtalk.transcript()

        pulse.play_into_mic(stop)
        assert realtalk.finish(timeout_s=90) == 0, realtalk.transcript()
    finally:
        realtalk.kill()
    assert not any(is_variation_of(line, "utter_coach_safety_stop") for line in realtalk.said("coach"))


def test_spoken_check_in_answered_no_gives_the_support_lines_and_ends(pulse, trained_model, tmp_path):
    concern = synthesize_wav(POSSIBLE_CONCERN, tmp_path / "concern.wav")
    no = synthesize_wav("No.", tmp_path / "no.wav")
    realtalk = _start(pulse, REALTALK_COUNTRY="GB")
    try:
        before = _speak(pulse, realtalk, concern, {"physical"})
        realtalk.wait_for(r"^\(listening", 60)
        asked = realtalk.said("coach")[before:]
        assert len(asked) == 1 and is_variation_of(asked[0], "utter_coach_ask_safety_answer"), realtalk.transcript()

        before = _speak(pulse, realtalk, no, {"no"})
        assert realtalk.finish(timeout_s=90) == 0, realtalk.transcript()
    finally:
        realtalk.kill()
    support = realtalk.said("coach")[before:]
    assert len(support) == 3, realtalk.transcript()
    assert is_variation_of(support[0], "utter_coach_safety_stop")
    assert is_variation_of(support[1], "utter_coach_safety_support") and "999" in support[1]
    assert is_variation_of(support[2], "utter_coach_safety_close")
