"""Who the partner is: a name, a relationship and a style.

The user picks them ("practise with my sister Anna", "make them guarded", "make
it harder") or a scenario's defaults apply. The style shifts the scenario's
numbers -- a guarded partner starts cooler and forgives later -- relative to the
scenario's own default style, so a scenario played in its default style keeps
exactly the numbers written in dialogue/practices/scenarios.py. Style-specific wording is
picked by `scenarios.partner_response`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from dialogue.practices.scenarios import Scenario

STYLES = ("warm", "guarded", "hurt", "dismissive")
RELATIONSHIPS = ("partner", "friend", "parent", "sibling")


@dataclass(frozen=True)
class StyleShift:
    """How a style moves the numbers: start trust, the forgive threshold, the give-up threshold."""

    start: float
    forgive: float
    give_up: float = 0.0


SHIFTS = {
    "warm": StyleShift(start=0.1, forgive=-0.05),
    "hurt": StyleShift(start=0.0, forgive=0.0),
    "guarded": StyleShift(start=-0.1, forgive=0.05),
    "dismissive": StyleShift(start=-0.2, forgive=0.1, give_up=0.05),
}
DIFFICULTY_STYLES = {"easy": "warm", "hard": "guarded", "hardest": "dismissive"}
MOODS = {
    "warm": "in a warm, open mood",
    "guarded": "a bit guarded today",
    "hurt": "still hurting",
    "dismissive": "in a dismissive mood",
}
RELATION_WORDS = {"partner": "partner", "friend": "friend", "parent": "parent", "sibling": "sibling"}

# Words that follow "telling", "with"… but are not names.
_NOT_NAMES = frozenset(
    """i i'm im me my you your he she they him her them we us it that this the a an someone somebody everyone
    mum mom dad mother father sister brother friend partner boyfriend girlfriend husband wife parent sibling
    okay ok yes no skip stop help sorry hi hello hey please just well so and but or about what how why who
    monday tuesday wednesday thursday friday saturday sunday god""".split()
)
_NAME_AFTER = re.compile(
    r"\b(?:telling|tell|with|to|named|called|name is|name's|it's|its|is|ask|asking|show|showing"
    r"|sister|brother|friend|mum|mom|dad|mother|father|partner|boyfriend|girlfriend|husband|wife)\s+([A-Z][a-z]{1,15})\b"
)
_LONE_NAME = re.compile(r"^\s*([A-Za-z][a-z]{1,15})\s*[.!]?\s*$")


@dataclass(frozen=True)
class Persona:
    """The partner for one role-play."""

    name: str = ""
    relationship: str = "friend"
    relation_word: str = ""  # the user's own word for the relationship ("sister"), "" for the default
    style: str = "warm"

    def description(self) -> str:
        """How the coach names them: "Sam, your sister", "your partner"."""
        word = self.relation_word or RELATION_WORDS.get(self.relationship, "friend")
        return f"{self.name}, your {word}" if self.name else f"your {word}"


def partner_name_in(text: str) -> str:
    """A first name the user gave ("telling Sam I love him" -> "Sam"), "" when none."""
    for match in _NAME_AFTER.finditer(text or ""):
        if match.group(1).lower() not in _NOT_NAMES:
            return match.group(1)
    lone = _LONE_NAME.match(text or "")
    if lone and lone.group(1).lower() not in _NOT_NAMES:
        return lone.group(1).capitalize()
    return ""


def choose_style(scenario: Scenario, style: str | None, difficulty: str | None) -> str:
    """The style asked for, else the one a difficulty implies, else the scenario's own."""
    wanted = (style or "").lower() or DIFFICULTY_STYLES.get((difficulty or "").lower(), "")
    return wanted if wanted in scenario.styles else scenario.default_style


def build_persona(
    scenario: Scenario,
    name: str = "",
    relationship: str | None = None,
    relation_word: str = "",
    style: str | None = None,
    difficulty: str | None = None,
) -> Persona:
    """The partner for `scenario` from what the user asked for (anything missing takes a default)."""
    known = relationship if relationship in RELATIONSHIPS else None
    return Persona(
        name=name,
        relationship=known or scenario.default_relationship,
        relation_word=relation_word.lower() if known and relation_word else "",
        style=choose_style(scenario, style, difficulty),
    )


def for_persona(scenario: Scenario, persona: Persona) -> Scenario:
    """The scenario with its numbers shifted for the persona's style."""
    mine, own = SHIFTS.get(persona.style, SHIFTS["hurt"]), SHIFTS.get(scenario.default_style, SHIFTS["hurt"])
    return replace(
        scenario,
        start_trust=round(min(0.9, max(0.05, scenario.start_trust + mine.start - own.start)), 3),
        forgive_at=round(scenario.forgive_at + mine.forgive - own.forgive, 3),
        give_up_at=round(max(0.0, scenario.give_up_at + mine.give_up - own.give_up), 3),
    )


def partner_role(scenario: Scenario, persona: Persona) -> str:
    """The coach's words for who they'll play: "Sam, your sister, who…, a bit guarded today"."""
    role = f"{persona.description()}, {scenario.situation}"
    if persona.style != scenario.default_style:
        role += f", {MOODS[persona.style]}"
    return role


def persona_to_slot(persona: Persona) -> dict[str, Any]:
    return asdict(persona)


def persona_from_slot(value: Any, scenario: Scenario) -> Persona:
    """The persona stored in the `persona` slot, or the scenario's default one."""
    if isinstance(value, dict):
        known = {k: v for k, v in value.items() if k in Persona.__dataclass_fields__}
        return Persona(**known)
    return build_persona(scenario)
