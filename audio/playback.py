"""Playback of synthesised replies through sounddevice, stoppable mid-sentence.

A reply can be played while it is still being synthesised (``Speaker.play_stream``): the first
piece is rendered, the output stream opens at its sample rate, and a producer thread renders
the rest into a queue that the output callback reads. The callback only copies samples; it never
synthesises. When the queue runs dry before the next piece is ready, the callback plays silence.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Iterable

import numpy as np

from audio.devices import AudioDeviceError, sounddevice_module
from audio.speech import Clip

STALL_S = 2.0
"""An output stream whose callback has not run for this long has stalled: playback gives up."""
STARVED_S = 20.0
"""A synthesis that has not delivered the next piece for this long has hung: playback gives up."""
PRODUCER_JOIN_S = 5.0
"""How long playback waits for the producer to finish the piece in hand after a stop."""


def _at_rate(clip: Clip, rate_hz: int) -> np.ndarray:
    """``clip``'s samples as float32, resampled (linearly) to ``rate_hz`` if it is at another rate."""
    samples = np.asarray(clip.samples, dtype=np.float32).reshape(-1)
    if clip.rate_hz == rate_hz or len(samples) == 0:
        return samples
    positions = np.arange(0, len(samples), clip.rate_hz / rate_hz)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


class Speaker:
    """Plays one reply at a time on the output device."""

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device
        self.first_sample_at = 0.0
        """``time.monotonic()`` at which the last reply's first sample reached the speaker."""
        self.played_fraction = 0.0
        """How much of the last reply was played (1.0 unless it was stopped). A stream stopped
        before all of it was synthesised counts against what had been synthesised by then."""

    def play(self, clip: Clip, stop: threading.Event | None = None) -> bool:
        """Play ``clip`` to the end (True) or until ``stop`` is set (False)."""
        return self.play_stream((clip,), stop)

    def play_stream(self, clips: Iterable[Clip], stop: threading.Event | None = None) -> bool:
        """Play ``clips`` back to back as one sound, starting as soon as the first is rendered
        while a producer thread renders the rest. True when all was played; False when ``stop``
        was set, which also stops the rendering after the piece in hand (the iterable is closed).

        Raises ``AudioDeviceError`` when the speaker cannot be opened, and whatever the rendering
        raised (before the first piece: at once; later: after playback)."""
        stopping = stop if stop is not None else threading.Event()
        self.first_sample_at, self.played_fraction = 0.0, 0.0
        pieces = iter(clips)
        try:
            first = next(pieces, None)
        except BaseException:
            _close(pieces)
            raise
        if first is None or stopping.is_set():
            _close(pieces)
            self.played_fraction = 1.0 if first is None else 0.0
            return not stopping.is_set()

        rate_hz = first.rate_hz
        ready: queue.SimpleQueue[np.ndarray] = queue.SimpleQueue()
        first_samples = _at_rate(first, rate_hz)
        ready.put(first_samples)
        queued = [len(first_samples)]  # samples handed to playback so far
        rendered = threading.Event()  # the producer has queued its last piece
        cancel = threading.Event()  # playback is over: render no more
        errors: list[BaseException] = []

        def produce() -> None:
            try:
                for clip in pieces:
                    if cancel.is_set() or stopping.is_set():
                        break
                    samples = _at_rate(clip, rate_hz)
                    queued[0] += len(samples)
                    ready.put(samples)
            except BaseException as error:  # noqa: BLE001 - handed to the playing thread
                errors.append(error)
            finally:
                _close(pieces)
                rendered.set()

        producer = threading.Thread(target=produce, name="tts-producer", daemon=True)
        producer.start()
        try:
            finished = self._play_queue(ready, rendered, queued, rate_hz, stopping)
        finally:
            cancel.set()
            producer.join(PRODUCER_JOIN_S)
        if errors and not stopping.is_set():
            raise errors[0]
        return finished

    def _play_queue(self, ready, rendered: threading.Event, queued: list[int], rate_hz: int,
                    stop: threading.Event) -> bool:
        sd = sounddevice_module()
        current = np.zeros(0, dtype=np.float32)
        offset = played = 0
        last_callback_at = last_audio_at = time.monotonic()
        done = threading.Event()

        def on_output(outdata, frames, stream_time, _status):
            nonlocal current, offset, played, last_callback_at, last_audio_at
            now = last_callback_at = time.monotonic()
            if stop.is_set():
                outdata.fill(0)
                raise sd.CallbackStop
            filled = 0
            while filled < frames:
                if offset >= len(current):
                    try:
                        current, offset = ready.get_nowait(), 0
                    except queue.Empty:
                        break
                    continue
                count = min(frames - filled, len(current) - offset)
                outdata[filled : filled + count, 0] = current[offset : offset + count]
                filled += count
                offset += count
            outdata[filled:] = 0
            if filled:
                if played == 0:
                    dac_delay = stream_time.outputBufferDacTime - stream_time.currentTime
                    self.first_sample_at = now + max(0.0, dac_delay) if stream_time.outputBufferDacTime else now
                played += filled
                last_audio_at = now
            if filled < frames and rendered.is_set() and ready.empty():
                raise sd.CallbackStop  # all rendered and all played

        try:
            stream = sd.OutputStream(
                samplerate=rate_hz,
                channels=1,
                dtype="float32",
                device=self._device,
                callback=on_output,
                finished_callback=done.set,
            )
        except Exception as error:  # noqa: BLE001 - PortAudioError and ValueError alike
            raise AudioDeviceError(f"Cannot open the speaker: {error}") from error
        with stream:
            while not done.wait(0.05):
                now = time.monotonic()
                if now - last_callback_at > STALL_S or now - last_audio_at > STARVED_S:
                    break
        self.played_fraction = min(1.0, played / max(1, queued[0]))
        return not stop.is_set()


def _close(pieces) -> None:
    close = getattr(pieces, "close", None)
    if close is not None:
        close()
