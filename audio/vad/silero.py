"""Streaming Silero VAD on the ONNX model that faster-whisper ships (no download)."""

from __future__ import annotations

import os

import numpy as np

from audio.format import FRAME_SAMPLES, SAMPLE_RATE_HZ

_CONTEXT_SAMPLES = 64  # Silero v5+ expects the previous 64 samples before each 512-sample window
_STATE_SHAPE = (1, 1, 128)


def _model_path() -> str:
    from faster_whisper.utils import get_assets_path

    return os.path.join(get_assets_path(), "silero_vad_v6.onnx")


class SileroVad:
    """Keeps Silero's recurrent state across frames, so each frame costs about 0.2 ms."""

    def __init__(self) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(
            _model_path(), providers=["CPUExecutionProvider"], sess_options=options
        )
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self._c = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self._context = np.zeros(_CONTEXT_SAMPLES, dtype=np.float32)

    def speech_probability(self, frame: np.ndarray) -> float:
        if frame.shape != (FRAME_SAMPLES,):
            raise ValueError(f"Silero needs frames of {FRAME_SAMPLES} samples at {SAMPLE_RATE_HZ} Hz")
        window = np.concatenate([self._context, frame.astype(np.float32, copy=False)])[None, :]
        probs, self._h, self._c = self._session.run(
            None, {"input": window, "h": self._h, "c": self._c}
        )
        self._context = window[0, -_CONTEXT_SAMPLES:]
        return float(np.ravel(probs)[0])
