"""``realtalk scenarios``: every role-play and guided flow, one line each, without loading Rasa."""

from __future__ import annotations

import argparse

from dialogue.practices.scenarios import PRACTICES


def add_parser(subparsers) -> None:
    subparsers.add_parser(
        "scenarios",
        help="list the conversations you can practise",
        description="List every scenario: its id (for --scenario) and what it practises.",
    )


def lines() -> list[str]:
    """One line per scenario: id, then what it practises."""
    width = max(len(scenario_id) for scenario_id in PRACTICES)
    return [f"{s.scenario_id:<{width}}  {s.practises}" for s in PRACTICES.values()]


def run(args: argparse.Namespace) -> int:
    print("\n".join(lines()), flush=True)
    return 0
