"""What one turn does, as named signals each scenario can weigh: one registry, one normalised text.

``SIGNALS`` maps each signal name to its detector. Every detector gets the same ``TurnView``:
the turn's normalised text (``text.normalise``: straight apostrophes, single spaces, fillers
left out) and its ``Phrasing`` (computed once from that same text). Adding a signal is one
entry here; a scenario (``dialogue/practices/scenarios.py``) says which signals warm or cool
its partner.

Signals marked ``from_phrasing`` are read off the phrasing fields alone, so
``recorded_signals`` can rebuild them from a stored note (whose fields have the same names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from dialogue.coaching import boundaries, disclosure, requests, responding
from dialogue.coaching.phrasing import APOLOGY_OWNED, APOLOGY_UNDERMINED, Phrasing, analyse
from dialogue.coaching.text import normalise

OWNED_APOLOGY = "owned_apology"
UNDERMINED_APOLOGY = "undermined_apology"
EXCUSE = "excuse"
BLAME = "blame"
QUESTION = "question"  # any question that invites their side
CARING_QUESTION = "caring_question"  # ...that is not also a jab at them
NAMES_FEELING = "names_feeling"
MINIMIZING = "minimizing"
THANKS_FOR_HONESTY = "thanks_for_honesty"
ACKNOWLEDGES = "acknowledges"
FIXES = "fixes"
DISMISSES = "dismisses"
SELF_FOCUS = "self_focus"
BOUNDARY = "boundary"
ASKS_FOR_NEED = "asks_for_need"
GIVES_SPACE = "gives_space"
PRESSES = "presses"
SAYS_LOVE = "says_love"
RETRACTS = "retracts"
SHARES_NEWS = "shares_news"
SHARES_DREAM = "shares_dream"
DISCLOSES = "discloses"  # any of: names a feeling, says I love you, tells news, shares a dream

_DISCLOSURES = (NAMES_FEELING, SAYS_LOVE, SHARES_NEWS, SHARES_DREAM)


@dataclass(frozen=True)
class TurnView:
    """What every detector sees of one turn."""

    text: str
    """The normalised text (``text.normalise``)."""
    phrasing: Any
    """The turn's ``Phrasing`` (or, for a stored note, an object with the same field names)."""


@dataclass(frozen=True)
class Signal:
    detect: Callable[[TurnView], bool]
    from_phrasing: bool = False
    """True when ``detect`` reads only the phrasing fields."""


def _phrasing(detect: Callable[[Any], bool]) -> Signal:
    return Signal(lambda turn: bool(detect(turn.phrasing)), from_phrasing=True)


def _text(detect: Callable[[str], bool]) -> Signal:
    return Signal(lambda turn: detect(turn.text))


SIGNALS: dict[str, Signal] = {
    OWNED_APOLOGY: _phrasing(lambda p: p.apology == APOLOGY_OWNED),
    UNDERMINED_APOLOGY: _phrasing(lambda p: p.apology == APOLOGY_UNDERMINED),
    EXCUSE: _phrasing(lambda p: p.excuse),
    BLAME: _phrasing(lambda p: p.blame),
    QUESTION: _phrasing(lambda p: p.questions_to_partner > 0),
    CARING_QUESTION: _phrasing(lambda p: p.questions_to_partner > 0 and not p.blame),
    NAMES_FEELING: _phrasing(lambda p: getattr(p, "feelings_named", 0) > 0),  # notes stored before it: 0
    MINIMIZING: _phrasing(lambda p: p.minimizing),
    THANKS_FOR_HONESTY: _phrasing(lambda p: p.celebrates_honesty),
    ACKNOWLEDGES: _text(responding.acknowledges),
    FIXES: _text(responding.fixes),
    DISMISSES: _text(responding.dismisses),
    SELF_FOCUS: _text(responding.turns_to_self),
    BOUNDARY: _text(boundaries.sets_boundary),
    ASKS_FOR_NEED: _text(requests.asks_for_need),
    GIVES_SPACE: _text(requests.gives_space),
    PRESSES: _text(requests.presses_for_answer),
    SAYS_LOVE: _text(disclosure.says_love),
    RETRACTS: _text(disclosure.retracts),
    SHARES_NEWS: _text(disclosure.shares_news),
    SHARES_DREAM: _text(disclosure.shares_dream),
}
"""Every signal a turn can give, by name (``DISCLOSES`` is derived from the disclosures)."""


def turn_signals(text: str, phrasing: Phrasing | None = None) -> frozenset[str]:
    """Every signal in one user turn; pass its ``Phrasing`` when already computed."""
    view = TurnView(normalise(text).text, phrasing or analyse(text))
    return with_disclosure(name for name, signal in SIGNALS.items() if signal.detect(view))


def signals_of_phrasing(phrasing: Any) -> frozenset[str]:
    """The signals a ``Phrasing`` (or a stored note with its fields) gives without the text."""
    view = TurnView("", phrasing)
    return with_disclosure(name for name, signal in SIGNALS.items() if signal.from_phrasing and signal.detect(view))


def recorded_signals(note: object) -> frozenset[str]:
    """The signals of a stored note: its `signals` plus those its phrasing fields imply."""
    stored: Iterable[str] = getattr(note, "signals", ()) or ()
    return with_disclosure([*signals_of_phrasing(note), *stored])


def with_disclosure(found: Iterable[str]) -> frozenset[str]:
    """`found`, with ``DISCLOSES`` added when any disclosure is in it."""
    names = set(found)
    if any(name in names for name in _DISCLOSURES):
        names.add(DISCLOSES)
    return frozenset(names)
