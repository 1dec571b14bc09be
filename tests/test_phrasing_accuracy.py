"""Accuracy of the phrasing analysis on a hand-labelled set of utterances.

The set (tests/data/phrasing_labels.yml) was labelled by what a coach would say,
not by what the code outputs. Every field must reach MIN_ACCURACY (ints must
match exactly), and no safety concern in the set may be missed. Run with `-s`
to see the table; it is also in the failure message.

The two "held out" sections of the set were written after the code, then scored
before any fix (accuracy per field: i_statements, blame, apology, questions,
minimizing, celebrates_honesty, safety):
  first 25:  0.96, 0.88, 0.96, 1.00, 1.00, 0.96, 0.92 (safety recall 2/4)
  next 18:   0.89, 0.94, 0.89, 1.00, 0.89, 1.00, 0.94 (safety recall 1/2)
The rest of the set was seen while writing the patterns, so its score is optimistic.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from dialogue.coaching.phrasing import analyse

LABELS = Path(__file__).parent / "data" / "phrasing_labels.yml"
# The set's "i_statements" is the narrow count (a feeling, need or want), which `Phrasing` now
# calls `feelings_named`; its `i_statements` is the broader count of tests/data/judgement/.
ATTRIBUTE = {"i_statements": "feelings_named"}
FIELDS = (
    "i_statements",
    "blame",
    "apology",
    "questions_to_partner",
    "minimizing",
    "celebrates_honesty",
    "safety_concern",
)
MIN_ACCURACY = 0.90


@dataclass(frozen=True)
class FieldScore:
    name: str
    correct: int
    total: int
    misses: tuple[str, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total


def load_items() -> list[dict]:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def score(items: list[dict]) -> tuple[list[FieldScore], dict[str, float]]:
    """Per-field scores, and safety recall/precision."""
    predictions = [analyse(item["text"]) for item in items]
    scores = []
    for name in FIELDS:
        misses = tuple(
            f"{item['text']!r}: want {item[name]!r}, got {getattr(p, ATTRIBUTE.get(name, name))!r}"
            for item, p in zip(items, predictions)
            if getattr(p, ATTRIBUTE.get(name, name)) != item[name]
        )
        scores.append(FieldScore(name, len(items) - len(misses), len(items), misses))
    flagged = [p.safety_concern for p in predictions]
    wanted = [item["safety_concern"] for item in items]
    true_positives = sum(f and w for f, w in zip(flagged, wanted))
    safety = {
        "recall": true_positives / max(1, sum(wanted)),
        "precision": true_positives / max(1, sum(flagged)),
    }
    return scores, safety


def table(scores: list[FieldScore], safety: dict[str, float], count: int) -> str:
    lines = [f"{'field':<22}{'accuracy':>9}{'correct':>10}", "-" * 41]
    lines += [f"{s.name:<22}{s.accuracy:>9.3f}{s.correct:>6}/{s.total}" for s in scores]
    lines.append(f"safety recall {safety['recall']:.3f}, precision {safety['precision']:.3f} ({count} utterances)")
    for s in scores:
        lines += [f"  miss {s.name}: {miss}" for miss in s.misses]
    return "\n".join(lines)


def test_labelled_set_is_large_and_complete():
    items = load_items()
    assert len(items) >= 180
    for item in items:
        assert set(item) == {"text", *FIELDS}, item
        assert item["apology"] in {"none", "owned", "undermined"}, item


def test_every_field_is_accurate_and_no_safety_concern_is_missed():
    items = load_items()
    scores, safety = score(items)
    report = table(scores, safety, len(items))
    print("\n" + report)
    low = [s.name for s in scores if s.accuracy < MIN_ACCURACY]
    assert not low, f"below {MIN_ACCURACY}: {low}\n{report}"
    assert safety["recall"] == 1.0, f"missed a safety concern\n{report}"


@pytest.mark.parametrize("text", ["", "   ", "\u2019\u2019", "🙂 ça va? 你好", "\x00\n\t", "I" * 5000])
def test_odd_input_does_not_raise(text):
    analyse(text)


def test_long_turn_does_not_blow_up():
    # A guard against super-linear patterns (about 0.4 s for 10,000 words on 2 busy cores), not a
    # benchmark: a pattern that backtracks on long input takes minutes, not seconds.
    sentence = "um I'm sorry but you always say it's fine and I feel like you don't care how did that feel for you "
    text = sentence * (10_000 // len(sentence.split()) + 1)
    unpunctuated = "and then i went to the shop " * 1500
    for turn in (text, unpunctuated):
        started = time.perf_counter()
        analyse(turn)
        assert time.perf_counter() - started < 3.0
