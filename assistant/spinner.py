"""Shows that long work is happening: a spinner on a terminal, plain lines otherwise.

    with progress("Loading the dialogue model") as status:
        status.update("reading the model file")   # optional detail after the label
        ...

On a terminal (stderr is a tty) one line animates with the elapsed seconds and is
replaced by "… done (12 s)" at the end. Elsewhere (pipes, logs, tests) the label is
printed once as "Loading the dialogue model…" and the end as one more plain line.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

FRAMES = "|/-\\"
INTERVAL_S = 0.15


class progress:
    """Context manager: a spinner (tty) or plain lines (anything else) around a slow step."""

    def __init__(self, label: str, stream: TextIO | None = None, done_line: bool = True) -> None:
        self.label = label
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._done_line = done_line
        self._detail = ""
        self._started = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> progress:
        self._started = time.monotonic()
        if self._tty:
            self._thread = threading.Thread(target=self._spin, daemon=True)
            self._thread.start()
        else:
            print(f"{self.label}…", file=self._stream, flush=True)
        return self

    def update(self, detail: str) -> None:
        """What is happening right now (shown after the label on a terminal)."""
        with self._lock:
            self._detail = detail.strip()

    def __exit__(self, exc_type, *rest) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        elapsed = time.monotonic() - self._started
        outcome = "failed" if exc_type else "done"
        if self._tty:
            self._write(f"{self.label}… {outcome} ({elapsed:.0f} s)\n")
        elif self._done_line and not exc_type:
            print(f"{self.label}: done ({elapsed:.0f} s)", file=self._stream, flush=True)

    def _spin(self) -> None:
        frame = 0
        while not self._stop.wait(INTERVAL_S if frame else 0):
            with self._lock:
                detail = f" {self._detail}" if self._detail else ""
            elapsed = time.monotonic() - self._started
            self._write(f"{FRAMES[frame % len(FRAMES)]} {self.label}… {elapsed:.0f} s{detail}")
            frame += 1

    def _write(self, text: str) -> None:
        width = 100
        line = text.rstrip("\n")[:width]
        self._stream.write("\r\x1b[2K" + line + ("\n" if text.endswith("\n") else ""))
        self._stream.flush()
