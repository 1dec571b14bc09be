"""End-of-turn detection on real speech with the real Silero VAD."""

import subprocess

import numpy as np
import pytest
import soundfile

from audio.format import FRAME_SAMPLES, SAMPLE_RATE_HZ
from audio.turns import TurnOptions, TurnSegmenter
from audio.vad.silero import SileroVad

pytestmark = pytest.mark.models  # espeak-ng speech and the Silero VAD model


def _speech(text: str, tmp_path) -> np.ndarray:
    raw = tmp_path / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(raw), text], check=True)
    samples, rate = soundfile.read(raw, dtype="float32")
    positions = np.arange(0, len(samples), rate / SAMPLE_RATE_HZ)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE_HZ), dtype=np.float32)


def _turns(stream: np.ndarray, options: TurnOptions = TurnOptions()) -> list:
    segmenter = TurnSegmenter(SileroVad(), options)
    usable = len(stream) - len(stream) % FRAME_SAMPLES
    turns = []
    for start in range(0, usable, FRAME_SAMPLES):
        turn = segmenter.push(stream[start : start + FRAME_SAMPLES])
        if turn is not None:
            turns.append(turn)
    return turns


def test_two_sentences_apart_are_two_turns(tmp_path):
    first = _speech("I messed up and I am sorry.", tmp_path)
    second = _speech("Can we talk about it?", tmp_path)
    stream = np.concatenate([_silence(0.5), first, _silence(1.5), second, _silence(1.5)])
    turns = _turns(stream)
    assert len(turns) == 2
    assert turns[0].duration_s == pytest.approx(len(first) / SAMPLE_RATE_HZ + 0.7 + 0.3, abs=0.4)


def test_a_short_pause_does_not_end_the_turn(tmp_path):
    part = _speech("I was wrong.", tmp_path)
    stream = np.concatenate([_silence(0.5), part, _silence(0.4), part, _silence(1.2)])
    assert len(_turns(stream)) == 1


def test_end_silence_is_configurable(tmp_path):
    part = _speech("I was wrong.", tmp_path)
    stream = np.concatenate([_silence(0.5), part, _silence(0.4), part, _silence(1.2)])
    assert len(_turns(stream, TurnOptions(end_silence_ms=300))) == 2


def test_silence_and_noise_make_no_turn():
    rng = np.random.default_rng(7)
    noise = (rng.standard_normal(SAMPLE_RATE_HZ * 3) * 0.01).astype(np.float32)
    assert _turns(np.concatenate([_silence(2.0), noise])) == []
