"""Audio files read into the pipeline's format: 16 kHz mono float32 ``Clip``s.

Files are hostile input: the header is checked before anything is decoded (sample rate,
channel count, duration), and the audio is read, downmixed and resampled block by block, so
the memory a file can cost is bounded by ``MAX_ANALYZE_S`` of 16 kHz mono float32 (38.4 MB),
never by what its header claims.
"""

from __future__ import annotations

import os
import struct
import sys
from contextlib import contextmanager
from math import gcd

import numpy as np

from audio.format import (
    MAX_ANALYZE_S,
    MAX_FILE_CHANNELS,
    MAX_FILE_RATE_HZ,
    MIN_FILE_RATE_HZ,
    SAMPLE_RATE_HZ,
)
from audio.speech import Clip

READ_BLOCK_SAMPLES = 1 << 18
"""Samples (all channels together) decoded per read: 1 MB of float32, whatever the channel count."""

HEADER_PEEK_BYTES = 1 << 16
"""How much of a WAV file is searched for its ``fmt `` chunk to explain a refusal (64 KiB)."""

_DECODING_ERRORS = (RuntimeError, ValueError, TypeError, OverflowError, OSError, EOFError)
"""What soundfile/libsndfile raise on a file they cannot read (LibsndfileError is a RuntimeError;
a ``.raw`` name makes soundfile ask for a sample rate with a TypeError)."""


class AudioFileError(ValueError):
    """A file that cannot be read as audio; the message says which and why."""


@contextmanager
def decoder_notes_silenced():
    """Send what C decoders print straight to file descriptor 2 to /dev/null meanwhile.

    mpg123 (libsndfile's MP3 decoder) prints "Note: Illegal Audio-MPEG-Header ..." lines on
    garbage; ``realtalk analyze`` wraps its reads in this so each bad file gives one line. It
    swaps the process's fd 2, so Python's own stderr output is lost too while it lasts: use it
    around single-threaded file reading only, never in the live voice loop.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no fd 2 to swap (a closed, replaced or missing stderr)
        yield
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
        finally:
            os.close(devnull)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def resample(samples: np.ndarray, from_hz: int, to_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """Band-limited polyphase resampling of mono float32 samples (the whole signal at once)."""
    if from_hz == to_hz or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    from scipy.signal import resample_poly

    divisor = gcd(int(from_hz), int(to_hz))
    return resample_poly(samples, to_hz // divisor, from_hz // divisor).astype(np.float32)


class StreamResampler:
    """``resample`` of a signal that arrives in blocks, with memory bounded by the block size.

    Each output block is computed from its input block plus enough input either side for the
    polyphase filter (``scipy.signal.resample_poly``'s own Kaiser design), on a grid where a
    block's first output sample falls on an input sample, so the result equals ``resample``
    of the whole signal (up to float rounding).
    """

    def __init__(self, from_hz: int, to_hz: int = SAMPLE_RATE_HZ) -> None:
        divisor = gcd(int(from_hz), int(to_hz))
        self.up, self.down = int(to_hz) // divisor, int(from_hz) // divisor
        self._filter = None
        if self.up != self.down:
            from scipy.signal import firwin

            half_len = 10 * max(self.up, self.down)  # resample_poly's default design
            self._filter = firwin(2 * half_len + 1, 1.0 / max(self.up, self.down),
                                  window=("kaiser", 5.0)).astype(np.float32)
            context = -(-half_len // self.up) + 1  # input samples either side an output depends on
        else:
            context = 0
        self.context = _round_up(context, self.down)
        # About a second of input, and at least 4 contexts so that the overlap costs at most 50 %.
        self.block = max(_round_up(max(int(from_hz), 1), self.down), 4 * self.context)
        self._pending = np.zeros(0, np.float32)
        self._pending_start = 0  # input index of _pending[0]
        self._next = 0  # input index where the next output block starts (a multiple of down)

    def feed(self, samples: np.ndarray) -> list[np.ndarray]:
        """Output blocks that ``samples`` (the next input, mono float32) completes."""
        if self._filter is None:
            return [samples.astype(np.float32, copy=False)] if len(samples) else []
        self._pending = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        done = []
        while self._pending_start + len(self._pending) >= self._next + self.block + self.context:
            done.append(self._output(self._next + self.block + self.context, self.block))
            self._next += self.block
            drop = max(0, self._next - self.context - self._pending_start)
            self._pending, self._pending_start = self._pending[drop:], self._pending_start + drop
        return done

    def finish(self) -> np.ndarray:
        """The output still owed once the input has ended."""
        end = self._pending_start + len(self._pending)
        if self._filter is None or end <= self._next:
            return np.zeros(0, np.float32)
        tail = self._output(end, None)
        self._pending, self._pending_start, self._next = np.zeros(0, np.float32), end, end
        return tail

    def _output(self, segment_end: int, block: int | None) -> np.ndarray:
        from scipy.signal import resample_poly

        segment_start = max(0, self._next - self.context)
        segment = self._pending[segment_start - self._pending_start:segment_end - self._pending_start]
        out = resample_poly(segment, self.up, self.down, window=self._filter)
        first = (self._next - segment_start) * self.up // self.down
        last = None if block is None else first + block * self.up // self.down
        return out[first:last].astype(np.float32, copy=False)


def read_clip(path: str | os.PathLike, max_duration_s: float = MAX_ANALYZE_S) -> Clip:
    """The file as a 16 kHz mono clip (any rate, channel count or bit depth libsndfile reads).

    Raises ``AudioFileError`` (one sentence naming the file and the fault) for anything else:
    no file, not audio, a sample rate outside ``MIN_FILE_RATE_HZ``-``MAX_FILE_RATE_HZ``, no or
    more than ``MAX_FILE_CHANNELS`` channels, more than ``max_duration_s`` seconds, no samples.
    """
    import soundfile

    if not os.path.isfile(path):
        raise AudioFileError(f"{path}: no such file")
    try:
        sound = soundfile.SoundFile(path)
    except _DECODING_ERRORS as error:
        claims = _wav_claims(path)
        if claims is not None:
            _check_rate_and_channels(path, *claims)
        raise AudioFileError(f"{path}: not a readable audio file ({_reason(error)})") from error
    with sound:
        _check_rate_and_channels(path, sound.samplerate, sound.channels)
        if sound.frames / sound.samplerate > max_duration_s:
            raise AudioFileError(
                f"{path}: lasts {sound.frames / sound.samplerate:.0f} s by its header; "
                f"realtalk reads recordings of at most {_duration(max_duration_s)}"
            )
        try:
            samples = _read_mono(path, sound, max_duration_s)
        except AudioFileError:
            raise
        except _DECODING_ERRORS as error:
            raise AudioFileError(f"{path}: not a readable audio file ({_reason(error)})") from error
    if samples.size == 0:
        raise AudioFileError(f"{path}: the file holds no audio")
    return Clip(samples=samples, rate_hz=SAMPLE_RATE_HZ)


def _read_mono(path, sound, max_duration_s: float) -> np.ndarray:
    """Decode, downmix and resample ``sound`` block by block into one 16 kHz float32 array."""
    rate_hz, channels = sound.samplerate, sound.channels
    max_frames = int(max_duration_s * rate_hz)
    resampler = StreamResampler(rate_hz)
    out = _Samples(capacity=_out_len(min(max(sound.frames, 0), max_frames), resampler))
    frames_read = 0
    block_frames = max(1, READ_BLOCK_SAMPLES // channels)
    while True:
        block = sound.read(block_frames, dtype="float32", always_2d=True)
        if len(block) == 0:
            break
        frames_read += len(block)
        if frames_read > max_frames:
            raise AudioFileError(
                f"{path}: holds more than {_duration(max_duration_s)} of audio; realtalk reads "
                f"recordings of at most {_duration(max_duration_s)}"
            )
        # A float file may hold NaN, inf or 1e38: full scale at most before anything adds them up.
        np.nan_to_num(block, copy=False, nan=0.0, posinf=1.0, neginf=-1.0)
        np.clip(block, -1.0, 1.0, out=block)
        mono = block[:, 0] if channels == 1 else block.mean(axis=1, dtype=np.float32)
        for piece in resampler.feed(mono):
            out.append(piece)
    out.append(resampler.finish())
    samples = out.samples()
    np.clip(samples, -1.0, 1.0, out=samples)  # resampling overshoots full scale a little; the pipeline speaks [-1, 1]
    return samples


class _Samples:
    """A growing float32 array, allocated once when the header's frame count is right."""

    def __init__(self, capacity: int) -> None:
        self._data = np.empty(max(capacity, 1), np.float32)
        self._size = 0

    def append(self, piece: np.ndarray) -> None:
        needed = self._size + len(piece)
        if needed > len(self._data):
            grown = np.empty(max(needed, len(self._data) * 3 // 2), np.float32)
            grown[:self._size] = self._data[:self._size]
            self._data = grown
        self._data[self._size:needed] = piece
        self._size = needed

    def samples(self) -> np.ndarray:
        return self._data[:self._size]


def _out_len(frames: int, resampler: StreamResampler) -> int:
    return -(-frames * resampler.up // resampler.down)


def _reason(error: BaseException) -> str:
    """libsndfile's reason without its "Error opening '<path>': " prefix, on one line."""
    reason = getattr(error, "error_string", None) or str(error)
    if "does not exist" in reason:  # what libsndfile says when mpg123 gives up on a file that does exist
        reason = "unrecognised or damaged data"
    return " ".join(reason.split()).rstrip(".")


def _round_up(value: int, multiple: int) -> int:
    return max(multiple, -(-value // multiple) * multiple)


def _duration(seconds: float) -> str:
    return f"{seconds:g} s ({seconds / 60:g} minutes)" if seconds >= 60 else f"{seconds:g} s"


def _check_rate_and_channels(path, rate_hz: int, channels: int) -> None:
    if not MIN_FILE_RATE_HZ <= rate_hz <= MAX_FILE_RATE_HZ:
        raise AudioFileError(
            f"{path}: claims a sample rate of {rate_hz} Hz; realtalk reads "
            f"{MIN_FILE_RATE_HZ} to {MAX_FILE_RATE_HZ} Hz"
        )
    if not 1 <= channels <= MAX_FILE_CHANNELS:
        raise AudioFileError(f"{path}: claims {channels} channels; realtalk reads 1 to {MAX_FILE_CHANNELS}")


def _wav_claims(path) -> tuple[int, int] | None:
    """(sample rate, channels) from a RIFF/RF64 WAVE file's ``fmt `` chunk, or None.

    Only to explain why libsndfile refused a file: it rejects a 0 Hz or 4294967295 Hz header
    with "SF_INFO struct incomplete", which tells the user nothing.
    """
    try:
        with open(path, "rb") as file:
            head = file.read(HEADER_PEEK_BYTES)
    except OSError:
        return None
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        return None
    position = 12
    while position + 16 <= len(head):
        chunk_id, size = head[position:position + 4], int.from_bytes(head[position + 4:position + 8], "little")
        if chunk_id == b"fmt ":
            if not 16 <= size <= 64:  # 16, 18 or 40 in a real WAV: anything else is garbage, not a claim
                return None
            channels, rate_hz = struct.unpack_from("<HI", head, position + 10)
            return rate_hz, channels
        position += 8 + size + (size & 1)
    return None
