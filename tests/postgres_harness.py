"""A private PostgreSQL server for the tests, from Debian's ``postgresql`` package (``make test`` installs it).

``postgres_server`` (session scope) runs ``initdb`` into a new folder under /tmp, starts the server
on 127.0.0.1 at a free port and on a Unix socket in that folder, and creates the role and the
database with the README's commands (``createuser --pwprompt``, ``createdb``), as the cluster's owner
over the socket. Logins over TCP need the role's password (scram-sha-256), as on Debian's own
cluster. At teardown the server stops and the folder goes.

PostgreSQL refuses to run as root: when the tests run as root, the server and its tools run as the
``postgres`` system user the package creates (``subprocess``'s ``user=``/``group=``), and the folder
is that user's.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

NOT_INSTALLED = "PostgreSQL server binaries not found; `make test` installs Debian's postgresql package"
SERVER_USER = "postgres"
"""The system user Debian's postgresql package creates; runs the server when the tests run as root."""
DATABASE = "realtalk"
ROLE = "realtalk"
"""The README's names for the database and its role."""
START_TIMEOUT_S = 60


def find_bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl, or None."""
    found = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        bin_dir = Path(initdb).parent
        version = re.findall(r"\d+", bin_dir.parent.name)
        if (bin_dir / "pg_ctl").exists() and version:
            found.append((tuple(int(part) for part in version), bin_dir))
    return max(found)[1] if found else None


@dataclass(frozen=True)
class PostgresServer:
    """A running server: the README's database and role, reached on 127.0.0.1 or the socket."""

    bin_dir: Path
    folder: Path
    socket_dir: Path
    port: int
    password: str
    """The role's password (what ``REALTALK_DB_PASSWORD`` holds)."""
    database: str = DATABASE
    username: str = ROLE

    def connect(self):
        """A psycopg2 connection as the role, over TCP with its password."""
        import psycopg2

        return psycopg2.connect(host="127.0.0.1", port=self.port, dbname=self.database, user=self.username,
                                password=self.password, connect_timeout=10)

    def as_owner(self, sql: str) -> str:
        """Run ``sql`` in psql as the cluster's owner (a superuser), over the socket; returns its output."""
        env = {"PGHOST": str(self.socket_dir), "PGPORT": str(self.port)}
        return _run([self.bin_dir / "psql", "-X", "-v", "ON_ERROR_STOP=1", "-At", "-d", self.database, "-c", sql],
                    self.folder, env=env).stdout

    def table_file(self, table: str) -> Path:
        """The file that holds ``table``'s rows (after a CHECKPOINT, every committed change is in it)."""
        self.as_owner("CHECKPOINT")
        return self.folder / "data" / self.as_owner(f"SELECT pg_relation_filepath('{table}')").strip()


def _as_server_user() -> dict:
    """``subprocess`` arguments that run a command as the cluster's owner."""
    if os.geteuid() != 0:
        return {}
    return {"user": SERVER_USER, "group": pwd.getpwnam(SERVER_USER).pw_gid, "extra_groups": []}


def _run(command: list, folder: Path, **kwargs) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "HOME": str(folder),
                   **kwargs.pop("env", {})}
    result = subprocess.run([str(part) for part in command], cwd=folder, env=environment, capture_output=True,
                            text=True, timeout=kwargs.pop("timeout", START_TIMEOUT_S), **_as_server_user(), **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(bin_dir: Path, folder: Path) -> int:
    """Start the server on a free port (another program may take the one chosen first: try again)."""
    data, log = folder / "data", folder / "server.log"
    for attempt in range(3):
        port = _free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder}"
        try:
            _run([bin_dir / "pg_ctl", "start", "-D", data, "-l", log, "-w", "-t", START_TIMEOUT_S, "-o", options],
                 folder, timeout=START_TIMEOUT_S + 10)
            return port
        except RuntimeError as error:
            if attempt == 2 or "already in use" not in (log.read_text() if log.exists() else ""):
                raise RuntimeError(f"{error}\nserver log:\n{log.read_text() if log.exists() else '(none)'}") from None
    raise AssertionError("unreachable")


def _stop(bin_dir: Path, folder: Path) -> None:
    try:
        _run([bin_dir / "pg_ctl", "stop", "-D", folder / "data", "-m", "fast", "-w", "-t", "30"], folder, timeout=40)
    except (RuntimeError, subprocess.TimeoutExpired):
        pid_file = folder / "data" / "postmaster.pid"
        if pid_file.exists():  # the server did not stop: do not leave it running after the tests
            try:
                os.kill(int(pid_file.read_text().split()[0]), 9)
            except (ProcessLookupError, ValueError):
                pass


def create_role_and_database(server: PostgresServer) -> None:
    """The README's two commands, as the cluster's owner over the socket (its ``sudo -u postgres``).

    ``createuser --pwprompt`` asks for the password on the terminal; in a new session, with none,
    it reads the two answers from stdin instead."""
    env = {"PGHOST": str(server.socket_dir), "PGPORT": str(server.port)}
    _run([server.bin_dir / "createuser", "--pwprompt", server.username], server.folder, env=env,
         input=f"{server.password}\n{server.password}\n", start_new_session=True)
    _run([server.bin_dir / "createdb", f"--owner={server.username}", server.database], server.folder, env=env)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server holding the README's ``realtalk`` database and role (skips without the package)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(NOT_INSTALLED)
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SERVER_USER)
        except KeyError:
            pytest.skip(f"PostgreSQL refuses to run as root and there is no {SERVER_USER!r} user to run it as")
    folder = Path(tempfile.mkdtemp(prefix="realtalk-pg-"))  # short: a socket's path is at most 107 bytes
    try:
        if os.geteuid() == 0:
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        folder.chmod(0o700)
        _run([bin_dir / "initdb", "-D", folder / "data", "--auth-local=peer", "--auth-host=scram-sha-256",
              "--encoding=UTF8", "--no-instructions"], folder)
        port = _start(bin_dir, folder)
        try:
            server = PostgresServer(bin_dir, folder, folder, port, password=f"pw-{secrets.token_hex(8)}'\"@:/ %")
            create_role_and_database(server)
            yield server
        finally:
            _stop(bin_dir, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
