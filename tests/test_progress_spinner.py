"""The progress indicator: a spinner on a real terminal (a pty), plain lines elsewhere."""

from __future__ import annotations

import io
import os
import select
import time

from assistant.spinner import progress


def test_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    with progress("Loading the dialogue model", stream=stream) as status:
        status.update("ignored here")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Loading the dialogue model…"
    assert lines[1].startswith("Loading the dialogue model: done (")
    assert "\r" not in stream.getvalue()


def test_a_spinner_with_elapsed_time_and_detail_on_a_terminal():
    controller, terminal = os.openpty()
    stream = os.fdopen(terminal, "w")
    try:
        with progress("Training the dialogue model", stream=stream) as status:
            status.update("Epochs: 40%")
            time.sleep(0.5)
        stream.flush()
        output = b""
        while select.select([controller], [], [], 0.2)[0]:
            output += os.read(controller, 65536)
        output = output.decode()
    finally:
        stream.close()
        os.close(controller)
    frames = [frame for frame in output.split("\r") if "Training" in frame]
    assert len(frames) >= 3, output
    assert any("Epochs: 40%" in frame for frame in frames)
    assert frames[-1].startswith("\x1b[2KTraining the dialogue model… done (") and frames[-1].endswith(" s)")
