"""Files realtalk writes outside its database (``export --out``, ``progress --html``, ``--keep-audio``
WAVs) are private: always a fresh 0600 file put in place whole, never through a symbolic link,
and never over realtalk's own files in the data folder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from assistant.datadir import PrivatePathError, write_private
from tests.history_data import write_history
from tests.test_cli_errors import assert_one_clear_line, run_realtalk


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def history(tmp_path) -> Path:
    data_dir = tmp_path / "realtalk"
    write_history(data_dir)
    return data_dir


def _write(kind: str, data_dir: Path, target: Path):
    args = ("export", "--out", str(target)) if kind == "export" else ("progress", "--html", str(target))
    return run_realtalk(*args, data_dir=data_dir)


@pytest.mark.parametrize("kind", ["export", "progress"])
def test_an_existing_readable_file_is_replaced_by_a_private_one(kind, history, tmp_path):
    target = tmp_path / "shared" / "out.txt"
    target.parent.mkdir()
    target.write_text("old contents, readable by everyone\n")
    target.chmod(0o644)
    result = _write(kind, history, target)
    assert result.returncode == 0, result.stderr
    assert mode(target) == 0o600
    text = target.read_text()
    assert "old contents" not in text and ("messed-up" in text)
    if kind == "export":
        assert len(json.loads(text)["sessions"]) == 5
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.txt"], "no temporary file is left behind"


@pytest.mark.parametrize("kind", ["export", "progress"])
def test_a_planted_symlink_is_never_followed(kind, history, tmp_path):
    victim = tmp_path / "home" / "notes.txt"  # a private file of the user's
    victim.parent.mkdir()
    victim.write_text("my own notes\n")
    victim.chmod(0o600)
    shared = tmp_path / "shared"
    shared.mkdir()
    link = shared / "report.txt"
    link.symlink_to(victim)
    line = assert_one_clear_line(_write(kind, history, link), 1)
    assert "symbolic link" in line and str(link) in line, line
    assert victim.read_text() == "my own notes\n" and mode(victim) == 0o600
    assert link.is_symlink() and sorted(p.name for p in shared.iterdir()) == ["report.txt"]

    dangling = shared / "new.txt"  # a link to a file that does not exist yet is not followed either
    dangling.symlink_to(tmp_path / "home" / "created-by-the-link")
    assert_one_clear_line(_write(kind, history, dangling), 1)
    assert not (tmp_path / "home" / "created-by-the-link").exists()


@pytest.mark.parametrize("kind", ["export", "progress"])
@pytest.mark.parametrize("name", ["history.db", "history.db-wal", "history.db-journal", "rasa-tracker.db",
                                  "rasa-tracker.db-shm", "new-file.json", "audio/session-1-turn-1.wav"])
def test_nothing_is_written_inside_the_data_folder(kind, name, history):
    (history / "audio").mkdir(mode=0o700, exist_ok=True)
    before = {p: p.read_bytes() for p in history.rglob("*") if p.is_file()}
    line = assert_one_clear_line(_write(kind, history, history / name), 1)
    assert "data folder" in line and str(history) in line, line
    assert {p: p.read_bytes() for p in history.rglob("*") if p.is_file()} == before
    assert run_realtalk("sessions", data_dir=history).stdout.count("messed-up") == 5


def test_the_data_folder_is_recognised_through_a_link_or_dots(history, tmp_path):
    alias = tmp_path / "alias"
    alias.symlink_to(history, target_is_directory=True)
    for target in (alias / "history.db", history / "audio" / ".." / "history.db", tmp_path / "realtalk" / "x.json"):
        line = assert_one_clear_line(_write("export", history, target), 1)
        assert "data folder" in line, line
    assert run_realtalk("sessions", data_dir=history).returncode == 0


def test_write_private_replaces_whole_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    old_umask = os.umask(0)
    try:
        write_private(target, "first\n")
    finally:
        os.umask(old_umask)
    assert target.read_text() == "first\n" and mode(target) == 0o600
    target.chmod(0o666)
    write_private(target, b"second\n")
    assert target.read_bytes() == b"second\n" and mode(target) == 0o600

    def no_space(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(PrivatePathError, match="No space left"):
        write_private(target, "third\n")
    assert target.read_bytes() == b"second\n", "a failed write leaves the old file whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_write_private_refuses_what_it_cannot_write_safely(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "folder")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for target, words in ((tmp_path / "missing" / "x", "does not exist"), (tmp_path / "folder", "is a folder"),
                          (tmp_path / "link", "symbolic link"), (data_dir / "x", "data folder"),
                          (data_dir, "data folder"), (Path("/dev/null"), "not a regular file")):
        with pytest.raises(PrivatePathError, match=words):
            write_private(target, "x", data_dir=data_dir)
    assert sorted(p.name for p in data_dir.iterdir()) == []


def test_a_kept_recording_never_follows_a_link(tmp_path):
    from assistant.history.recorder import SessionRecorder
    from assistant.history.store import HistoryStore, StoreError
    from audio.speech import Clip

    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    with HistoryStore.open(tmp_path / "data" / "history.db") as store:
        recorder = SessionRecorder(store, tmp_path / "data", "voice", keep_audio=True)
        recorder.opened("messed-up", "realtalk-link", ())
        audio = tmp_path / "data" / "audio"
        audio.mkdir(mode=0o700)
        (audio / "session-1-turn-1.wav").symlink_to(victim)
        clip = Clip(np.zeros(1600, dtype=np.float32))
        with pytest.raises(StoreError, match="symbolic link"):
            recorder.keep_clip(clip)
        assert victim.read_text() == "mine\n"
        (audio / "session-1-turn-1.wav").unlink()
        (audio / "session-1-turn-1.wav").write_bytes(b"a stale recording")  # replaced whole, 0600
        (audio / "session-1-turn-1.wav").chmod(0o644)
        recorder.keep_clip(clip)
        wav = audio / "session-1-turn-1.wav"
        assert wav.read_bytes()[:4] == b"RIFF" and mode(wav) == 0o600
        assert sorted(p.name for p in audio.iterdir()) == ["session-1-turn-1.wav"]
