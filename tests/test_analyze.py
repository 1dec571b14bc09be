"""``realtalk analyze``: the stable JSON interface, on text, stdin and real audio files."""

import json
import subprocess
import sys

import pytest

from tests.realtalk_process import PROJECT_DIR
from tests.speech_tools import synthesize_wav

PHRASING_FIELDS = {
    "text": str, "i_statements": int, "blame": bool, "apology": str, "questions_to_partner": int,
    "minimizing": bool, "celebrates_honesty": bool, "safety_concern": bool, "safety_level": str, "fillers": int,
    "word_count": int, "tips": list,
}
AUDIO_FIELDS = {"transcript": str, "duration_s": float, "wpm": float, "long_pauses": int, "longest_pause_s": float}


def _analyze(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "analyze", *args],
        input=stdin, capture_output=True, text=True, cwd=PROJECT_DIR, timeout=120,
    )


def _check_fields(result: dict, expected: dict) -> None:
    for name, kind in expected.items():
        assert isinstance(result[name], kind), (name, result)


def test_text_json_has_every_field_and_quotes_the_user():
    run = _analyze("--text", "Sorry, but you never reminded me.", "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    _check_fields(result, PHRASING_FIELDS)
    assert result["apology"] == "undermined" and result["blame"] is True
    assert any("but" in tip.lower() and "'" in tip for tip in result["tips"]), result["tips"]


def test_safety_concern_is_either_tier_and_safety_level_says_which():
    lines = ["he threw a plate at me", "things got physical last night", "my boss is going to kill me"]
    run = _analyze(stdin="\n".join(lines) + "\n")
    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(r["safety_concern"], r["safety_level"]) for r in results] == [
        (True, "clear"), (True, "possible"), (False, "none")]


def test_readable_summary_without_json():
    run = _analyze("--text", "I'm not fine. I'm hurt.")
    assert run.returncode == 0, run.stderr
    assert "I statements: " in run.stdout and "apology: none" in run.stdout


def test_stdin_gives_one_json_object_per_line():
    lines = ["I feel scared that I'll lose you.", "whatever, it's fine", "Thank you for trusting me with that."]
    run = _analyze(stdin="\n".join(lines) + "\n")
    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["text"] for r in results] == lines
    assert results[0]["i_statements"] >= 1
    assert results[1]["minimizing"] is True
    assert results[2]["celebrates_honesty"] is True


@pytest.mark.models
def test_audio_files_one_result_each_and_a_clear_error_for_a_bad_one(tmp_path):
    speech = synthesize_wav("I am sorry. I forgot, and that is on me.", tmp_path / "speech.wav", rate_wpm=140)
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really audio")
    run = _analyze("--audio", str(speech), str(corrupt), "--json")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    good, bad = (json.loads(line) for line in run.stdout.splitlines())
    _check_fields(good, {**PHRASING_FIELDS, **AUDIO_FIELDS})
    assert "forgot" in good["transcript"].lower()
    assert good["apology"] == "owned"
    assert 100 < good["wpm"] < 200
    assert bad["file"] == str(corrupt) and "error" in bad


@pytest.mark.models
def test_real_speech_recording(shared_speech_dir):
    run = _analyze("--audio", str(shared_speech_dir / "jfk.flac"), "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert "ask not what your country" in result["transcript"].lower()
    assert result["duration_s"] == pytest.approx(11.0, abs=0.1)
    assert result["long_pauses"] >= 1  # Kennedy pauses after "Americans"


def test_analyze_never_loads_rasa_or_tensorflow():
    probe = (
        "import sys; from assistant.cli import main; main(['analyze', '--text', 'I messed up', '--json']); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rasa', 'rasa_sdk', 'tensorflow'}))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PROJECT_DIR, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "[]"
