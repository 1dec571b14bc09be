"""The text-to-speech factory, its engine registry and per-speaker router, engine-neutral voice
styles and the TTS flags (no audio is rendered here; tests/test_tts.py renders with espeak-ng,
tests/test_tts_piper.py with Piper)."""

import pytest

from audio.tts import (
    COACH_VOICE,
    PARTNER_VOICE,
    TTS_ENGINES,
    TextToSpeech,
    TtsOptions,
    TtsRouter,
    VoiceStyle,
    create_engine,
    create_tts,
    voice_for,
)
from audio.tts.piper_backend import BUNDLED_VOICE, MAX_LENGTH_SCALE, MIN_LENGTH_SCALE, PiperTts, synthesis_settings
from audio.tts.pyttsx3_backend import Pyttsx3Tts, espeak_settings


def test_the_partner_speaks_with_piper_and_the_coach_with_pyttsx3_by_default():
    assert TtsOptions() == TtsOptions(partner_engine="piper", coach_engine="pyttsx3", partner_voice=None)
    assert {"piper", "pyttsx3"} <= set(TTS_ENGINES)
    router = create_tts()
    assert type(router) is TtsRouter
    assert type(router.engine("partner")) is PiperTts and type(router.engine("coach")) is Pyttsx3Tts
    assert type(router.engine("someone else")) is Pyttsx3Tts  # anyone but the partner sounds like the coach
    for engine in (router, *router.engines.values()):
        assert callable(engine.load) and callable(engine.synthesize) and callable(engine.stream)
    tts: TextToSpeech = router  # noqa: F841 - the router satisfies the protocol
    for backend in router.engines.values():
        assert backend.options == TtsOptions()


def test_an_engine_both_roles_use_is_created_once_and_each_backend_is_built_by_name():
    both = create_tts(TtsOptions(partner_engine="pyttsx3", coach_engine="pyttsx3"))
    assert list(both.engines) == ["pyttsx3"] and both.engine("partner") is both.engine("coach")
    swapped = create_tts(TtsOptions(partner_engine="pyttsx3", coach_engine="piper"))
    assert type(swapped.engine("partner")) is Pyttsx3Tts and type(swapped.engine("coach")) is PiperTts
    assert type(create_engine("piper")) is PiperTts and type(create_engine("pyttsx3")) is Pyttsx3Tts


def test_the_partners_voice_goes_to_the_partner_only_and_a_styles_own_voice_wins():
    router = create_tts(TtsOptions(partner_voice="/voices/en_GB-alan-low.onnx"))
    assert router.style(PARTNER_VOICE).voice == "/voices/en_GB-alan-low.onnx"
    assert router.style(COACH_VOICE) == COACH_VOICE
    own = VoiceStyle("partner", 165, voice="other.onnx")
    assert router.style(own) == own
    assert create_tts().style(PARTNER_VOICE) == PARTNER_VOICE


def test_building_the_engines_imports_no_synthesiser():
    from tests.fresh_python import run_python

    loaded = run_python("""
        import json, sys
        from audio.tts import TtsOptions, create_tts
        create_tts(TtsOptions())
        create_tts(TtsOptions(partner_engine="pyttsx3", coach_engine="piper"))
        print(json.dumps({"piper": "piper" in sys.modules, "onnxruntime": "onnxruntime" in sys.modules,
                          "pyttsx3": "pyttsx3" in sys.modules}))
    """)
    assert loaded == {"piper": False, "onnxruntime": False, "pyttsx3": False}


def test_an_unknown_engine_is_refused_with_the_known_ones_named():
    for options in (TtsOptions(partner_engine="festival"), TtsOptions(coach_engine="festival")):
        with pytest.raises(ValueError) as raised:
            create_tts(options)
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


def test_piper_maps_the_rate_onto_its_length_scale_relative_to_the_roles_default():
    assert synthesis_settings(PARTNER_VOICE) == (None, 1.0)  # the bundled voice at its natural pace
    assert synthesis_settings(COACH_VOICE).length_scale == 1.0
    slower = synthesis_settings(VoiceStyle("partner", PARTNER_VOICE.rate_wpm - 25))
    faster = synthesis_settings(VoiceStyle("partner", PARTNER_VOICE.rate_wpm + 25))
    assert slower.length_scale == pytest.approx(165 / 140, abs=1e-3)
    assert faster.length_scale == pytest.approx(165 / 190, abs=1e-3)
    assert synthesis_settings(VoiceStyle("coach", 10)).length_scale == MAX_LENGTH_SCALE  # clamped
    assert synthesis_settings(VoiceStyle("coach", 1000)).length_scale == MIN_LENGTH_SCALE
    assert synthesis_settings(VoiceStyle("partner", 165, pitch=1.0)) == synthesis_settings(PARTNER_VOICE)  # no pitch
    for bundled in (None, BUNDLED_VOICE, BUNDLED_VOICE + ".onnx"):
        assert synthesis_settings(VoiceStyle("partner", 165, voice=bundled)).voice is None
    assert synthesis_settings(VoiceStyle("partner", 165, voice="/v/x.onnx")).voice == "/v/x.onnx"


def test_slower_and_faster_change_the_rate_of_the_engine_neutral_style():
    from assistant.speaking import RATE_STEP_WPM, ReplyOutput

    output = ReplyOutput()
    output.change_rate(-RATE_STEP_WPM)
    slower = output.voice("coach")
    assert slower.rate_wpm == COACH_VOICE.rate_wpm - RATE_STEP_WPM
    assert (slower.speaker, slower.pitch, slower.voice) == ("coach", COACH_VOICE.pitch, None)


def test_the_tts_flags_map_onto_practice_options():
    from assistant.cli import build_parser, practice_options
    from assistant.session import PracticeOptions

    parser = build_parser()
    assert practice_options(parser.parse_args(["practice"])).tts == TtsOptions() == PracticeOptions().tts
    options = practice_options(parser.parse_args(["practice", "--tts-engine", "pyttsx3"]))
    assert options.tts == TtsOptions(partner_engine="pyttsx3", coach_engine="pyttsx3")
    options = practice_options(parser.parse_args(
        ["practice", "--tts-engine", "piper", "--coach-tts-engine", "piper", "--partner-voice", "/v/en_GB-alan.onnx"]))
    assert options.tts == TtsOptions(partner_engine="piper", coach_engine="piper", partner_voice="/v/en_GB-alan.onnx")
    options = practice_options(parser.parse_args(["practice", "--tts-engine", "pyttsx3", "--partner-voice", "gmw/en"]))
    assert options.tts == TtsOptions(partner_engine="pyttsx3", partner_voice="gmw/en")


def test_the_tts_flags_offer_the_registry_say_what_voices_exist_and_refuse_others(capsys):
    from assistant.cli import build_parser

    parser = build_parser()
    for flag in ("--tts-engine", "--coach-tts-engine"):
        with pytest.raises(SystemExit):
            parser.parse_args(["practice", flag, "festival"])
        assert "invalid choice: 'festival'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["practice", "--help"])
    help_text = " ".join(capsys.readouterr().out.split()).replace("- ", "-")  # argparse wraps at hyphens
    assert "--tts-engine {piper,pyttsx3}" in help_text
    assert "--coach-tts-engine {piper,pyttsx3}" in help_text
    assert "partner's voice: piper, a natural neural voice, or pyttsx3, espeak-ng's robotic one (default: piper)" in help_text
    assert "coach's voice, as for --tts-engine (default: pyttsx3)" in help_text
    assert "en_US-joe-medium (the one natural English voice installed)" in help_text
    assert "any Piper .onnx voice file" in help_text and "espeak-ng voice" in help_text
    assert "(default: en_US-joe-medium with piper, gmw/en-US with pyttsx3)" in help_text


def test_a_synthesiser_that_cannot_start_is_a_one_line_error_for_the_user():
    from assistant.errors import USER_FACING_ERRORS
    from audio.tts import TtsUnavailable, piper_backend, pyttsx3_backend

    assert TtsUnavailable in USER_FACING_ERRORS
    assert pyttsx3_backend.TtsUnavailable is TtsUnavailable  # backends raise the shared error
    assert piper_backend.TtsUnavailable is TtsUnavailable


def test_a_missing_piper_voice_file_is_reported_when_the_engines_load(tmp_path):
    from audio.tts import TtsUnavailable

    missing = tmp_path / "en_GB-nobody-low.onnx"
    with pytest.raises(TtsUnavailable, match="no Piper voice file .*en_GB-nobody-low.onnx"):
        create_tts(TtsOptions(partner_voice=str(missing))).load()
    missing.write_bytes(b"not a model")  # its .onnx.json is missing
    with pytest.raises(TtsUnavailable, match=r"en_GB-nobody-low.onnx.json.*bundled voice"):
        PiperTts(TtsOptions(partner_voice=str(missing))).load()


@pytest.mark.models
def test_voices_load_in_the_background_and_their_errors_come_when_waited_for(tmp_path):
    """Loading overlaps the start-up; a broken partner voice still gets its clear error."""
    from audio.tts import COACH_VOICE, PARTNER_VOICE, TtsUnavailable, create_tts

    router = create_tts(TtsOptions(partner_voice=str(tmp_path / "nowhere.onnx")))
    router.start_loading()  # returns at once, although the partner's voice cannot load
    with pytest.raises(TtsUnavailable):
        router.load()
    assert len(router.synthesize("Okay.", COACH_VOICE).samples) > 0
    with pytest.raises(TtsUnavailable):
        router.synthesize("What happened?", PARTNER_VOICE)

    router = create_tts(TtsOptions())
    router.start_loading()
    router.load()
    assert router.synthesize("You said you'd be there.", PARTNER_VOICE).rate_hz == 22050
