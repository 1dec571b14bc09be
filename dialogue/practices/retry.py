"""Trying a turn again: the state before the last turn, and the partner's line to repeat.

Each partner line is sent tagged with `partner_turn`, the number of user turns
recorded when it was spoken (the opening is "0"). Rasa keeps the tag in the bot
event's metadata, so the line the partner said before turn k is the latest bot
event tagged str(k - 1), and it comes back word for word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PARTNER_TURN_KEY = "partner_turn"


@dataclass(frozen=True)
class PartnerLine:
    """A line the partner said: its text and the response it came from."""

    text: str
    response: str


def partner_turn_tag(turns_recorded: int) -> dict[str, str]:
    """The keyword argument that tags a partner line (a string: Rasa drops falsy values)."""
    return {PARTNER_TURN_KEY: str(turns_recorded)}


def line_before_turn(events: Sequence[Mapping[str, Any]], turns_recorded: int) -> PartnerLine | None:
    """The partner's latest line tagged `turns_recorded`, or None when there is none."""
    for event in reversed(events):
        if event.get("event") != "bot":
            continue
        metadata = event.get("metadata") or {}
        if str(metadata.get(PARTNER_TURN_KEY)) == str(turns_recorded) and event.get("text"):
            return PartnerLine(text=event["text"], response=str(metadata.get("utter_action") or ""))
    return None


def trust_before_last(turns: Sequence[Mapping[str, Any]], start_trust: float) -> float:
    """The partner's trust before the last recorded turn."""
    if len(turns) < 2:
        return start_trust
    return float(turns[-2].get("trust_after", start_trust))
