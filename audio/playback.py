"""Playback of synthesised replies through sounddevice, stoppable mid-sentence."""

from __future__ import annotations

import threading
import time

import numpy as np

from audio.devices import AudioDeviceError, sounddevice_module
from audio.speech import Clip


class Speaker:
    """Plays one clip at a time on the output device."""

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device
        self.first_sample_at = 0.0
        """``time.monotonic()`` at which the last clip's first sample reached the speaker."""
        self.played_fraction = 0.0
        """How much of the last clip was played (1.0 unless it was stopped)."""

    def play(self, clip: Clip, stop: threading.Event | None = None) -> bool:
        """Play ``clip`` to the end (True) or until ``stop`` is set (False)."""
        sd = sounddevice_module()
        samples = np.ascontiguousarray(clip.samples, dtype=np.float32).reshape(-1, 1)
        position = 0
        done = threading.Event()

        def on_output(outdata, frames, stream_time, _status):
            nonlocal position
            if position == 0:
                now = time.monotonic()
                dac_delay = stream_time.outputBufferDacTime - stream_time.currentTime
                self.first_sample_at = now + max(0.0, dac_delay) if stream_time.outputBufferDacTime else now
            chunk = samples[position : position + frames]
            outdata[: len(chunk)] = chunk
            outdata[len(chunk) :] = 0
            position += frames
            if position >= len(samples) or (stop is not None and stop.is_set()):
                raise sd.CallbackStop

        try:
            stream = sd.OutputStream(
                samplerate=clip.rate_hz,
                channels=1,
                dtype="float32",
                device=self._device,
                callback=on_output,
                finished_callback=done.set,
            )
        except Exception as error:  # noqa: BLE001 - PortAudioError and ValueError alike
            raise AudioDeviceError(f"Cannot open the speaker: {error}") from error
        with stream:
            timeout_s = clip.duration_s + 2.0
            done.wait(timeout_s)
        self.played_fraction = min(1.0, position / max(1, len(samples)))
        return not (stop is not None and stop.is_set())
