"""Which variation of a domain response to say: its conditions hold, its slots are filled, and it is new.

Rasa's own choice is random among the variations whose slot conditions hold (conditional ones
first, unconditioned ones when none match). realtalk keeps those semantics and adds two rules:
a variation whose ``{slot}`` templates have no value is not eligible, and a variation already
said in this session is said again only when every other eligible one has been (the least
recently said first). The actions remember what was said by a short hash of each variation's
text in the ``lines_said`` slot, and send the chosen text with the response's name, so who
speaks it is still read off the name.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Line:
    """One variation chosen to be said: its rendered text and the key it is remembered by."""

    response: str
    text: str
    key: str


def line_key(response: str, template: str) -> str:
    """What `lines_said` remembers a variation by."""
    return hashlib.sha1(f"{response}\n{template}".encode()).hexdigest()[:10]


def _holds(condition: Mapping[str, Any], slots: Mapping[str, Any]) -> bool:
    if condition.get("type", "slot") != "slot":
        return False
    value = slots.get(condition.get("name", ""))
    wanted = condition.get("value")
    if isinstance(wanted, bool) or wanted is None:
        return bool(value) == bool(wanted)
    return str(value) == str(wanted)


def _filled(template: str, values: Mapping[str, Any]) -> bool:
    return all(values.get(name) not in (None, "") for name in _PLACEHOLDER.findall(template))


def render(template: str, values: Mapping[str, Any], view: Callable[[str, str], str] = lambda _n, v: v) -> str:
    """``template`` with its ``{slots}`` filled (each value passed through ``view``), first letter capitalised."""
    text = _PLACEHOLDER.sub(lambda m: view(m.group(1), str(values.get(m.group(1), m.group(0)))), template)
    return text[:1].upper() + text[1:]


def choose_line(
    response: str,
    variations: Sequence[Mapping[str, Any]],
    slots: Mapping[str, Any],
    values: Mapping[str, Any],
    said: Sequence[str],
    rng: random.Random | None = None,
    view: Callable[[str, str], str] = lambda _n, v: v,
) -> Line | None:
    """The variation to say, or None when no variation has its slots filled.

    ``slots`` decide the conditions; ``values`` (slots and the action's own values) fill
    the templates; ``said`` is the `lines_said` slot, oldest first.
    """
    rng = rng or random.Random()
    conditional, plain = [], []
    for variation in variations:
        template = variation.get("text") or ""
        if not template or not _filled(template, values):
            continue
        condition = variation.get("condition")
        if condition:
            if all(_holds(c, slots) for c in condition):
                conditional.append(template)
        else:
            plain.append(template)
    candidates = conditional + plain
    if not candidates:
        return None
    fresh = [t for t in conditional if line_key(response, t) not in said] or [
        t for t in plain if line_key(response, t) not in said
    ]
    if fresh:
        template = rng.choice(fresh)
    else:
        last_said = {key: index for index, key in enumerate(said)}
        template = min(candidates, key=lambda t: last_said.get(line_key(response, t), -1))
    return Line(response=response, text=render(template, values, view), key=line_key(response, template))
