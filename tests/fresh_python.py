"""Run a snippet in a fresh interpreter, for behaviour that lasts for a whole process (import
hooks, allocator settings), and read back the JSON it prints last."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from assistant.paths import PROJECT_DIR


def run_python(code: str, cwd: Path = PROJECT_DIR, prelude: str = "") -> dict:
    """Run ``prelude`` then ``code`` (dedented) with nothing imported yet; return its last JSON line."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(prelude) + textwrap.dedent(code)], cwd=cwd,
                            capture_output=True, text=True, timeout=300,
                            env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin",
                                 "PYTHONPATH": str(PROJECT_DIR)})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
