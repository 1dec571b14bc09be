"""Pacing of real espeak-ng speech transcribed by the real Whisper tiny.en model.

The truth is never Whisper's: speech duration comes from the samples (first to last sample
above 1 % of the peak), the word count from the text given to espeak-ng, and the silences
from what was spliced in with numpy.
"""

import numpy as np
import pytest
import soundfile

from audio.format import SAMPLE_RATE_HZ
from audio.prosody import measure_pacing
from audio.speech import Clip, Utterance, Word
from audio.stt import create_stt
from dialogue.coaching.pacing import Pacing, PacingOptions, pace_band
from tests.speech_tools import synthesize_wav

# Whisper tiny.en transcribes these word for word from espeak-ng at 80 to 260 "wpm": 7 + 8 + 10.
SENTENCES = (
    "Let me explain what happened at work.",
    "My sister is coming to stay with us.",
    "I want to make it right with you this time.",
)
WORDS_IN_SENTENCES = 25


@pytest.fixture(scope="module")
def stt():
    engine = create_stt()
    engine.load()
    return engine


def speak(text: str, tmp_path, rate_wpm: int = 140) -> np.ndarray:
    """espeak-ng speech at 16 kHz with its own leading and trailing silence cut off."""
    samples, rate = soundfile.read(synthesize_wav(text, tmp_path / "speech.wav", rate_wpm), dtype="float32")
    positions = np.arange(0, len(samples), rate / SAMPLE_RATE_HZ)
    samples = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    loud = np.flatnonzero(np.abs(samples) > 0.01 * np.abs(samples).max())
    return samples[loud[0]: loud[-1] + 1]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * SAMPLE_RATE_HZ)), dtype=np.float32)


def speech_seconds(samples: np.ndarray) -> float:
    """First to last sample above 1 % of the peak: the speaking span, by energy."""
    loud = np.flatnonzero(np.abs(samples) > 0.01 * np.abs(samples).max())
    return (loud[-1] - loud[0]) / SAMPLE_RATE_HZ


def pacing_of(stt, samples: np.ndarray) -> Pacing:
    clip = Clip(samples)
    return measure_pacing(stt.transcribe(clip), clip)


@pytest.mark.parametrize("espeak_rate", [80, 130, 180])
@pytest.mark.models
def test_wpm_matches_the_audio_at_known_rates(stt, tmp_path, espeak_rate):
    speech = speak(" ".join(SENTENCES), tmp_path, espeak_rate)
    samples = np.concatenate([silence(0.8), speech, silence(1.2)])  # edges must not count
    true_wpm = WORDS_IN_SENTENCES / (speech_seconds(samples) / 60)

    pacing = pacing_of(stt, samples)

    assert pacing.wpm == pytest.approx(true_wpm, rel=0.10)
    assert pacing.long_pauses == 0
    assert pacing.pauses_from_audio


@pytest.mark.models
def test_spliced_silences_are_long_pauses_and_leave_the_pace_alone(stt, tmp_path):
    first, second, third = (speak(s, tmp_path) for s in SENTENCES)
    samples = np.concatenate([silence(0.5), first, silence(1.5), second, silence(2.2), third, silence(0.5)])
    true_wpm = WORDS_IN_SENTENCES / ((speech_seconds(samples) - 1.5 - 2.2) / 60)

    pacing = pacing_of(stt, samples)

    assert pacing.long_pauses == 2
    assert pacing.longest_pause_s == pytest.approx(2.2, abs=0.2)
    assert pacing.wpm == pytest.approx(true_wpm, rel=0.10)


@pytest.mark.models
def test_a_short_silence_is_a_pause_but_not_a_long_one(stt, tmp_path):
    first, second, _ = (speak(s, tmp_path) for s in SENTENCES)
    samples = np.concatenate([silence(0.3), first, silence(0.6), second, silence(0.3)])

    pacing = pacing_of(stt, samples)

    assert pacing.long_pauses == 0
    assert pacing.longest_pause_s == pytest.approx(0.6, abs=0.2)


@pytest.mark.models
def test_continuous_speech_has_no_pause(stt, tmp_path):
    pacing = pacing_of(stt, speak(SENTENCES[2], tmp_path))

    assert pacing.long_pauses == 0
    assert pacing.longest_pause_s < 0.5


@pytest.mark.models
def test_a_rushed_apology_is_flagged(stt, tmp_path):
    calm = speak("Let me explain what happened at work.", tmp_path, 110)
    apology = "I am so sorry that I forgot to pick up the kids today."
    samples_rushed = np.concatenate([silence(0.3), calm, silence(0.4), speak(apology, tmp_path, 260), silence(0.3)])
    samples_calm = np.concatenate([silence(0.3), calm, silence(0.4), speak(apology, tmp_path, 110), silence(0.3)])

    rushed, calm_pacing = pacing_of(stt, samples_rushed), pacing_of(stt, samples_calm)

    assert "sorry" in rushed.key_sentence.lower()
    assert rushed.rushed_key_sentence, rushed
    assert not calm_pacing.rushed_key_sentence, calm_pacing


@pytest.mark.models
def test_silence_and_an_empty_utterance_give_zeros(stt):
    empty = Pacing(0, 0.0, 0.0, 0, 0.0, 0, 0.0, False)
    assert measure_pacing(Utterance("")) == empty
    assert measure_pacing(Utterance(""), Clip(silence(0.0))) == empty
    assert pacing_of(stt, silence(2.0)) == empty
    assert pace_band(empty) == "untimed"


def test_without_audio_pauses_come_from_word_gaps():
    words = (Word("Um,", 0.0, 0.3), Word("I", 0.4, 0.5), Word("messed", 0.6, 0.9), Word("up.", 0.9, 1.2),
             Word("I'm", 2.7, 2.9), Word("sorry.", 2.9, 3.2))
    pacing = measure_pacing(Utterance("Um, I messed up. I'm sorry.", words))

    assert (pacing.word_count, pacing.fillers, pacing.long_pauses) == (5, 1, 1)
    assert pacing.longest_pause_s == pytest.approx(1.5)
    assert pacing.speaking_s == pytest.approx(3.2 - 1.5)
    assert pacing.wpm == pytest.approx(5 / (1.7 / 60))
    assert pacing.fillers_per_min == pytest.approx(1 / (1.7 / 60))
    assert not pacing.pauses_from_audio


def test_pace_bands_follow_the_healthy_band_and_need_a_second_of_speech():
    options = PacingOptions()
    at = {wpm: Pacing(10, 5.0, wpm, 0, 0.0, 0, 0.0, False) for wpm in (90, 135, 190)}
    assert [pace_band(at[wpm], options) for wpm in (90, 135, 190)] == ["slow", "healthy", "fast"]
    assert pace_band(Pacing(1, 0.2, 300.0, 0, 0.0, 0, 0.0, False), options) == "untimed"


def test_pacing_is_plain_json_for_the_dialogue_metadata(tmp_path):
    """Rasa's SQL tracker store serialises the metadata; numpy scalars broke it once."""
    import json
    from dataclasses import asdict

    import numpy as np

    from audio.prosody import measure_pacing
    from audio.speech import Clip, Utterance, Word

    words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate("I am so sorry I forgot".split()))
    samples = np.concatenate([np.zeros(1600), np.sin(np.arange(16000 * 3) / 5.0) * 0.3]).astype(np.float32)
    pacing = measure_pacing(Utterance("I am so sorry I forgot", words, 3.1, "voice"), Clip(samples))
    assert json.loads(json.dumps(asdict(pacing)))["word_count"] == 6
