"""Hostile audio files (security issue 17): one clear ``AudioFileError``, bounded time and memory.

The finding: a 32 KB WAV whose header claimed a 1 Hz sample rate took 16.8 GB resident in
``realtalk analyze --audio``. Random bytes, mangled headers (sample rates 0..2**32-1, channel
counts 0..65535, data sizes that lie) and byte-flipped real files go to ``read_clip``, which
either returns a bounded, finite 16 kHz clip or raises ``AudioFileError``, nothing else; the
worst cases run in a child process whose peak resident memory is measured. Only the tests
marked ``models`` load Whisper; the rest take a few seconds.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from audio.files import AudioFileError, StreamResampler, read_clip, resample
from audio.format import MAX_ANALYZE_S, MAX_FILE_CHANNELS, MAX_FILE_RATE_HZ, MIN_FILE_RATE_HZ, SAMPLE_RATE_HZ
from tests.realtalk_process import PROJECT_DIR

PEAK_RSS_LIMIT_MB = 500
"""The most a child process reading any one file may hold resident (decoding included)."""

REFUSAL_RSS_LIMIT_MB = 150
"""A file refused from its header is never decoded: the child stays near Python + numpy + soundfile (~40 MB)."""

CALL_TIME_LIMIT_S = 5.0
"""The longest one ``read_clip`` of a small hostile file may take (2 shared cores; typically < 0.1 s)."""

EDGE_RATES_HZ = [0, 1, 2, 7999, MIN_FILE_RATE_HZ, 8001, 11025, 16000, 44100, 44101, 48000,
                 MAX_FILE_RATE_HZ, MAX_FILE_RATE_HZ + 1, 2**31 - 1, 2**31, 2**32 - 1]
SETTINGS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def wav_bytes(rate_hz: int, channels: int = 1, bits: int = 16, data: bytes = bytes(32768),
              data_claim: int | None = None, fmt_tag: int = 1) -> bytes:
    """A 44-byte canonical WAV header (written by hand, so it can lie) followed by ``data``."""
    claim = len(data) if data_claim is None else data_claim
    block_align = (channels * bits // 8) & 0xFFFF
    header = b"RIFF" + struct.pack("<I", (36 + claim) & 0xFFFFFFFF) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, fmt_tag, channels, rate_hz,
                                    (rate_hz * block_align) & 0xFFFFFFFF, block_align, bits)
    header += b"data" + struct.pack("<I", claim)
    assert len(header) == 44
    return header + data


def flac_bytes(rate_hz: int = 16000, total_frames: int | None = None, seconds: float = 1.0) -> bytes:
    """A real FLAC file whose STREAMINFO is then rewritten to claim ``rate_hz`` and ``total_frames``."""
    import io

    buffer = io.BytesIO()
    samples = (np.sin(np.arange(int(16000 * seconds)) * 0.05) * 0.3).astype(np.float32)
    soundfile.write(buffer, samples, 16000, format="FLAC", subtype="PCM_16")
    data = bytearray(buffer.getvalue())
    info = int.from_bytes(data[18:26], "big")  # 20 bits rate, 3 channels-1, 5 bits-1, 36 total samples
    total = info & (2**36 - 1) if total_frames is None else total_frames
    info = (rate_hz << 44) | (info & (0xFF << 36)) | total
    data[18:26] = info.to_bytes(8, "big")
    return bytes(data)


def au_bytes(rate_hz: int, channels: int = 1, data_claim: int = 32768, encoding: int = 3) -> bytes:
    """A Sun/NeXT ``.snd`` header (big-endian) followed by 32 KB of silence."""
    return b".snd" + struct.pack(">IIIII", 24, data_claim, encoding, rate_hz, channels) + bytes(32768)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _write(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


def _check_read(path: str) -> str | None:
    """``read_clip(path)``: the error message, or None after checking the clip is sound."""
    started = time.perf_counter()
    try:
        clip = read_clip(path)
    except AudioFileError as error:
        assert time.perf_counter() - started < CALL_TIME_LIMIT_S
        message = str(error)
        assert message.startswith(f"{path}: ") and "\n" not in message, message
        return message
    assert time.perf_counter() - started < CALL_TIME_LIMIT_S
    samples = clip.samples
    assert clip.rate_hz == SAMPLE_RATE_HZ and samples.dtype == np.float32 and samples.ndim == 1
    assert 0 < len(samples) <= MAX_ANALYZE_S * SAMPLE_RATE_HZ + 1
    assert np.isfinite(samples).all() and np.abs(samples).max(initial=0) <= 1.0
    return None


# ----------------------------------------------------------------------- properties (read_clip only)

MAGIC = [b"", b"RIFF", b"RIFF\x00\x00\x00\x00WAVEfmt ", b"RF64", b"fLaC", b".snd", b"FORM", b"OggS", b"ID3",
         b"\xff\xfb", b"caff", b"NIST_1A\n", b"Creative Voice File\x1a"]
EXTENSIONS = [".wav", ".flac", ".mp3", ".ogg", ".au", ".aiff", ".raw", ".txt", ""]


@SETTINGS
@given(magic=st.sampled_from(MAGIC), body=st.binary(max_size=4096), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_give_an_audio_file_error_or_a_sound_clip(scratch, magic, body, extension):
    _check_read(_write(scratch, f"random{extension}", magic + body))


@SETTINGS
@given(
    rate_hz=st.one_of(st.integers(0, 2**32 - 1), st.sampled_from(EDGE_RATES_HZ)),
    channels=st.one_of(st.integers(0, 65535), st.integers(0, 3), st.just(MAX_FILE_CHANNELS + 1)),
    bits=st.sampled_from([0, 1, 7, 8, 12, 16, 24, 32, 64, 65535]),
    fmt_tag=st.sampled_from([0, 1, 2, 3, 6, 7, 0x11, 0xFFFE, 0xFFFF]),
    data=st.one_of(st.binary(max_size=4096), st.integers(0, 32768).map(bytes)),
    data_claim=st.one_of(st.none(), st.integers(0, 2**32 - 1), st.just(2**32 - 1)),
)
def test_mangled_wav_headers(scratch, rate_hz, channels, bits, fmt_tag, data, data_claim):
    message = _check_read(_write(scratch, "mangled.wav", wav_bytes(rate_hz, channels, bits, data, data_claim, fmt_tag)))
    if not MIN_FILE_RATE_HZ <= rate_hz <= MAX_FILE_RATE_HZ:
        assert message is not None  # never decoded, whatever else the header says
    if not 1 <= channels <= MAX_FILE_CHANNELS:
        assert message is not None


BASE_FILES = {
    "wav": wav_bytes(22050, 2, data=(np.sin(np.arange(4000) * 0.1) * 9000).astype("<i2").tobytes()),
    "flac": flac_bytes(seconds=0.5),
    "au": au_bytes(16000, data_claim=32768),
}


@SETTINGS
@given(
    kind=st.sampled_from(sorted(BASE_FILES)),
    flips=st.lists(st.tuples(st.integers(0, 127), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.one_of(st.none(), st.integers(0, 4096)),
)
def test_byte_flipped_headers_of_real_files(scratch, kind, flips, cut):
    content = bytearray(BASE_FILES[kind])
    for position, value in flips:  # the first 128 bytes hold every header field
        content[position] = value
    _check_read(_write(scratch, f"flipped.{kind}", bytes(content[:cut] if cut is not None else content)))


# --------------------------------------------------------------------------- each concrete case


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("1hz.wav", wav_bytes(1), "claims a sample rate of 1 Hz; realtalk reads 8000 to 192000 Hz"),
        ("0hz.wav", wav_bytes(0), "claims a sample rate of 0 Hz"),
        ("maxhz.wav", wav_bytes(2**32 - 1), "claims a sample rate of 4294967295 Hz"),
        ("7999hz.wav", wav_bytes(7999), "claims a sample rate of 7999 Hz"),
        ("192001hz.wav", wav_bytes(192001), "claims a sample rate of 192001 Hz"),
        ("0ch.wav", wav_bytes(16000, channels=0), "claims 0 channels; realtalk reads 1 to 32"),
        ("33ch.wav", wav_bytes(16000, channels=33, data=bytes(33 * 2 * 100)), "claims 33 channels"),
        ("65535ch.wav", wav_bytes(16000, channels=65535), "claims 65535 channels"),
        ("1hz.flac", flac_bytes(rate_hz=1), "claims a sample rate of 1 Hz"),
        ("1hz.au", au_bytes(1), "claims a sample rate of 1 Hz"),
        ("huge.flac", flac_bytes(total_frames=2**36 - 1), "lasts 4294967 s by its header; realtalk reads recordings of at most 600 s (10 minutes)"),
        ("empty.wav", b"", "not a readable audio file"),
        ("header-only.wav", wav_bytes(16000, data=b""), "holds no audio"),
    ],
)
def test_each_hostile_header_gets_one_clear_sentence(scratch, name, content, reason):
    path = _write(scratch, name, content)
    with pytest.raises(AudioFileError) as refused:
        read_clip(path)
    assert str(refused.value).startswith(f"{path}: ") and reason in str(refused.value)


def test_a_data_size_that_lies_is_read_as_what_the_file_holds(scratch):
    clip = read_clip(_write(scratch, "liar.wav", wav_bytes(16000, data=bytes(32000), data_claim=2**32 - 1)))
    assert len(clip.samples) == 16000  # libsndfile trusts the file's length, not the header


def test_nan_and_infinity_in_a_float_file_become_finite_full_scale_at_most(scratch):
    samples = np.array([np.nan, np.inf, -np.inf, 3.0, -3.0, 0.5] * 2000, np.float32)
    clip = read_clip(_write(scratch, "nan.wav", wav_bytes(16000, bits=32, fmt_tag=3, data=samples.tobytes())))
    assert np.isfinite(clip.samples).all() and np.abs(clip.samples).max() <= 1.0


def test_a_recording_over_ten_minutes_is_refused_before_decoding(scratch):
    path = scratch / "eleven-minutes.wav"
    soundfile.write(path, np.zeros(8000 * (MAX_ANALYZE_S + 60), np.float32), 8000, subtype="PCM_U8")
    with pytest.raises(AudioFileError, match=r"lasts 660 s by its header; realtalk reads recordings of at most 600 s"):
        read_clip(path)
    assert len(read_clip(path, max_duration_s=MAX_ANALYZE_S + 60).samples) == SAMPLE_RATE_HZ * (MAX_ANALYZE_S + 60)


# ---------------------------------------------------------------- streaming equals whole-signal


@pytest.mark.parametrize("rate_hz", [8000, 11025, 22050, 44100, 48000, 96000, 192000, 8001, 44101])
def test_block_by_block_resampling_equals_resampling_the_whole_signal(rate_hz):
    rng = np.random.default_rng(rate_hz)
    signal = (rng.standard_normal(3 * rate_hz + 17) * 0.3).astype(np.float32)
    resampler, pieces, start = StreamResampler(rate_hz), [], 0
    while start < len(signal):
        size = int(rng.integers(1, 100_000))
        pieces += resampler.feed(signal[start:start + size])
        start += size
    pieces.append(resampler.finish())
    np.testing.assert_array_equal(np.concatenate(pieces), resample(signal, rate_hz))


def test_a_stereo_file_reads_as_before_streaming(scratch):
    rng = np.random.default_rng(5)
    stereo = (rng.standard_normal((44100 * 4 + 3, 2)) * 0.2).astype(np.float32)
    path = scratch / "stereo.wav"
    soundfile.write(path, stereo, 44100, subtype="FLOAT")
    whole = resample(stereo.mean(axis=1), 44100)
    np.testing.assert_allclose(read_clip(path).samples, whole, atol=1e-6)


# ------------------------------------------------------------- peak memory of the worst cases

READER = (
    "import json, sys\n"
    "from audio.files import AudioFileError, read_clip\n"
    "def high_water_mb():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1]) / 1024\n"
    "for path in sys.argv[1:]:\n"
    "    try:\n"
    "        result = {'samples': len(read_clip(path).samples)}\n"
    "    except AudioFileError as error:\n"
    "        result = {'error': str(error)}\n"
    "    print(json.dumps({**result, 'peak_mb': high_water_mb()}), flush=True)\n"
)
"""Reads each file named in turn; after each, one JSON line with the outcome and the process's
peak resident memory so far (VmHWM, which starts afresh at exec)."""

MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[3:], timeout=float(sys.argv[2]))\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)
"""Runs a command and writes its peak resident memory (KB). A small go-between, because a child's
``ru_maxrss`` starts at its parent's size (Linux keeps the high-water mark across exec), and pytest's
own process holds 100-200 MB; the go-between (``python -I -S``) holds about 10 MB."""


def _peak_rss_mb(command: list[str], timeout_s: float = 60) -> tuple[int, str, str, float]:
    """Run ``command``: its exit code, stdout, stderr and peak resident memory in MB."""
    with tempfile.TemporaryDirectory() as folder:
        rss_file = os.path.join(folder, "maxrss")
        run = subprocess.run([sys.executable, "-I", "-S", "-c", MEASURE, rss_file, str(timeout_s), *command],
                             cwd=PROJECT_DIR, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             timeout=timeout_s + 30)
        assert os.path.exists(rss_file), f"{command} ran over {timeout_s} s: {run.stderr}"
        return run.returncode, run.stdout, run.stderr, int(Path(rss_file).read_text()) / 1024


def _long_silent_flac(path: Path, rate_hz: int, seconds: int) -> None:
    with soundfile.SoundFile(path, "w", rate_hz, 1, "PCM_16", format="FLAC") as sound:
        ten_seconds = np.zeros(rate_hz * 10, np.int16)
        for _ in range(seconds // 10):
            sound.write(ten_seconds)
        sound.write(np.zeros(rate_hz * (seconds % 10), np.int16))


REFUSED_FROM_THE_HEADER = {
    "1hz.wav": (wav_bytes(1), "sample rate of 1 Hz"),  # the finding: 16.8 GB resident before
    "maxhz.wav": (wav_bytes(2**32 - 1), "sample rate of 4294967295 Hz"),
    "65535ch.wav": (wav_bytes(16000, channels=65535), "claims 65535 channels"),
    "huge.flac": (flac_bytes(total_frames=2**36 - 1), "lasts 4294967 s by its header"),  # a MemoryError before
    "1hz.flac": (flac_bytes(rate_hz=1), "sample rate of 1 Hz"),  # 1 GB resident before
    "1hz.au": (au_bytes(1), "sample rate of 1 Hz"),
}
READ_IN_BLOCKS = {
    "liar.wav": (wav_bytes(16000, data_claim=2**32 - 1), 16384),  # read as what the file holds
    "32ch.wav": (wav_bytes(8000, channels=32, data=bytes(32 * 2 * 8000 * 3)), 48000),
}
ODD_RATE = ("191999hz.wav", wav_bytes(191999), -(-16384 * 16000 // 191999))
"""An in-range rate prime to 16 kHz: the largest resampling filter (3.8 M taps, ~200 MB to design)."""
TEN_MINUTES_RSS_LIMIT_MB = 250
"""Reading the longest accepted recording: ~40 MB of libraries, ~50 MB of scipy, the 38 MB result."""


def test_peak_memory_of_the_worst_files(scratch):
    """One child reads every worst case, the refusals first: they stay near the ~40 MB of Python,
    numpy and soundfile. Then files that are read, among them 599 s of 48 kHz silence in an 89 KB
    FLAC (28.8 M samples: 388 MB resident when files were decoded whole), which costs the 38 MB of
    its 16 kHz result and little more; the odd rate, with the largest filter, comes last."""
    cases = [(name, content) for name, (content, _) in [*REFUSED_FROM_THE_HEADER.items(), *READ_IN_BLOCKS.items()]]
    paths = [_write(scratch, name, content) for name, content in cases]
    ten_minutes = scratch / "ten-minutes.flac"
    _long_silent_flac(ten_minutes, 48_000, MAX_ANALYZE_S - 1)
    assert ten_minutes.stat().st_size < 1_000_000
    paths += [str(ten_minutes), _write(scratch, ODD_RATE[0], ODD_RATE[1])]
    code, out, err, peak_mb = _peak_rss_mb([sys.executable, "-c", READER, *paths])
    assert code == 0 and "Traceback" not in err, err
    names = [name for name, _ in cases] + [ten_minutes.name, ODD_RATE[0]]
    results = dict(zip(names, map(json.loads, out.splitlines())))
    for name, (_, reason) in REFUSED_FROM_THE_HEADER.items():
        assert reason in results[name]["error"], results[name]
    for name, (_, samples) in READ_IN_BLOCKS.items():
        assert results[name]["samples"] == samples, results[name]
    assert results[ten_minutes.name]["samples"] == (MAX_ANALYZE_S - 1) * SAMPLE_RATE_HZ
    assert results[ODD_RATE[0]]["samples"] == ODD_RATE[2]
    assert results[list(REFUSED_FROM_THE_HEADER)[-1]]["peak_mb"] < REFUSAL_RSS_LIMIT_MB, results
    assert results[ten_minutes.name]["peak_mb"] < TEN_MINUTES_RSS_LIMIT_MB, results
    assert peak_mb < PEAK_RSS_LIMIT_MB, f"{peak_mb:.0f} MB resident: {results}"


# ------------------------------------------------------------ through `realtalk analyze --audio`


def _realtalk() -> list[str]:
    script = Path(sys.executable).with_name("realtalk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant.cli"]


def test_the_one_hertz_wav_of_the_finding_gets_one_json_error_line(scratch):
    """44-byte header claiming 1 Hz + 32 KB of samples: 16.8 GB resident before the fix."""
    path = _write(scratch, "finding.wav", wav_bytes(1, data=bytes(32 * 1024)))
    assert os.path.getsize(path) == 44 + 32 * 1024
    code, out, err, peak_mb = _peak_rss_mb([*_realtalk(), "analyze", "--audio", path, "--json"])
    assert code != 0 and "Traceback" not in err, err
    [line] = out.splitlines()
    assert json.loads(line) == {
        "file": path, "error": f"{path}: claims a sample rate of 1 Hz; realtalk reads 8000 to 192000 Hz"}
    assert peak_mb < REFUSAL_RSS_LIMIT_MB, f"{peak_mb:.0f} MB resident"


def test_the_readable_summary_gives_one_line_per_bad_file(scratch):
    paths = [_write(scratch, name, content) for name, content in
             (("one.wav", wav_bytes(1)), ("huge.flac", flac_bytes(total_frames=2**36 - 1)), ("junk.mp3", b"\xff\xfb" * 99))]
    code, out, err, _peak = _peak_rss_mb([*_realtalk(), "analyze", "--audio", *paths])
    assert code == 1 and out == "" and "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{path}: ") and line.count(path) == 1 for line, path in zip(lines, paths))


@settings(max_examples=3, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents=st.lists(
    st.one_of(
        st.builds(wav_bytes, st.integers(0, 2**32 - 1), st.integers(0, 65535), st.sampled_from([8, 16, 24, 32]),
                  st.binary(max_size=2048), st.one_of(st.none(), st.integers(0, 2**32 - 1))),
        st.binary(max_size=2048),
    ),
    min_size=1, max_size=6,
))
def test_refused_random_files_through_the_command_line(scratch, contents):
    paths = [_write(scratch, f"cli-{index}.wav", content) for index, content in enumerate(contents)]
    assume(all(_check_read(path) is not None for path in paths))  # a file read_clip accepts would load Whisper
    code, out, err, peak_mb = _peak_rss_mb([*_realtalk(), "analyze", "--audio", *paths, "--json"])
    assert code == 1 and "Traceback" not in err, err
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in results] == paths and all(set(r) == {"file", "error"} for r in results)
    assert peak_mb < REFUSAL_RSS_LIMIT_MB


ANALYZE_RSS_LIMIT_MB = 1200
"""``realtalk analyze`` of the longest recording: ~310 MB with tiny.en loaded, plus faster-whisper's
features of the whole clip at about 1 MB per second of audio (894 MB measured for 599 s)."""


@pytest.mark.models
def test_analyze_of_ten_minutes_at_192_khz_stays_bounded(scratch):
    """The longest recording analyze takes, through the real Whisper: transcribed whole, memory bounded."""
    path = scratch / "analyze-ten-minutes.flac"
    _long_silent_flac(path, 192_000, MAX_ANALYZE_S - 1)
    code, out, err, peak_mb = _peak_rss_mb([*_realtalk(), "analyze", "--audio", str(path), "--json"], timeout_s=600)
    assert code == 0 and "Traceback" not in err, err
    result = json.loads(out)
    assert result["duration_s"] == MAX_ANALYZE_S - 1 and result["understood"] is False
    assert peak_mb < ANALYZE_RSS_LIMIT_MB, f"{peak_mb:.0f} MB resident"


@pytest.mark.models
def test_an_odd_rate_multichannel_header_that_reads_still_analyses(scratch):
    noise = (np.random.default_rng(9).standard_normal(8001 * 3 * 2) * 3000).astype("<i2").tobytes()
    path = _write(scratch, "odd.wav", wav_bytes(8001, channels=3, data=noise))
    code, out, err, _peak = _peak_rss_mb([*_realtalk(), "analyze", "--audio", path, "--json"], timeout_s=300)
    assert code == 0 and "Traceback" not in err, err
    result = json.loads(out)
    assert result["duration_s"] == pytest.approx(2.0, abs=0.01) and "error" not in result
