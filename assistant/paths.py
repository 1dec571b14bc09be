"""Where the Rasa project lives: the folder with domain.yml, above this package."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODEL_DIR = PROJECT_DIR / "models"
