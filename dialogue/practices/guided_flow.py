"""Walking through a guided flow: what the coach says at the start, after each answer, on skip and on try again.

Each function takes the flow and its `GuidedState` and returns a `GuidedTurn`:
the coach's lines (domain response names and their values), the new state, and
whether the flow is done (wrap-up and the usual offer follow) or hands over to a
role-play. No Rasa here; dialogue/actions/guided.py dispatches the result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dialogue.coaching.phrasing import analyse
from dialogue.coaching.requests import asks_for_need
from dialogue.practices import opening_statement as opening
from dialogue.practices.content import Content
from dialogue.practices.guided import (
    DESCRIBE,
    MAX_REHEARSALS,
    PREP_REAL_TALK,
    REHEARSE,
    START_SMALL,
    GuidedFlow,
    GuidedState,
    reflection_for,
    rehearsal_gap,
    step_gap,
)
from dialogue.practices.persona import partner_name_in


@dataclass(frozen=True)
class Line:
    """One coach line: a response name and the values for its {slots}."""

    response: str
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GuidedTurn:
    lines: tuple[Line, ...]
    state: GuidedState
    done: bool = False
    handover: str = ""  # the role-play id to start now (prep-real-talk)


def _line(flow: GuidedFlow, moment: str, **values: object) -> Line:
    return Line(f"utter_coach_{flow.response_key}_{moment}", tuple((k, str(v)) for k, v in values.items()))


def _statement(state: GuidedState) -> opening.OpeningStatement:
    return opening.OpeningStatement(state.feeling, state.situation, state.connective, state.need)


def _with_statement(state: GuidedState, statement: opening.OpeningStatement) -> GuidedState:
    return replace(
        state, feeling=statement.feeling, situation=statement.situation, connective=statement.connective, need=statement.need
    )


def prompt(flow: GuidedFlow, state: GuidedState) -> Line:
    """The question for where the flow is now."""
    if flow.scenario_id == PREP_REAL_TALK:
        if state.stage == REHEARSE:
            return _line(flow, "read_back", opening=_statement(state).sentence())
        return _line(flow, f"ask_{state.stage}", feeling=state.feeling or opening.DEFAULT_FEELING)
    return _line(flow, f"step_{state.step + 1}", step_number=state.step + 1, step_count=flow.steps)


def start(flow: GuidedFlow) -> GuidedTurn:
    state = GuidedState(flow_id=flow.scenario_id)
    return GuidedTurn((_line(flow, "intro"), prompt(flow, state)), state)


def wrap_up(flow: GuidedFlow, state: GuidedState) -> tuple[Line, ...]:
    """The coach's short look back (for prep-real-talk: the opening they practised)."""
    if flow.scenario_id == PREP_REAL_TALK:
        return (_line(flow, "wrapup", opening=_statement(state).sentence()),)
    return (_line(flow, "wrapup", answered=state.answered, step_count=flow.steps, named=state.named_feelings),)


def _next_step(flow: GuidedFlow, state: GuidedState, said: tuple[Line, ...]) -> GuidedTurn:
    moved = replace(state, step=state.step + 1, tries=0)
    if moved.step < flow.steps:
        return GuidedTurn((*said, prompt(flow, moved)), moved)
    return GuidedTurn((*said, _line(flow, "closing"), *wrap_up(flow, moved)), moved, done=True)


def answer(flow: GuidedFlow, state: GuidedState, text: str, content: Content | None = None) -> GuidedTurn:
    """The user answered the current prompt aloud; `content`: what the NLU extracted from it
    (dialogue/practices/content.py), the same as a role-play's."""
    content = content or Content()
    if flow.scenario_id == PREP_REAL_TALK:
        return _prep_answer(flow, state, text, content.feeling)
    phrasing = analyse(text)
    if flow.scenario_id == START_SMALL:
        gap = step_gap(phrasing)
        if gap:
            again = replace(state, tries=state.tries + 1)
            return GuidedTurn((_line(flow, f"cue_{gap}", step_number=state.step + 1),), again)
        unlocked = replace(state, answered=state.answered + 1, named_feelings=state.named_feelings + 1)
        return _next_step(flow, unlocked, (_line(flow, "unlocked"),))
    counted = replace(
        state, answered=state.answered + 1, named_feelings=state.named_feelings + (phrasing.feelings_named > 0)
    )
    feeling = content.feeling or opening.feeling_in(text, asked=True)
    moment = reflection_for(phrasing, asks_for_need(text) or bool(content.request))
    return _next_step(flow, counted, (_line(flow, moment, feeling=feeling, need=content.request),))


def skip(flow: GuidedFlow, state: GuidedState) -> GuidedTurn:
    """"Skip": on to the next prompt or step (prep-real-talk: a default for the missing part, or the role-play)."""
    if flow.scenario_id != PREP_REAL_TALK:
        return _next_step(flow, state, (_line(flow, "skipped"),))
    if state.stage == REHEARSE:
        return _hand_over(flow, state, (_line(flow, "skipped"),))
    statement = _statement(state)
    if state.stage != DESCRIBE:
        statement = opening.with_default(statement, state.stage)
    return _ask_next(flow, replace(_with_statement(state, statement), stage=DESCRIBE), (_line(flow, "skipped"),))


def again(flow: GuidedFlow, state: GuidedState) -> GuidedTurn:
    """"Try again": the current prompt once more."""
    return GuidedTurn((_line(flow, "again"), prompt(flow, state)), replace(state, tries=0))


def back_to_last(flow: GuidedFlow, state: GuidedState) -> GuidedTurn:
    """"Try again" after the wrap-up: back to the last prompt or step."""
    if flow.scenario_id == PREP_REAL_TALK:
        return again(flow, replace(state, stage=REHEARSE))
    return again(flow, replace(state, step=max(0, min(state.step, flow.steps) - 1)))


# --------------------------------------------------------------- prep-real-talk
def _ask_next(flow: GuidedFlow, state: GuidedState, said: tuple[Line, ...]) -> GuidedTurn:
    """Ask for the first missing part, or read the whole statement back."""
    missing = _statement(state).missing()
    moved = replace(state, stage=missing[0] if missing else REHEARSE, tries=0)
    return GuidedTurn((*said, prompt(flow, moved)), moved)


def _prep_answer(flow: GuidedFlow, state: GuidedState, text: str, feeling: str = "") -> GuidedTurn:
    if state.stage == DESCRIBE:
        described = _with_statement(state, opening.extract(text, feeling))
        named = replace(described, partner_name=partner_name_in(text))
        return _ask_next(flow, named, (_line(flow, "heard"),))
    if state.stage == REHEARSE:
        return _rehearsal(flow, state, text)
    before = _statement(state)
    statement = opening.with_answer(before, state.stage, text, feeling)
    if getattr(statement, state.stage):
        return _ask_next(flow, _with_statement(state, statement), ())
    if statement != before:  # it answered another question: keep that, and ask this one again
        other = next(part for part in ("feeling", "situation", "need") if getattr(statement, part) != getattr(before, part))
        noted = _line(flow, f"noted_{other}", feeling=statement.feeling or opening.DEFAULT_FEELING,
                      need=statement.need, situation=statement.situation)
        return GuidedTurn((noted, prompt(flow, _with_statement(state, statement))), _with_statement(state, statement))
    return GuidedTurn((_line(flow, f"ask_{state.stage}_again"),), replace(state, tries=state.tries + 1))


def _rehearsal(flow: GuidedFlow, state: GuidedState, text: str) -> GuidedTurn:
    gap = rehearsal_gap(analyse(text), opening.says_feeling(text, state.feeling))
    attempt = " ".join(text.split())
    if not gap:
        practised = replace(state, answered=state.answered + 1)
        return _hand_over(flow, practised, (_line(flow, "accepted", attempt=attempt),))
    tries = state.tries + 1
    if tries >= MAX_REHEARSALS:
        return _hand_over(flow, replace(state, tries=tries), (_line(flow, "moving_on", attempt=attempt),))
    cue = _line(flow, f"cue_{gap}", attempt=attempt, feeling=state.feeling, opening=_statement(state).sentence())
    return GuidedTurn((cue,), replace(state, tries=tries))


def _hand_over(flow: GuidedFlow, state: GuidedState, said: tuple[Line, ...]) -> GuidedTurn:
    statement = _statement(state)
    return GuidedTurn((*said, *wrap_up(flow, state)), state, done=True, handover=opening.roleplay_for(statement))
