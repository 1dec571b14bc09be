"""The judgement of one turn: the rules' analysis, corrected field by field by the trained head.

``judge(text)`` runs the rules (``dialogue.coaching.phrasing.analyse`` and the scenario
signals), embeds the sentence once, and for each field whose cross-validation chose a learned
method (``head.json``, written by ``dialogue.judgement.training``) replaces the rules' decision
with the head's. Safety is never lowered: the head can only add a concern the rules missed, and
calls a danger clear on its own only above a high threshold (a clear danger ends the role-play;
a possible one makes the coach ask). Counts keep the rules' number when both agree there is
one, 1 when only the head finds one, 0 when the head finds none.

Without the encoder package the judgement is the rules' alone, with one warning.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from dialogue.coaching import signals as s
from dialogue.coaching.phrasing import Phrasing, analyse
from dialogue.coaching.safety import SAFETY_CLEAR, SAFETY_NONE, SAFETY_POSSIBLE
from dialogue.coaching.signals import signals_of_phrasing, turn_signals
from dialogue.judgement.corpus import APOLOGY_VALUES
from dialogue.judgement.encoder import EncoderUnavailable, SentenceEncoder, default_encoder
from dialogue.judgement.fields import FIELDS, rule_features
from dialogue.judgement.wording import WordWeights

HEAD_DIR = Path(__file__).resolve().parent
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Judgement:
    """One turn, judged: its phrasing fields and every scenario signal it gives."""

    phrasing: Phrasing
    signals: frozenset[str]


@dataclass(frozen=True)
class _FieldHead:
    source: str  # "learned" (embedding) or "combined" (embedding and rule decisions)
    coef: np.ndarray  # (classes or 1, inputs)
    intercept: np.ndarray
    model_classes: tuple[int, ...]
    threshold: float

    def probabilities(self, embedding: np.ndarray, rules: np.ndarray, words: np.ndarray, classes: int) -> np.ndarray:
        x = embedding if self.source == "learned" else np.concatenate([embedding, rules, words])
        logits = self.coef @ x + self.intercept
        if len(logits) == 1:  # binary: the positive class's logit
            positive = 1.0 / (1.0 + np.exp(-logits[0]))
            fitted = np.array([1.0 - positive, positive])
        else:
            fitted = np.exp(logits - logits.max())
            fitted /= fitted.sum()
        out = np.zeros(classes)
        out[list(self.model_classes)] = fitted
        return out


class Judge:
    """The rules plus the trained head; ``judge`` is safe to call from any thread after loading."""

    def __init__(self, encoder: SentenceEncoder | None, heads: Mapping[str, _FieldHead], words: WordWeights):
        self._encoder = encoder
        self._heads = dict(heads) if encoder is not None else {}
        self._words = words

    @classmethod
    def load(cls, head_dir: Path = HEAD_DIR, encoder: SentenceEncoder | None = None) -> Judge:
        meta = json.loads((head_dir / "head.json").read_text(encoding="utf-8"))
        with np.load(head_dir / "head.npz") as weights:
            words = WordWeights({term: i for i, term in enumerate(meta["vocabulary"])}, weights["words.idf"])
            heads = {
                name: _FieldHead(field["source"], weights[f"{name}.coef"], weights[f"{name}.intercept"],
                                 tuple(field["model_classes"]), float(field["threshold"]))
                for name, field in meta["fields"].items() if field["source"] != "rules"
            }
        if heads and encoder is None:
            try:
                encoder = default_encoder()
            except EncoderUnavailable as error:
                log.warning("Judging turns by the rules alone: %s", error)
        return cls(encoder, heads, words)

    def judge(self, text: str) -> Judgement:
        phrasing = analyse(text)
        found = turn_signals(text, phrasing)
        if not self._heads or not (text or "").strip():
            return Judgement(phrasing, found)
        assert self._encoder is not None
        embedding = self._encoder.encode_one(text)
        rules = rule_features(phrasing, found)
        words = self._words.vector(text)
        decided = {
            f.name: self._heads[f.name].probabilities(embedding, rules, words, len(f.classes))
            for f in FIELDS if f.name in self._heads
        }
        judged = _apply(phrasing, decided, {n: h.threshold for n, h in self._heads.items()})
        return Judgement(judged, _signals(judged, found, decided, self._heads))


def _yes(probabilities: np.ndarray, threshold: float) -> bool:
    return bool(probabilities[1] >= threshold)


def _count(ruled: int, present: bool) -> int:
    return (ruled or 1) if present else 0


def _apply(p: Phrasing, decided: Mapping[str, np.ndarray], thresholds: Mapping[str, float]) -> Phrasing:
    changes: dict = {}
    if "apology" in decided:
        changes["apology"] = APOLOGY_VALUES[int(decided["apology"].argmax())]
    for name, attribute in (("blame", "blame"), ("minimizing", "minimizing"),
                            ("celebrates_honesty", "celebrates_honesty")):
        if name in decided:
            changes[attribute] = _yes(decided[name], thresholds[name])
    for name, attribute in (("i_statement", "i_statements"), ("names_feeling", "feelings_named"),
                            ("question_to_partner", "questions_to_partner")):
        if name in decided:
            changes[attribute] = _count(getattr(p, attribute), _yes(decided[name], thresholds[name]))
    level = p.safety_level
    if "safety_clear" in decided and _yes(decided["safety_clear"], thresholds["safety_clear"]):
        level = SAFETY_CLEAR
    elif level == SAFETY_NONE and "safety_concern" in decided and _yes(decided["safety_concern"],
                                                                       thresholds["safety_concern"]):
        level = SAFETY_POSSIBLE
    changes.update(safety_level=level, safety_concern=level != SAFETY_NONE)
    return replace(p, **changes)


def _signals(judged: Phrasing, ruled: frozenset[str], decided: Mapping[str, np.ndarray],
             heads: Mapping[str, _FieldHead]) -> frozenset[str]:
    """The phrasing's signals from the judged fields; each text signal from the head where it decides, else the rules'."""
    found = set(signals_of_phrasing(judged))
    for name, signal in s.SIGNALS.items():
        if signal.from_phrasing:
            continue
        if name in decided:
            if _yes(decided[name], heads[name].threshold):
                found.add(name)
        elif name in ruled:
            found.add(name)
    return s.with_disclosure(found)


@functools.cache
def default_judge() -> Judge:
    """The judge with the committed head, loaded once."""
    return Judge.load()


@functools.lru_cache(maxsize=64)
def judge(text: str) -> Judgement:
    """Judge one turn with the committed head (the rules alone where the encoder is not installed).

    Cached: the dialogue judges a turn for its analysis and again in the NLU's safety gate."""
    return default_judge().judge(text)
