"""Coaching feedback on one turn: the tips worth giving, most important first.

Each tip names a domain response (its text lives in domain.yml) and the user's own
words it quotes. During a role-play only the first tip is spoken, and only when it
matters; ``realtalk analyze`` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogue.coaching.pacing import PACING, Pacing, PacingOptions, pace_band
from dialogue.coaching.phrasing import APOLOGY_UNDERMINED, Phrasing

# Tips worth interrupting a role-play for: they change how the partner hears the turn.
NUDGE_WORTHY = frozenset(
    {
        "utter_coach_nudge_drop_but",
        "utter_coach_nudge_clean_apology",
        "utter_coach_nudge_blame",
        "utter_coach_nudge_excuse",
        "utter_coach_nudge_minimizing",
        "utter_coach_nudge_rushed",
    }
)
# A field the learned judgement found, not the rules, has no phrase to quote: these say it without one.
UNQUOTED = "_unquoted"
_QUOTING = ("utter_coach_nudge_clean_apology", "utter_coach_nudge_blame", "utter_coach_nudge_excuse",
            "utter_coach_nudge_minimizing")
NUDGE_WORTHY = NUDGE_WORTHY | {name + UNQUOTED for name in _QUOTING}


@dataclass(frozen=True)
class Tip:
    """One piece of advice: a domain response and the values its text quotes."""

    response: str
    quote: str = ""
    """The user's own words the tip quotes."""
    number: int = 0
    """The measure the tip quotes (words a minute, fillers)."""

    def values(self) -> dict[str, object]:
        return {"quote": self.quote, "number": self.number}


def turn_tips(phrasing: Phrasing, pacing: Pacing | None = None, options: PacingOptions = PACING) -> tuple[Tip, ...]:
    """Every tip for this turn, most important first."""
    tips: list[Tip] = []
    if phrasing.apology == APOLOGY_UNDERMINED:
        quote = phrasing.undermining_phrase
        but = "but" in quote.lower().split()
        tips.append(Tip("utter_coach_nudge_drop_but", quote) if but else _quoting("utter_coach_nudge_clean_apology", quote))
    if phrasing.blame:
        tips.append(_quoting("utter_coach_nudge_blame", phrasing.blame_phrase))
    if phrasing.excuse and phrasing.apology != APOLOGY_UNDERMINED:
        tips.append(_quoting("utter_coach_nudge_excuse", phrasing.excuse_phrase))
    if phrasing.minimizing:
        tips.append(_quoting("utter_coach_nudge_minimizing", phrasing.minimizing_phrase))
    if pacing is not None:
        tips += _pacing_tips(pacing, options)
    return tuple(tips)


def _quoting(response: str, quote: str) -> Tip:
    return Tip(response, quote) if quote else Tip(response + UNQUOTED)


def _pacing_tips(pacing: Pacing, options: PacingOptions) -> list[Tip]:
    tips = []
    if pacing.rushed_key_sentence:
        tips.append(Tip("utter_coach_nudge_rushed", number=round(pacing.wpm)))
    elif pace_band(pacing, options) == "fast":
        tips.append(Tip("utter_coach_tip_slow_down", number=round(pacing.wpm)))
    elif pace_band(pacing, options) == "slow":
        tips.append(Tip("utter_coach_tip_pick_up", number=round(pacing.wpm)))
    if pacing.fillers >= 3:
        tips.append(Tip("utter_coach_tip_fillers", number=pacing.fillers))
    return tips


def nudge(tips: tuple[Tip, ...], previous_nudge: str | None = None) -> Tip | None:
    """The one tip to speak now, if any matters; never the same nudge twice running."""
    for tip in tips:
        if tip.response in NUDGE_WORTHY and tip.response != previous_nudge:
            return tip
    return None
