"""The Rasa SDK action server (``dialogue.actions``), reachable by this session only.

It listens on no TCP port: it serves HTTP on a Unix domain socket inside a private runtime
folder that realtalk creates for the session (``tempfile.mkdtemp``: mode 0700, a random name,
in ``$XDG_RUNTIME_DIR`` when set, else the temp folder). Another local user can neither
connect to the socket nor bind one in its place, and the dialogue reaches it through the
socket path it was given, never through a port someone else could take first.

The server refuses compressed request bodies (Rasa sends plain JSON; the SDK would inflate a
deflate body without limit) and bodies over ``MAX_REQUEST_BYTES``. When it stops (and when
realtalk dies, even by ``kill -9``: the child is sent SIGTERM) it removes its socket; realtalk
removes the runtime folder with the log when it closes the server, and the server itself does
when realtalk died first.

``python -m assistant.rasa.action_server --socket PATH`` runs the server (the child process).
"""

from __future__ import annotations

import argparse
import ctypes
import http.client
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from assistant.paths import PROJECT_DIR

ACTIONS_MODULE = "dialogue.actions"
SOCKET_NAME = "actions.sock"
LOG_NAME = "actions.log"
UNIX_URL_PREFIX = "unix://"
"""``unix://<socket path>``: the action endpoint's address as realtalk passes it to the dialogue."""
MAX_REQUEST_BYTES = 16 * 1024 * 1024
"""The largest request body the server reads: a tracker with every event of a long session fits easily."""
STDERR_TAIL_CHARS = 2000
PR_SET_PDEATHSIG = 1


class ActionServerError(RuntimeError):
    """The action server did not start or stopped answering."""


def die_with_parent() -> None:
    """In the child: be sent SIGTERM when realtalk dies, even by ``kill -9`` (Linux; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def socket_of(url: str) -> str | None:
    """The socket path of a ``unix://`` endpoint, else None (an ordinary http URL)."""
    return url[len(UNIX_URL_PREFIX):] if url.startswith(UNIX_URL_PREFIX) else None


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, socket_path: str, timeout_s: float) -> None:
        super().__init__("localhost", timeout=timeout_s)
        self._socket_path = socket_path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._socket_path)


def unix_request(socket_path: str, method: str, path: str, body: bytes | None = None,
                 headers: dict[str, str] | None = None, timeout_s: float = 5.0) -> tuple[int, bytes]:
    """One HTTP request over a Unix socket: (status, body)."""
    connection = _UnixHTTPConnection(socket_path, timeout_s)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def is_healthy(url: str, timeout_s: float = 1.0) -> bool:
    """True when the action server at ``url`` (``unix://…`` or http, with or without ``/webhook``) answers."""
    base = url.rsplit("/webhook", 1)[0]
    path = socket_of(base)
    try:
        if path is not None:
            return unix_request(path, "GET", "/health", timeout_s=timeout_s)[0] == 200
        with urllib.request.urlopen(f"{base}/health", timeout=timeout_s) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        return False


def private_runtime_dir() -> Path:
    """A new folder only this user can enter (0700, random name), for the session's socket and log."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    parent = base if base and os.path.isdir(base) and os.access(base, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="realtalk-", dir=parent))


class ActionServer:
    """``with ActionServer() as server:`` starts the server; ``server.url`` is its endpoint (``unix://…``)."""

    def __init__(self, startup_timeout_s: float = 60.0, actions_module: str = ACTIONS_MODULE) -> None:
        self.startup_timeout_s = startup_timeout_s
        self.actions_module = actions_module
        self.runtime_dir = private_runtime_dir()
        self.socket_path = str(self.runtime_dir / SOCKET_NAME)
        self.url = UNIX_URL_PREFIX + self.socket_path
        self._log_path = self.runtime_dir / LOG_NAME
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ActionServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        if not self.runtime_dir.is_dir():  # started again after close()
            self.runtime_dir.mkdir(mode=0o700)  # the same random name: its socket path stays valid
        # One file for stdout and stderr keeps the terminal quiet and the error tail readable.
        log = os.open(self._log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "assistant.rasa.action_server", "--socket", self.socket_path,
                 "--actions", self.actions_module],
                cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent,
            )
        finally:
            os.close(log)
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if not self.is_alive():
                tail = self.log_tail()
                self.stop()
                raise ActionServerError(f"The action server exited while starting:\n{tail}")
            if is_healthy(self.url):
                return
            time.sleep(0.1)
        tail = self.log_tail()
        self.stop()
        raise ActionServerError(
            f"The action server did not answer on {self.socket_path} within {self.startup_timeout_s:.0f} s:\n{tail}"
        )

    def restart(self) -> None:
        """Start it again on the same socket, so the dialogue's action endpoint stays valid."""
        self.stop()
        self.start()

    def is_alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self) -> str:
        """The end of the server's output, for error messages."""
        try:
            return self._log_path.read_text(errors="replace")[-STDERR_TAIL_CHARS:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server process; the runtime folder stays for a restart (``close`` removes it)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    def close(self) -> None:
        """Stop the server and remove its socket, log and runtime folder."""
        self.stop()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)


# ------------------------------------------------------------------ the child process


def create_server(actions_module: str, max_request_bytes: int = MAX_REQUEST_BYTES):
    """The SDK's Sanic app, with compressed and oversized request bodies refused."""
    from rasa_sdk.endpoint import create_app
    from sanic import response

    app = create_app(actions_module, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = max_request_bytes

    @app.on_request
    async def refuse_compressed_bodies(request):
        encoding = (request.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity":
            return response.json({"error": "compressed request bodies are not accepted"}, status=415)
        return None

    return app


def serve(socket_path: str, actions_module: str = ACTIONS_MODULE) -> None:
    """Serve on ``socket_path`` until SIGTERM. On the way out it removes its socket; when realtalk
    is gone (it was killed, so nobody else will clean up) the whole runtime folder with the log."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    realtalk = os.getppid()

    def clean_up(*_args: object) -> None:
        if os.getppid() != realtalk:  # orphaned: realtalk died before us, nobody else will
            shutil.rmtree(Path(socket_path).parent, ignore_errors=True)
        else:  # realtalk reads the log's tail if we failed, and removes the folder itself
            Path(socket_path).unlink(missing_ok=True)

    try:
        app = create_server(actions_module)
        app.config.GRACEFUL_SHUTDOWN_TIMEOUT = 1.0  # seconds; Rasa's requests are short
        app.register_listener(clean_up, "before_server_stop")  # first thing on SIGTERM
        app.run(unix=socket_path, workers=1, access_log=False, motd=False)
    finally:
        clean_up()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", required=True, help="Unix socket path, inside a private folder")
    parser.add_argument("--actions", default=ACTIONS_MODULE, help=f"actions package (default: {ACTIONS_MODULE})")
    args = parser.parse_args()
    serve(args.socket, args.actions)


if __name__ == "__main__":
    main()
