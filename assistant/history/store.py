"""The practice history: one SQLite file in the data folder, written turn by turn.

Every write commits at once in WAL mode with ``synchronous=FULL``, so a crash or a
``kill -9`` loses at most the turn in flight. The schema carries its version in
``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a database from version i to i + 1.
A database that fails ``PRAGMA quick_check`` (or is not SQLite at all) is reported
with its path and what to do, and never written to.

Tables (version 2):

* ``sessions``: id, started_at / ended_at (ISO 8601, UTC; ended_at NULL while running or
  after a crash), scenario, partner (the scenario's partner role), rasa_sender_id (the
  Rasa conversation, so ``forget`` can delete its tracker rows), input_mode (voice|text),
  ending (warm|neutral|cold|stopped), opening and debrief (JSON lists of [speaker, text]),
  notes (version 2: JSON list of the dialogue's per-turn notes, ``dialogue.coaching.debrief.TurnNote``,
  the turns its debrief counts; updated every turn).
* ``turns``: session_id, turn_index (1-based), ended_at, source (voice|text), transcript,
  analysis (JSON: the fields of ``realtalk analyze``), replies (JSON list of [speaker,
  text]), speech_s / speaking_s (audio length, speaking time), stt_s / dialogue_s (how
  long transcription and the dialogue took), audio_path (only with ``--keep-audio``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from assistant.datadir import private_dir, private_file, secure

Line = tuple[str, str]
"""(speaker, text): "partner", "coach" or "you", and what they said."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            scenario TEXT,
            partner TEXT,
            rasa_sender_id TEXT,
            input_mode TEXT NOT NULL,
            ending TEXT,
            opening TEXT NOT NULL DEFAULT '[]',
            debrief TEXT NOT NULL DEFAULT '[]'
        )""",
        """CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            turn_index INTEGER NOT NULL,
            ended_at TEXT NOT NULL,
            source TEXT NOT NULL,
            transcript TEXT NOT NULL,
            analysis TEXT NOT NULL,
            replies TEXT NOT NULL,
            speech_s REAL,
            speaking_s REAL,
            stt_s REAL,
            dialogue_s REAL,
            audio_path TEXT,
            UNIQUE (session_id, turn_index)
        )""",
    ),
    ("ALTER TABLE sessions ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'",),
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(RuntimeError):
    """The history cannot be used; the message says why and what to do."""


class CorruptStore(StoreError):
    """The history file is damaged or not a realtalk database."""


SQLITE_INTEGER_MAX = 2**63 - 1
"""The largest id SQLite stores (a signed 64-bit integer)."""


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class StoredTurn:
    """One user turn as written: what was said, its analysis, the replies and timings."""

    ended_at: str
    source: str
    transcript: str
    analysis: dict
    replies: tuple[Line, ...]
    speech_s: float | None = None
    speaking_s: float | None = None
    stt_s: float | None = None
    dialogue_s: float | None = None
    audio_path: str | None = None


@dataclass(frozen=True)
class StoredSession:
    """One session as read back; ``turns`` is filled only by ``HistoryStore.session``."""

    id: int
    started_at: str
    ended_at: str | None
    scenario: str | None
    partner: str | None
    rasa_sender_id: str | None
    input_mode: str
    ending: str | None
    opening: tuple[Line, ...]
    debrief: tuple[Line, ...]
    turn_count: int
    turns: tuple[StoredTurn, ...] = field(default=())
    notes: tuple[dict, ...] = field(default=())
    """The dialogue's notes of the turns its debrief counts (``dialogue.coaching.debrief.TurnNote`` as JSON)."""

    @property
    def outcome(self) -> str:
        """How it ended: warm, neutral, cold, stopped, or interrupted (no end recorded)."""
        if self.ended_at is None:
            return "interrupted"
        return self.ending or "stopped"


class HistoryStore:
    """The open history database. Use ``HistoryStore.open``; close it (or use ``with``)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: Path, create: bool = True) -> HistoryStore | None:
        """Open (and when ``create``, create or migrate) the history; None if absent and not ``create``.

        A read-only data folder or history file, a locked history and a damaged one each raise a
        ``StoreError`` (``CorruptStore`` for the last) saying so; nothing is changed then."""
        if not path.exists() and not create:
            return None
        read_only = _read_only(path)
        if read_only:
            raise read_only
        if create:
            try:
                private_dir(path.parent)
                if not path.exists():
                    private_file(path)
            except OSError as error:
                raise _read_only(path) or StoreError(
                    f"cannot create the practice history {path}: {error.strerror or error}"
                ) from error
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=10)
        except sqlite3.Error as error:
            raise _operational_error(path, error) from error
        try:
            _check(path, connection)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer realtalk (schema {version}, this one reads up to "
                    f"{SCHEMA_VERSION}). Update realtalk; the file is left as it is."
                )
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "secure_delete=ON"):
                connection.execute(f"PRAGMA {pragma}")
            _migrate(connection, version)
        except sqlite3.OperationalError as error:
            connection.close()
            raise _operational_error(path, error) from error
        except BaseException:
            connection.close()
            raise
        secure(path)
        return cls(path, connection)

    def close(self) -> None:
        self._db.close()
        secure(self.path)

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def start_session(self, *, scenario: str | None, partner: str | None, rasa_sender_id: str | None,
                      input_mode: str, started_at: str | None = None) -> int:
        cursor = self._db.execute(
            "INSERT INTO sessions (started_at, scenario, partner, rasa_sender_id, input_mode) VALUES (?, ?, ?, ?, ?)",
            (started_at or now(), scenario, partner, rasa_sender_id, input_mode),
        )
        secure(self.path)  # the first write creates the -wal and -shm files
        return int(cursor.lastrowid)

    def set_opening(self, session_id: int, opening: Iterable[Line]) -> None:
        self._db.execute("UPDATE sessions SET opening = ? WHERE id = ?", (_lines_json(opening), session_id))

    def set_scenario(self, session_id: int, scenario: str | None, partner: str | None) -> None:
        self._db.execute("UPDATE sessions SET scenario = ?, partner = ? WHERE id = ?", (scenario, partner, session_id))

    def set_notes(self, session_id: int, notes: Iterable[dict]) -> None:
        self._db.execute("UPDATE sessions SET notes = ? WHERE id = ?", (json.dumps(list(notes)), session_id))

    def add_turn(self, session_id: int, turn: StoredTurn) -> int:
        """Append a turn (committed when this returns); returns its 1-based index."""
        with self._transaction():
            index = self._db.execute(
                "SELECT COALESCE(MAX(turn_index), 0) + 1 FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            self._db.execute(
                "INSERT INTO turns (session_id, turn_index, ended_at, source, transcript, analysis, replies, "
                "speech_s, speaking_s, stt_s, dialogue_s, audio_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, index, turn.ended_at, turn.source, turn.transcript, json.dumps(turn.analysis),
                 _lines_json(turn.replies), turn.speech_s, turn.speaking_s, turn.stt_s, turn.dialogue_s,
                 turn.audio_path),
            )
        return int(index)

    def finish_session(self, session_id: int, *, ending: str | None, debrief: Iterable[Line],
                       ended_at: str | None = None) -> None:
        self._db.execute(
            "UPDATE sessions SET ended_at = ?, ending = ?, debrief = ? WHERE id = ?",
            (ended_at or now(), ending, _lines_json(debrief), session_id),
        )

    def mark_ended(self, session_id: int, ended_at: str | None = None) -> None:
        """Stamp the end of a session that stopped without a debrief (Ctrl-C, an error)."""
        self._db.execute(
            "UPDATE sessions SET ended_at = COALESCE(ended_at, ?) WHERE id = ?", (ended_at or now(), session_id)
        )

    def delete_sessions(self, ids: Iterable[int],
                        before_commit: Callable[[list[StoredSession]], object] | None = None) -> list[StoredSession]:
        """Delete these sessions and their turns for good, all or nothing; returns what was deleted (with turns).

        ``before_commit(deleted)`` runs once the rows are deleted but not yet committed, with the
        history's write lock held: if it raises, the deletion is rolled back and nothing is deleted
        here either (``realtalk forget`` deletes Rasa's rows and the recordings there)."""
        ids = list(ids)
        try:
            with self._transaction():
                deleted = [s for s in (self.session(i) for i in ids) if s is not None]
                for stored in deleted:
                    self._db.execute("DELETE FROM sessions WHERE id = ?", (stored.id,))
                if before_commit is not None:
                    before_commit(deleted)
        except sqlite3.OperationalError as error:
            raise _operational_error(self.path, error) from error
        # secure_delete zeroed the pages; fold the WAL (which held the old pages) back in and empty it.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    # ------------------------------------------------------------------ reading

    def sessions(self) -> list[StoredSession]:
        """Every session, oldest first, without turns (``turn_count`` is set)."""
        rows = self._db.execute(
            f"SELECT {_SESSION_COLUMNS}, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) "
            "FROM sessions s ORDER BY s.started_at, s.id"
        ).fetchall()
        return [_session(row) for row in rows]

    def session(self, session_id: int) -> StoredSession | None:
        """One session with its turns, or None."""
        row = self._db.execute(
            f"SELECT {_SESSION_COLUMNS}, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) "
            "FROM sessions s WHERE s.id = ?", (session_id,)
        ).fetchone()
        if row is None:
            return None
        turns = self._db.execute(
            "SELECT ended_at, source, transcript, analysis, replies, speech_s, speaking_s, stt_s, dialogue_s, "
            "audio_path FROM turns WHERE session_id = ? ORDER BY turn_index", (session_id,)
        ).fetchall()
        return _session(row, tuple(_turn(t) for t in turns))

    def all_sessions(self) -> list[StoredSession]:
        """Every session with its turns, oldest first."""
        return [s for s in (self.session(summary.id) for summary in self.sessions()) if s is not None]

    def _transaction(self):
        return _Transaction(self._db)


_SESSION_COLUMNS = (
    "s.id, s.started_at, s.ended_at, s.scenario, s.partner, s.rasa_sender_id, s.input_mode, "
    "s.ending, s.opening, s.debrief, s.notes"
)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on an error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *rest) -> None:
        if exc_type is None:
            try:
                self._db.execute("COMMIT")
                return
            except BaseException:
                if self._db.in_transaction:  # a COMMIT that failed (busy) leaves the transaction open
                    self._db.execute("ROLLBACK")
                raise
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")


def _read_only(path: Path) -> StoreError | None:
    """A ``StoreError`` naming the folder (or file) when the history cannot be written there, else None.

    SQLite writes beside the database even to read it (the -wal and -shm files), so a read-only
    data folder is refused for every command, before anything is opened."""
    folder = path.parent
    advice = ("realtalk has not changed anything. Make it writable again, or copy the folder somewhere "
              "writable and pass that with --data-dir")
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return StoreError(
            f"the data folder {folder} is read-only, and realtalk needs to write there even to read the "
            f"practice history {path.name} (SQLite keeps its -wal and -shm files beside it). {advice}."
        )
    if path.is_file() and not os.access(path, os.R_OK | os.W_OK):
        return StoreError(f"the practice history {path} is read-only (in the data folder {folder}). {advice}.")
    return None


def _operational_error(path: Path, error: sqlite3.Error) -> StoreError:
    """What SQLite's "locked", "read-only" and "unable to open" mean for the user (none of them is damage)."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"the practice history {path} is in use by another program (is another realtalk running?) "
            f"({text}); try again when it has finished"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        read_only = _read_only(path)
        if read_only:
            return read_only
        if "unable to open" in text:
            return StoreError(
                f"cannot open the practice history {path} ({text}): check that you may read and write the data "
                f"folder {path.parent} and the files in it"
            )
        return StoreError(
            f"the practice history {path} is read-only ({text}); the data folder {path.parent} or the file "
            "cannot be written. realtalk has not changed anything"
        )
    return StoreError(f"could not use the practice history {path}: {text}")


def _check(path: Path, connection: sqlite3.Connection) -> None:
    advice = (
        "realtalk has not changed it. To keep practising with a fresh history, move it aside "
        f"(mv '{path}' '{path}.damaged'), or restore it from a backup. "
        f"To try to rescue its rows: sqlite3 '{path}' .recover"
    )
    try:
        result = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.OperationalError as error:
        if not _is_damage(error):
            raise
        raise CorruptStore(f"the practice history {path} is not a readable database ({error}). {advice}") from error
    except sqlite3.DatabaseError as error:
        raise CorruptStore(f"the practice history {path} is not a readable database ({error}). {advice}") from error
    if result != ["ok"]:
        raise CorruptStore(f"the practice history {path} is damaged ({'; '.join(result[:3])}). {advice}")


def _is_damage(error: sqlite3.OperationalError) -> bool:
    """Whether an OperationalError of the check means a damaged file, not a locked or read-only one."""
    text = str(error)
    return not any(words in text for words in ("locked", "busy", "readonly", "read-only", "unable to open"))


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with _Transaction(connection):
            for statement in MIGRATIONS[target - 1]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")


def _lines_json(lines: Iterable[Line]) -> str:
    return json.dumps([[speaker, text] for speaker, text in lines])


def _lines(text: str) -> tuple[Line, ...]:
    return tuple((speaker, line) for speaker, line in json.loads(text or "[]"))


def _session(row: tuple, turns: tuple[StoredTurn, ...] = ()) -> StoredSession:
    (id_, started, ended, scenario, partner, sender, mode, ending, opening, debrief, notes, count) = row
    return StoredSession(id_, started, ended, scenario, partner, sender, mode, ending,
                         _lines(opening), _lines(debrief), count, turns, tuple(json.loads(notes or "[]")))


def _turn(row: tuple) -> StoredTurn:
    ended, source, transcript, analysis, replies, speech, speaking, stt, dialogue, audio = row
    return StoredTurn(ended, source, transcript, json.loads(analysis), _lines(replies),
                      speech, speaking, stt, dialogue, audio)
