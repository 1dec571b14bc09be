"""Audio files read into the pipeline's format: 16 kHz mono float32 ``Clip``s."""

from __future__ import annotations

import os
from math import gcd

import numpy as np

from audio.format import SAMPLE_RATE_HZ
from audio.speech import Clip


class AudioFileError(ValueError):
    """A file that cannot be read as audio; the message says which and why."""


def resample(samples: np.ndarray, from_hz: int, to_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """Band-limited polyphase resampling of mono float32 samples."""
    if from_hz == to_hz or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    from scipy.signal import resample_poly

    divisor = gcd(int(from_hz), int(to_hz))
    return resample_poly(samples, to_hz // divisor, from_hz // divisor).astype(np.float32)


def read_clip(path: str | os.PathLike) -> Clip:
    """The file as a 16 kHz mono clip (any rate, channel count or bit depth libsndfile reads)."""
    import soundfile

    if not os.path.isfile(path):
        raise AudioFileError(f"{path}: no such file")
    try:
        samples, rate_hz = soundfile.read(path, dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError, ValueError) as error:
        raise AudioFileError(f"{path}: not a readable audio file ({error})") from error
    if samples.size == 0:
        raise AudioFileError(f"{path}: the file holds no audio")
    mono = samples.mean(axis=1)
    return Clip(samples=resample(mono, rate_hz), rate_hz=SAMPLE_RATE_HZ)
