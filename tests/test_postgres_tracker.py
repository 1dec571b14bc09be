"""Rasa's dialogue state in PostgreSQL, set up as the README says ("Dialogue state in PostgreSQL").

A real server (``tests/postgres_harness.py``: Debian's postgresql, a throwaway cluster), the real
model and action server, and the real ``realtalk`` command with ``REALTALK_ENDPOINTS`` naming an
endpoints file whose ``tracker_store`` block is the README's, its port changed to the test server's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.realtalk_process import PROJECT_DIR, RealtalkProcess

TEXT = {"source": "text", "duration_s": 0.0, "words": []}
TURNS = (
    "I'm sorry, I forgot. That's on me.",
    "I feel awful that you waited. How did that feel for you?",
)
OTHER = "realtalk-someone-else"
"""A conversation that is not forgotten: its rows stay."""


def readme_block() -> str:
    """The ``tracker_store`` block the README's "Dialogue state in PostgreSQL" paragraph shows."""
    text = (Path(PROJECT_DIR) / "README.md").read_text()
    section = text[text.index("**Dialogue state in PostgreSQL.**"):]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, "the README shows the block as YAML"
    return match.group(1)


@pytest.fixture(scope="module")
def endpoints(postgres_server, tmp_path_factory):
    """The README's block in an endpoints file (the test server's port), its password in the environment."""
    block = readme_block()
    assert block.count("port: 5432") == 1 and "${REALTALK_DB_PASSWORD}" in block, block
    path = tmp_path_factory.mktemp("pg-endpoints") / "endpoints.yml"
    path.write_text(block.replace("port: 5432", f"port: {postgres_server.port}"))
    previous = os.environ.get("REALTALK_DB_PASSWORD")
    os.environ["REALTALK_DB_PASSWORD"] = postgres_server.password  # RasaPartner, in process, reads it
    yield path
    if previous is None:
        os.environ.pop("REALTALK_DB_PASSWORD", None)
    else:
        os.environ["REALTALK_DB_PASSWORD"] = previous


def realtalk(data_dir: Path, *args: str, env: dict | None = None, unset: tuple[str, ...] = (),
             timeout_s: float = 120) -> subprocess.CompletedProcess:
    """``realtalk ARGS --data-dir DATA_DIR``, with ``env`` added to this environment and ``unset`` taken out."""
    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args, "--data-dir", str(data_dir)], cwd=PROJECT_DIR,
        capture_output=True, text=True, timeout=timeout_s, stdin=subprocess.DEVNULL,
        env={key: value for key, value in environment.items() if key not in unset},
    )


def rows(server, sender_id: str) -> list[tuple[str, dict]]:
    """The conversation's events in PostgreSQL: (type, event)."""
    with server.connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender_id,))
        found = [(kind, json.loads(data)) for kind, data in cursor.fetchall()]
    connection.close()
    return found


def said(events: list[tuple[str, dict]]) -> list[str]:
    return [event.get("text") for kind, event in events if kind == "user"]


@pytest.mark.slow  # imports Rasa
def test_the_url_is_built_as_rasa_builds_it():
    from rasa.core.tracker_store import SQLTrackerStore
    from sqlalchemy.engine import make_url

    from assistant.rasa.tracker import _database_url

    for block in (
        {"dialect": "postgresql", "url": "localhost", "port": 5432, "db": "realtalk", "username": "realtalk",
         "password": "p@ss:/'\""},
        {"dialect": "postgresql", "url": "db.example:6543", "port": 5432, "db": "realtalk", "username": "realtalk"},
        {"dialect": "postgresql", "url": "/var/run/postgresql", "db": "realtalk", "username": "realtalk"},
        {"dialect": "postgresql", "url": "postgresql://realtalk:secret@localhost:5433/realtalk"},
        {"dialect": "postgresql", "db": "realtalk", "query": {"host": "/var/run/postgresql", "sslmode": "disable"}},
    ):
        ours = _database_url(block)
        rasas = SQLTrackerStore.get_db_url(host=block.get("url"), **{k: v for k, v in block.items() if k != "url"})
        rasas = make_url(rasas) if isinstance(rasas, str) else rasas
        assert ours.render_as_string(hide_password=False) == rasas.render_as_string(hide_password=False), block


@pytest.mark.slow
def test_a_roleplay_is_kept_in_postgresql_and_carries_on(trained_model, action_server, postgres_server, endpoints):
    from assistant.rasa.partner import RasaPartner
    from assistant.rasa.tracker import read_tracker_config

    config = read_tracker_config(endpoints)
    assert config is not None and config.is_sql and config.sqlite_path is None
    assert config.options["password"] == postgres_server.password
    sender = "realtalk-pgtest01"
    with RasaPartner(trained_model, action_server.url, endpoints_file=endpoints, sender_id=sender) as partner:
        store = partner._agent.tracker_store  # Rasa wraps it in a FailSafeTrackerStore
        assert type(getattr(store, "_tracker_store", store)).__name__ == "SQLTrackerStore"
        partner.open("messed-up")
        first = partner.respond(TURNS[0], TEXT)
        assert first.replies[0].speaker == "partner"
        assert partner.slots()["roleplay_active"] is True and len(partner.slots()["turns"]) == 1
    stored = rows(postgres_server, sender)
    assert said(stored)[-1] == TURNS[0], said(stored)
    assert any(kind == "slot" and event.get("name") == "scenario" and event.get("value") == "messed-up"
               for kind, event in stored)

    with RasaPartner(trained_model, action_server.url, endpoints_file=endpoints, sender_id=sender) as again:
        slots = again.slots()  # read back from PostgreSQL by a new agent
        assert slots["scenario"] == "messed-up" and slots["roleplay_active"] is True and len(slots["turns"]) == 1
        second = again.respond(TURNS[1], TEXT)
        assert [r.speaker for r in second.replies][0] == "partner", second.replies
        assert len(again.slots()["turns"]) == 2, "the second turn follows the first"
    assert said(rows(postgres_server, sender))[-2:] == list(TURNS)


@pytest.fixture(scope="module")
def recorded(trained_model, postgres_server, endpoints, tmp_path_factory):
    """``realtalk practice`` with REALTALK_ENDPOINTS: the history in the data folder, Rasa's state in PostgreSQL."""
    data_dir = tmp_path_factory.mktemp("pg-history") / "realtalk"
    process = RealtalkProcess("practice", "--text", "--mute", "--scenario", "messed-up", "--data-dir", str(data_dir),
                              env={"REALTALK_ENDPOINTS": str(endpoints)}, stdin=subprocess.PIPE)
    process.process.stdin.write("".join(f"{turn}\n" for turn in (*TURNS, "stop")))
    process.process.stdin.close()
    try:
        assert process.finish(timeout_s=240) == 0, process.transcript()
    finally:
        process.kill()
    return data_dir


@pytest.mark.slow
def test_forget_deletes_the_conversation_from_postgresql_all_or_nothing(postgres_server, endpoints, recorded):
    data_dir = recorded
    assert not (data_dir / "rasa-tracker.db").exists(), "the state went to PostgreSQL, not SQLite"
    env = {"REALTALK_ENDPOINTS": str(endpoints)}
    exported = realtalk(data_dir, "export", env=env)
    assert exported.returncode == 0, exported.stderr
    sender = json.loads(exported.stdout)["sessions"][0]["rasa_sender_id"]
    assert said(rows(postgres_server, sender))[-3:] == [*TURNS, "stop"]
    with postgres_server.connect() as connection, connection.cursor() as cursor:
        cursor.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s, 'user', 0, %s)",
                       (OTHER, json.dumps({"text": "kept"})))
    connection.close()
    before = len(rows(postgres_server, sender))
    assert sender.encode() in postgres_server.table_file("events").read_bytes()

    def untouched() -> None:
        assert len(rows(postgres_server, sender)) == before and said(rows(postgres_server, OTHER)) == ["kept"]
        listing = realtalk(data_dir, "sessions", env=env).stdout.splitlines()
        assert len(listing) == 2 and listing[1].split()[0] == "1", listing

    unset = realtalk(data_dir, "forget", "1", "--yes", env=env, unset=("REALTALK_DB_PASSWORD",))
    assert unset.returncode == 1 and "Traceback" not in unset.stderr, unset.stderr
    assert str(endpoints) in unset.stderr and "${REALTALK_DB_PASSWORD}" in unset.stderr, unset.stderr
    untouched()

    wrong = realtalk(data_dir, "forget", "1", "--yes", env={**env, "REALTALK_DB_PASSWORD": "not-the-password"})
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr, wrong.stderr
    assert "password authentication failed" in wrong.stderr and "Nothing was deleted" in wrong.stderr, wrong.stderr
    assert "run `realtalk forget 1` again" in wrong.stderr
    untouched()

    holder = postgres_server.connect()  # Rasa (or anything else) holding the table
    holder.cursor().execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
    try:
        locked = realtalk(data_dir, "forget", "1", "--yes", env=env, timeout_s=60)
    finally:
        holder.rollback()
        holder.close()
    assert locked.returncode == 1 and "Traceback" not in locked.stderr, locked.stderr
    message = [line for line in locked.stderr.splitlines() if line.startswith("realtalk:")]
    assert len(message) == 1 and "locked" in message[0] and "Nothing was deleted" in message[0], locked.stderr
    assert f"postgresql database realtalk on localhost:{postgres_server.port}" in message[0]
    untouched()

    forgot = realtalk(data_dir, "forget", "1", "--yes", env=env)
    assert forgot.returncode == 0, forgot.stderr
    assert f"Deleted 1 session(s), 0 recording(s) and {before} dialogue-state row(s)." in forgot.stdout
    assert rows(postgres_server, sender) == []
    assert said(rows(postgres_server, OTHER)) == ["kept"], "another conversation's rows are kept"
    assert "No practice sessions yet" in realtalk(data_dir, "sessions", env=env).stdout
    assert not (data_dir / "rasa-tracker.db").exists()
    table = postgres_server.table_file("events").read_bytes()  # the words are gone from the file, not just unlinked
    assert sender.encode() not in table and OTHER.encode() in table


@pytest.mark.slow
def test_practice_reports_a_refused_login_or_a_missing_server_before_loading_rasa(
        trained_model, postgres_server, endpoints, tmp_path):
    nowhere = tmp_path / "nowhere.yml"  # the same block, one port up, where no server listens
    nowhere.write_text(endpoints.read_text().replace(f"port: {postgres_server.port}", f"port: {postgres_server.port + 1}"))
    for file, password, reason, port in (
        (endpoints, "not-the-password", "password authentication failed", postgres_server.port),
        (nowhere, postgres_server.password, "Connection refused", postgres_server.port + 1),
    ):
        result = realtalk(tmp_path / "realtalk", "practice", "--text", "--mute", "--scenario", "messed-up",
                          env={"REALTALK_ENDPOINTS": str(file), "REALTALK_DB_PASSWORD": password})
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert reason in result.stderr and "Loading the dialogue model" not in result.stderr, result.stderr
        assert f"postgresql database realtalk on localhost:{port}" in result.stderr, result.stderr


def test_a_missing_endpoints_file_is_reported(tmp_path):
    from tests.history_data import write_history

    write_history(tmp_path)
    missing = tmp_path / "no-such-endpoints.yml"
    result = realtalk(tmp_path, "forget", "1", "--yes", env={"REALTALK_ENDPOINTS": str(missing)})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(missing) in result.stderr and "REALTALK_ENDPOINTS" in result.stderr, result.stderr
    assert len(realtalk(tmp_path, "sessions").stdout.splitlines()) == 6, "nothing was deleted"
