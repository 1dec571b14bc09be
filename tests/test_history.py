"""The practice history through the real ``realtalk`` command: recording, reading, forgetting, crashes.

Each test has its own data folder (``REALTALK_DATA_DIR``); the sessions run the real Rasa
model, action server and SQL tracker store.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.realtalk_process import PROJECT_DIR, RealtalkProcess

TURNS = (
    "I'm sorry, I forgot. That's on me.",
    "I feel awful that you waited. How did that feel for you?",
    "It was partly your fault, you never reminded me.",
)


def realtalk(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run a history command (these never load Rasa) and collect its output."""
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], cwd=PROJECT_DIR, input=stdin, capture_output=True,
        text=True, timeout=60, env={**os.environ, "REALTALK_DATA_DIR": str(data_dir), "RASA_TELEMETRY_ENABLED": "false"},
    )


def tracker_rows(data_dir: Path, sender_id: str) -> int:
    with sqlite3.connect(data_dir / "rasa-tracker.db") as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender_id,)).fetchone()[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def recorded(trained_model, tmp_path_factory):
    """A data folder holding one scripted text session, and the process that recorded it."""
    data_dir = tmp_path_factory.mktemp("history") / "realtalk"  # absent: realtalk creates it
    process = RealtalkProcess("practice", "--text", "--mute", "--scenario", "messed-up",
                              env={"REALTALK_DATA_DIR": str(data_dir)}, stdin=subprocess.PIPE)
    process.process.stdin.write("".join(f"{turn}\n" for turn in (*TURNS, "stop")))
    process.process.stdin.close()
    assert process.finish(timeout_s=240) == 0, process.transcript()
    return data_dir, process


@pytest.mark.slow
def test_a_scripted_session_is_stored_and_read_back(recorded):
    data_dir, process = recorded
    listing = realtalk(data_dir, "sessions")
    assert listing.returncode == 0, listing.stderr
    row = listing.stdout.splitlines()[1].split()
    assert row[0] == "1" and row[3] == "messed-up" and row[4] == "4" and row[5] == "stopped", listing.stdout

    exported = realtalk(data_dir, "export", "--json")
    assert exported.returncode == 0, exported.stderr
    session = json.loads(exported.stdout)["sessions"][0]
    assert [t["transcript"] for t in session["turns"]] == [*TURNS, "stop"]
    first, second, third = session["turns"][:3]
    assert first["analysis"]["apology"] == "owned" and not first["analysis"]["blame"]
    assert second["analysis"]["questions_to_partner"] == 1 and second["analysis"]["i_statements"] >= 1
    assert third["analysis"]["blame"] is True
    assert all(t["dialogue_s"] > 0 and t["ended_at"] and t["source"] == "text" for t in session["turns"])
    printed_partner = [line for line in process.said("partner")]
    stored_partner = [text for speaker, text in
                      ((r["speaker"], r["text"]) for r in session["opening"] + sum((t["replies"] for t in session["turns"]), []))
                      if speaker == "partner"]
    assert stored_partner == printed_partner
    after_stop = [line for name, line in process.lines if name == "stdout"]
    debrief = [line[len("coach: "):] for line in after_stop[after_stop.index("you: stop") + 1:]]
    assert session["debrief"] == debrief and debrief
    assert session["scenario"] == "messed-up" and "partner" in session and session["ended_at"]
    assert tracker_rows(data_dir, session["rasa_sender_id"]) > 0, "Rasa's state is in the SQL tracker store"

    shown = realtalk(data_dir, "show", "1")
    assert shown.returncode == 0, shown.stderr
    for turn in TURNS:
        assert f"you: {turn}" in shown.stdout
    assert all(f"partner: {line}" in shown.stdout for line in printed_partner)


@pytest.mark.slow
def test_the_data_folder_is_private(recorded):
    data_dir, _process = recorded
    assert mode(data_dir) == 0o700
    for name in ("history.db", "rasa-tracker.db"):
        assert mode(data_dir / name) == 0o600, name
    assert not (data_dir / "audio").exists(), "no audio without --keep-audio"
    out = data_dir.parent / "export.json"
    assert realtalk(data_dir, "export", "--json", "--out", str(out)).returncode == 0
    assert mode(out) == 0o600 and json.loads(out.read_text())["sessions"]


@pytest.mark.slow
def test_forget_deletes_the_session_and_its_rasa_rows(recorded, tmp_path):
    data_dir = tmp_path / "copy"
    shutil.copytree(recorded[0], data_dir)
    sender = json.loads(realtalk(data_dir, "export", "--json").stdout)["sessions"][0]["rasa_sender_id"]

    refused = realtalk(data_dir, "forget", "1", stdin="y\n")  # stdin is a pipe: no silent "yes"
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert tracker_rows(data_dir, sender) > 0 and "messed-up" in realtalk(data_dir, "sessions").stdout

    forgot = realtalk(data_dir, "forget", "1", "--yes")
    assert forgot.returncode == 0, forgot.stderr
    assert "No practice sessions yet" in realtalk(data_dir, "sessions").stdout
    assert tracker_rows(data_dir, sender) == 0
    for name in ("history.db", "rasa-tracker.db"):  # the words are gone from the files, not just unlinked rows
        assert b"That's on me" not in (data_dir / name).read_bytes(), name
    assert realtalk(data_dir, "show", "1").returncode == 1


@pytest.mark.slow
def test_a_killed_session_keeps_every_finished_turn(trained_model, tmp_path):
    data_dir = tmp_path / "realtalk"
    process = RealtalkProcess("practice", "--text", "--mute", "--scenario", "messed-up",
                              env={"REALTALK_DATA_DIR": str(data_dir)}, stdin=subprocess.PIPE)
    try:
        process.process.stdin.write("".join(f"{turn}\n" for turn in TURNS))  # no "stop": it waits for more
        process.process.stdin.flush()
        process.wait_for(f"^you: {TURNS[-1]}", timeout_s=180)
        process.wait_for("^(partner|coach): ", timeout_s=60)  # the third turn's reply is out
        assert mode(data_dir / "history.db-wal") == 0o600 and mode(data_dir / "history.db-shm") == 0o600
        children = _children(process.process.pid)
        assert children, "the action server runs as a child"
        process.process.kill()  # SIGKILL: no clean-up runs
        process.process.wait(timeout=10)
    finally:
        process.kill()
    assert _all_exit(children, timeout_s=10), "the action server dies with realtalk, even on kill -9"
    with sqlite3.connect(f"file:{data_dir / 'history.db'}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [row[0] for row in db.execute("SELECT transcript FROM turns ORDER BY turn_index")] == list(TURNS)
        assert db.execute("SELECT ended_at FROM sessions").fetchall() == [(None,)]
    listing = realtalk(data_dir, "sessions")
    assert "interrupted" in listing.stdout, listing.stdout


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _all_exit(pids: list[int], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if Path(f"/proc/{pid}").exists()
                 and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
        if not alive:
            return True
        time.sleep(0.2)
    for pid in alive:  # do not leave it running for the rest of the suite
        os.kill(pid, signal.SIGKILL)
    return False


@pytest.mark.slow
def test_a_corrupt_history_is_reported_and_left_alone(tmp_path):
    data_dir = tmp_path / "realtalk"
    data_dir.mkdir(mode=0o700)
    history = data_dir / "history.db"
    garbage = os.urandom(8192)
    history.write_bytes(garbage)
    before = history.stat()
    for args in (("sessions",), ("progress",), ("practice", "--text", "--mute", "--scenario", "messed-up")):
        result = realtalk(data_dir, *args, stdin="stop\n")
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert str(history) in result.stderr and "not a readable database" in result.stderr and "mv " in result.stderr
        assert "Traceback" not in result.stderr
    assert history.read_bytes() == garbage and history.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in data_dir.iterdir()) == ["history.db"]


def test_a_damaged_page_is_caught_by_the_check(tmp_path):
    from tests.history_data import write_history

    data_dir = tmp_path / "realtalk"
    write_history(data_dir, days=30)
    history = data_dir / "history.db"
    content = bytearray(history.read_bytes())
    assert len(content) > 3 * 4096
    content[2 * 4096:3 * 4096] = b"\xff" * 4096  # one page of the tables overwritten
    history.write_bytes(bytes(content))
    result = realtalk(data_dir, "sessions")
    assert result.returncode == 1 and str(history) in result.stderr, result.stderr
    assert history.read_bytes() == bytes(content)


@pytest.mark.slow
def test_a_corrupt_rasa_state_is_reported_before_rasa_opens_it(tmp_path):
    data_dir = tmp_path / "realtalk"
    data_dir.mkdir(mode=0o700)
    tracker = data_dir / "rasa-tracker.db"
    tracker.write_bytes(b"not a database at all" * 100)
    result = realtalk(data_dir, "practice", "--text", "--mute", "--scenario", "messed-up", stdin="stop\n")
    assert result.returncode == 1 and str(tracker) in result.stderr, result.stderr
    assert tracker.read_bytes() == b"not a database at all" * 100


def test_history_commands_do_not_load_rasa(tmp_path):
    from tests.history_data import write_history

    write_history(tmp_path)
    script = (
        "import sys\nfrom assistant.cli import main\n"
        f"for args in (['sessions'], ['show', '1'], ['export', '--json'], ['progress'], ['forget', '--all', '--yes']):\n"
        f"    assert main([*args, '--data-dir', {str(tmp_path)!r}]) == 0, args\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'tensorflow', 'rasa_sdk'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_DIR, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "REALTALK_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Deleted 5 session(s)" in result.stdout


def _fake_tracker(data_dir: Path, senders: list[str]) -> Path:
    """Rasa's SQL tracker store (the ``events`` table) with a few rows for each conversation."""
    path = data_dir / "rasa-tracker.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                   "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                   "action_name VARCHAR(255), data TEXT)")
        for sender in senders:
            for text in ("I'm sorry, I forgot. That's on me.", "How was it for you?"):
                db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', 0, ?)",
                           (sender, json.dumps({"text": text})))
    db.close()
    return path


@pytest.mark.slow  # waits out real SQLite locks
def test_forget_is_all_or_nothing_when_rasa_state_is_locked(tmp_path):
    from tests.history_data import write_history

    data_dir = tmp_path / "realtalk"
    write_history(data_dir)
    sender = json.loads(realtalk(data_dir, "export").stdout)["sessions"][0]["rasa_sender_id"]
    tracker = _fake_tracker(data_dir, [f"realtalk-test{day}" for day in range(5)])

    holder = sqlite3.connect(tracker, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # Rasa (or anything else) holding the tracker database
    try:
        failed = realtalk(data_dir, "forget", "1", "--yes")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert failed.returncode == 1, (failed.stdout, failed.stderr)
    assert "Traceback" not in failed.stderr
    message = [line for line in failed.stderr.splitlines() if line.startswith("realtalk:")]
    assert len(message) == 1, failed.stderr
    assert str(tracker) in message[0] and "locked" in message[0] and "Nothing was deleted" in message[0]
    assert "run `realtalk forget 1` again" in message[0]
    listing = realtalk(data_dir, "sessions").stdout.splitlines()
    assert listing[1].split()[0] == "1" and len(listing) == 6, "session 1 is still listed"
    assert tracker_rows(data_dir, sender) == 2

    retried = realtalk(data_dir, "forget", "1", "--yes")
    assert retried.returncode == 0, retried.stderr
    assert "Deleted 1 session(s), 0 recording(s) and 2 dialogue-state row(s)." in retried.stdout
    assert [line.split()[0] for line in realtalk(data_dir, "sessions").stdout.splitlines()[1:]] == ["2", "3", "4", "5"]
    assert tracker_rows(data_dir, sender) == 0 and tracker_rows(data_dir, "realtalk-test1") == 2
    assert b"That's on me" in tracker.read_bytes(), "the other conversations are kept"
    with sqlite3.connect(tracker) as db:
        assert b"realtalk-test0" not in b"".join(r[0].encode() for r in db.execute("SELECT sender_id FROM events"))


@pytest.mark.slow  # waits out the history's 10 s busy timeout
def test_forget_deletes_nothing_when_the_history_is_locked(tmp_path):
    from tests.history_data import write_history

    data_dir = tmp_path / "realtalk"
    write_history(data_dir)
    tracker = _fake_tracker(data_dir, ["realtalk-test0"])
    holder = sqlite3.connect(data_dir / "history.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another realtalk writing the history
    try:
        failed = realtalk(data_dir, "forget", "1", "--yes")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    assert "run `realtalk forget 1` again" in failed.stderr
    with sqlite3.connect(tracker) as db:
        assert db.execute("SELECT COUNT(*) FROM events").fetchone() == (2,), "Rasa's rows are kept too"
    assert realtalk(data_dir, "forget", "1", "--yes").returncode == 0
