"""What the partner says back: which responses, in which order, after one user turn.

A person who heard you answers a question you asked, picks up the concrete thing you said
("A&E? Is everyone okay?"), and otherwise reacts to how you said it. The plan names domain
responses; which variation of each is spoken (by its slot conditions, and never twice) is
dialogue/practices/lines.py's job. What the conversation has done so far -- the moves the
user made and the partner's mood -- is kept in slots for the variations' conditions.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dialogue.coaching import signals as s
from dialogue.practices.content import CONTENT_SLOTS, Content
from dialogue.practices.scenario_types import COOL_EXCUSE, WARM

MOVE_SLOTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # slot: (signals that make the move, content slots that make it)
    "apologised": ((s.OWNED_APOLOGY, s.UNDERMINED_APOLOGY), ()),
    "gave_reason": ((s.EXCUSE,), ("reason", "reason_kind")),
    "named_feeling": ((s.NAMES_FEELING,), ("feeling",)),
    "made_request": ((s.ASKS_FOR_NEED,), ("request",)),
    "said_love": ((s.SAYS_LOVE,), ()),
    "shared_dream": ((s.SHARES_DREAM,), ("dream",)),
    "told_news": ((s.SHARES_NEWS,), ("news",)),
    "set_boundary": ((s.BOUNDARY,), ()),
}
"""The memory of what the user has done, one boolean slot each (the domain's conditions read them)."""

COLD_BELOW, WARM_FROM = 0.3, 0.6
REFLECTED_SLOT = {"reason_kind": "reason"}
"""A reason's kind alone is reflected by the reason's lines (their variations are conditioned on the kind)."""
DETAIL_RESPONSE = "utter_partner_reflect_detail"
"""A concrete detail no scenario line covers is echoed before the reaction, by lines that fit any scenario."""


def moves_in(signals: Collection[str], content: Content) -> frozenset[str]:
    """The moves one turn made."""
    present = set(content.present())
    return frozenset(
        slot for slot, (by_signal, by_content) in MOVE_SLOTS.items()
        if any(sig in signals for sig in by_signal) or present.intersection(by_content)
    )


def mood_of(trust: float) -> str:
    """The partner's mood for the domain's conditions: cold, unsure or warm."""
    return "cold" if trust < COLD_BELOW else "warm" if trust >= WARM_FROM else "unsure"


def memory_slots(before: Mapping[str, Any], moves: Collection[str], trust: float) -> dict[str, Any]:
    """The memory slots after a turn: every move made so far, and the mood."""
    made = {slot: bool(before.get(slot)) or slot in moves for slot in MOVE_SLOTS}
    return {**made, "mood": mood_of(trust)}


def content_to_reflect(content: Content, reflected: Sequence[str]) -> tuple[str, ...]:
    """The content slots of this turn worth saying back: not said back before, in pick-up order."""
    out: list[str] = []
    for name in content.present():
        slot = REFLECTED_SLOT.get(name, name)
        if f"{name}={getattr(content, name).lower()}" not in reflected and slot not in out:
            out.append(slot)
    return tuple(out)


def reflected_keys(content: Content) -> tuple[str, ...]:
    """What `reflected` remembers of a turn's content."""
    return tuple(f"{name}={getattr(content, name).lower()}" for name in CONTENT_SLOTS if getattr(content, name))


@dataclass(frozen=True)
class ReplyPlan:
    """The partner's responses for one turn, in the order spoken."""

    responses: tuple[str, ...]
    answered: bool
    reflected: str  # the content slot said back, "" for none


def plan_reply(
    response_key: str,
    reaction: str,
    reaction_response: str,
    asked: str | None,
    to_reflect: Sequence[str],
    available: Collection[str],
    ending_response: str | None = None,
    reason_kind: str = "",
) -> ReplyPlan:
    """Answer first, then pick up what was said, else react; a sharp hurt is voiced first.

    ``reaction`` is the partner's reaction (scenario_types), ``reaction_response`` the response
    that voices it (style variants already chosen); ``ending_response`` the closing line when
    the role-play ends on this turn.
    """
    answer = f"utter_partner_{response_key}_answer_{asked}" if asked else ""
    answer = answer if answer in available else ""
    if reaction == WARM and reason_kind != "emergency":  # "I forgot, that's on me": the owning is what they hear
        to_reflect = [slot for slot in to_reflect if slot != "reason"]
    reflect = next(
        (slot for slot in to_reflect if f"utter_partner_{response_key}_reflect_{slot}" in available), ""
    )
    reflect_response = f"utter_partner_{response_key}_reflect_{reflect}" if reflect else ""
    detail = "detail" in to_reflect and DETAIL_RESPONSE in available
    if ending_response:
        lines = [answer or reflect_response, ending_response]
    elif reaction.startswith("cool") and reaction != COOL_EXCUSE:
        lines = [reaction_response, answer]
    elif answer:
        lines = [reflect_response, answer]
    elif reflect_response:
        lines = [reflect_response]
    elif detail:
        lines = [DETAIL_RESPONSE, reaction_response]
        reflect, reflect_response = "detail", DETAIL_RESPONSE
    else:
        lines = [reaction_response]
    chosen = tuple(line for line in lines if line)
    return ReplyPlan(chosen, answered=bool(answer), reflected=reflect if reflect_response in chosen else "")
