"""Rasa's dialogue state (the SQL tracker store in endpoints.yml), reached without loading Rasa.

realtalk's agent stores every conversation's events in the tracker store configured
under ``tracker_store`` in endpoints.yml (the project's, or the file ``REALTALK_ENDPOINTS``
names): by default SQLite in the data folder (``db: ${REALTALK_DATA_DIR}/rasa-tracker.db``).
This module reads that block the way Rasa does (``${VAR}`` expanded from the environment),
prepares the database before Rasa opens it (SQLite: the file 0600, checked for damage, as
Rasa would otherwise fall back to memory silently; another dialect such as PostgreSQL: one
connection, so that a server that is down or refuses the password is reported at once) and
deletes a conversation's rows for ``realtalk forget``: plain sqlite3 for SQLite, SQLAlchemy
(installed with Rasa) for another SQL dialect, with the URL built as Rasa builds it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import yaml

from assistant.datadir import private_dir, private_file, secure
from assistant.history.store import CorruptStore, StoreError
from assistant.paths import PROJECT_DIR

DEFAULT_ENDPOINTS_FILE = PROJECT_DIR / "endpoints.yml"
ENDPOINTS_VARIABLE = "REALTALK_ENDPOINTS"
"""Names another endpoints file (for instance one whose tracker store is PostgreSQL)."""


def endpoints_file() -> Path:
    """The endpoints file realtalk uses: ``$REALTALK_ENDPOINTS`` (made absolute), else the project's."""
    named = os.environ.get(ENDPOINTS_VARIABLE)
    return Path(named).expanduser().absolute() if named else DEFAULT_ENDPOINTS_FILE


ENDPOINTS_FILE = endpoints_file()
"""The endpoints file as realtalk started (the session passes it to the agent)."""
SENDER_PREFIX = "realtalk-"
"""Every realtalk conversation's Rasa sender_id starts with this."""
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
LOCK_TIMEOUT_S = 5.0
"""How long ``forget`` waits for a locked tracker database before it gives up, deleting nothing."""
CONNECT_TIMEOUT_S = 10
"""How long realtalk waits for a database server (not SQLite) to answer before it reports it."""
_LOCKED = "the database is locked by another program (is `realtalk practice` or Rasa running?)"


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


def read_tracker_config(path: Path | None = None) -> TrackerStoreConfig | None:
    """The tracker store configured in ``path`` (default: ``endpoints_file()``), or None when it names
    none (Rasa keeps it in memory). A file that cannot be read raises ``StoreError`` saying so."""
    path = path or endpoints_file()
    try:
        content = yaml.safe_load(path.read_text()) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        hint = f" (set by {ENDPOINTS_VARIABLE})" if os.environ.get(ENDPOINTS_VARIABLE) else ""
        raise StoreError(f"cannot read the endpoints file {path}{hint}: {reason}") from error
    block = content.get("tracker_store") if isinstance(content, dict) else None
    if not block:
        return None
    if not isinstance(block, dict):
        raise StoreError(f"the tracker_store block of {path} is not a mapping")
    options = {key: _expand(value, path) for key, value in block.items() if key != "type"}
    return TrackerStoreConfig(type=str(block.get("type", "")), options=options)


def prepare_tracker_db(config: TrackerStoreConfig | None) -> None:
    """For SQLite: create the file 0600 (folder 0700) and refuse a damaged one, before Rasa opens it.
    For another SQL dialect: connect once (Rasa would start anyway, and fail at the first turn).

    A folder or file that cannot be written, a locked database or a server that cannot be reached
    or refuses the login raises ``StoreError`` saying so."""
    if config is None or not config.is_sql:
        return
    path = config.sqlite_path
    if path is None:
        _check_server(config)
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
    return _delete_sqlalchemy(config, where, parameters, timeout_s)


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
        text = _LOCKED
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


def _database_url(options: dict, database: str | None = None):
    """The SQLAlchemy URL, built as Rasa's ``SQLTrackerStore.get_db_url`` builds it: ``url`` is the
    server (a host name, ``host:port``, a Unix-socket folder, or a whole ``dialect://…`` URL)."""
    import sqlalchemy as sa

    host = options.get("url") or options.get("host")
    if host and "://" in str(host):
        return sa.engine.make_url(str(host))
    port = options.get("port")
    if host:
        parsed = urlsplit(f"scheme://{host}")
        port = parsed.port or port
        host = parsed.hostname or host
    return sa.engine.url.URL.create(
        str(options.get("dialect", "sqlite")), _text(options.get("username")), _text(options.get("password")),
        _text(host), int(port) if port else None, database=database or str(options.get("db", "rasa.db")),
        query={str(key): str(value) for key, value in (options.get("query") or {}).items()},
    )


def _engine(config: TrackerStoreConfig, database: str | None = None):
    """An engine on the configured database; for PostgreSQL with Rasa's ``POSTGRESQL_SCHEMA`` and a
    connection timeout (``CONNECT_TIMEOUT_S``) unless the block's ``query`` sets one."""
    import sqlalchemy as sa

    url = _database_url(config.options, database)
    connect_args: dict = {}
    if url.get_backend_name() == "postgresql":
        if "connect_timeout" not in url.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        schema = os.environ.get("POSTGRESQL_SCHEMA")  # as Rasa's tracker store reads it
        if schema:
            connect_args["options"] = f"-csearch_path={schema}"
    return sa.create_engine(url, connect_args=connect_args)


def _where_is(config: TrackerStoreConfig, database: str | None = None) -> str:
    """The database in words, without the password: "postgresql database realtalk on localhost:5432"."""
    try:
        url = _database_url(config.options, database)
    except Exception:  # only for a message: the connection itself reports what is wrong
        return f"{config.options.get('dialect', 'sql')} database"
    server = f" on {url.host}{f':{url.port}' if url.port else ''}" if url.host else ""
    return f"{url.get_backend_name()} database {url.database}{server}"


def _reason(error: BaseException) -> str:
    """The driver's own words ("FATAL: password authentication failed for user …"): the server's
    refusal when there is one (libpq lists every address it tried, the refused ones first)."""
    text = str(getattr(error, "orig", None) or error).strip()
    if "lock timeout" in text or "could not obtain lock" in text:
        return _LOCKED
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    refusals = [line for line in lines if "FATAL:" in line]
    return (refusals or lines or [type(error).__name__])[-1 if refusals else 0]


def _check_server(config: TrackerStoreConfig) -> None:
    import sqlalchemy as sa

    database = config.options.get("login_db")  # Rasa creates `db` through it
    try:
        engine = _engine(config, str(database) if database else None)
        try:
            with engine.connect():
                pass
        finally:
            engine.dispose()
    except (sa.exc.SQLAlchemyError, ImportError, ValueError) as error:  # ImportError: no driver for the dialect
        raise StoreError(
            f"cannot open Rasa's dialogue state ({_where_is(config, database)}): {_reason(error)}"
        ) from error


def _delete_sqlalchemy(config: TrackerStoreConfig, where: str, parameters: list[str], timeout_s: float) -> int:
    import sqlalchemy as sa

    named = where
    values = {}
    for index, value in enumerate(parameters):
        named = named.replace("?", f":p{index}", 1)
        values[f"p{index}"] = value
    lock_timeout = f"lock_timeout = {max(1, int(timeout_s * 1000))}"  # PostgreSQL: wait no longer than for SQLite
    try:
        engine = _engine(config)
        try:
            postgresql = engine.dialect.name == "postgresql"
            with engine.begin() as connection:  # one transaction: every row, or none on an error
                if postgresql:
                    connection.execute(sa.text(f"SET LOCAL {lock_timeout}"))
                if not sa.inspect(connection).has_table("events"):
                    return 0  # Rasa has not stored a conversation there yet
                deleted = connection.execute(sa.text(f"DELETE FROM events WHERE {named}"), values).rowcount
            if postgresql and deleted:
                _rewrite_table(engine, lock_timeout)
            return deleted
        finally:
            engine.dispose()
    except (sa.exc.SQLAlchemyError, ImportError, ValueError) as error:  # ImportError: no driver for the dialect
        raise StoreError(
            f"could not delete from Rasa's dialogue state ({_where_is(config)}): {_reason(error)}"
        ) from error


def _rewrite_table(engine, lock_timeout: str) -> None:
    """PostgreSQL keeps a deleted row's bytes in the table's file until the space is reused:
    ``VACUUM FULL`` writes the table anew without them (as SQLite's VACUUM does)."""
    import sqlalchemy as sa

    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")  # VACUUM runs outside one
            connection.execute(sa.text(f"SET {lock_timeout}"))
            connection.execute(sa.text("VACUUM FULL events"))
    except sa.exc.SQLAlchemyError:
        pass  # the rows are deleted already; autovacuum reuses their space in time


def _text(value) -> str | None:
    return None if value is None else str(value)


def _expand(value, path: Path):
    """Rasa's ``${VAR}`` expansion (in nested blocks such as ``query`` too); a missing variable is an
    error, as in Rasa."""
    if isinstance(value, dict):
        return {key: _expand(item, path) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, path) for item in value]
    if not isinstance(value, str):
        return value
    missing = [name for name in _VARIABLE.findall(value) if name not in os.environ]
    if missing:
        raise StoreError(f"{path} uses ${{{missing[0]}}}, which is not set in the environment")
    return _VARIABLE.sub(lambda match: os.environ[match.group(1)], value)
