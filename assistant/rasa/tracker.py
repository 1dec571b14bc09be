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
from assistant.paths import PROJECT_DIR
from assistant.history.store import CorruptStore, StoreError

ENDPOINTS_FILE = PROJECT_DIR / "endpoints.yml"
SENDER_PREFIX = "realtalk-"
"""Every realtalk conversation's Rasa sender_id starts with this."""
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


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
    """For SQLite: create the file 0600 (folder 0700) and refuse a damaged one, before Rasa opens it."""
    path = config.sqlite_path if config else None
    if path is None:
        return
    private_dir(path.parent)
    if not path.exists():
        private_file(path)
    connection = sqlite3.connect(path)
    try:
        result = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
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
                         every_realtalk_conversation: bool = False) -> int:
    """Delete the tracker rows of these conversations (or of every realtalk one); returns the row count."""
    senders = sorted(set(sender_ids))
    if config is None or not config.is_sql or not (senders or every_realtalk_conversation):
        return 0
    where, parameters = _where(senders, every_realtalk_conversation)
    path = config.sqlite_path
    if path is not None:
        return _delete_sqlite(path, where, parameters)
    return _delete_sqlalchemy(config, where, parameters)


def _where(senders: list[str], everything: bool) -> tuple[str, list[str]]:
    if everything:
        return "sender_id LIKE ?", [SENDER_PREFIX + "%"]
    return f"sender_id IN ({', '.join('?' for _ in senders)})", senders


def _delete_sqlite(path: Path, where: str, parameters: list[str]) -> int:
    if not path.exists():
        return 0
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone():
            return 0
        connection.execute("PRAGMA secure_delete=ON")  # overwrite the deleted rows' bytes
        deleted = connection.execute(f"DELETE FROM events WHERE {where}", parameters).rowcount
        connection.execute("VACUUM")
        return deleted
    except sqlite3.DatabaseError as error:
        raise StoreError(f"could not delete from Rasa's dialogue state {path}: {error}") from error
    finally:
        connection.close()
        secure(path)


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
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            return connection.execute(sa.text(f"DELETE FROM events WHERE {named}"), values).rowcount
    finally:
        engine.dispose()


def _expand(value):
    """Rasa's ``${VAR}`` expansion; a missing variable is an error, as in Rasa."""
    if not isinstance(value, str):
        return value
    missing = [name for name in _VARIABLE.findall(value) if name not in os.environ]
    if missing:
        raise StoreError(f"endpoints.yml uses ${{{missing[0]}}}, which is not set in the environment")
    return _VARIABLE.sub(lambda match: os.environ[match.group(1)], value)
