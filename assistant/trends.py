"""Numbers over time from the stored history: per-session measures and the user's best lines.

Per session (``SessionStats``):

* **pace**: words per minute over the spoken turns (words / speaking time, so long turns
  weigh more); None for a session with no spoken turn.
* **fillers per minute**: fillers over the same speaking time; None without spoken turns.
* **I statements**, **blaming turns** and **questions** to the partner: sums over the turns.

A **best line** is a turn that owns an apology or speaks from "I", with no blame, excuse or
minimising; they rank by an owned apology first, then I statements and questions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from assistant.storage import StoredSession, TurnRecord


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
    spoken = [t for t in session.turns if t.speaking_s and "wpm" in t.analysis]
    speaking_s = sum(t.speaking_s for t in spoken)
    words = sum(t.analysis["wpm"] * t.speaking_s / 60.0 for t in spoken)
    fillers = sum(t.analysis.get("fillers", 0) for t in spoken)
    return SessionStats(
        session_id=session.id,
        started_at=session.started_at,
        scenario=session.scenario or NO_SCENARIO,
        turns=len(session.turns),
        outcome=session.outcome,
        wpm=round(words * 60.0 / speaking_s, 1) if speaking_s else None,
        fillers_per_min=round(fillers * 60.0 / speaking_s, 1) if speaking_s else None,
        i_statements=sum(t.analysis.get("i_statements", 0) for t in session.turns),
        blame_turns=sum(1 for t in session.turns if t.analysis.get("blame")),
        questions=sum(t.analysis.get("questions_to_partner", 0) for t in session.turns),
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
    for _score_, _when, line in scored:  # each wording once, its latest time
        if line.text.strip().lower() not in {b.text.strip().lower() for b in best}:
            best.append(line)
    return best[:limit]


def _score(turn: TurnRecord) -> tuple[int, str]:
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
