"""The whole coaching analysis of one turn: phrasing, pacing (for speech) and tips, computed once.

The dialogue computes it when a turn arrives (``assistant.rasa.partner``), hands it to the
custom actions in the message metadata (``ANALYSIS_KEY``), and returns its JSON fields
(``analysis_fields``) with the turn's result, which is what the history stores. So the
partner's reaction, the nudge, the debrief and the progress report all read one analysis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from dialogue.coaching.pacing import Pacing, pacing_from_dict, timed_wpm
from dialogue.coaching.phrasing import Phrasing, analyse
from dialogue.coaching.tips import Tip, turn_tips
from dialogue.responses import render

ANALYSIS_KEY = "analysis"
"""Where the turn's analysis travels in Rasa's message metadata."""
SOURCE_VOICE = "voice"
SOURCE_TEXT = "text"


@dataclass(frozen=True)
class Analysis:
    """What one turn said and how it was said."""

    text: str
    phrasing: Phrasing
    pacing: Pacing | None
    tips: tuple[Tip, ...]
    source: str = SOURCE_TEXT
    """"voice" or "text"."""
    signals: tuple[str, ...] | None = None
    """The scenario signals judged with the phrasing (``dialogue.judgement``); None: the rules' own."""

    @property
    def wpm(self) -> float | None:
        """Words per minute, None for typed turns and turns too short to time."""
        return timed_wpm(self.pacing)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON, to travel in message metadata."""
        return {
            "text": self.text,
            "source": self.source,
            "phrasing": asdict(self.phrasing),
            "pacing": asdict(self.pacing) if self.pacing else None,
            "tips": [asdict(tip) for tip in self.tips],
            "signals": list(self.signals) if self.signals is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Analysis:
        """The inverse of ``to_dict``; raises ``TypeError``/``KeyError`` on a malformed one."""
        return cls(
            text=str(data["text"]),
            phrasing=Phrasing(**data["phrasing"]),
            pacing=pacing_from_dict(data.get("pacing")),
            tips=tuple(Tip(**tip) for tip in data.get("tips") or ()),
            source=str(data.get("source") or SOURCE_TEXT),
            signals=tuple(str(name) for name in data["signals"]) if data.get("signals") is not None else None,
        )


def analyse_turn(
    text: str,
    pacing: Pacing | None = None,
    source: str | None = None,
    judged: tuple[Phrasing, Iterable[str]] | None = None,
) -> Analysis:
    """Analyse one turn; ``pacing`` for speech (its source is then "voice" unless given).

    ``judged``: the phrasing and signals ``dialogue.judgement`` decided, instead of the rules'."""
    phrasing, signals = (analyse(text), None) if judged is None else (judged[0], tuple(sorted(judged[1])))
    return Analysis(
        text=text, phrasing=phrasing, pacing=pacing, tips=turn_tips(phrasing, pacing),
        source=source or (SOURCE_VOICE if pacing is not None else SOURCE_TEXT), signals=signals,
    )


def analyse_message(
    text: str, metadata: Mapping[str, Any] | None, judged: tuple[Phrasing, Iterable[str]] | None = None
) -> Analysis:
    """The analysis of a message from the client's metadata (``source``, ``pacing``)."""
    metadata = metadata or {}
    source = metadata.get("source")
    return analyse_turn(text, pacing_from_dict(metadata.get("pacing")), str(source) if source else None, judged)


def attached_analysis(text: str, metadata: Mapping[str, Any] | None) -> Analysis | None:
    """The analysis the dialogue attached to this message; None for a message that has none
    (``rasa shell``, ``rasa test`` stories) or whose attached analysis is of other words."""
    attached = (metadata or {}).get(ANALYSIS_KEY)
    if isinstance(attached, Mapping) and attached.get("text") == text:
        try:
            return Analysis.from_dict(attached)
        except (TypeError, KeyError, ValueError):
            pass
    return None


def analysis_of_message(text: str, metadata: Mapping[str, Any] | None) -> Analysis:
    """The attached analysis, else the rules' (``dialogue.judgement.turns.judged_message`` adds the head)."""
    return attached_analysis(text, metadata) or analyse_message(text, metadata)


def analysis_fields(analysis: Analysis) -> dict:
    """The JSON fields of ``realtalk analyze`` and of each stored turn (names are a stable interface)."""
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
        "safety_level": phrasing.safety_level,
        "excuse": phrasing.excuse,
        "fillers": pacing.fillers if pacing else phrasing.fillers,
        "word_count": pacing.word_count if pacing else phrasing.word_count,
        "tips": [render(tip.response, tip.values()) for tip in analysis.tips],
    }
    if pacing is not None:
        fields.update(
            wpm=round(pacing.wpm, 1),
            timed=analysis.wpm is not None,
            speaking_s=round(pacing.speaking_s, 3),
            long_pauses=pacing.long_pauses,
            longest_pause_s=round(pacing.longest_pause_s, 2),
            fillers_per_min=round(pacing.fillers_per_min, 1),
            rushed_key_sentence=pacing.rushed_key_sentence,
        )
    return fields
