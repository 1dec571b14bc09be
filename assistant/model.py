"""Train the Rasa model when it is missing or older than its training files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.paths import MODEL_DIR, PROJECT_DIR

MODEL_NAME = "realtalk"
TRAINING_INPUTS = ("domain.yml", "config.yml", "data")
# Measured on a 2-core laptop-class machine; only used for the heads-up line.
TYPICAL_TRAINING_SECONDS = 15


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
    print(f"Training the dialogue model ({first_run}, about {TYPICAL_TRAINING_SECONDS} s)…", flush=True)
    command = training_command(force)
    # Rasa's INFO lines show the progress; its and TensorFlow's developer warnings are noise here.
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, check=False)
    if result.returncode != 0 or not model.exists():
        raise ModelTrainingError(
            f"Training the dialogue model failed (exit code {result.returncode}). "
            f"Fix the error above, then retrain with:\n  cd {PROJECT_DIR} && "
            f"RASA_TELEMETRY_ENABLED=false {' '.join(command)}"
        )
    # Rasa skips training when nothing changed in content, leaving the old file;
    # touching it stops us from retraining on every start after a mere `touch`.
    os.utime(model)
    return model


def main() -> int:
    """``python -m assistant.model``: train when needed (what ``make`` runs before a session)."""
    try:
        ensure_model()
    except ModelTrainingError as error:
        print(f"realtalk: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
