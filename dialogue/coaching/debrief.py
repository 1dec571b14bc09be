"""Per-turn notes, the session's numbers and the coach's debrief built from them.

Notes travel between turns in the `turns` slot, so they convert to and from
plain dicts. The history stores the same notes, and the progress report counts them
with ``session_numbers``, so the debrief, the history and the report say the same. The debrief names domain responses (their text is in domain.yml and
domain/); what counts as going well and what to try next is the scenario's
(`Scenario.went_well`, `Scenario.try_next`), messed-up by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from dialogue.coaching.analysis import Analysis
from dialogue.coaching.pacing import band_of_wpm, overall_wpm, per_minute
from dialogue.coaching.phrasing import APOLOGY_OWNED
from dialogue.coaching.signals import BLAME, recorded_signals
from dialogue.practices.partner_state import TurnOutcome
from dialogue.practices.scenarios import MESSED_UP, Scenario


@dataclass(frozen=True)
class TurnNote:
    """What one role-play turn did and how the partner took it."""

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
    signals: tuple[str, ...] = ()  # dialogue.coaching.signals names found in the turn
    word_count: int = 0
    speaking_s: float = 0.0
    """Speaking time of a timed turn (``words_per_minute`` not None), else 0."""
    feelings_named: int = 0


@dataclass(frozen=True)
class SessionNumbers:
    """The counts a debrief quotes and the progress report charts, over a session's notes."""

    turn_count: int = 0
    owned_turns: int = 0
    words_per_minute: int | None = None
    """Over the timed turns: their words per minute of their speaking time (``overall_wpm``)."""
    i_statements: int = 0
    blame_turns: int = 0
    questions: int = 0
    fillers: int = 0
    long_pauses: int = 0
    speaking_s: float = 0.0
    """Speaking time of the timed turns."""
    fillers_per_min: float | None = None
    """The timed turns' fillers per minute of their speaking time."""


@dataclass(frozen=True)
class Debrief:
    """What went well, what to try next (one or two things), and the numbers the lines quote."""

    went_well: str
    try_next: str
    numbers: SessionNumbers
    also_try: str = ""
    closing: str = ""  # the scenario's closing line, "" for none


def note_turn(analysis: Analysis, outcome: TurnOutcome, nudge: str = "", signals: Sequence[str] = ()) -> TurnNote:
    """Combine a turn's analysis, the partner's reaction, any nudge and its signals."""
    phrasing, pacing, wpm = analysis.phrasing, analysis.pacing, analysis.wpm
    return TurnNote(
        apology=phrasing.apology,
        owns_mistake=phrasing.owns_mistake,
        excuse=phrasing.excuse,
        blame=phrasing.blame,
        i_statements=phrasing.i_statements,
        questions_to_partner=phrasing.questions_to_partner,
        trust_after=outcome.trust,
        reaction=outcome.reaction,
        source=analysis.source,
        words_per_minute=round(wpm, 1) if wpm is not None else None,
        minimizing=phrasing.minimizing,
        celebrates_honesty=phrasing.celebrates_honesty,
        fillers=pacing.fillers if pacing else phrasing.fillers,
        long_pauses=pacing.long_pauses if pacing else 0,
        nudge=nudge,
        signals=tuple(sorted(signals)),
        word_count=pacing.word_count if pacing else phrasing.word_count,
        speaking_s=round(pacing.speaking_s, 3) if pacing and wpm is not None else 0.0,
        feelings_named=phrasing.feelings_named,
    )


def note_to_slot(note: TurnNote) -> dict[str, Any]:
    return asdict(note)


def notes_from_slot(value: Sequence[Mapping[str, Any]] | None) -> tuple[TurnNote, ...]:
    """Notes from the `turns` slot (or the history); unknown keys (older versions) are ignored."""
    names = {field.name for field in fields(TurnNote)}
    notes = []
    for item in value or ():
        known = {k: v for k, v in item.items() if k in names}
        known["signals"] = tuple(known.get("signals") or ())
        notes.append(TurnNote(**known))
    return tuple(notes)


def session_numbers(notes: Sequence[TurnNote]) -> SessionNumbers:
    """The session's counts over its notes (the one place they are added up)."""
    timed = [n for n in notes if n.words_per_minute is not None and n.speaking_s > 0]
    speaking_s = sum(n.speaking_s for n in timed)
    wpm = overall_wpm((n.word_count, n.speaking_s) for n in timed)
    return SessionNumbers(
        turn_count=len(notes),
        owned_turns=sum(1 for n in notes if n.apology == APOLOGY_OWNED),
        words_per_minute=round(wpm) if wpm is not None else None,
        i_statements=sum(n.i_statements for n in notes),
        blame_turns=sum(1 for n in notes if n.blame),
        questions=sum(n.questions_to_partner for n in notes),
        fillers=sum(n.fillers for n in notes),
        long_pauses=sum(n.long_pauses for n in notes),
        speaking_s=round(speaking_s, 3),
        fillers_per_min=round(per_minute(sum(n.fillers for n in timed), speaking_s), 1) if timed else None,
    )


def went_well(notes: Sequence[TurnNote], scenario: Scenario = MESSED_UP) -> str:
    """The strongest thing the user did, first so the debrief starts with it."""
    found = [recorded_signals(n) for n in notes]
    for well in scenario.went_well:
        if any(well.signal in turn for turn in found):
            clean = not any(signal in turn for turn in found for signal in well.unless)
            return well.clean_response if well.clean_response and clean else well.response
    if notes and not any(BLAME in turn for turn in found):
        return "no_blame"
    return "showed_up"


def things_to_try(notes: Sequence[TurnNote], pace: int | None, scenario: Scenario = MESSED_UP) -> list[str]:
    """The changes that would help most next time, most important first."""
    found = [recorded_signals(n) for n in notes]
    suggestions = []
    for check in scenario.try_next:
        seen = any(check.signal in turn for turn in found)
        if seen == check.present and check.response not in suggestions:
            suggestions.append(check.response)
    if band_of_wpm(pace) == "fast":
        suggestions.append("slow_down")
    if sum(n.fillers for n in notes) >= 3:
        suggestions.append("fewer_fillers")
    return suggestions or [scenario.try_fallback]


def try_next(notes: Sequence[TurnNote], pace: int | None, scenario: Scenario = MESSED_UP) -> str:
    """The one change that would help most next time."""
    return things_to_try(notes, pace, scenario)[0]


def build_debrief(notes: Sequence[TurnNote], scenario: Scenario = MESSED_UP) -> Debrief:
    numbers = session_numbers(notes)
    to_try = things_to_try(notes, numbers.words_per_minute, scenario)
    return Debrief(
        went_well=went_well(notes, scenario),
        try_next=to_try[0],
        also_try=to_try[1] if len(to_try) > 1 else "",
        numbers=numbers,
        closing=scenario.closing,
    )


def debrief_responses(debrief: Debrief) -> tuple[str, ...]:
    """The coach's lines in order: what went well, the numbers, one or two things to try."""
    lines = [f"utter_coach_debrief_well_{debrief.went_well}"]
    if debrief.numbers.turn_count:
        spoken = debrief.numbers.words_per_minute is not None
        lines.append("utter_coach_debrief_numbers_voice" if spoken else "utter_coach_debrief_numbers_text")
    lines.append(f"utter_coach_debrief_next_{debrief.try_next}")
    if debrief.also_try:
        lines.append(f"utter_coach_debrief_also_{debrief.also_try}")
    if debrief.closing:
        lines.append(f"utter_coach_debrief_closing_{debrief.closing}")
    return tuple(lines)


def debrief_values(debrief: Debrief) -> dict[str, Any]:
    """Template values for the debrief lines ({turn_count}, {owned_turns}…)."""
    numbers = asdict(debrief.numbers)
    for not_quoted in ("speaking_s", "fillers_per_min"):
        del numbers[not_quoted]
    return numbers
