"""Speech-to-text with the real bundled Whisper tiny.en model."""

import subprocess

import numpy as np
import pytest
import soundfile

from audio.format import SAMPLE_RATE_HZ
from audio.speech import Clip
from audio.stt import ModelUnavailable, SttOptions, create_stt

JFK = "and so my fellow americans ask not what your country can do for you ask what you can do for your country"


def _words(text: str) -> list[str]:
    return "".join(c.lower() if c.isalnum() or c.isspace() else " " for c in text).split()


def _load_16k(path) -> np.ndarray:
    samples, rate = soundfile.read(path, dtype="float32", always_2d=True)
    mono = samples.mean(axis=1)
    positions = np.arange(0, len(mono), rate / SAMPLE_RATE_HZ)
    return np.interp(positions, np.arange(len(mono)), mono).astype(np.float32)


@pytest.fixture(scope="module")
def stt():
    engine = create_stt()
    engine.load()
    return engine


@pytest.mark.models
def test_real_human_speech(stt, shared_speech_dir):
    utterance = stt.transcribe(Clip(_load_16k(shared_speech_dir / "jfk.flac")))
    hypothesis = _words(utterance.text)
    errors = sum(1 for a, b in zip(hypothesis, JFK.split()) if a != b) + abs(len(hypothesis) - len(JFK.split()))
    assert errors / len(JFK.split()) < 0.15, utterance.text
    assert utterance.source == "voice"
    assert utterance.duration_s == pytest.approx(11.0, abs=0.1)


@pytest.mark.models
def test_word_timestamps_are_ordered_and_inside_the_clip(stt, tmp_path):
    wav = tmp_path / "s.wav"
    subprocess.run(["espeak-ng", "-w", str(wav), "I forgot our dinner, and that is on me."], check=True)
    utterance = stt.transcribe(Clip(_load_16k(wav)))
    assert "forgot" in _words(utterance.text)
    starts = [w.start_s for w in utterance.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start_s <= w.end_s <= utterance.duration_s + 0.05 for w in utterance.words)
    assert len(utterance.words) >= 7


def test_missing_model_gives_advice():
    engine = create_stt(SttOptions(model="/nonexistent/whisper-model"))
    with pytest.raises(ModelUnavailable, match="--stt-model"):
        engine.load()
