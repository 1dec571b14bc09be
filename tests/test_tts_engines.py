"""The text-to-speech factory, its engine registry, engine-neutral voice styles and the
``--tts-engine`` flag (no audio is rendered here; tests/test_tts.py renders with espeak-ng)."""

import pytest

from audio.tts import (
    COACH_VOICE,
    PARTNER_VOICE,
    TTS_ENGINES,
    TextToSpeech,
    TtsOptions,
    VoiceStyle,
    create_tts,
    voice_for,
)
from audio.tts.pyttsx3_backend import Pyttsx3Tts, espeak_settings


def test_the_factory_builds_pyttsx3_by_default_and_by_name():
    assert TtsOptions().engine == "pyttsx3"
    assert "pyttsx3" in TTS_ENGINES
    default, named = create_tts(), create_tts(TtsOptions(engine="pyttsx3"))
    assert type(default) is Pyttsx3Tts and type(named) is Pyttsx3Tts
    assert named.options == TtsOptions(engine="pyttsx3")
    for engine in (default, named):
        assert callable(engine.load) and callable(engine.synthesize)
    tts: TextToSpeech = default  # noqa: F841 - the backend satisfies the protocol


def test_an_unknown_engine_is_refused_with_the_known_ones_named():
    with pytest.raises(ValueError) as raised:
        create_tts(TtsOptions(engine="festival"))
    message = str(raised.value)
    assert "'festival'" in message
    for known in TTS_ENGINES:
        assert known in message


def test_every_registered_engine_names_an_importable_class():
    import importlib

    for name, target in TTS_ENGINES.items():
        module_name, class_name = target.split(":")
        assert module_name.startswith("audio.tts."), name
        assert hasattr(importlib.import_module(module_name), class_name), name


def test_partner_and_coach_styles_differ_in_engine_neutral_terms():
    partner, coach = voice_for("partner"), voice_for("coach")
    assert (partner, coach) == (PARTNER_VOICE, COACH_VOICE)
    assert (partner.speaker, coach.speaker) == ("partner", "coach")
    assert partner.voice is None and coach.voice is None  # each engine picks the role's voice
    assert coach.rate_wpm < partner.rate_wpm and coach.pitch < partner.pitch
    assert all(-1.0 <= style.pitch <= 1.0 for style in (partner, coach))
    assert voice_for("someone else") == COACH_VOICE


def test_pyttsx3_maps_a_style_onto_espeak_voices_and_its_pitch_scale():
    partner, coach = espeak_settings(PARTNER_VOICE), espeak_settings(COACH_VOICE)
    assert partner.voice != coach.voice
    assert (partner.rate_wpm, partner.pitch) == (165, 55) and (coach.rate_wpm, coach.pitch) == (145, 35)
    assert espeak_settings(VoiceStyle("coach", 150, pitch=0.0)).pitch == 50
    assert espeak_settings(VoiceStyle("coach", 150, pitch=1.0)).pitch == 100
    assert espeak_settings(VoiceStyle("coach", 150, pitch=-3.0)).pitch == 0  # clamped
    assert espeak_settings(VoiceStyle("coach", 150, voice="gmw/en-GB-x-rp")).voice == "gmw/en-GB-x-rp"


def test_slower_and_faster_change_the_rate_of_the_engine_neutral_style():
    from assistant.speaking import RATE_STEP_WPM, ReplyOutput

    output = ReplyOutput()
    output.change_rate(-RATE_STEP_WPM)
    slower = output.voice("coach")
    assert slower.rate_wpm == COACH_VOICE.rate_wpm - RATE_STEP_WPM
    assert (slower.speaker, slower.pitch, slower.voice) == ("coach", COACH_VOICE.pitch, None)


def test_the_tts_engine_flag_maps_onto_practice_options():
    from assistant.cli import build_parser, practice_options
    from assistant.session import PracticeOptions

    parser = build_parser()
    assert practice_options(parser.parse_args(["practice"])).tts == TtsOptions() == PracticeOptions().tts
    options = practice_options(parser.parse_args(["practice", "--tts-engine", "pyttsx3"]))
    assert options.tts == TtsOptions(engine="pyttsx3")


def test_the_tts_engine_flag_offers_the_registry_and_refuses_others(capsys):
    from assistant.cli import build_parser

    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["practice", "--tts-engine", "festival"])
    assert "invalid choice: 'festival'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["practice", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--tts-engine {" + ",".join(TTS_ENGINES) + "}" in help_text
    assert "speaks the replies (default: pyttsx3)" in help_text


def test_a_synthesiser_that_cannot_start_is_a_one_line_error_for_the_user():
    from assistant.errors import USER_FACING_ERRORS
    from audio.tts import TtsUnavailable, pyttsx3_backend

    assert TtsUnavailable in USER_FACING_ERRORS
    assert pyttsx3_backend.TtsUnavailable is TtsUnavailable  # backends raise the shared error
