"""Text-to-speech on the real pyttsx3 + espeak-ng, checked by the real Whisper and by measuring
the rendered audio: the partner and the coach must be told apart by ear, also when espeak-ng
speaks for both (``--tts-engine pyttsx3``)."""

from dataclasses import replace

import numpy as np
import pytest

from audio.format import SAMPLE_RATE_HZ
from audio.speech import Clip
from audio.stt import create_stt
from audio.tts import (
    COACH_VOICE,
    PARTNER_VOICE,
    TtsOptions,
    TtsUnavailable,
    create_tts,
    voice_for,
)
from audio.tts.pyttsx3_backend import ESPEAK_VOICES, espeak_settings

pytestmark = pytest.mark.models  # renders with pyttsx3 + espeak-ng (and loads Whisper)

LINE = "Start small. Try saying what you did."
ESPEAK_ONLY = TtsOptions(partner_engine="pyttsx3", coach_engine="pyttsx3")
"""Both roles on espeak-ng (the partner speaks with Piper by default: tests/test_tts_piper.py)."""


def _to_16k(clip: Clip) -> Clip:
    positions = np.arange(0, len(clip.samples), clip.rate_hz / SAMPLE_RATE_HZ)
    return Clip(np.interp(positions, np.arange(len(clip.samples)), clip.samples).astype(np.float32))


def _median_f0_hz(clip: Clip, low_hz: float = 60.0, high_hz: float = 400.0) -> float:
    """Median fundamental frequency over the clip's clearly voiced 40 ms frames (autocorrelation)."""
    frame = int(0.04 * clip.rate_hz)
    shortest, longest = int(clip.rate_hz / high_hz), int(clip.rate_hz / low_hz)
    pitches = []
    for start in range(0, len(clip.samples) - frame, frame // 2):
        piece = clip.samples[start : start + frame]
        if np.sqrt(np.mean(piece**2)) < 0.02:
            continue
        piece = piece - piece.mean()
        correlation = np.correlate(piece, piece, "full")[frame - 1 :]
        lag = shortest + int(np.argmax(correlation[shortest:longest]))
        if correlation[lag] > 0.5 * correlation[0]:
            pitches.append(clip.rate_hz / lag)
    assert len(pitches) > 10, "too few voiced frames to measure pitch"
    return float(np.median(pitches))


def test_reply_is_rendered_to_a_buffer_that_whisper_understands():
    tts = create_tts(ESPEAK_ONLY)
    tts.load()
    clip = tts.synthesize("You said you would be there. What happened?", voice_for("partner"))
    assert 1.5 < clip.duration_s < 6.0
    assert np.abs(clip.samples).max() > 0.05
    text = create_stt().transcribe(_to_16k(clip)).text.lower()
    assert "what happened" in text


def test_partner_and_coach_sound_different_on_every_render():
    tts = create_tts(ESPEAK_ONLY)
    durations = {PARTNER_VOICE: [], COACH_VOICE: []}
    for _ in range(3):  # voice changes once landed a render late; check they hold every time
        for voice, values in durations.items():
            values.append(tts.synthesize(LINE, voice).duration_s)
    for values in durations.values():
        assert max(values) - min(values) < 0.1
    assert min(durations[COACH_VOICE]) - max(durations[PARTNER_VOICE]) > 0.2  # the coach is slower


def test_the_coach_speaks_audibly_lower_than_the_partner():
    tts = create_tts(ESPEAK_ONLY)
    partner = voice_for("partner")
    coach = replace(voice_for("coach"), rate_wpm=partner.rate_wpm)  # only voice and pitch differ
    for _ in range(2):  # and it holds when the voices alternate
        partner_hz = _median_f0_hz(tts.synthesize(LINE, partner))
        coach_hz = _median_f0_hz(tts.synthesize(LINE, coach))
        assert partner_hz > 1.1 * coach_hz  # measured: about 103 Hz against 84 Hz


def test_relative_pitch_moves_the_voice_up_and_down():
    tts = create_tts(ESPEAK_ONLY)
    low = _median_f0_hz(tts.synthesize(LINE, replace(PARTNER_VOICE, pitch=-0.5)))
    normal = _median_f0_hz(tts.synthesize(LINE, replace(PARTNER_VOICE, pitch=0.0)))
    high = _median_f0_hz(tts.synthesize(LINE, replace(PARTNER_VOICE, pitch=0.5)))
    assert low < 0.95 * normal < 0.95**2 * high  # measured: about 80, 100 and 126 Hz


def test_each_role_gets_its_own_espeak_voice_rate_and_pitch():
    from pyttsx3.drivers import (
        _espeak,  # the espeak-ng the backend drives, asked what it has set
    )

    tts = create_tts(ESPEAK_ONLY)
    applied = {}
    for speaker in ("partner", "coach"):
        tts.synthesize("Hello.", voice_for(speaker))
        applied[speaker] = (
            _espeak.GetCurrentVoice().contents.identifier.decode(),
            _espeak.GetParameter(_espeak.RATE),
            _espeak.GetParameter(_espeak.PITCH),
        )
        assert applied[speaker] == tuple(espeak_settings(voice_for(speaker)))
    assert applied["partner"] == (ESPEAK_VOICES["partner"], 165, 55)  # as before VoiceStyle was engine-neutral
    assert applied["coach"] == (ESPEAK_VOICES["coach"], 145, 35)


def test_a_voice_hint_overrides_the_roles_voice_and_a_missing_one_says_so():
    from pyttsx3.drivers import _espeak

    tts = create_tts(ESPEAK_ONLY)
    tts.synthesize("Hello.", replace(COACH_VOICE, voice="gmw/en-US"))
    assert _espeak.GetCurrentVoice().contents.identifier == b"gmw/en-US"
    with pytest.raises(TtsUnavailable, match="no-such-voice"):
        tts.synthesize("Hello.", replace(COACH_VOICE, voice="no-such-voice"))
    assert tts.synthesize("Hello.", COACH_VOICE).duration_s > 0.2  # a bad hint leaves it working


def test_espeak_streams_a_reply_as_one_clip_equal_to_its_render():
    tts = create_tts(ESPEAK_ONLY)
    clips = list(tts.stream(LINE, COACH_VOICE))
    assert len(clips) == 1
    assert clips[0].rate_hz == tts.synthesize(LINE, COACH_VOICE).rate_hz
    assert clips[0].duration_s == pytest.approx(tts.synthesize(LINE, COACH_VOICE).duration_s, abs=0.1)


def test_a_partner_voice_espeak_lacks_is_reported_when_the_engines_load():
    with pytest.raises(TtsUnavailable, match="no-such-voice"):
        create_tts(TtsOptions(partner_engine="pyttsx3", partner_voice="no-such-voice")).load()
    tts = create_tts(TtsOptions(partner_engine="pyttsx3", partner_voice="gmw/en"))
    tts.load()
    from pyttsx3.drivers import _espeak

    tts.synthesize(LINE, PARTNER_VOICE)
    assert _espeak.GetCurrentVoice().contents.identifier == b"gmw/en"  # the partner's chosen voice
