"""``realtalk progress``: how your practice is going, in the terminal or as an HTML page."""

from __future__ import annotations

import argparse
import sys

from assistant.datadir import (
    HISTORY_DB,
    PrivatePathError,
    add_data_dir_argument,
    check_private_target,
    use_data_dir,
    write_private,
)
from assistant.history.store import HistoryStore, StoreError
from assistant.history.trends import best_lines, by_scenario

SPARKS = "▁▂▃▄▅▆▇█"
METRICS = (
    # (label, attribute, which way is better: +1 up, -1 down, 0 neither)
    ("pace (words/min)", "wpm", 0),
    ("fillers per minute", "fillers_per_min", -1),
    ("I statements (own feelings, needs, actions)", "i_statements", +1),
    ("blaming turns", "blame_turns", -1),
    ("questions inviting their side", "questions", +1),
)


def add_parser(subparsers) -> None:
    progress = subparsers.add_parser("progress", help="your progress over time (terminal summary or HTML report)")
    progress.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report with charts to FILE, a new 0600 file put in place whole; "
                          "never through a symbolic link nor into the data folder (default: terminal only)")
    add_data_dir_argument(progress)


def run(args: argparse.Namespace) -> int:
    try:
        data_dir = use_data_dir(args.data_dir)
        if args.html:
            check_private_target(args.html, data_dir)  # before reading everything
        store = HistoryStore.open(data_dir / HISTORY_DB, create=False)
        sessions = [] if store is None else store.all_sessions()
        if store is not None:
            store.close()
    except (StoreError, PrivatePathError) as error:
        print(f"realtalk: {error}", file=sys.stderr)
        return 1
    if not sessions:
        print(f"No practice sessions yet (nothing stored in {data_dir}). Start one with `realtalk practice`.")
    else:
        print(summary(sessions))
    if args.html:
        from assistant.history.html import render_report

        try:
            write_private(args.html, render_report(sessions), data_dir=data_dir)
        except PrivatePathError as error:
            print(f"realtalk: {error}", file=sys.stderr)
            return 1
        print(f"Report written to {args.html}")
    return 0


def summary(sessions) -> str:
    """The terminal summary: sessions per scenario, each measure first → latest with a sparkline."""
    grouped = by_scenario(sessions)
    turns = sum(len(s.turns) for s in sessions)
    lines = [f"{len(sessions)} sessions, {turns} turns."]
    for scenario, stats in grouped.items():
        endings = ", ".join(f"{n} {o}" for o, n in _count(s.outcome for s in stats).items())
        lines += ["", f"{scenario}: {len(stats)} sessions ({endings})"]
        lines += [_metric_line(label, [getattr(s, attr) for s in stats], better) for label, attr, better in METRICS]
    best = best_lines(sessions, limit=3)
    if best:
        lines += ["", "Your best lines:"] + [f'  "{line.text}" ({line.why})' for line in best]
    return "\n".join(lines)


def _metric_line(label: str, values: list, better: int) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return f"  {label:20} -  (no spoken turns yet)"
    first, latest = known[0], known[-1]
    trend = ""
    if len(known) > 1 and better and latest != first:
        trend = "  better" if (latest - first) * better > 0 else "  worse"
    return f"  {label:20} {_fmt(first)} → {_fmt(latest)}  {sparkline(known)}{trend}"


def sparkline(values: list[float]) -> str:
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))] for v in values)


def _fmt(value: float) -> str:
    return f"{value:g}" if isinstance(value, int) else f"{value:.1f}"


def _count(items) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts

