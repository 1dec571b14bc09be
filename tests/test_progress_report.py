"""``realtalk progress``: the terminal summary and the HTML report, rendered by real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.history.html import COLOURS
from tests.history_data import write_history
from tests.realtalk_process import PROJECT_DIR

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def progress(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", "progress", *args], cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "REALTALK_DATA_DIR": str(data_dir)})


def test_the_terminal_summary_shows_trends_per_scenario(tmp_path):
    write_history(tmp_path)
    result = progress(tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "5 sessions, 12 turns." in out
    assert "messed-up: 5 sessions (5 warm)" in out
    assert re.search(r"pace \(words/min\)\s+\S+ → \S+", out)
    assert re.search(r"fillers per minute\s+60\.0 → 0\.0\s+\S+\s+better", out)
    assert re.search(r"blaming turns\s+1 → 0\s+\S+\s+better", out)
    assert "Your best lines:" in out and "That's on me." in out
    assert "your fault really" not in out.split("Your best lines:")[1], "blame is never a best line"


def test_no_history_yet_is_said_plainly(tmp_path):
    result = progress(tmp_path / "empty")
    assert result.returncode == 0 and "No practice sessions yet" in result.stdout
    assert not (tmp_path / "empty").exists(), "reading creates nothing"


def _colour_pixels(pixels, colour: str, tolerance: int = 40) -> int:
    import numpy as np

    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels.astype(int) - target).max(axis=2) <= tolerance).sum())


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs the Debian package chromium (make test installs it)")
def test_the_html_report_renders_its_charts_in_chromium(tmp_path):
    import numpy as np
    from PIL import Image

    write_history(tmp_path / "data")
    page = tmp_path / "report.html"
    result = progress(tmp_path / "data", "--html", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text()
    assert "http" not in html.replace("http-equiv", ""), "no URL at all: nothing can be fetched"
    assert "default-src 'none'" in html and "<script" not in html
    assert (page.stat().st_mode & 0o777) == 0o600

    screenshot = tmp_path / "report.png"
    subprocess.run(
        ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={screenshot}",
         "--window-size=1200,2000", page.as_uri()],
        capture_output=True, timeout=60, check=True,
    )
    image = Image.open(screenshot).convert("RGB")
    charts = np.asarray(image.crop((0, 100, 1200, 700)))  # the four charts of the one scenario
    non_white = int((charts.min(axis=2) < 235).sum())
    assert non_white > 25_000, f"the chart area is nearly blank ({non_white} non-white pixels)"
    for series, colour in COLOURS.items():  # an empty chart shows only its legend swatch (~50 px)
        assert _colour_pixels(charts, colour) > 400, f"the {series} series did not render"
