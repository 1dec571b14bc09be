"""Soak: many turns in one session, and whether memory keeps growing.

200 scripted turns in text mode and 30 spoken turns through the test harness's PulseAudio
devices, each in one ``realtalk practice`` session. Resident memory (realtalk plus its action
server) is sampled after a warm-up and at the end. Prints JSON; the issue's bar is growth
of at most 10 % after warm-up. Usage: ``python -m bench.soak [--text-turns 200] [--spoken-turns 30]`` (0 skips that mode).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

from tests.pulse_harness import PulseHarness
from tests.realtalk_process import RealtalkProcess, child_processes
from tests.speech_tools import synthesize_wav

# A role-play that never ends by itself: "start over" reopens it before any ending.
CYCLE = (
    "I know. I am sorry I was not there.",
    "I should have called you when I knew I could not make it.",
    "How did it feel, waiting for me like that?",
    "start over",
)
WARM_UP_TURNS = 20


def _rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MiB."""
    pids = [pid, *child_processes(pid)]
    total_kb = 0
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def _growth(warm: float, end: float) -> dict:
    return {"after_warm_up_mb": round(warm, 1), "end_mb": round(end, 1), "growth_pct": round((end - warm) / warm * 100, 1)}


def soak_text(turns: int) -> dict:
    realtalk = RealtalkProcess("practice", "--text", "--scenario", "messed-up", "--mute", stdin=subprocess.PIPE)
    try:
        realtalk.wait_for(r"^partner: ", 240)
        warm = 0.0
        for n in range(turns):
            realtalk.process.stdin.write(CYCLE[n % len(CYCLE)] + "\n")
            realtalk.process.stdin.flush()
            # realtalk echoes a turn when it takes it up, after answering the one before.
            realtalk.wait_for(r"^you: ", 60)
            if n + 1 == WARM_UP_TURNS:
                warm = _rss_mb(realtalk.process.pid)
        end = _rss_mb(realtalk.process.pid)
        realtalk.process.stdin.write("stop\n")
        realtalk.process.stdin.close()
        exit_code = realtalk.finish(timeout_s=60)
    finally:
        realtalk.kill()
    return {"turns": turns, "exit_code": exit_code, **_growth(warm, end)}


def soak_spoken(turns: int, work: Path) -> dict:
    wavs = [synthesize_wav(text, work / f"soak{i}.wav", rate_wpm=150) for i, text in enumerate(CYCLE)]
    with PulseHarness() as pulse:
        realtalk = RealtalkProcess("practice", "--scenario", "messed-up", env=pulse.env)
        try:
            realtalk.wait_for(r"^\(listening", 240)
            warm = 0.0
            for n in range(turns):
                pulse.play_into_mic(wavs[n % len(wavs)])
                realtalk.wait_for(r"^\(listening", 90)
                if n + 1 == min(WARM_UP_TURNS // 2, turns):
                    warm = _rss_mb(realtalk.process.pid)
            end = _rss_mb(realtalk.process.pid)
        finally:
            realtalk.kill()
    heard = len(realtalk.said("you"))
    return {"turns": turns, "turns_heard": heard, **_growth(warm, end)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-turns", type=int, default=200, help="typed turns (default: 200)")
    parser.add_argument("--spoken-turns", type=int, default=30, help="spoken turns (default: 30)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="realtalk-soak-"))
    os.environ.setdefault("REALTALK_DATA_DIR", str(work / "data"))
    print(json.dumps({
        "benchmark": "soak",
        "memory": "VmRSS of realtalk and its child processes (dialogue, action server), sampled after warm-up and at the end",
        "text": soak_text(args.text_turns) if args.text_turns else "skipped (--text-turns 0)",
        "spoken": soak_spoken(args.spoken_turns, work) if args.spoken_turns else "skipped (--spoken-turns 0)",
        "bar_growth_pct": 10,
    }, indent=2))


if __name__ == "__main__":
    main()
