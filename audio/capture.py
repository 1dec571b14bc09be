"""Microphone capture: 32 ms float32 frames at 16 kHz, handed off to a queue.

The PortAudio callback only copies bytes; VAD and Whisper run in the caller's thread.
"""

from __future__ import annotations

import queue
import time

import numpy as np

from audio.devices import AudioDeviceError, sounddevice_module
from audio.format import CHANNELS, FRAME_SAMPLES, SAMPLE_DTYPE, SAMPLE_RATE_HZ

FRAME_TIMEOUT_S = 2.0
"""A stream that delivers nothing for this long has lost its microphone."""

DEAD_SILENCE_S = 5.0
"""A real microphone always hears some noise; exact digital zeros for this long mean the
device went away (PulseAudio then quietly moves the stream to a silent monitor) or is muted."""


class Microphone:
    """A context manager yielding frames from the input device."""

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device
        self._frames: queue.Queue[tuple[bytes, float]] = queue.Queue()
        self._stream = None
        self._zero_frames = 0
        self.last_frame_end_at = 0.0
        """``time.monotonic()`` at which the last frame read had reached the microphone."""

    def __enter__(self) -> "Microphone":
        sd = sounddevice_module()
        try:
            self._stream = sd.InputStream(
                samplerate=SAMPLE_RATE_HZ,
                channels=CHANNELS,
                dtype=SAMPLE_DTYPE,
                blocksize=FRAME_SAMPLES,
                device=self._device,
                callback=self._on_audio,
            )
            self._stream.start()
        except Exception as error:  # noqa: BLE001 - PortAudioError and ValueError alike
            raise AudioDeviceError(f"Cannot open the microphone: {error}") from error
        return self

    def __exit__(self, *exc) -> None:
        if self._stream is not None:
            try:
                self._stream.close()
            except Exception:  # noqa: BLE001 - closing a vanished device may fail; nothing to save
                pass
            self._stream = None

    def _on_audio(self, indata, _frames, stream_time, _status) -> None:
        # PortAudio's clock converted to time.monotonic(), so latency can be traced end to end.
        now = time.monotonic()
        captured_at = now - (stream_time.currentTime - stream_time.inputBufferAdcTime) if stream_time.inputBufferAdcTime else now
        self._frames.put((bytes(indata), captured_at))

    def read(self, timeout_s: float = FRAME_TIMEOUT_S) -> np.ndarray:
        """The next frame; ``AudioDeviceError`` when the microphone stopped delivering."""
        try:
            data, captured_at = self._frames.get(timeout=timeout_s)
        except queue.Empty:
            raise AudioDeviceError("The microphone stopped sending audio (unplugged?).") from None
        frame = np.frombuffer(data, dtype=np.float32)
        self.last_frame_end_at = captured_at + len(frame) / SAMPLE_RATE_HZ
        self._zero_frames = 0 if frame.any() else self._zero_frames + 1
        if self._zero_frames * FRAME_SAMPLES >= DEAD_SILENCE_S * SAMPLE_RATE_HZ:
            self._zero_frames = 0
            raise AudioDeviceError("The microphone has gone completely silent (unplugged or muted?).")
        return frame

    def discard_pending(self) -> None:
        """Drop frames captured meanwhile (e.g. the assistant's own voice while it spoke)."""
        while True:
            try:
                self._frames.get_nowait()
            except queue.Empty:
                return
