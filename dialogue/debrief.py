"""Per-turn records and the coach's debrief built from them.

Records travel between turns in the `turns` slot, so they convert to and from
plain dicts. The debrief names domain responses (their text is in domain.yml and
domain/); what counts as going well and what to try next is the scenario's
(`Scenario.went_well`, `Scenario.try_next`), messed-up by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from dialogue.delivery import Delivery
from dialogue.partner_state import TurnOutcome
from dialogue.phrasing import APOLOGY_OWNED, Phrasing
from dialogue.scenarios import MESSED_UP, Scenario
from dialogue.signals import BLAME, recorded_signals

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
    signals: tuple[str, ...] = ()  # dialogue.signals names found in the turn


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
    closing: str = ""  # the scenario's closing line, "" for none


def record_turn(
    phrasing: Phrasing, outcome: TurnOutcome, delivery: Delivery, nudge: str = "", signals: Sequence[str] = ()
) -> TurnRecord:
    """Combine a turn's analysis, the partner's reaction, its delivery, any nudge and its signals."""
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
        signals=tuple(sorted(signals)),
    )


def record_to_slot(record: TurnRecord) -> dict[str, Any]:
    return asdict(record)


def records_from_slot(value: Sequence[Mapping[str, Any]] | None) -> tuple[TurnRecord, ...]:
    """Records from the `turns` slot; unknown keys (older versions) are ignored."""
    names = {field.name for field in fields(TurnRecord)}
    records = []
    for item in value or ():
        known = {k: v for k, v in item.items() if k in names}
        known["signals"] = tuple(known.get("signals") or ())
        records.append(TurnRecord(**known))
    return tuple(records)


def average_pace(records: Sequence[TurnRecord]) -> int | None:
    rates = [r.words_per_minute for r in records if r.words_per_minute is not None]
    return round(sum(rates) / len(rates)) if rates else None


def went_well(records: Sequence[TurnRecord], scenario: Scenario = MESSED_UP) -> str:
    """The strongest thing the user did, first so the debrief starts with it."""
    found = [recorded_signals(r) for r in records]
    for well in scenario.went_well:
        if any(well.signal in turn for turn in found):
            clean = not any(signal in turn for turn in found for signal in well.unless)
            return well.clean_response if well.clean_response and clean else well.response
    if records and not any(BLAME in turn for turn in found):
        return "no_blame"
    return "showed_up"


def things_to_try(records: Sequence[TurnRecord], pace: int | None, scenario: Scenario = MESSED_UP) -> list[str]:
    """The changes that would help most next time, most important first."""
    found = [recorded_signals(r) for r in records]
    suggestions = []
    for check in scenario.try_next:
        seen = any(check.signal in turn for turn in found)
        if seen == check.present and check.response not in suggestions:
            suggestions.append(check.response)
    if pace is not None and pace > FAST_WORDS_PER_MINUTE:
        suggestions.append("slow_down")
    if sum(r.fillers for r in records) >= 3:
        suggestions.append("fewer_fillers")
    return suggestions or [scenario.try_fallback]


def try_next(records: Sequence[TurnRecord], pace: int | None, scenario: Scenario = MESSED_UP) -> str:
    """The one change that would help most next time."""
    return things_to_try(records, pace, scenario)[0]


def build_debrief(records: Sequence[TurnRecord], scenario: Scenario = MESSED_UP) -> Debrief:
    pace = average_pace(records)
    to_try = things_to_try(records, pace, scenario)
    return Debrief(
        went_well=went_well(records, scenario),
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
        closing=scenario.closing,
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
    if debrief.closing:
        lines.append(f"utter_coach_debrief_closing_{debrief.closing}")
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
