"""The dialogue partner in a child process, so that Rasa's slow start runs on another core.

Importing Rasa (with skops, and without TensorFlow: see ``assistant.rasa.serving``) and loading
the model take about 3 s of Python. In a thread they would share the interpreter lock with
Whisper's and the audio stack's start-up; in a child process they run beside them.
``PartnerProcess`` passes ``RasaPartner``'s calls (open, respond, command_in, slots, sender_id)
over a pipe; a session needs only the first three, as each turn's result carries its slots. The child
listens on no socket and dies with realtalk.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from assistant.paths import PROJECT_DIR
from assistant.rasa.action_server import die_with_parent
from assistant.rasa.partner import DialogueError, TurnResult

STOP_TIMEOUT_S = 5.0


class PartnerProcess:
    """Starts loading at once; ``wait_until_loaded()`` before the first call."""

    def __init__(self, model_path: Path, action_url: str, endpoints_file: Path | None = None) -> None:
        self._load_with = (str(model_path), action_url, str(endpoints_file) if endpoints_file else None)
        self._sender_id: str | None = None
        self._start()

    def _start(self) -> None:
        self._conn, child_end = Pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "assistant.rasa.child", str(child_end.fileno())],
            cwd=PROJECT_DIR, pass_fds=(child_end.fileno(),), stdin=subprocess.DEVNULL, preexec_fn=die_with_parent,
        )
        child_end.close()
        self._conn.send((*self._load_with, self._sender_id))
        self._loaded = False

    def is_alive(self) -> bool:
        return self._process.poll() is None

    def restart(self) -> None:
        """Start a new child that carries on the same conversation (from the tracker store)."""
        self.close()
        self._start()
        self.wait_until_loaded()

    def wait_until_loaded(self) -> None:
        """Block until the model is loaded; raises what loading raised."""
        if not self._loaded:
            self._sender_id = self._answer()
            self._loaded = True

    @property
    def sender_id(self) -> str:
        self.wait_until_loaded()
        return self._sender_id

    def open(self, scenario_id: str | None, min_turns: int | None = None) -> TurnResult:
        return self._call("open", scenario_id, min_turns)

    def respond(self, text: str, metadata: dict[str, Any]) -> TurnResult:
        return self._call("respond", text, metadata)

    def command_in(self, text: str) -> str | None:
        return self._call("command_in", text)

    def slots(self) -> dict[str, Any]:
        return self._call("slots")

    def close(self) -> None:
        try:
            self._conn.send(("close", ()))
        except OSError:
            pass  # it has stopped already
        try:
            self._process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._conn.close()

    def __enter__(self) -> PartnerProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call(self, method: str, *args: Any) -> Any:
        self.wait_until_loaded()
        try:
            self._conn.send((method, args))
        except OSError as error:
            raise self._stopped() from error
        return self._answer()

    def _answer(self) -> Any:
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError) as error:
            raise self._stopped() from error
        if status == "error":
            raise value
        return value

    def _stopped(self) -> DialogueError:
        try:  # the pipe closes a moment before the process is gone
            code = self._process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            code = None
        return DialogueError(f"The dialogue process stopped (exit code {code}).")


def _sendable(error: BaseException) -> BaseException:
    """The error itself when it can cross the pipe, else a DialogueError with its message."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - any pickling failure gets the same fallback
        return DialogueError(f"{error.__class__.__name__}: {error}")


def serve(conn: Connection) -> None:
    """The child: load the partner, then answer calls until told to close or the pipe ends."""
    from assistant.rasa.partner import RasaPartner

    model_path, action_url, endpoints_file, sender_id = conn.recv()
    try:
        partner = RasaPartner(Path(model_path), action_url, Path(endpoints_file) if endpoints_file else None, sender_id)
    except Exception as error:  # noqa: BLE001 - reported to realtalk, which shows it
        conn.send(("error", _sendable(error)))
        return
    conn.send(("ok", partner.sender_id))
    with partner:
        while True:
            try:
                method, args = conn.recv()
            except EOFError:
                return
            if method == "close":
                return
            try:
                conn.send(("ok", getattr(partner, method)(*args)))
            except Exception as error:  # noqa: BLE001 - re-raised in realtalk
                conn.send(("error", _sendable(error)))
