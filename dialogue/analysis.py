"""The whole coaching analysis of one turn: phrasing, pacing (for speech) and tips."""

from __future__ import annotations

from dataclasses import dataclass

from audio.prosody import Pacing
from dialogue.feedback import Tip, turn_tips
from dialogue.phrasing import Phrasing, analyse, count_fillers
from dialogue.responses import render


@dataclass(frozen=True)
class Analysis:
    """What one turn said and how it was said."""

    text: str
    phrasing: Phrasing
    pacing: Pacing | None
    tips: tuple[Tip, ...]


def analyse_turn(text: str, pacing: Pacing | None = None) -> Analysis:
    phrasing = analyse(text)
    return Analysis(text=text, phrasing=phrasing, pacing=pacing, tips=turn_tips(phrasing, pacing))


def analysis_fields(analysis: Analysis) -> dict:
    """The JSON fields of ``realtalk analyze`` (names are a stable interface)."""
    phrasing, pacing = analysis.phrasing, analysis.pacing
    fields = {
        "text": analysis.text,
        "i_statements": phrasing.i_statements,
        "blame": phrasing.blame,
        "apology": phrasing.apology,
        "questions_to_partner": phrasing.questions_to_partner,
        "minimizing": phrasing.minimizing,
        "celebrates_honesty": phrasing.celebrates_honesty,
        "safety_concern": phrasing.safety_concern,
        "excuse": phrasing.excuse,
        "fillers": pacing.fillers if pacing else count_fillers(analysis.text),
        "word_count": len(analysis.text.split()),
        "tips": [render(tip.response, tip.values()) for tip in analysis.tips],
    }
    if pacing is not None:
        fields.update(
            wpm=round(pacing.wpm, 1),
            long_pauses=pacing.long_pauses,
            longest_pause_s=round(pacing.longest_pause_s, 2),
            fillers_per_min=round(pacing.fillers_per_min, 1),
            rushed_key_sentence=pacing.rushed_key_sentence,
        )
    return fields
