"""Numbers over time from the stored history: per-session measures and the user's best lines.

Per session (``SessionStats``), the numbers its debrief gave: ``session_numbers`` over the
dialogue's notes of the role-play turns (``dialogue.coaching.debrief``; a session with several
role-plays keeps the notes of its last), so the report, ``realtalk show`` and the debrief agree:

* **pace**: words per minute over the timed turns (words / speaking time, so long turns
  weigh more); None for a session with no timed turn.
* **fillers per minute**: fillers of the timed turns over the same speaking time.
* **I statements**, **blaming turns** and **questions** to the partner: sums over the turns.

Sessions stored before notes were kept count every stored turn's analysis instead.

A **best line** is a turn that owns an apology or speaks from "I", with no blame, excuse or
minimising; they rank by an owned apology first, then I statements and questions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from assistant.history.store import StoredSession, StoredTurn
from dialogue.coaching.debrief import TurnNote, notes_from_slot, session_numbers


@dataclass(frozen=True)
class SessionStats:
    """One session's measures (see the module docstring)."""

    session_id: int
    started_at: str
    scenario: str
    turns: int
    outcome: str
    wpm: float | None
    fillers_per_min: float | None
    i_statements: int
    blame_turns: int
    questions: int


@dataclass(frozen=True)
class BestLine:
    session_id: int
    started_at: str
    scenario: str
    text: str
    why: str


NO_SCENARIO = "(none chosen)"


def session_stats(session: StoredSession) -> SessionStats:
    numbers = session_numbers(session_notes(session))
    return SessionStats(
        session_id=session.id,
        started_at=session.started_at,
        scenario=session.scenario or NO_SCENARIO,
        turns=len(session.turns),
        outcome=session.outcome,
        wpm=numbers.words_per_minute,
        fillers_per_min=numbers.fillers_per_min,
        i_statements=numbers.i_statements,
        blame_turns=numbers.blame_turns,
        questions=numbers.questions,
    )


def session_notes(session: StoredSession) -> tuple[TurnNote, ...]:
    """The dialogue's notes of the session; for sessions stored without them, one per stored turn."""
    if session.notes:
        return notes_from_slot(session.notes)
    return tuple(_note_of_fields(turn) for turn in session.turns)


def _note_of_fields(turn: StoredTurn) -> TurnNote:
    a = turn.analysis
    timed = bool(turn.speaking_s) and "wpm" in a and a.get("timed", True)
    return TurnNote(
        apology=a.get("apology", "none"), owns_mistake=False, excuse=bool(a.get("excuse")),
        blame=bool(a.get("blame")), i_statements=a.get("i_statements", 0),
        questions_to_partner=a.get("questions_to_partner", 0), trust_after=0.0, reaction="",
        source=turn.source, words_per_minute=a["wpm"] if timed else None,
        minimizing=bool(a.get("minimizing")), fillers=a.get("fillers", 0), long_pauses=a.get("long_pauses", 0),
        word_count=round(a["wpm"] * turn.speaking_s / 60.0) if timed else a.get("word_count", 0),
        speaking_s=turn.speaking_s if timed else 0.0,
    )


def by_scenario(sessions: list[StoredSession]) -> dict[str, list[SessionStats]]:
    """Each scenario's sessions (with turns) as stats, oldest first."""
    grouped: dict[str, list[SessionStats]] = defaultdict(list)
    for session in sorted(sessions, key=lambda s: (s.started_at, s.id)):
        stats = session_stats(session)
        grouped[stats.scenario].append(stats)
    return dict(grouped)


def best_lines(sessions: list[StoredSession], limit: int = 6) -> list[BestLine]:
    """The user's strongest turns (see the module docstring), best first, newest first among equals."""
    scored = []
    for session in sessions:
        for turn in session.turns:
            score, why = _score(turn)
            if score > 0:
                scored.append((score, session.started_at, BestLine(
                    session.id, session.started_at, session.scenario or NO_SCENARIO, turn.transcript, why)))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    best: list[BestLine] = []
    for _points, _when, line in scored:  # each wording once, its latest time
        if line.text.strip().lower() not in {b.text.strip().lower() for b in best}:
            best.append(line)
    return best[:limit]


def _score(turn: StoredTurn) -> tuple[int, str]:
    a = turn.analysis
    if a.get("blame") or a.get("excuse") or a.get("minimizing"):
        return 0, ""
    owned = a.get("apology") == "owned"
    i_statements = a.get("i_statements", 0)
    if not owned and not i_statements:
        return 0, ""
    reasons = (["owned apology"] if owned else []) + ([_plural(i_statements, "I statement")] if i_statements else [])
    questions = a.get("questions_to_partner", 0)
    if questions:
        reasons.append(_plural(questions, "question") + " to them")
    return 3 * owned + i_statements + questions, ", ".join(reasons) + ", no blame"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
