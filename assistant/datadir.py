"""Where realtalk keeps the user's practice history, and how it keeps it private.

The folder is, first match wins: ``--data-dir``, ``$REALTALK_DATA_DIR``,
``$XDG_DATA_HOME/realtalk``, ``~/.local/share/realtalk``. It is created 0700 and every
file realtalk writes in it is created 0600 (SQLite gives its -wal, -shm and -journal
files the mode of the database file, and ``secure`` re-applies 0600 to them anyway).

A data folder inside /proc, /sys or /dev (but /dev/shm), or one that is not a folder, is
refused (``check_data_dir``). Files written outside the database (``export --out``,
``progress --html``, kept recordings) go through ``write_private``: a fresh 0600 file put
in place whole, never through a symbolic link, never over realtalk's own files.
"""

from __future__ import annotations

import argparse
import os
import secrets
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
SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
"""Kernel and device file systems: no place for a private history (``/dev/shm`` excepted)."""
_SHARED_MEMORY = Path("/dev/shm")


class PrivatePathError(RuntimeError):
    """A data folder or an output file realtalk cannot use safely; the message says why and what to do."""


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
    """Resolve and check the data folder and export it as ``$REALTALK_DATA_DIR`` (for endpoints.yml).

    Raises ``PrivatePathError`` for a folder that cannot hold the history (see ``check_data_dir``)."""
    path = check_data_dir(resolve_data_dir(flag))
    os.environ[DATA_DIR_ENV] = str(path)
    return path


def check_data_dir(path: Path) -> Path:
    """``path`` (resolved) if it can be the data folder: a folder, or absent below a folder, outside
    /proc, /sys and /dev; else ``PrivatePathError`` saying why. Creates nothing."""
    for system in SYSTEM_FOLDERS:
        inside = path == system or system in path.parents
        if inside and not (path == _SHARED_MEMORY or _SHARED_MEMORY in path.parents):
            raise PrivatePathError(
                f"the data folder {path} is inside {system}, a system folder that cannot hold your private "
                "history; choose a folder of your own with --data-dir (default: ~/.local/share/realtalk)"
            )
    probe = path
    while True:
        try:
            status = probe.stat()
        except (FileNotFoundError, NotADirectoryError):
            if probe.parent == probe:
                return path
            probe = probe.parent
            continue
        except OSError as error:
            raise PrivatePathError(f"the data folder {path} cannot be used: {probe}: {error.strerror}") from error
        if stat.S_ISDIR(status.st_mode):
            return path
        what = "is a file" if stat.S_ISREG(status.st_mode) else "is a device or special file"
        where = "" if probe == path else " above it"
        raise PrivatePathError(
            f"the data folder {path} is not a folder: {probe}{where} {what}; choose a folder with --data-dir"
        )


def data_dir_argument(value: str) -> str:
    """argparse ``type`` of ``--data-dir``: refuses a path ``check_data_dir`` refuses (exit status 2)."""
    try:
        check_data_dir(Path(value).expanduser().resolve())
    except PrivatePathError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


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
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE))
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


def check_private_target(path: str | os.PathLike, data_dir: Path | None = None) -> Path:
    """The folder ``write_private`` would write ``path`` in, or ``PrivatePathError`` saying why it may not.

    Refused: a symbolic link (even one to nothing yet), a folder or anything but a regular file, a
    missing folder, and, when ``data_dir`` is given, any path in the data folder or below it."""
    target = Path(path)
    if data_dir is not None:  # first, so that the answer is the same whether the folder exists or not
        home = Path(data_dir).resolve()
        try:
            folder = target.parent.resolve()
        except (RuntimeError, OSError):  # a loop of links: refused below
            folder = target.parent
        if folder == home or home in folder.parents or folder / target.name == home:
            where = "is" if folder / target.name == home else "is inside"
            raise PrivatePathError(
                f"refusing to write {target}: it {where} realtalk's data folder {home}, which holds the history "
                "database, Rasa's dialogue state and recordings; write it somewhere else"
            )
    try:
        folder = target.parent.resolve(strict=True)
    except FileNotFoundError as error:
        raise PrivatePathError(f"cannot write {target}: the folder {target.parent} does not exist") from error
    except (RuntimeError, OSError) as error:  # a loop of links, a file where a folder should be, …
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise PrivatePathError(f"cannot write {target}: its folder {target.parent} cannot be used ({reason})") from error
    if not folder.is_dir():
        raise PrivatePathError(f"cannot write {target}: {target.parent} is not a folder")
    try:
        status = os.lstat(folder / target.name)
    except FileNotFoundError:
        return folder
    except OSError as error:
        raise PrivatePathError(f"cannot write {target}: {error.strerror}") from error
    if stat.S_ISLNK(status.st_mode):
        raise PrivatePathError(
            f"refusing to write {target}: it is a symbolic link, and realtalk never writes your history through "
            "one; remove the link or choose another name"
        )
    if stat.S_ISDIR(status.st_mode):
        raise PrivatePathError(f"cannot write {target}: it is a folder; give a file name")
    if not stat.S_ISREG(status.st_mode):
        raise PrivatePathError(f"refusing to write {target}: it is not a regular file")
    return folder


def write_private(path: str | os.PathLike, content: str | bytes, data_dir: Path | None = None) -> Path:
    """Write ``content`` to ``path`` as a fresh 0600 file, put in place whole; returns ``path``.

    The content goes to a temporary file created 0600 with O_EXCL|O_NOFOLLOW beside the target,
    is fsynced, then renamed over the target (so an existing file of any mode is replaced by a
    private one, and a reader sees the old file or the new one, never half of it). The checks of
    ``check_private_target`` come first; any failure raises ``PrivatePathError`` and leaves the
    target as it was."""
    target = Path(path)
    folder = check_private_target(target, data_dir)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        descriptor = os.open(temporary, flags, FILE_MODE)
    except OSError as error:
        raise PrivatePathError(f"cannot write {target}: {error.strerror}") from error
    try:
        try:
            os.fchmod(descriptor, FILE_MODE)  # exactly 0600, whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        check_private_target(target, data_dir)  # nothing was put in its place meanwhile (a rename never follows one)
        os.replace(temporary, folder / target.name)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise PrivatePathError(f"cannot write {target}: {error.strerror or error}") from error
        raise
    _sync_folder(folder)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; some file systems cannot fsync a folder, which is harmless."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def bounded_int(low: int, high: int):
    """An argparse ``type``: a whole number from ``low`` to ``high``, else a clear "must be between" error."""

    def parse(value: str) -> int:
        try:
            number = int(value, 10)
        except ValueError:
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise argparse.ArgumentTypeError(f"must be a whole number between {low} and {high}, not {shown!r}") from None
        if not low <= number <= high:
            shown = str(number) if len(value) <= 40 else value[:40] + "…"
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {shown}")
        return number

    parse.__name__ = f"whole number from {low} to {high}"
    return parse


def add_data_dir_argument(parser) -> None:
    """The ``--data-dir`` flag every command that touches the history takes."""
    parser.add_argument(
        "--data-dir", metavar="DIR", type=data_dir_argument,
        help=f"where the practice history lives (default: ${DATA_DIR_ENV}, else $XDG_DATA_HOME/realtalk, "
        "else ~/.local/share/realtalk)",
    )
