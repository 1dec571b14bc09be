"""The turn's wording as features: tf-idf weights of its words and word pairs.

A sentence embedding blurs the small words that decide a judgement ("sorry if", "not
saying you're", "I guess"); word and word-pair weights keep them. The vocabulary and the
inverse document frequencies are fitted at training time (scikit-learn's ``TfidfVectorizer``
with the settings below) and stored with the head; at run time ``WordWeights.vector`` computes
the same vector in plain Python and numpy: lowercased tokens of word characters and
apostrophes, words and adjacent pairs, sublinear term frequency (1 + ln count), times idf,
scaled to unit length.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

TOKEN_PATTERN = r"(?u)\b[\w']+\b"
NGRAM_RANGE = (1, 2)
MIN_DOCUMENT_FREQUENCY = 2
_TOKEN = re.compile(TOKEN_PATTERN)


def terms(text: str) -> list[str]:
    """The words and adjacent word pairs of ``text``, as the vectoriser counts them."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


@dataclass(frozen=True)
class WordWeights:
    vocabulary: Mapping[str, int]
    idf: np.ndarray  # (len(vocabulary),)

    def vector(self, text: str) -> np.ndarray:
        out = np.zeros(len(self.idf), dtype=np.float32)
        for term, count in Counter(terms(text)).items():
            index = self.vocabulary.get(term)
            if index is not None:
                out[index] = (1.0 + math.log(count)) * self.idf[index]
        norm = float(np.linalg.norm(out))
        return out / norm if norm else out

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self.vector(text) for text in texts]) if texts else np.zeros((0, len(self.idf)), np.float32)


def fit_word_weights(texts: Sequence[str]) -> WordWeights:
    """Fit the vocabulary and idf on training texts (needs scikit-learn: training only)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    fitted = TfidfVectorizer(
        token_pattern=TOKEN_PATTERN, ngram_range=NGRAM_RANGE, min_df=MIN_DOCUMENT_FREQUENCY, sublinear_tf=True
    ).fit(texts)
    return WordWeights({term: int(i) for term, i in fitted.vocabulary_.items()}, fitted.idf_.astype(np.float32))
