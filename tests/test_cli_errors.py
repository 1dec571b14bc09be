"""Every bad path through ``realtalk``'s history commands ends in one ``realtalk: …`` line, never a traceback.

Each case runs the installed ``realtalk`` script (``.venv/bin/realtalk``) in a child process
with its own data folder. Bad arguments are refused by argparse (exit status 2); the rest
(missing folders, a read-only data folder, …) exit with status 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.history_data import write_history
from tests.realtalk_process import PROJECT_DIR

REALTALK = Path(sys.executable).with_name("realtalk")
SQLITE_MAX = 2**63 - 1


def run_realtalk(*args: str, data_dir: Path | None = None, env: dict | None = None,
                 stdin: str | None = None) -> subprocess.CompletedProcess:
    """``realtalk ARGS`` (the console script), with ``$REALTALK_DATA_DIR`` set to ``data_dir`` when given."""
    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", **(env or {})}
    if data_dir is not None:
        environment["REALTALK_DATA_DIR"] = str(data_dir)
    return subprocess.run([str(REALTALK), *args], cwd=PROJECT_DIR, input=stdin, capture_output=True, text=True,
                          timeout=60, env=environment)


def assert_one_clear_line(result: subprocess.CompletedProcess, returncode: int | None = None) -> str:
    """Non-zero exit, a line starting ``realtalk:`` on stderr, no traceback; returns that line."""
    assert result.returncode != 0, (result.stdout, result.stderr)
    if returncode is not None:
        assert result.returncode == returncode, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("realtalk:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def history(tmp_path) -> Path:
    data_dir = tmp_path / "realtalk"
    write_history(data_dir)
    return data_dir


def _cases(tmp: Path) -> list[tuple[tuple[str, ...], int, str]]:
    """(arguments, exit status, words the message must hold) for every bad path."""
    plain_file = tmp / "plain-file"
    plain_file.write_text("not a folder\n")
    return [
        # Output files that cannot be written.
        (("progress", "--html", "/nonexistent/dir/x.html"), 1, "/nonexistent/dir"),
        (("export", "--out", "/nonexistent/x.json"), 1, "/nonexistent"),
        (("progress", "--html", str(tmp)), 1, "is a folder"),
        (("export", "--out", str(tmp)), 1, "is a folder"),
        # Session ids: positive, within SQLite's 64-bit integers.
        (("show", "99999999999999999999"), 2, f"between 1 and {SQLITE_MAX}"),
        (("show", str(SQLITE_MAX + 1)), 2, f"between 1 and {SQLITE_MAX}"),
        (("show", "0"), 2, "between 1 and"),
        (("show", "-1"), 2, "between 1 and"),
        (("show", "one"), 2, "whole number"),
        (("forget", "99999999999999999999", "--yes"), 2, "between 1 and"),
        (("forget", "1", "-2", "--yes"), 2, "between 1 and"),
        # Data folders that cannot hold a private history.
        (("sessions", "--data-dir", "/proc/self/realtalk"), 2, "/proc"),
        (("sessions", "--data-dir", "/proc"), 2, "/proc"),
        (("export", "--data-dir", "/sys/realtalk"), 2, "/sys"),
        (("progress", "--data-dir", "/dev/null"), 2, "/dev/null"),
        (("show", "1", "--data-dir", str(plain_file)), 2, "not a folder"),
        (("forget", "--all", "--yes", "--data-dir", str(plain_file / "below")), 2, "not a folder"),
        (("practice", "--text", "--data-dir", "/dev/null"), 2, "/dev/null"),
        # The practice options' numbers.
        (("practice", "--end-silence-ms", "-5"), 2, "--end-silence-ms: must be between"),
        (("practice", "--quick-end-ms", "99999999999"), 2, "--quick-end-ms: must be between"),
        (("practice", "--hold-silence-ms", "0"), 2, "--hold-silence-ms: must be between"),
        (("practice", "--barge-in-ms", "-1"), 2, "--barge-in-ms: must be between 0 and"),
        (("practice", "--stt-threads", "0"), 2, "--stt-threads: must be between 1 and"),
        (("practice", "--stt-threads", "100000"), 2, "--stt-threads: must be between 1 and"),
        (("practice", "--end-silence-ms", "1.5"), 2, "whole number"),
    ]


@pytest.mark.slow  # runs the realtalk command 25 times
def test_every_bad_path_gives_one_clear_line(history, tmp_path):
    for args, returncode, words in _cases(tmp_path):
        result = run_realtalk(*args, data_dir=history)
        line = assert_one_clear_line(result, returncode)
        assert words in line, (args, line)
    assert run_realtalk("sessions", data_dir=history).stdout.count("messed-up") == 5, "nothing was changed"


@pytest.mark.parametrize("folder", ["/dev/null", "/proc/self/realtalk", "/sys/realtalk", "FILE"])
def test_a_data_folder_from_the_environment_is_checked_too(folder, tmp_path):
    if folder == "FILE":
        folder = str(tmp_path / "plain-file")
        Path(folder).write_text("x")
    for args in (("sessions",), ("progress",), ("export",), ("forget", "--all", "--yes")):
        line = assert_one_clear_line(run_realtalk(*args, data_dir=Path(folder)), 1)
        assert folder.split("/")[1] in line, line
    if folder.startswith("/proc"):
        assert not Path(folder).exists()


def test_numbers_are_range_checked_by_the_parser(capsys):
    from assistant.cli import build_parser

    parser = build_parser()
    for args in (["practice", "--end-silence-ms", "-700"], ["show", "-1"], ["forget", "0"],
                 ["show", str(SQLITE_MAX + 1)], ["practice", "--stt-threads", "-2"]):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(args)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "must be between" in err and any(line.startswith("realtalk:") for line in err.splitlines()), err
    options = parser.parse_args(["practice", "--end-silence-ms", "900", "--barge-in-ms", "0", "--stt-threads", "4"])
    assert (options.end_silence_ms, options.barge_in_ms, options.stt_threads) == (900, 0, 4)
    assert parser.parse_args(["show", str(SQLITE_MAX)]).id == SQLITE_MAX
    assert parser.parse_args(["forget", "1", "2", "--yes"]).ids == [1, 2]


# ---------------------------------------------------------------------- read-only data folder


@pytest.fixture
def read_only(tmp_path):
    """Make a folder read-only for this process, and writable again afterwards.

    Tests run as root, and root ignores file modes, so for root the folder is made immutable
    (``chattr +i``: no file in it can be created, renamed or deleted, even by root); other users
    get ``chmod 0500``. Skips where neither works (no chattr, or a filesystem without attributes)."""
    locked: list[Path] = []

    def lock(folder: Path) -> Path:
        if os.geteuid() != 0:
            folder.chmod(0o500)
        else:
            chattr = shutil.which("chattr")
            if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
                pytest.skip("needs chattr +i (root ignores file modes) on this filesystem")
        locked.append(folder)
        probe = folder / "probe"
        with pytest.raises(OSError):
            probe.write_text("x")
        return folder

    yield lock
    for folder in locked:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o700)


def test_a_read_only_data_folder_is_reported_as_read_only(history, read_only):
    before = (history / "history.db").read_bytes()
    read_only(history)
    for args in (("sessions",), ("show", "1"), ("export",), ("progress",), ("forget", "1", "--yes")):
        line = assert_one_clear_line(run_realtalk(*args, data_dir=history), 1)
        assert "read-only" in line and str(history) in line, line
        assert "damaged" not in line and "mv " not in line and "not a readable database" not in line, line
    assert (history / "history.db").read_bytes() == before


def test_practice_reports_a_read_only_data_folder_before_it_starts(tmp_path, read_only, monkeypatch):
    from assistant.history.recorder import open_history
    from assistant.history.store import StoreError

    data_dir = tmp_path / "fresh"
    data_dir.mkdir(mode=0o700)
    read_only(data_dir)
    monkeypatch.setenv("REALTALK_DATA_DIR", str(data_dir))
    with pytest.raises(StoreError, match="read-only") as error:
        open_history(str(data_dir))
    assert str(data_dir) in str(error.value) and "damaged" not in str(error.value)
