"""How long one turn's judgement takes (rules, sentence embedding, head), and `realtalk analyze` per line.

    python -m bench.judge_speed [--turns 200]

Times ``dialogue.judgement.judge.judge`` on corpus sentences after the first call (which loads
the encoder), then feeds the same lines to one ``realtalk analyze`` process on stdin and times
each JSON line from the moment its input line was written. Prints JSON with the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

from bench.machine import cpu_model


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_ms": round(1000 * statistics.median(ordered), 2),
            "p90_ms": round(1000 * ordered[int(0.9 * (len(ordered) - 1))], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200, help="sentences to time (default: 200)")
    args = parser.parse_args()
    from dialogue.judgement.corpus import load_corpus
    from dialogue.judgement.judge import judge

    texts = [item.text for item in load_corpus()][: args.turns]
    started = time.perf_counter()
    judge("warm up")
    load_s = time.perf_counter() - started
    judged = []
    for text in texts:
        started = time.perf_counter()
        judge(text)
        judged.append(time.perf_counter() - started)

    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "analyze"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, bufsize=1)
    assert process.stdin is not None and process.stdout is not None
    per_line = []
    for n, text in enumerate(["warm up", *texts]):
        started = time.perf_counter()
        process.stdin.write(text.replace("\n", " ") + "\n")
        process.stdin.flush()
        json.loads(process.stdout.readline())
        if n:
            per_line.append(time.perf_counter() - started)
    process.stdin.close()
    process.wait()
    print(json.dumps({
        "benchmark": "judge_speed", "cpu": cpu_model(), "date": datetime.now(timezone.utc).isoformat(timespec="minutes"),
        "turns": len(texts), "judge_load_s": round(load_s, 2), "judge": _percentiles(judged),
        "analyze_per_line": _percentiles(per_line),
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
