"""What one turn does, as a set of named signals each scenario can weigh.

`turn_signals(text)` runs the phrasing analysis plus the scenario detectors
(responding, boundaries, requests, disclosure) and names what it found. A
scenario (dialogue/practices/scenarios.py) says which signals warm or cool its partner.
`recorded_signals` rebuilds the phrasing signals from a stored turn record, so
records written before a signal existed still debrief correctly.
"""

from __future__ import annotations

from collections.abc import Iterable

from dialogue.coaching import boundaries, disclosure, requests, responding
from dialogue.coaching.phrasing import APOLOGY_OWNED, APOLOGY_UNDERMINED, Phrasing, analyse

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


def phrasing_signals(
    apology: str, excuse: bool, blame: bool, questions: int, i_statements: int, minimizing: bool, thanks: bool
) -> set[str]:
    """The signals the phrasing analysis alone gives."""
    found = {
        OWNED_APOLOGY: apology == APOLOGY_OWNED,
        UNDERMINED_APOLOGY: apology == APOLOGY_UNDERMINED,
        EXCUSE: excuse,
        BLAME: blame,
        QUESTION: questions > 0,
        CARING_QUESTION: questions > 0 and not blame,
        NAMES_FEELING: i_statements > 0,
        MINIMIZING: minimizing,
        THANKS_FOR_HONESTY: thanks,
    }
    return {name for name, present in found.items() if present}


def signals_of_phrasing(phrasing: Phrasing) -> frozenset[str]:
    """Signals from a `Phrasing` (no text detectors: for callers that only have the analysis)."""
    found = phrasing_signals(
        phrasing.apology,
        phrasing.excuse,
        phrasing.blame,
        phrasing.questions_to_partner,
        phrasing.i_statements,
        phrasing.minimizing,
        phrasing.celebrates_honesty,
    )
    return frozenset(_with_disclosure(found))


def turn_signals(text: str, phrasing: Phrasing | None = None) -> frozenset[str]:
    """Every signal in one user turn."""
    phrasing = phrasing or analyse(text)
    found = set(signals_of_phrasing(phrasing))
    detectors = {
        ACKNOWLEDGES: responding.acknowledges,
        FIXES: responding.fixes,
        DISMISSES: responding.dismisses,
        SELF_FOCUS: responding.turns_to_self,
        BOUNDARY: boundaries.sets_boundary,
        ASKS_FOR_NEED: requests.asks_for_need,
        GIVES_SPACE: requests.gives_space,
        PRESSES: requests.presses_for_answer,
        SAYS_LOVE: disclosure.says_love,
        RETRACTS: disclosure.retracts,
        SHARES_NEWS: disclosure.shares_news,
        SHARES_DREAM: disclosure.shares_dream,
    }
    found.update(name for name, detect in detectors.items() if detect(text))
    return frozenset(_with_disclosure(found))


def _with_disclosure(found: set[str]) -> set[str]:
    if any(name in found for name in _DISCLOSURES):
        found.add(DISCLOSES)
    return found


def recorded_signals(record: object) -> frozenset[str]:
    """The signals of a stored turn record: its `signals` plus those its phrasing fields imply."""
    found = phrasing_signals(
        getattr(record, "apology", ""),
        getattr(record, "excuse", False),
        getattr(record, "blame", False),
        getattr(record, "questions_to_partner", 0),
        getattr(record, "i_statements", 0),
        getattr(record, "minimizing", False),
        getattr(record, "celebrates_honesty", False),
    )
    stored: Iterable[str] = getattr(record, "signals", ()) or ()
    return frozenset(_with_disclosure(found | set(stored)))
