"""Runs the real ``realtalk`` command in a child process and follows what it prints."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_processes(pid: int) -> dict[int, str]:
    """The processes ``pid`` started, from any of its threads, with their command lines."""
    children = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                children[int(child)] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                pass  # it has just exited
    return children


class RealtalkProcess:
    """``realtalk ARGS`` with its stdout and stderr lines collected as they come."""

    def __init__(self, *args: str, env: dict | None = None, stdin=subprocess.DEVNULL) -> None:
        self.lines: list[tuple[str, str]] = []  # (stream name, line)
        self._new_lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", *args],
            cwd=PROJECT_DIR,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **(env or {})},
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, stream in (("stdout", self.process.stdout), ("stderr", self.process.stderr)):
            threading.Thread(target=self._follow, args=(name, stream), daemon=True).start()

    def _follow(self, name: str, stream) -> None:
        for line in stream:
            self._new_lines.put((name, line.rstrip("\n")))

    def wait_for(self, pattern: str, timeout_s: float) -> str:
        """The first line from now on matching ``pattern``; fails with everything printed so far."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                name, line = self._new_lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and self._new_lines.empty():
                    break
                continue
            self.lines.append((name, line))
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} within {timeout_s} s; got:\n{self.transcript()}")

    def finish(self, timeout_s: float = 60) -> int:
        """Wait for the exit code, collecting the remaining lines."""
        code = self.process.wait(timeout=timeout_s)
        time.sleep(0.2)
        while not self._new_lines.empty():
            self.lines.append(self._new_lines.get())
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def transcript(self) -> str:
        return "\n".join(f"[{name}] {line}" for name, line in self.lines)

    def said(self, speaker: str) -> list[str]:
        """Every line ``speaker`` ("partner", "coach" or "you") said, in order."""
        prefix = f"{speaker}: "
        return [line[len(prefix):] for name, line in self.lines if name == "stdout" and line.startswith(prefix)]
