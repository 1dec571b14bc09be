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

MIN_FILE_RATE_HZ = 8_000
"""The lowest sample rate read from a file: telephone speech. A lower claim is a broken or
hostile header (a 1 Hz header once turned a 32 KB WAV into 16.8 GB of resampled audio)."""

MAX_FILE_RATE_HZ = 192_000
"""The highest sample rate read from a file: studio recorders stop at 192 kHz."""

MAX_FILE_CHANNELS = 32
"""The most channels read from a file: a voice recording is mono or stereo; 32 covers multitrack recorders."""

MAX_ANALYZE_S = 600
"""The longest recording read from a file (``realtalk analyze --audio``): 10 minutes, which is
9.6 million samples or 38.4 MB at 16 kHz mono float32, the bound on the audio a file can cost."""
