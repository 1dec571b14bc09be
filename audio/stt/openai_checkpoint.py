"""The converted openai-whisper checkpoint: written once to the user's data folder, then reused.

Folder, first match wins: ``$REALTALK_DATA_DIR``, ``$XDG_DATA_HOME/realtalk``,
``~/.local/share/realtalk`` (the practice command exports ``--data-dir`` as
``$REALTALK_DATA_DIR``), under ``models/``. The folders are 0700 and the file 0600, written to a
temporary file beside it and renamed into place, so a crash never leaves half a checkpoint.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

CHECKPOINT_NAME = "openai-whisper-tiny.en.pt"
DIR_MODE = 0o700
FILE_MODE = 0o600


def data_dir(environ: dict | None = None) -> Path:
    """realtalk's data folder from the environment (same rules as ``assistant.datadir``)."""
    env = os.environ if environ is None else environ
    if env.get("REALTALK_DATA_DIR"):
        return Path(env["REALTALK_DATA_DIR"]).expanduser()
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "realtalk"


def checkpoint_path(environ: dict | None = None) -> Path:
    """Where the converted tiny.en checkpoint lives."""
    return data_dir(environ) / "models" / CHECKPOINT_NAME


def ensure_checkpoint(model_dir: str | os.PathLike, path: Path | None = None) -> Path:
    """The checkpoint at ``path`` (default ``checkpoint_path()``), converting ``model_dir`` first
    if it is not there yet."""
    path = path or checkpoint_path()
    if path.is_file():
        return path
    from audio.stt.ct2_to_openai import convert

    _private_dirs(path.parent)
    _write_atomically(convert(model_dir), path)
    return path


def _private_dirs(folder: Path) -> None:
    for directory in (folder.parent, folder):
        directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(directory.stat().st_mode) != DIR_MODE:
            directory.chmod(DIR_MODE)


def _write_atomically(checkpoint: dict, path: Path) -> None:
    import torch

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:  # mkstemp creates the file 0600
            torch.save(checkpoint, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
