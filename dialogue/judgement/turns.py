"""Whole-turn analyses with the judged phrasing and signals: what the dialogue and `realtalk analyze` use.

Same shapes as ``dialogue.coaching.analysis`` (which stays pure: no numpy), with
``dialogue.judgement.judge`` deciding the fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogue.coaching.analysis import Analysis, analyse_message, analyse_turn, attached_analysis
from dialogue.coaching.pacing import Pacing
from dialogue.judgement.judge import judge


def judged_turn(text: str, pacing: Pacing | None = None, source: str | None = None) -> Analysis:
    """``analyse_turn`` with the judged fields."""
    judgement = judge(text)
    return analyse_turn(text, pacing, source, (judgement.phrasing, judgement.signals))


def judged_message(text: str, metadata: Mapping[str, Any] | None) -> Analysis:
    """``analyse_message`` with the judged fields."""
    judgement = judge(text)
    return analyse_message(text, metadata, (judgement.phrasing, judgement.signals))


def judged_analysis_of_message(text: str, metadata: Mapping[str, Any] | None) -> Analysis:
    """The analysis the client attached to the message, else judged here (``rasa shell``, stories)."""
    return attached_analysis(text, metadata) or judged_message(text, metadata)
