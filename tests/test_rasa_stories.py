"""Rasa's own checks on the project: `rasa data validate` and `rasa test core` on tests/stories."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from assistant.paths import PROJECT_DIR

pytestmark = pytest.mark.slow


def run_rasa(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600
    )


def test_training_data_is_valid():
    result = run_rasa("data", "validate")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "story structure conflicts" in (result.stdout + result.stderr)  # the story check really ran
    assert "No story structure conflicts found" in (result.stdout + result.stderr)


def test_no_test_story_fails(trained_model, tmp_path):
    out = tmp_path / "results"
    result = run_rasa(
        "test", "core",
        "--stories", "tests/stories",
        "--model", str(trained_model),
        "--out", str(out),
        "--fail-on-prediction-errors",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "None of the test stories failed" in (out / "failed_test_stories.yml").read_text()
    # The first "Correct: n / m" line is the conversation-level result.
    correct, total = map(int, re.search(r"Correct:\s+(\d+) / (\d+)", result.stdout + result.stderr).groups())
    assert total >= 5 and correct == total
