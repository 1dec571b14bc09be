"""Run the Rasa SDK action server (dialogue.actions) as a local subprocess."""

from __future__ import annotations

import ctypes
import os
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

HOST = "127.0.0.1"
ACTIONS_MODULE = "dialogue.actions"
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


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def is_healthy(base_url: str, timeout_s: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/health", timeout=timeout_s) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class ActionServer:
    """`with ActionServer() as server:` starts the server; `server.url` is its webhook."""

    def __init__(
        self, port: int | None = None, startup_timeout_s: float = 60.0, actions_module: str = ACTIONS_MODULE
    ) -> None:
        self.port = port or free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.url = f"{self.base_url}/webhook"
        self.startup_timeout_s = startup_timeout_s
        self.actions_module = actions_module
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: tempfile._TemporaryFileWrapper[bytes] | None = None

    def __enter__(self) -> ActionServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        # One file for stdout and stderr keeps the terminal quiet and the error tail readable.
        self._log_file = tempfile.NamedTemporaryFile(prefix="realtalk-actions-", suffix=".log", delete=False)
        env = {**os.environ, "SANIC_HOST": HOST, "RASA_TELEMETRY_ENABLED": "false"}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", self.actions_module, "--port", str(self.port)],
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if not self.is_alive():
                tail = self.log_tail()
                self.stop()
                raise ActionServerError(f"The action server exited while starting:\n{tail}")
            if is_healthy(self.base_url):
                return
            time.sleep(0.2)
        tail = self.log_tail()
        self.stop()
        raise ActionServerError(
            f"The action server did not answer {self.base_url}/health within "
            f"{self.startup_timeout_s:.0f} s:\n{tail}"
        )

    def restart(self) -> None:
        """Start it again on the same port, so the dialogue's action endpoint stays valid."""
        self.stop()
        self.start()

    def is_alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self) -> str:
        """The end of the server's output, for error messages."""
        if self._log_file is None:
            return ""
        try:
            return Path(self._log_file.name).read_text(errors="replace")[-STDERR_TAIL_CHARS:]
        except OSError:
            return ""

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        log_file, self._log_file = self._log_file, None
        if log_file is not None:
            log_file.close()
            Path(log_file.name).unlink(missing_ok=True)
