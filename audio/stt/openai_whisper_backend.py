"""openai-whisper (PyTorch) backend: the optional second engine, on the bundled tiny.en weights.

openai-whisper has no weights on this machine, so the first load converts the CTranslate2
tiny.en model to an openai-whisper checkpoint in the data folder (``audio.stt.openai_checkpoint``)
and later loads reuse it. Decoding matches the faster-whisper backend: English, greedy, word
timestamps, no conditioning on previous text, the same prompt, openai-whisper's temperature
fallback, and the same checks on the result (``audio.stt.decoding_guards``).
"""

from __future__ import annotations

import base64
import gzip
import logging
import threading
from pathlib import Path

import numpy as np

from audio.speech import Clip, Utterance, Word
from audio.stt import ModelUnavailable, SttOptions, spoken_utterance
from audio.stt.decoding_guards import (
    COMPRESSION_RATIO_THRESHOLD,
    FALLBACK_SEED,
    FALLBACK_TEMPERATURES,
    LOG_PROB_THRESHOLD,
    Decoded,
    Segment,
    failure,
    max_new_tokens,
    pick,
)
from audio.stt.heap import keep_freed_memory

INSTALL_ADVICE = (
    "The openai-whisper engine is an optional extra: pip install 'realtalk[openai-whisper]' "
    "(in a checkout: .venv/bin/pip install -e '.[openai-whisper]'), "
    "or use --stt-engine faster-whisper."
)

logger = logging.getLogger(__name__)


def import_whisper():
    """The ``whisper`` module, or ``ModelUnavailable`` saying how to install it."""
    try:
        import torch  # noqa: F401 - openai-whisper needs it; fail here with the same advice
        import whisper
    except ImportError as error:
        raise ModelUnavailable(f"{INSTALL_ADVICE} ({error})") from error
    return whisper


class OpenAIWhisperStt:
    """Converts (once), loads the model on first use (or on ``load()``), then reuses it."""

    def __init__(self, options: SttOptions = SttOptions(), checkpoint: Path | None = None) -> None:
        self._options = options
        self._checkpoint = checkpoint
        self._model = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                if self._options.keep_freed_memory:
                    keep_freed_memory()
                self._model = self._open_model()

    def checkpoint_path(self) -> Path:
        """The openai-whisper checkpoint to load, converted from the bundled model if needed."""
        from audio.stt.faster_whisper_backend import bundled_model_dir
        from audio.stt.openai_checkpoint import ensure_checkpoint

        if self._options.model:
            path = Path(self._options.model).expanduser()
            if not path.is_file():
                raise ModelUnavailable(
                    f"--stt-model {self._options.model!r}: with --stt-engine openai-whisper it must be "
                    "an openai-whisper .pt checkpoint; leave it out to use the bundled tiny.en."
                )
            return path
        return ensure_checkpoint(bundled_model_dir(), self._checkpoint)

    def _open_model(self):
        whisper = import_whisper()
        import torch

        from audio.stt.ct2_to_openai import WhisperDims, alignment_heads
        from audio.stt.faster_whisper_backend import bundled_model_dir

        torch.set_num_threads(self._options.cpu_threads)
        path = self.checkpoint_path()
        try:
            model = whisper.load_model(str(path), device="cpu")
        except Exception as error:  # noqa: BLE001 - any load failure gets the same advice
            raise ModelUnavailable(
                f"Cannot load the openai-whisper checkpoint {str(path)!r} "
                f"({error.__class__.__name__}: {error}); delete it to convert it again."
            ) from error
        if not self._options.model:
            dims = WhisperDims(**vars(model.dims))
            model.set_alignment_heads(_alignment_dump(alignment_heads(bundled_model_dir(), dims), dims))
        return model

    def transcribe(self, clip: Clip) -> Utterance:
        """openai-whisper's ``transcribe`` with its temperature fallback, then the checks for
        what that fallback misses: a loop of short sentences ("Yeah. Yeah. ..." compresses
        below 2.4) is cut (``decoding_guards.pick``).

        No second decode with a wider beam, as the faster-whisper backend does: on 2 cores
        openai-whisper's beam search took 17 s on a noisy 10 s turn (for no words), and its
        fallback already decodes a failed window again."""
        self.load()
        decoded = self._decode(clip, self._options.beam_size)
        reason = failure(decoded, clip.samples, clip.rate_hz, fallback_done=True)
        if reason is not None:
            logger.info("speech decode of a %.1f s turn failed its checks (%s)", clip.duration_s, reason)
            decoded = pick([decoded])
        return spoken_utterance(decoded.texts, list(decoded.words), clip.duration_s)

    def _decode(self, clip: Clip, beam_size: int) -> Decoded:
        """One sample a temperature (openai-whisper's ``transcribe`` default; the 5 that
        faster-whisper draws took 28 s instead of 10 s on a 10 s turn that failed at every one)."""
        import torch

        with torch.random.fork_rng(devices=[]):  # a seeded fallback that leaves torch's RNG as it was
            torch.manual_seed(FALLBACK_SEED)
            result = self._model.transcribe(
                np.ascontiguousarray(clip.samples, dtype=np.float32),
                language=self._options.language,
                word_timestamps=True,
                fp16=False,
                condition_on_previous_text=False,
                initial_prompt=self._options.initial_prompt,
                temperature=FALLBACK_TEMPERATURES,
                compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
                logprob_threshold=LOG_PROB_THRESHOLD,
                beam_size=beam_size if beam_size > 1 else None,
                sample_len=max_new_tokens(clip.duration_s),
            )
        segments: list[Segment] = []
        words: list[Word] = []
        for segment in result["segments"]:
            segments.append(Segment(float(segment["start"]), segment["text"], float(segment["avg_logprob"])))
            for word in segment.get("words", ()):
                words.append(Word(word["word"].strip(), float(word["start"]), float(word["end"]),
                                  float(word["probability"])))
        return Decoded(tuple(segments), tuple(words), f"openai-whisper beam {beam_size}")


def _alignment_dump(heads: list[tuple[int, int]], dims) -> bytes:
    """``heads`` in the base85 gzip form ``Whisper.set_alignment_heads`` takes."""
    mask = np.zeros((dims.n_text_layer, dims.n_text_head), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))
