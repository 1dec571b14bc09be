"""How long each speech synthesiser takes to load, in a fresh process each run.

What ``TtsRouter.start_loading`` overlaps with the rest of the start-up: CPU and wall time of
one engine's ``load()`` (its imports included), measured in a new Python process per run so
nothing is cached. Prints JSON. Usage: ``python -m bench.tts_load [--runs 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

from audio.tts import TTS_ENGINES
from bench.machine import cpu_model

_ONE_LOAD = """
import json, sys, time
from audio.tts import TtsOptions, create_engine
engine = create_engine(sys.argv[1], TtsOptions())
cpu, wall = time.process_time(), time.perf_counter()
engine.load()
print(json.dumps({"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}))
"""


def load_times(engine: str) -> dict[str, float]:
    """CPU and wall seconds of one load of ``engine`` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _ONE_LOAD, engine], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per engine (default: 3)")
    args = parser.parse_args()
    engines = {}
    for engine in TTS_ENGINES:
        runs = [load_times(engine) for _ in range(args.runs)]
        engines[engine] = {
            key: {"median": round(statistics.median(r[key] for r in runs), 3),
                  "min": round(min(r[key] for r in runs), 3), "max": round(max(r[key] for r in runs), 3)}
            for key in ("cpu_s", "wall_s")
        }
    print(json.dumps({
        "command": " ".join(["python -m bench.tts_load", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version()},
        "runs": args.runs,
        "load": engines,
    }, indent=2))


if __name__ == "__main__":
    main()
