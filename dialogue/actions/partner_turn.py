"""One role-play turn: the partner hears what was said, feels it, and answers.

Glue for action_partner_reply and action_keep_going (dialogue/actions/roleplay.py): reads the
turn's judged analysis, its content (entities Rasa extracted, dialogue/practices/content.py)
and the conversation's memory (slots), moves the partner's trust (partner_state), plans the
reply (partner_reply) and says it through the `Speaker`, which keeps every line new.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from dialogue.actions.speaker import Speaker
from dialogue.actions.steps import MENU, current, debrief_and_offer, phase_events
from dialogue.coaching.debrief import note_to_slot, note_turn, notes_from_slot
from dialogue.coaching.signals import turn_signals
from dialogue.coaching.tips import nudge
from dialogue.judgement.turns import judged_analysis_of_message
from dialogue.practices.asked import question_kind
from dialogue.practices.content import content_of_entities
from dialogue.practices.nuance import heard_signals
from dialogue.practices.partner_reply import (
    content_to_reflect,
    memory_slots,
    moves_in,
    plan_reply,
    reflected_keys,
)
from dialogue.practices.partner_state import take_turn
from dialogue.practices.persona import for_persona
from dialogue.practices.retry import partner_turn_tag
from dialogue.practices.scenarios import partner_response, scenario_menu


def _whole(value: Any) -> int | None:
    try:
        return max(1, int(float(value))) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _min_turns(tracker: Tracker) -> int | None:
    """The turns the role-play runs at least: the user's choice, extended by "keep going"."""
    chosen = [n for n in (_whole(tracker.get_slot("min_turns")), _whole(tracker.get_slot("keep_going_until"))) if n]
    return max(chosen) if chosen else None


def partner_turn(
    speaker: Speaker, tracker: Tracker, message: Mapping[str, Any], min_turns: int | None = None
) -> list[EventType]:
    """The partner's answer to ``message`` (text, entities, metadata), and the slots it sets.

    ``min_turns``: the role-play runs at least this many turns (default: the `min_turns` and
    `keep_going_until` slots, else the scenario's own)."""
    scenario, persona = current(tracker)
    if scenario is None or persona is None:
        speaker.utter_message(response="utter_coach_unknown_scenario", scenarios=scenario_menu())
        return phase_events(MENU)
    playing = for_persona(scenario, persona)

    text = message.get("text") or ""
    analysis = judged_analysis_of_message(text, message.get("metadata"))
    content = content_of_entities(message.get("entities") or [], text, persona.name)
    judged = frozenset(analysis.signals) if analysis.signals is not None else turn_signals(text, analysis.phrasing)
    signals = heard_signals(text, judged, content)
    notes = notes_from_slot(tracker.get_slot("turns"))
    trust = tracker.get_slot("trust")
    earlier = [note.signals for note in notes]
    outcome = take_turn(playing, playing.start_trust if trust is None else float(trust), len(notes), signals,
                        earlier, min_turns or _min_turns(tracker))
    tips = tuple(t for t in analysis.tips if scenario.nudges is None or t.response in scenario.nudges)
    tip = None if outcome.ending else nudge(tips, notes[-1].nudge if notes else None)
    note = note_turn(analysis, outcome, tip.response if tip else "", signals)
    turns = [note_to_slot(n) for n in notes] + [note_to_slot(note)]

    memory = memory_slots(speaker.slots, moves_in(signals, content), outcome.trust)
    reflected = list(tracker.get_slot("reflected") or [])
    asked = question_kind(text, analysis.phrasing.questions_to_partner > 0)
    available = speaker.responses.keys()
    reaction_response = partner_response(scenario, outcome.reaction, persona.style, available)
    ending_response = (partner_response(scenario, f"end_{outcome.ending}", persona.style, available)
                       if outcome.ending else None)
    plan = plan_reply(scenario.response_key, outcome.reaction, reaction_response, asked,
                      content_to_reflect(content, reflected), available, ending_response,
                      content.reason_kind or speaker.slots.get("reason_kind") or "")
    speaker.update({**memory, **content.as_slots(), "trust": outcome.trust})
    for response in plan.responses:
        speaker.utter_message(response=response, **partner_turn_tag(len(turns)))

    events: list[EventType] = [
        SlotSet("trust", outcome.trust),
        SlotSet("turns", turns),
        SlotSet("reflected", reflected + [k for k in reflected_keys(content) if k not in reflected]),
        SlotSet("asked", asked),
        *(SlotSet(name, value) for name, value in content.as_slots().items()),
        *(SlotSet(name, value) for name, value in memory.items()),
    ]
    # Only what changed: each event is stored and replayed with the tracker on every later turn.
    events = [e for e in events if e.get("event") != "slot" or tracker.get_slot(e["name"]) != e["value"]]
    if outcome.ending is None:
        if tip is not None:
            speaker.utter_message(response=tip.response, **tip.values())
        return events
    return events + debrief_and_offer(speaker, turns, scenario, outcome.ending)
