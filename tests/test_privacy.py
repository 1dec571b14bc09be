"""Privacy: no network listeners but the local action server, audio only when asked, private files."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from assistant.history.recorder import SessionRecorder
from assistant.history.store import SCHEMA_VERSION, HistoryStore, StoreError
from audio.speech import Clip
from tests.realtalk_process import RealtalkProcess

LISTEN, UDP_UNCONNECTED = "0A", "07"


def _process_tree(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError):
                pass
    tree, grew = {root}, True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return tree


def _socket_inodes(pids: set[int]) -> set[str]:
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            pass
    return inodes


def _address(hex_address: str) -> str:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        return f"{socket.inet_ntop(socket.AF_INET, raw[::-1])}:{int(port, 16)}"
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return f"[{socket.inet_ntop(socket.AF_INET6, words)}]:{int(port, 16)}"


def listening_sockets(pids: set[int]) -> list[str]:
    """Every TCP listener and unconnected UDP socket the processes hold, as "proto address"."""
    inodes, found = _socket_inodes(pids), []
    for proto in ("tcp", "tcp6", "udp", "udp6"):
        for line in Path(f"/proc/net/{proto}").read_text().splitlines()[1:]:
            fields = line.split()
            listening = fields[3] == (LISTEN if proto.startswith("tcp") else UDP_UNCONNECTED)
            if listening and fields[9] in inodes:
                found.append(f"{proto} {_address(fields[1])}")
    return found


@pytest.mark.slow
def test_a_running_session_listens_on_no_network_socket(trained_model, tmp_path):
    process = RealtalkProcess("practice", "--text", "--mute", "--scenario", "messed-up",
                              env={"REALTALK_DATA_DIR": str(tmp_path / "data")}, stdin=subprocess.PIPE)
    try:
        process.wait_for("^partner: ", timeout_s=180)  # models loaded, action server up, waiting for a turn
        sockets = listening_sockets(_process_tree(process.process.pid))
    finally:
        process.kill()
    assert sockets == [], sockets  # the action server is on a private Unix socket


def test_keep_audio_stores_a_private_wav_and_forget_removes_it(tmp_path):
    from tests.test_history import realtalk

    with HistoryStore.open(tmp_path / "history.db") as store:
        recorder = SessionRecorder(store, tmp_path, "voice", keep_audio=True)
        recorder.opened("messed-up", "realtalk-audio1", (("partner", "What happened?"),))
        clip = Clip(np.sin(np.linspace(0, 400 * np.pi, 16000)).astype(np.float32) * 0.3)
        recorder.keep_clip(clip)
        recorder.turn("I'm sorry.", {"source": "voice", "duration_s": 1.0}, (("partner", "Okay."),), "2024-05-01T10:00:00+00:00", 0.1, {},
                      {"text": "I'm sorry."})
        stored = store.session(recorder.session_id)
    wav = Path(stored.turns[0].audio_path)
    assert wav.parent == tmp_path / "audio" and stat.S_IMODE(wav.stat().st_mode) == 0o600
    assert stat.S_IMODE(wav.parent.stat().st_mode) == 0o700
    samples, rate = soundfile.read(wav)
    assert rate == 16000 and len(samples) == 16000
    assert realtalk(tmp_path, "forget", str(recorder.session_id), "--yes").returncode == 0
    assert not wav.exists()


def test_without_keep_audio_no_audio_is_written(tmp_path):
    with HistoryStore.open(tmp_path / "history.db") as store:
        recorder = SessionRecorder(store, tmp_path, "voice")
        recorder.opened("messed-up", "realtalk-audio2", ())
        recorder.keep_clip(Clip(np.zeros(1600, dtype=np.float32)))
    assert not (tmp_path / "audio").exists()


def test_the_schema_is_versioned_and_a_newer_one_is_refused(tmp_path):
    path = tmp_path / "history.db"
    HistoryStore.open(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer realtalk"):
        HistoryStore.open(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
