"""How a role-play turn is phrased: the facade over the phrasing detectors.

`analyse(text)` runs every detector on one user turn and returns a `Phrasing`.
Each concern lives in its own module: `apology` (apologies, ownership, excuses),
`blame`, `feelings` (I-statements, minimising), `questions`, `honesty` and
`safety`. All are plain regular expressions over the transcript; speech-to-text
output has little punctuation and odd casing, so the patterns lean on words.

Words and fillers are counted as `dialogue.coaching.words` defines them.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogue.coaching import apology, blame, feelings, honesty, questions, safety, words
from dialogue.coaching.apology import APOLOGY_NONE, APOLOGY_OWNED, APOLOGY_UNDERMINED
from dialogue.coaching.text import TurnText, normalise
from dialogue.coaching.words import count_fillers

__all__ = ["APOLOGY_NONE", "APOLOGY_OWNED", "APOLOGY_UNDERMINED", "Phrasing", "analyse"]


@dataclass(frozen=True)
class Phrasing:
    """What one user turn does, as far as the partner will feel it.

    The `*_phrase` fields quote the user's own words behind a detection (a short
    clause, original casing), "" when there is none.
    """

    apology: str  # APOLOGY_NONE | APOLOGY_OWNED | APOLOGY_UNDERMINED
    owns_mistake: bool  # names their own part: "I forgot", "that's on me"
    excuse: bool
    blame: bool
    i_statements: int  # statements about the speaker's own feelings, needs, actions, experience
    questions_to_partner: int
    minimizing: bool = False
    celebrates_honesty: bool = False
    safety_concern: bool = False  # either tier of safety_level: "clear" or "possible"
    safety_level: str = "none"  # SAFETY_NONE | SAFETY_POSSIBLE | SAFETY_CLEAR (dialogue.coaching.safety)
    blame_phrase: str = ""
    undermining_phrase: str = ""
    minimizing_phrase: str = ""
    excuse_phrase: str = ""
    word_count: int = 0
    fillers: int = 0
    feelings_named: int = 0  # the narrower count: the speaker's own feeling, need or want


def analyse(text: str) -> Phrasing:
    """Analyse one user turn (any string, empty included)."""
    turn = normalise(text)
    clean = turn.text
    excuse = apology.has_excuse(clean)
    blames = blame.has_blame(clean)
    minimizing = feelings.is_minimising(clean)
    safety_level = safety.safety_level(clean)
    apology_kind = apology.classify_apology(clean, undercut=excuse or blames or minimizing)
    return Phrasing(
        apology=apology_kind,
        owns_mistake=apology.owns_mistake(clean),
        excuse=excuse,
        blame=blames,
        i_statements=feelings.count_i_statements(clean),
        feelings_named=feelings.count_feelings_named(clean),
        questions_to_partner=questions.count_questions_to_partner(clean),
        minimizing=minimizing,
        celebrates_honesty=honesty.celebrates_honesty(clean),
        safety_concern=safety_level != safety.SAFETY_NONE,
        safety_level=safety_level,
        blame_phrase=blame.blame_phrase(turn) if blames else "",
        undermining_phrase=_undermining_phrase(turn) if apology_kind == APOLOGY_UNDERMINED else "",
        minimizing_phrase=feelings.minimising_phrase(turn) if minimizing else "",
        excuse_phrase=apology.excuse_phrase(turn) if excuse else "",
        word_count=words.word_count(text or ""),
        fillers=count_fillers(text or ""),
    )


def _undermining_phrase(turn: TurnText) -> str:
    """What takes the apology back: its own wording first, else the excuse, blame or minimising."""
    return (
        apology.undermining_phrase(turn)
        or apology.excuse_phrase(turn)
        or blame.blame_phrase(turn)
        or feelings.minimising_phrase(turn)
    )
