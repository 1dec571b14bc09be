"""The one audio format every stage speaks, defined once with its units."""

SAMPLE_RATE_HZ = 16_000
"""Capture, VAD and Whisper all work at 16 kHz."""

CHANNELS = 1
"""Mono."""

SAMPLE_DTYPE = "float32"
"""Samples are float32 in [-1.0, 1.0] between stages."""

FRAME_SAMPLES = 512
"""One capture/VAD frame: 512 samples = 32 ms at 16 kHz (Silero's window)."""

FRAME_MS = FRAME_SAMPLES * 1000 // SAMPLE_RATE_HZ
"""Duration of one frame in milliseconds (32)."""

WHISPER_WINDOW_S = 30
"""Whisper reads audio in windows of 30 seconds; a turn is kept within one."""


def samples_to_seconds(n_samples: int, rate_hz: int = SAMPLE_RATE_HZ) -> float:
    """Duration in seconds of ``n_samples`` at ``rate_hz``."""
    return n_samples / float(rate_hz)
