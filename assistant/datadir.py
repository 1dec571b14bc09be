"""Where realtalk keeps the user's practice history, and how it keeps it private.

The folder is, first match wins: ``--data-dir``, ``$REALTALK_DATA_DIR``,
``$XDG_DATA_HOME/realtalk``, ``~/.local/share/realtalk``. It is created 0700 and every
file realtalk writes in it is created 0600 (SQLite gives its -wal, -shm and -journal
files the mode of the database file, and ``secure`` re-applies 0600 to them anyway).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DATA_DIR_ENV = "REALTALK_DATA_DIR"
"""Environment variable naming the data folder; endpoints.yml expands it for Rasa's tracker db."""
HISTORY_DB = "history.db"
TRACKER_DB = "rasa-tracker.db"
AUDIO_DIR = "audio"
DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def resolve_data_dir(flag: str | os.PathLike | None = None, environ: dict | None = None) -> Path:
    """The data folder for a ``--data-dir`` value (None when not given) and the environment."""
    env = os.environ if environ is None else environ
    if flag:
        return Path(flag).expanduser().resolve()
    if env.get(DATA_DIR_ENV):
        return Path(env[DATA_DIR_ENV]).expanduser().resolve()
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return (base / "realtalk").resolve()


def use_data_dir(flag: str | os.PathLike | None = None) -> Path:
    """Resolve the data folder and export it as ``$REALTALK_DATA_DIR`` (for endpoints.yml)."""
    path = resolve_data_dir(flag)
    os.environ[DATA_DIR_ENV] = str(path)
    return path


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make it 0700; returns it."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and 0600 if missing (never truncating it); ensure 0600 either way."""
    private_dir(path.parent)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        except FileExistsError:
            pass
    secure(path)
    return path


def secure(path: Path) -> None:
    """Make ``path`` and its existing SQLite side files 0600."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_SIDE_FILES)):
        try:
            if stat.S_IMODE(candidate.stat().st_mode) != FILE_MODE:
                candidate.chmod(FILE_MODE)
        except FileNotFoundError:
            pass


def add_data_dir_argument(parser) -> None:
    """The ``--data-dir`` flag every command that touches the history takes."""
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help=f"where the practice history lives (default: ${DATA_DIR_ENV}, else $XDG_DATA_HOME/realtalk, "
        "else ~/.local/share/realtalk)",
    )
