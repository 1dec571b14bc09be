"""The judgement corpus follows its conventions and is large and varied enough to learn from.

Every batch loads (known keys and values only: ``dialogue.judgement.corpus``), and every field
and scenario signal has at least ``MIN_POSITIVES`` positive and as many negative examples,
spread over the batches, so that holding one batch out still leaves each to learn from.
"""

from __future__ import annotations

from collections import Counter

import pytest

from dialogue.judgement.corpus import CORPUS_DIR, SCENARIOS, batch_names, load_corpus
from dialogue.judgement.fields import FIELDS

MIN_UTTERANCES = 2000
MIN_POSITIVES = 100
MIN_BATCHES = 5


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_the_corpus_is_large_and_written_in_batches(corpus):
    assert len(corpus) >= MIN_UTTERANCES
    assert len(batch_names()) >= MIN_BATCHES
    assert (CORPUS_DIR / "CONVENTIONS.md").is_file()
    texts = Counter(item.text.strip().lower() for item in corpus)
    assert not [text for text, n in texts.items() if n > 1], "an utterance is in the corpus twice"


def test_every_scenario_is_covered(corpus):
    per_scenario = Counter(item.scenario for item in corpus)
    assert set(per_scenario) == SCENARIOS
    assert min(per_scenario.values()) >= 150, per_scenario


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_every_field_has_positives_and_negatives_to_learn_from(corpus, field):
    values = Counter(field.label(item) for item in corpus)
    for k, name in enumerate(field.classes):
        assert values[k] >= MIN_POSITIVES, f"{field.name}={name}: {values[k]} examples"


def test_whisper_style_transcripts_are_well_represented(corpus):
    bare = [item for item in corpus if item.text == item.text.lower() and not any(c in item.text for c in ".,?!")]
    assert len(bare) >= 0.2 * len(corpus)
