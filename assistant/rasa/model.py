"""Train the Rasa model when it is missing or older than its training files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.paths import MODEL_DIR, PROJECT_DIR
from assistant.spinner import progress

MODEL_NAME = "realtalk"
TRAINING_INPUTS = ("domain.yml", "domain", "config.yml", "data")
# Measured on a 2-core laptop-class machine; only used for the heads-up line.
TYPICAL_TRAINING_SECONDS = 15
OUTPUT_TAIL_BYTES = 4000


class ModelTrainingError(RuntimeError):
    """Training failed; the message says how to retry by hand."""


def model_path() -> Path:
    return MODEL_DIR / f"{MODEL_NAME}.tar.gz"


def training_command(force: bool = False) -> list[str]:
    command = [sys.executable, "-m", "rasa", "train", "--fixed-model-name", MODEL_NAME, "--out", str(MODEL_DIR)]
    return command + ["--force"] if force else command


def newest_input_mtime(project_dir: Path = PROJECT_DIR) -> float:
    """Modification time of the newest file Rasa trains from."""
    newest = 0.0
    for name in TRAINING_INPUTS:
        path = project_dir / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        newest = max([newest] + [f.stat().st_mtime for f in files])
    return newest


def model_is_stale(model: Path, project_dir: Path = PROJECT_DIR) -> bool:
    return not model.exists() or model.stat().st_mtime < newest_input_mtime(project_dir)


def ensure_model(force: bool = False) -> Path:
    """The trained model, (re)training it first if missing, outdated or `force`d."""
    model = model_path()
    if not force and not model_is_stale(model):
        return model
    first_run = "first run" if not model.exists() else "training data changed"
    command = training_command(force)
    # Rasa's output is the progress shown; its and TensorFlow's developer warnings are noise here.
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"}
    label = f"Training the dialogue model ({first_run}, about {TYPICAL_TRAINING_SECONDS} s)"
    with progress(label) as status:
        returncode, tail = _run_showing_progress(command, env, status)
    if returncode != 0 or not model.exists():
        print(tail, file=sys.stderr)
        raise ModelTrainingError(
            f"Training the dialogue model failed (exit code {returncode}). "
            f"Fix the error above, then retrain with:\n  cd {PROJECT_DIR} && "
            f"RASA_TELEMETRY_ENABLED=false {' '.join(command)}"
        )
    # Rasa skips training when nothing changed in content, leaving the old file;
    # touching it stops us from retraining on every start after a mere `touch`.
    os.utime(model)
    return model


def _run_showing_progress(command: list[str], env: dict, status: progress) -> tuple[int, str]:
    """Run ``command``, showing its latest output line as the progress detail; (exit code, output tail)."""
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    tail = b""
    assert process.stdout is not None
    for chunk in iter(lambda: process.stdout.read1(4096), b""):
        tail = (tail + chunk)[-OUTPUT_TAIL_BYTES:]
        lines = [line for line in tail.replace(b"\r", b"\n").split(b"\n") if line.strip()]
        if lines:
            status.update(lines[-1].decode(errors="replace")[-60:])
    return process.wait(), tail.decode(errors="replace")


def main() -> int:
    """``python -m assistant.rasa.model``: train when needed (what ``make`` runs before a session)."""
    try:
        ensure_model()
    except ModelTrainingError as error:
        print(f"realtalk: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
