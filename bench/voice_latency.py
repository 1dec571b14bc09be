"""Voice-to-voice latency, cold start and peak memory through the real audio path.

Runs ``realtalk practice`` against the test harness's private PulseAudio devices, speaks
turns into its microphone with espeak-ng, and reads the per-turn trace realtalk writes
with ``REALTALK_LATENCY_LOG``: from the end of speech at the microphone to the first
sample of the reply at the speaker, split into end-of-turn wait, STT, dialogue and TTS.
Prints JSON. Usage: ``python -m bench.voice_latency [--sessions 3] [--end-silence-ms 700]
[--tts-engine piper|pyttsx3]`` (the partner's synthesiser; the coach's is espeak-ng either way).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from bench.machine import cpu_model
from tests.pulse_harness import PulseHarness
from tests.realtalk_process import RealtalkProcess, child_processes
from tests.speech_tools import synthesize_wav

# Turns that keep a "messed-up" role-play going (neither forgiven nor given up on).
TURNS = (
    "I know. I am sorry I was not there.",
    "I should have called you when I knew I could not make it.",
    "How did it feel, waiting for me like that?",
    "I want to make it up to you. Can we try again this weekend?",
)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _summary(values: list[float]) -> dict:
    return {"p50": round(statistics.median(values), 3), "p90": round(_percentile(values, 0.9), 3),
            "min": round(min(values), 3), "max": round(max(values), 3)}


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _process_name(command: str) -> str:
    return "dialogue" if "assistant.rasa.child" in command else "actions" if "assistant.rasa.action_server" in command else "other"


def run_session(pulse: PulseHarness, wavs: list[Path], log: Path, end_silence_ms: int, tts_engine: str) -> dict:
    spawned_at = time.monotonic()
    realtalk = RealtalkProcess(
        "practice", "--scenario", "messed-up", "--end-silence-ms", str(end_silence_ms), "--tts-engine", tts_engine,
        env={**pulse.env, "REALTALK_LATENCY_LOG": str(log)},
    )
    try:
        realtalk.wait_for(r"^\(listening", 240)
        for wav in wavs:
            pulse.play_into_mic(wav)
            realtalk.wait_for(r"^\(listening", 60)
        peak_rss_mb = {"realtalk": _peak_rss_mb(realtalk.process.pid)}
        children = child_processes(realtalk.process.pid)
        peak_rss_mb.update({_process_name(command): _peak_rss_mb(pid) for pid, command in children.items()})
    finally:
        realtalk.kill()
    first_words = [json.loads(line) for line in log.read_text().splitlines() if '"first_words"' in line]
    return {"cold_start_s": first_words[-1]["first_audio_at"] - spawned_at if first_words else None,
            "peak_rss_mb": {name: round(mb, 1) for name, mb in peak_rss_mb.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3, help="sessions of %d spoken turns (default: 3)" % len(TURNS))
    parser.add_argument("--end-silence-ms", type=int, default=700, help="end-of-turn silence (default: 700)")
    parser.add_argument("--tts-engine", choices=("piper", "pyttsx3"), default="piper",
                        help="the partner's speech synthesiser (default: piper)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="realtalk-bench-"))
    os.environ.setdefault("REALTALK_DATA_DIR", str(work / "data"))
    wavs = [synthesize_wav(text, work / f"turn{i}.wav", rate_wpm=150) for i, text in enumerate(TURNS)]
    log = work / "latency.jsonl"
    with PulseHarness() as pulse:
        sessions = [run_session(pulse, wavs, log, args.end_silence_ms, args.tts_engine) for _ in range(args.sessions)]
    turns = [json.loads(line) for line in log.read_text().splitlines() if '"turn"' in line]
    stages = ("end_of_turn_s", "stt_s", "dialogue_s", "tts_to_audio_s", "total_s", "stt_started_s", "stt_compute_s")
    print(json.dumps({
        "benchmark": "voice_latency",
        "machine": {"cores": os.cpu_count(), "cpu": cpu_model(), "python": platform.python_version()},
        "method": "realtalk practice on the test harness's PulseAudio null devices; espeak-ng turns played "
                  "into the microphone; stage instants from PortAudio's ADC/DAC clocks and time.monotonic()",
        "end_silence_ms": args.end_silence_ms,
        "tts_engine": {"partner": args.tts_engine, "coach": "pyttsx3"},
        "turns": len(turns),
        "voice_to_voice_s": {stage: _summary([t[stage] for t in turns]) for stage in stages},
        "after_decision_s": _summary([t["total_s"] - t["end_of_turn_s"] for t in turns]),
        "cold_start_s": _summary([s["cold_start_s"] for s in sessions if s["cold_start_s"] is not None]),
        "peak_rss_mb": {name: max(s["peak_rss_mb"][name] for s in sessions) for name in sessions[0]["peak_rss_mb"]},
        "peak_rss_mb_all_processes": round(max(sum(s["peak_rss_mb"].values()) for s in sessions), 1),
    }, indent=2))


if __name__ == "__main__":
    main()
