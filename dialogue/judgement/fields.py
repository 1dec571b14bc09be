"""The fields the judgement decides, each read three ways: from the corpus labels, from the rules, as features.

A ``Field`` is one decision about a turn (blame or not; the apology's kind; whether it says
"I love you"). ``label`` reads it off a labelled utterance, ``ruled`` off the rules' ``Phrasing``
and signals, both as a class index into ``classes``. ``rule_features`` turns every field's rule
decision into numbers, so a learned head can take the rules' hits as evidence next to the
sentence embedding.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np

from dialogue.coaching import signals as s
from dialogue.coaching.phrasing import Phrasing
from dialogue.judgement.corpus import APOLOGY_VALUES, SIGNAL_LABELS, Labelled

BINARY = ("no", "yes")


@dataclass(frozen=True)
class Field:
    name: str
    classes: tuple[str, ...]
    label: Callable[[Labelled], int]
    ruled: Callable[[Phrasing, Collection[str]], int]


def _signal_field(name: str) -> Field:
    return Field(name, BINARY, lambda item: int(name in item.signals), lambda p, found: int(name in found))


FIELDS: tuple[Field, ...] = (
    Field("apology", APOLOGY_VALUES, lambda item: APOLOGY_VALUES.index(item.apology),
          lambda p, found: APOLOGY_VALUES.index(p.apology)),
    Field("blame", BINARY, lambda item: int(item.blame), lambda p, found: int(p.blame)),
    Field("minimizing", BINARY, lambda item: int(item.minimizing), lambda p, found: int(p.minimizing)),
    Field("celebrates_honesty", BINARY, lambda item: int(item.honesty), lambda p, found: int(p.celebrates_honesty)),
    # Safety as two decisions, so recall on any concern and precision on a clear one are tuned apart.
    Field("safety_concern", BINARY, lambda item: int(item.safety != "none"),
          lambda p, found: int(p.safety_level != "none")),
    Field("safety_clear", BINARY, lambda item: int(item.safety == "clear"),
          lambda p, found: int(p.safety_level == "clear")),
    Field("i_statement", BINARY, lambda item: int(item.i > 0), lambda p, found: int(p.i_statements > 0)),
    Field("names_feeling", BINARY, lambda item: int(item.feel > 0), lambda p, found: int(p.feelings_named > 0)),
    Field("question_to_partner", BINARY, lambda item: int(item.q > 0),
          lambda p, found: int(p.questions_to_partner > 0)),
    *(_signal_field(name) for name in SIGNAL_LABELS),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
assert set(SIGNAL_LABELS) <= set(s.SIGNALS), "the corpus's signal names drifted from dialogue.coaching.signals"


def rule_features(phrasing: Phrasing, found: Collection[str]) -> np.ndarray:
    """Every field's rule decision as one-hot numbers (binary fields: one number), plus excuse and ownership."""
    values: list[float] = []
    for f in FIELDS:
        decided = f.ruled(phrasing, found)
        if len(f.classes) == 2:
            values.append(float(decided))
        else:
            values += [float(decided == k) for k in range(len(f.classes))]
    values += [float(phrasing.excuse), float(phrasing.owns_mistake)]
    return np.asarray(values, dtype=np.float32)
