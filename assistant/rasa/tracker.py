"""Rasa's dialogue state (the SQL tracker store in endpoints.yml), reached without loading Rasa.

realtalk's agent stores every conversation's events in the tracker store configured
under ``tracker_store`` in endpoints.yml: by default SQLite in the data folder
(``db: ${REALTALK_DATA_DIR}/rasa-tracker.db``). This module reads that block the way
Rasa does (``${VAR}`` expanded from the environment), prepares the SQLite file (0600,
checked for damage before Rasa opens it: Rasa would otherwise fall back to memory
silently) and deletes a conversation's rows for ``realtalk forget``: plain sqlite3 for
SQLite, SQLAlchemy (installed with Rasa) for another SQL dialect such as PostgreSQL.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from assistant.datadir import private_dir, private_file, secure
from assistant.history.store import CorruptStore, StoreError
from assistant.paths import PROJECT_DIR

ENDPOINTS_FILE = PROJECT_DIR / "endpoints.yml"
SENDER_PREFIX = "realtalk-"
"""Every realtalk conversation's Rasa sender_id starts with this."""
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
LOCK_TIMEOUT_S = 5.0
"""How long ``forget`` waits for a locked tracker database before it gives up, deleting nothing."""


@dataclass(frozen=True)
class TrackerStoreConfig:
    """The ``tracker_store`` block of endpoints.yml, variables expanded."""

    type: str
    options: dict = field(default_factory=dict)

    @property
    def is_sql(self) -> bool:
        return self.type.lower() in {"sql", "rasa.core.tracker_store.sqltrackerstore"}

    @property
    def sqlite_path(self) -> Path | None:
        """The database file when this is SQL on SQLite, else None."""
        if not self.is_sql or str(self.options.get("dialect", "sqlite")).lower() != "sqlite":
            return None
        return Path(str(self.options.get("db", "rasa.db"))).expanduser()


def read_tracker_config(endpoints_file: Path = ENDPOINTS_FILE) -> TrackerStoreConfig | None:
    """The configured tracker store, or None when endpoints.yml names none (Rasa keeps it in memory)."""
    block = (yaml.safe_load(endpoints_file.read_text()) or {}).get("tracker_store")
    if not block:
        return None
    options = {key: _expand(value) for key, value in block.items() if key != "type"}
    return TrackerStoreConfig(type=str(block.get("type", "")), options=options)


def prepare_tracker_db(config: TrackerStoreConfig | None) -> None:
    """For SQLite: create the file 0600 (folder 0700) and refuse a damaged one, before Rasa opens it.

    A folder or file that cannot be written, or a locked database, raises ``StoreError`` saying so."""
    path = config.sqlite_path if config else None
    if path is None:
        return
    try:
        private_dir(path.parent)
        if not path.exists():
            private_file(path)
    except OSError as error:
        reason = _why(path, error.strerror or str(error))
        raise StoreError(f"cannot create Rasa's dialogue state {path}: {reason}") from error
    try:
        connection = sqlite3.connect(path)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open Rasa's dialogue state {path}: {_why(path, str(error))}") from error
    try:
        result = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.OperationalError as error:
        if _damaged(error):
            result = [str(error)]
        else:
            raise StoreError(f"cannot open Rasa's dialogue state {path}: {_why(path, str(error))}") from error
    except sqlite3.DatabaseError as error:
        result = [str(error)]
    finally:
        connection.close()
    if result != ["ok"]:
        raise CorruptStore(
            f"Rasa's dialogue state {path} is damaged ({'; '.join(result[:3])}); realtalk has not changed it. "
            f"It only holds the state of past conversations: move it aside (mv '{path}' '{path}.damaged') "
            "and realtalk starts a new one. Your practice history is kept separately."
        )
    secure(path)


def delete_conversations(config: TrackerStoreConfig | None, sender_ids: Iterable[str],
                         every_realtalk_conversation: bool = False, timeout_s: float = LOCK_TIMEOUT_S) -> int:
    """Delete the tracker rows of these conversations (or of every realtalk one); returns the row count.

    All the rows go in one transaction: when the database is locked (Rasa or another program holds
    it longer than ``timeout_s``) or cannot be written, nothing is deleted and ``StoreError`` says why."""
    senders = sorted(set(sender_ids))
    if config is None or not config.is_sql or not (senders or every_realtalk_conversation):
        return 0
    where, parameters = _where(senders, every_realtalk_conversation)
    path = config.sqlite_path
    if path is not None:
        return _delete_sqlite(path, where, parameters, timeout_s)
    return _delete_sqlalchemy(config, where, parameters)


def _where(senders: list[str], everything: bool) -> tuple[str, list[str]]:
    if everything:
        return "sender_id LIKE ?", [SENDER_PREFIX + "%"]
    return f"sender_id IN ({', '.join('?' for _ in senders)})", senders


def _delete_sqlite(path: Path, where: str, parameters: list[str], timeout_s: float) -> int:
    if not path.exists():
        return 0
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=timeout_s)
    except sqlite3.Error as error:
        raise _delete_error(path, error) from error
    try:
        try:
            connection.execute("PRAGMA secure_delete=ON")  # overwrite the deleted rows' bytes
            connection.execute("BEGIN IMMEDIATE")
            if not connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone():
                connection.execute("ROLLBACK")
                return 0
            deleted = connection.execute(f"DELETE FROM events WHERE {where}", parameters).rowcount
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                try:
                    connection.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # closing the connection rolls back as well
            raise _delete_error(path, error) from error
        try:
            connection.execute("VACUUM")  # drop the freed pages too
        except sqlite3.Error:
            pass  # the rows are deleted and their bytes zeroed (secure_delete) already
        return deleted
    finally:
        connection.close()
        secure(path)


def _delete_error(path: Path, error: Exception) -> StoreError:
    text = str(error)
    if "locked" in text or "busy" in text:
        text = "the database is locked by another program (is `realtalk practice` or Rasa running?)"
    return StoreError(f"could not delete from Rasa's dialogue state {path}: {_why(path, text)}")


def _why(path: Path, text: str) -> str:
    """SQLite's or the OS's reason, saying so when the folder is read-only."""
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only ({text})"
    return text


def _damaged(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return not any(words in text for words in ("locked", "busy", "readonly", "read-only", "unable to open"))


def _delete_sqlalchemy(config: TrackerStoreConfig, where: str, parameters: list[str]) -> int:
    import sqlalchemy as sa

    options = config.options
    host = options.get("url") or options.get("host")  # Rasa reads the server from `url`
    if host and "://" in str(host):  # a whole database URL, as Rasa accepts it
        url = host
    else:
        port = options.get("port")
        url = sa.engine.url.URL.create(
            str(options.get("dialect", "sqlite")), options.get("username"), options.get("password"),
            host, int(port) if port else None, database=options.get("db", "rasa.db"),
        )
    named = where
    values = {}
    for index, value in enumerate(parameters):
        named = named.replace("?", f":p{index}", 1)
        values[f"p{index}"] = value
    try:
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:  # one transaction: every row, or none on an error
                return connection.execute(sa.text(f"DELETE FROM events WHERE {named}"), values).rowcount
        finally:
            engine.dispose()
    except (sa.exc.SQLAlchemyError, ImportError) as error:  # ImportError: the database's driver is not installed
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StoreError(
            f"could not delete from Rasa's dialogue state ({options.get('dialect', 'sql')} database "
            f"{options.get('db', 'rasa.db')}): {reason}"
        ) from error


def _expand(value):
    """Rasa's ``${VAR}`` expansion; a missing variable is an error, as in Rasa."""
    if not isinstance(value, str):
        return value
    missing = [name for name in _VARIABLE.findall(value) if name not in os.environ]
    if missing:
        raise StoreError(f"endpoints.yml uses ${{{missing[0]}}}, which is not set in the environment")
    return _VARIABLE.sub(lambda match: os.environ[match.group(1)], value)
