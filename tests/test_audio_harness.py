"""Real-audio tests of the private PulseAudio harness, through PortAudio (sounddevice) in child processes.

Each child is a fresh Python started with ``pulse.env``, so sounddevice/PortAudio enumerate the
private daemon's devices (ALSA "default" -> ALSA pulse plugin -> PulseAudio) when imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest
import soundfile

from tests.speech_tools import convert_to_pcm16_wav, synthesize_wav, transcribe, word_error_rate

pytestmark = pytest.mark.audio

JFK_REFERENCE = ("And so, my fellow Americans, ask not what your country can do for you, "
                 "ask what you can do for your country.")
SPOKEN_REPLY = "Let us try this conversation again tomorrow morning."

# Records the default input at 16 kHz mono until a line arrives on stdin, then writes a WAV.
RECORD_DEFAULT_INPUT = """
import sys, numpy as np, soundfile, sounddevice as sd
blocks = []
with sd.InputStream(samplerate=16000, channels=1, dtype="int16",
                    callback=lambda data, frames, when, status: blocks.append(data.copy())):
    print("READY", sd.query_devices(kind="input")["name"], flush=True)
    sys.stdin.readline()
audio = np.concatenate(blocks) if blocks else np.zeros((0, 1), dtype="int16")
soundfile.write(sys.argv[1], audio, 16000)
"""

# Plays a sound file on the default output and waits until it has been played.
PLAY_ON_DEFAULT_OUTPUT = """
import sys, soundfile, sounddevice as sd
data, rate = soundfile.read(sys.argv[1], dtype="float32")
sd.play(data, rate, blocking=True)
"""


def _child_env(pulse) -> dict[str, str]:
    return {**os.environ, **pulse.env}


class DefaultInputRecorder:
    """A child process recording the default input device through sounddevice."""

    def __init__(self, pulse, wav_path):
        self.wav_path = wav_path
        self.process = subprocess.Popen(
            [sys.executable, "-c", RECORD_DEFAULT_INPUT, str(wav_path)], env=_child_env(pulse),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.ready_line = self.process.stdout.readline().strip()
        if not self.ready_line.startswith("READY"):
            self.process.kill()
            _, stderr = self.process.communicate(timeout=10)
            raise AssertionError(f"recorder child failed to open the default input: {stderr}")

    def stop(self) -> np.ndarray:
        _, stderr = self.process.communicate("stop\n", timeout=30)
        assert self.process.returncode == 0, f"recorder child failed: {stderr}"
        audio, rate = soundfile.read(self.wav_path, dtype="int16")
        assert rate == 16000
        return audio


@pytest.fixture
def english_wav(shared_speech_dir, tmp_path):
    return convert_to_pcm16_wav(shared_speech_dir / "english.wav", tmp_path / "english16k.wav")


def test_speech_played_into_the_mic_is_recorded_and_transcribed(pulse, shared_speech_dir, tmp_path):
    jfk_wav = convert_to_pcm16_wav(shared_speech_dir / "jfk.flac", tmp_path / "jfk16k.wav")
    recorder = DefaultInputRecorder(pulse, tmp_path / "mic.wav")
    pulse.play_into_mic(jfk_wav)
    time.sleep(0.3)  # let the last blocks reach the child
    audio = recorder.stop()

    assert len(audio) / 16000 >= 10.5, "the recording is shorter than the 11 s of speech"
    heard = transcribe(tmp_path / "mic.wav")
    assert word_error_rate(JFK_REFERENCE, heard) < 0.2, heard


def test_speech_played_on_the_default_output_reaches_the_speaker(pulse, tmp_path):
    reply_wav = synthesize_wav(SPOKEN_REPLY, tmp_path / "reply.wav")
    pulse.start_recording_speaker(tmp_path / "speaker.wav")
    try:
        player = subprocess.run([sys.executable, "-c", PLAY_ON_DEFAULT_OUTPUT, str(reply_wav)],
                                env=_child_env(pulse), capture_output=True, text=True, timeout=60)
        time.sleep(0.3)
    finally:
        recording = pulse.stop_recording()
    assert player.returncode == 0, player.stderr

    heard = transcribe(recording)
    assert word_error_rate(SPOKEN_REPLY, heard) <= 0.2, heard


def _peak(audio: np.ndarray) -> int:
    return int(np.abs(audio.astype(np.int32)).max()) if len(audio) else 0


def test_after_unplugging_the_mic_recording_still_opens_but_hears_no_mic(private_pulse, english_wav, tmp_path):
    """PulseAudio falls back to a monitor source: PortAudio reports no error, the mic's sound is gone."""
    recorder = DefaultInputRecorder(private_pulse, tmp_path / "before.wav")
    private_pulse.play_into_mic(english_wav)
    assert _peak(recorder.stop()) > 1000, "control: speech should be heard while the mic is plugged in"

    private_pulse.unplug_microphone()
    assert "rt_mic" not in private_pulse.source_names()
    assert private_pulse.default_source() == "rt_speaker.monitor"

    recorder = DefaultInputRecorder(private_pulse, tmp_path / "after.wav")  # opening does not fail
    private_pulse.play_into_mic(english_wav)
    after = recorder.stop()
    assert len(after) / 16000 >= 2.0, "the stream kept delivering (silent) blocks"
    assert _peak(after) == 0, "speech fed to the unplugged mic must not be heard"


def test_unplugging_the_mic_mid_stream_moves_the_stream_silently(private_pulse, tmp_path):
    """An open input stream is not broken by the unplug: PulseAudio moves it to the fallback source."""
    streams_before = private_pulse.recording_streams()
    recorder = DefaultInputRecorder(private_pulse, tmp_path / "mid.wav")
    (child_stream,) = set(private_pulse.recording_streams()) - set(streams_before)
    assert private_pulse.recording_streams()[child_stream] == "rt_mic"

    private_pulse.unplug_microphone()
    time.sleep(0.5)
    assert private_pulse.recording_streams()[child_stream] == "rt_speaker.monitor"
    assert recorder.process.poll() is None, "the recording child should still be running"
    assert len(recorder.stop()) / 16000 >= 0.4, "the moved stream should keep delivering audio"
