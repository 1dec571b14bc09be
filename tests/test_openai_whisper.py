"""openai-whisper as a second engine, on tiny.en weights converted from the bundled CTranslate2 model.

Real models, no mocks (except hiding the ``whisper`` import to check the install advice). The
converted checkpoint goes to a temporary data folder; both engines transcribe the same real
recordings and espeak-ng sentences and must agree with each other and with the reference.
"""

from __future__ import annotations

import stat
import sys

import pytest

from audio.files import read_clip
from audio.stt import ModelUnavailable, SttOptions, create_stt
from audio.stt.openai_checkpoint import CHECKPOINT_NAME, checkpoint_path
from tests.speech_tools import synthesize_wav, word_error_rate

pytest.importorskip("whisper", reason="the openai-whisper extra is not installed: pip install -e '.[openai-whisper]'")

REAL_RECORDINGS = {
    "jfk.flac": "And so, my fellow Americans, ask not what your country can do for you, "
                "ask what you can do for your country.",
    "english.wav": "one two three",
}
ESPEAK_SENTENCES = (
    "I think we should talk about the money.",
    "Can we start over this weekend?",
    "I want to apologise for what I said yesterday.",
    "Let me explain what happened at work.",
)
"""Sentences tiny.en hears from espeak-ng; on others ("I forgot our dinner..." -> "I forgot how I
did it...") both engines make the same mistake, which says nothing about the conversion."""
MAX_ENGINE_DISAGREEMENT = 0.1
MAX_REFERENCE_WER = 0.15
_DIGITS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five"}


def _spelt(text: str) -> str:
    """Digits spelt out, so "1, 2, 3" and "one, two, three" compare equal."""
    return " ".join(_DIGITS.get(word.strip(".,!?"), word) for word in text.split())


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A fresh data folder, exported as $REALTALK_DATA_DIR for this module's tests."""
    folder = tmp_path_factory.mktemp("realtalk-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REALTALK_DATA_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def openai_stt(data_dir):
    engine = create_stt(SttOptions(engine="openai-whisper"))
    engine.load()  # converts the bundled tiny.en into data_dir/models/
    return engine


@pytest.fixture(scope="module")
def faster_stt():
    engine = create_stt(SttOptions(engine="faster-whisper"))
    engine.load()
    return engine


def _assert_alike(reference: str, faster_text: str, openai_text: str) -> None:
    reference, faster_text, openai_text = _spelt(reference), _spelt(faster_text), _spelt(openai_text)
    detail = f"reference {reference!r}, faster-whisper {faster_text!r}, openai-whisper {openai_text!r}"
    assert word_error_rate(faster_text, openai_text) <= MAX_ENGINE_DISAGREEMENT, detail
    assert word_error_rate(reference, faster_text) <= MAX_REFERENCE_WER, detail
    assert word_error_rate(reference, openai_text) <= MAX_REFERENCE_WER, detail


@pytest.mark.models
def test_conversion_gives_a_private_checkpoint_openai_whisper_loads(openai_stt, data_dir):
    import whisper

    path = data_dir / "models" / CHECKPOINT_NAME
    assert checkpoint_path() == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not [p for p in path.parent.iterdir() if p.name != CHECKPOINT_NAME], "temporary file left behind"
    dims = whisper.load_model(str(path), device="cpu").dims
    assert (dims.n_mels, dims.n_audio_ctx, dims.n_audio_state, dims.n_audio_head, dims.n_audio_layer) == (80, 1500, 384, 6, 4)
    assert (dims.n_vocab, dims.n_text_ctx, dims.n_text_state, dims.n_text_head, dims.n_text_layer) == (51864, 448, 384, 6, 4)


@pytest.mark.models
def test_engines_agree_on_real_recordings(openai_stt, faster_stt, shared_speech_dir):
    for name, reference in REAL_RECORDINGS.items():
        clip = read_clip(shared_speech_dir / name)
        _assert_alike(reference, faster_stt.transcribe(clip).text, openai_stt.transcribe(clip).text)


@pytest.mark.models
def test_engines_agree_on_espeak_speech(openai_stt, faster_stt, tmp_path):
    for index, sentence in enumerate(ESPEAK_SENTENCES):
        clip = read_clip(synthesize_wav(sentence, tmp_path / f"{index}.wav"))
        _assert_alike(sentence, faster_stt.transcribe(clip).text, openai_stt.transcribe(clip).text)


@pytest.mark.models
def test_converted_model_word_timestamps_are_ordered(openai_stt, tmp_path):
    clip = read_clip(synthesize_wav("I forgot our dinner, and that is on me.", tmp_path / "s.wav"))
    utterance = openai_stt.transcribe(clip)
    starts = [w.start_s for w in utterance.words]
    assert len(utterance.words) >= 7, utterance.text
    assert starts == sorted(starts)
    assert all(0 <= w.start_s <= w.end_s <= utterance.duration_s + 0.05 for w in utterance.words)
    assert 0.5 <= utterance.confidence <= 1.0
    assert utterance.source == "voice"


@pytest.mark.models
def test_second_load_reuses_the_checkpoint(openai_stt, data_dir):
    path = data_dir / "models" / CHECKPOINT_NAME
    before = path.stat()
    again = create_stt(SttOptions(engine="openai-whisper"))
    again.load()
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert "thank" in again.transcribe(read_clip(synthesize_wav("Thank you.", data_dir / "t.wav"))).text.lower()


def test_missing_extra_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "whisper", None)  # makes `import whisper` raise ImportError
    engine = create_stt(SttOptions(engine="openai-whisper"))
    with pytest.raises(ModelUnavailable, match=r"pip install 'realtalk\[openai-whisper\]'") as raised:
        engine.load()
    assert ".venv/bin/pip install -e '.[openai-whisper]'" in str(raised.value)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="openai-whisper"):
        create_stt(SttOptions(engine="whisper.cpp"))


@pytest.mark.parametrize("command", [["practice"], ["analyze", "--text", "hi"]])
def test_cli_takes_the_engine_flag(command):
    from assistant.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(command).stt_engine == "faster-whisper"
    assert parser.parse_args([*command, "--stt-engine", "openai-whisper"]).stt_engine == "openai-whisper"
