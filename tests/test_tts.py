"""Text-to-speech on the real pyttsx3 + espeak-ng, checked by the real Whisper."""

import numpy as np

from audio.speech import Clip
from audio.stt import create_stt
from audio.tts import COACH_VOICE, PARTNER_VOICE, create_tts
from audio.format import SAMPLE_RATE_HZ


def _to_16k(clip: Clip) -> Clip:
    positions = np.arange(0, len(clip.samples), clip.rate_hz / SAMPLE_RATE_HZ)
    return Clip(np.interp(positions, np.arange(len(clip.samples)), clip.samples).astype(np.float32))


def test_reply_is_rendered_to_a_buffer_that_whisper_understands():
    clip = create_tts().synthesize("You said you would be there. What happened?", PARTNER_VOICE)
    assert 1.5 < clip.duration_s < 6.0
    assert np.abs(clip.samples).max() > 0.05
    text = create_stt().transcribe(_to_16k(clip)).text.lower()
    assert "what happened" in text


def test_partner_and_coach_sound_different_on_every_render():
    tts = create_tts()
    line = "Start small. Try saying what you did."
    durations = {PARTNER_VOICE: [], COACH_VOICE: []}
    for _ in range(3):  # voice changes once landed a render late; check they hold every time
        for voice in durations:
            durations[voice].append(tts.synthesize(line, voice).duration_s)
    for values in durations.values():
        assert max(values) - min(values) < 0.1
    assert min(durations[COACH_VOICE]) - max(durations[PARTNER_VOICE]) > 0.2  # the coach is slower
