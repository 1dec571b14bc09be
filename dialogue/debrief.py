"""Per-turn records and the coach's debrief built from them.

Records travel between turns in the `turns` slot, so they convert to and from
plain dicts. The debrief names domain responses; their text is in domain.yml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from dialogue.delivery import Delivery
from dialogue.partner_state import TurnOutcome
from dialogue.phrasing import APOLOGY_OWNED, APOLOGY_UNDERMINED, Phrasing

# Above this the partner has trouble taking an apology in.
FAST_WORDS_PER_MINUTE = 170


@dataclass(frozen=True)
class TurnRecord:
    """What one turn did and how the partner took it."""

    apology: str
    owns_mistake: bool
    excuse: bool
    blame: bool
    i_statements: int
    questions_to_partner: int
    trust_after: float
    reaction: str
    source: str
    words_per_minute: float | None


@dataclass(frozen=True)
class Debrief:
    """What went well, one thing to try next, and the numbers the lines quote."""

    went_well: str
    try_next: str
    turn_count: int
    owned_turns: int
    words_per_minute: int | None


def record_turn(phrasing: Phrasing, outcome: TurnOutcome, delivery: Delivery) -> TurnRecord:
    """Combine a turn's analysis, the partner's reaction and its delivery."""
    return TurnRecord(
        apology=phrasing.apology,
        owns_mistake=phrasing.owns_mistake,
        excuse=phrasing.excuse,
        blame=phrasing.blame,
        i_statements=phrasing.i_statements,
        questions_to_partner=phrasing.questions_to_partner,
        trust_after=outcome.trust,
        reaction=outcome.reaction,
        source=delivery.source,
        words_per_minute=delivery.words_per_minute,
    )


def record_to_slot(record: TurnRecord) -> dict[str, Any]:
    return asdict(record)


def records_from_slot(value: Sequence[Mapping[str, Any]] | None) -> tuple[TurnRecord, ...]:
    """Records from the `turns` slot; unknown keys (older versions) are ignored."""
    names = {field.name for field in fields(TurnRecord)}
    return tuple(TurnRecord(**{k: v for k, v in item.items() if k in names}) for item in value or ())


def average_pace(records: Sequence[TurnRecord]) -> int | None:
    rates = [r.words_per_minute for r in records if r.words_per_minute is not None]
    return round(sum(rates) / len(rates)) if rates else None


def went_well(records: Sequence[TurnRecord]) -> str:
    """The strongest thing the user did, first so the debrief starts with it."""
    owned = any(r.apology == APOLOGY_OWNED for r in records)
    defended = any(r.excuse or r.blame for r in records)
    if owned and not defended:
        return "owned_cleanly"
    if owned:
        return "owned"
    if any(r.questions_to_partner for r in records):
        return "asked"
    if records and not any(r.blame for r in records):
        return "no_blame"
    return "showed_up"


def try_next(records: Sequence[TurnRecord], pace: int | None) -> str:
    """The one change that would help most next time."""
    if any(r.blame for r in records):
        return "drop_blame"
    if any(r.excuse for r in records):
        return "drop_excuse"
    if any(r.apology == APOLOGY_UNDERMINED for r in records):
        return "clean_apology"
    if not any(r.apology == APOLOGY_OWNED for r in records):
        return "say_sorry"
    if not any(r.questions_to_partner for r in records):
        return "ask_partner"
    if pace is not None and pace > FAST_WORDS_PER_MINUTE:
        return "slow_down"
    return "make_amends"


def build_debrief(records: Sequence[TurnRecord]) -> Debrief:
    pace = average_pace(records)
    return Debrief(
        went_well=went_well(records),
        try_next=try_next(records, pace),
        turn_count=len(records),
        owned_turns=sum(1 for r in records if r.apology == APOLOGY_OWNED),
        words_per_minute=pace,
    )


def debrief_responses(debrief: Debrief) -> tuple[str, ...]:
    """The coach's lines in order: what went well, pace if spoken, what to try next."""
    lines = [f"utter_coach_debrief_well_{debrief.went_well}"]
    if debrief.words_per_minute is not None and debrief.try_next != "slow_down":
        lines.append("utter_coach_debrief_pace")
    lines.append(f"utter_coach_debrief_next_{debrief.try_next}")
    return tuple(lines)


def debrief_values(debrief: Debrief) -> dict[str, Any]:
    """Template values for the debrief lines ({turn_count}, {owned_turns}…)."""
    return {
        "turn_count": debrief.turn_count,
        "owned_turns": debrief.owned_turns,
        "words_per_minute": debrief.words_per_minute,
    }
