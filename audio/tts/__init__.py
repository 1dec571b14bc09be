"""Text-to-speech: renders a reply to ``Clip``s that playback can stop at any moment.

Each speaker role has its own engine (``TtsOptions.partner_engine`` and ``coach_engine``, names
from ``TTS_ENGINES``): by default the partner speaks with Piper's natural neural voice and the
coach with espeak-ng through pyttsx3, so the two are told apart at once. ``create_tts`` returns a
router that sends each ``VoiceStyle`` to its speaker's engine, each engine created and loaded
once. A ``VoiceStyle`` says how a speaker should sound in terms any engine can honour (role, rate,
relative pitch); each engine maps it onto its own voices. ``stream`` yields a reply sentence by
sentence, so playback can start while the rest is still being synthesised.

Adding an engine is one new module with a class taking ``TtsOptions`` (importing its third-party
library only in ``load()``, failing with ``TtsUnavailable`` that says what to install) plus one
entry in ``TTS_ENGINES``.
"""

from __future__ import annotations

import importlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Iterator, Protocol

from audio.speech import Clip

PARTNER, COACH = "partner", "coach"
"""The speaker roles a ``VoiceStyle`` can have (the same strings as ``Reply.speaker``)."""


@dataclass(frozen=True)
class VoiceStyle:
    """How one speaker sounds, so the user always knows who is talking."""

    speaker: str
    """Role: "partner" (the person being rehearsed with) or "coach"; an engine picks a
    different voice for each."""
    rate_wpm: int
    """Speaking rate in words per minute."""
    pitch: float = 0.0
    """Relative base pitch from -1.0 (the lowest the engine offers) through 0.0 (the voice's
    normal pitch) to +1.0 (the highest); values outside are clamped."""
    voice: str | None = None
    """Engine-specific voice: an espeak-ng voice name such as "gmw/en-US" for pyttsx3, a Piper
    .onnx voice file (or the bundled voice's name, en_US-joe-medium) for piper; None: the
    engine's default voice for ``speaker``."""


PARTNER_VOICE = VoiceStyle(speaker=PARTNER, rate_wpm=165, pitch=0.1)
COACH_VOICE = VoiceStyle(speaker=COACH, rate_wpm=145, pitch=-0.3)
"""The coach speaks slower and lower than the partner, and each engine gives it its own voice."""


def voice_for(speaker: str) -> VoiceStyle:
    """The voice of ``speaker`` ("partner" or "coach"; anything else sounds like the coach)."""
    return PARTNER_VOICE if speaker == PARTNER else COACH_VOICE


class TextToSpeech(Protocol):
    """An offline speech synthesiser; its engine starts lazily, once."""

    def load(self) -> None:
        """Start the engine now rather than on the first reply; raises ``TtsUnavailable``."""

    def synthesize(self, text: str, style: VoiceStyle) -> Clip:
        """Audio of ``text`` spoken as ``style`` says, at the engine's own sample rate."""

    def stream(self, text: str, style: VoiceStyle) -> Iterator[Clip]:
        """The audio of ``synthesize`` in pieces (a sentence each, or the whole at once), each
        yielded as soon as it is rendered; all at the same sample rate. Closing the iterator early
        stops the synthesis."""


class TtsUnavailable(RuntimeError):
    """The speech synthesiser could not start; the message says what to install."""


@dataclass(frozen=True)
class TtsOptions:
    """Which synthesiser speaks for each role, and the partner's voice."""

    partner_engine: str = "piper"
    """One of ``TTS_ENGINES`` for the partner (default: piper, a natural neural voice)."""
    coach_engine: str = "pyttsx3"
    """One of ``TTS_ENGINES`` for the coach (default: pyttsx3, driving espeak-ng in this process),
    a clearly different voice from the partner's."""
    partner_voice: str | None = None
    """The partner's voice, for its engine: a Piper .onnx voice file (or en_US-joe-medium, the
    bundled one) with piper, an espeak-ng voice name with pyttsx3; None: the engine's default."""

    def engine_for(self, speaker: str) -> str:
        """The engine name that speaks for ``speaker`` (anyone but the partner is the coach)."""
        return self.partner_engine if speaker == PARTNER else self.coach_engine


TTS_ENGINES: dict[str, str] = {
    "piper": "audio.tts.piper_backend:PiperTts",
    "pyttsx3": "audio.tts.pyttsx3_backend:Pyttsx3Tts",
}
"""Engine name -> "module:class" of its backend; the class takes ``TtsOptions``."""


def create_engine(name: str, options: TtsOptions = TtsOptions()) -> TextToSpeech:
    """The backend registered as ``name``; nothing starts yet. ``ValueError`` for unknown names."""
    target = TTS_ENGINES.get(name)
    if target is None:
        raise ValueError(f"unknown speech synthesiser {name!r}; choose one of {', '.join(TTS_ENGINES)}")
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)(options)


class TtsRouter:
    """Sends each ``VoiceStyle`` to its speaker's engine; an engine both roles use is shared."""

    def __init__(self, options: TtsOptions = TtsOptions()) -> None:
        self.options = options
        names = dict.fromkeys((options.coach_engine, options.partner_engine))  # the coach speaks first
        self.engines: dict[str, TextToSpeech] = {name: create_engine(name, options) for name in names}
        """Engine name -> its backend, one each."""
        self._loading: dict[str, Future[None]] = {}
        """Engines loading in the background (``start_loading``); ``load`` and ``engine`` wait for them."""

    def engine(self, speaker: str) -> TextToSpeech:
        """The backend that speaks for ``speaker``, once loaded (re-raising what its load raised)."""
        name = self.options.engine_for(speaker)
        loading = self._loading.get(name)
        if loading is not None:
            loading.result()
        return self.engines[name]

    def load(self) -> None:
        """Every engine loaded (each once), so a missing one is reported before the first reply;
        after ``start_loading`` this waits for that load and raises what it raised."""
        for name, engine in self.engines.items():
            loading = self._loading.get(name)
            if loading is not None:
                loading.result()
            else:
                engine.load()

    def start_loading(self) -> None:
        """Load the engines on a background thread (a neural voice takes about a second of CPU,
        ``bench.tts_load``), so that it overlaps the rest of the start-up; ``load`` waits for it."""
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts-load")
        self._loading = {name: pool.submit(engine.load) for name, engine in self.engines.items()}
        pool.shutdown(wait=False)

    def style(self, style: VoiceStyle) -> VoiceStyle:
        """``style`` with the partner's chosen voice filled in."""
        if style.speaker == PARTNER and style.voice is None and self.options.partner_voice:
            return replace(style, voice=self.options.partner_voice)
        return style

    def synthesize(self, text: str, style: VoiceStyle) -> Clip:
        return self.engine(style.speaker).synthesize(text, self.style(style))

    def stream(self, text: str, style: VoiceStyle) -> Iterator[Clip]:
        return self.engine(style.speaker).stream(text, self.style(style))


def create_tts(options: TtsOptions = TtsOptions()) -> TtsRouter:
    """The partner's and the coach's engines behind one ``TextToSpeech``; nothing starts yet.

    Raises ``ValueError`` naming the known engines for an unknown name. A backend module imports
    its third-party library only in ``load()``, raising ``TtsUnavailable`` with what to install.
    """
    return TtsRouter(options)
