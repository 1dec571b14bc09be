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
    minimizing: bool = False
    celebrates_honesty: bool = False
    fillers: int = 0
    long_pauses: int = 0
    nudge: str = ""  # the coach response nudged after this turn, "" for none


@dataclass(frozen=True)
class Debrief:
    """What went well, what to try next (one or two things), and the numbers the lines quote."""

    went_well: str
    try_next: str
    turn_count: int
    owned_turns: int
    words_per_minute: int | None
    also_try: str = ""
    i_statements: int = 0
    blame_turns: int = 0
    questions: int = 0
    fillers: int = 0
    long_pauses: int = 0


def record_turn(phrasing: Phrasing, outcome: TurnOutcome, delivery: Delivery, nudge: str = "") -> TurnRecord:
    """Combine a turn's analysis, the partner's reaction, its delivery and any nudge."""
    pacing = delivery.pacing
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
        minimizing=phrasing.minimizing,
        celebrates_honesty=phrasing.celebrates_honesty,
        fillers=pacing.fillers if pacing else 0,
        long_pauses=pacing.long_pauses if pacing else 0,
        nudge=nudge,
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
    if any(r.celebrates_honesty for r in records):
        return "thanked"
    if owned and not defended:
        return "owned_cleanly"
    if owned:
        return "owned"
    if any(r.questions_to_partner for r in records):
        return "asked"
    if records and not any(r.blame for r in records):
        return "no_blame"
    return "showed_up"


def things_to_try(records: Sequence[TurnRecord], pace: int | None) -> list[str]:
    """The changes that would help most next time, most important first."""
    checks = (
        ("drop_blame", any(r.blame for r in records)),
        ("drop_excuse", any(r.excuse for r in records)),
        ("clean_apology", any(r.apology == APOLOGY_UNDERMINED for r in records)),
        ("say_sorry", not any(r.apology == APOLOGY_OWNED for r in records)),
        ("name_feeling", any(r.minimizing for r in records)),
        ("ask_partner", not any(r.questions_to_partner for r in records)),
        ("slow_down", pace is not None and pace > FAST_WORDS_PER_MINUTE),
        ("fewer_fillers", sum(r.fillers for r in records) >= 3),
    )
    return [name for name, applies in checks if applies] or ["make_amends"]


def try_next(records: Sequence[TurnRecord], pace: int | None) -> str:
    """The one change that would help most next time."""
    return things_to_try(records, pace)[0]


def build_debrief(records: Sequence[TurnRecord]) -> Debrief:
    pace = average_pace(records)
    to_try = things_to_try(records, pace)
    return Debrief(
        went_well=went_well(records),
        try_next=to_try[0],
        also_try=to_try[1] if len(to_try) > 1 else "",
        turn_count=len(records),
        owned_turns=sum(1 for r in records if r.apology == APOLOGY_OWNED),
        words_per_minute=pace,
        i_statements=sum(r.i_statements for r in records),
        blame_turns=sum(1 for r in records if r.blame),
        questions=sum(r.questions_to_partner for r in records),
        fillers=sum(r.fillers for r in records),
        long_pauses=sum(r.long_pauses for r in records),
    )


def debrief_responses(debrief: Debrief) -> tuple[str, ...]:
    """The coach's lines in order: what went well, the numbers, one or two things to try."""
    lines = [f"utter_coach_debrief_well_{debrief.went_well}"]
    if debrief.turn_count:
        spoken = debrief.words_per_minute is not None
        lines.append("utter_coach_debrief_numbers_voice" if spoken else "utter_coach_debrief_numbers_text")
    lines.append(f"utter_coach_debrief_next_{debrief.try_next}")
    if debrief.also_try:
        lines.append(f"utter_coach_debrief_also_{debrief.also_try}")
    return tuple(lines)


def debrief_values(debrief: Debrief) -> dict[str, Any]:
    """Template values for the debrief lines ({turn_count}, {owned_turns}…)."""
    return {
        "turn_count": debrief.turn_count,
        "owned_turns": debrief.owned_turns,
        "words_per_minute": debrief.words_per_minute,
        "i_statements": debrief.i_statements,
        "blame_turns": debrief.blame_turns,
        "questions": debrief.questions,
        "fillers": debrief.fillers,
        "long_pauses": debrief.long_pauses,
    }
