"""Hallucination guards on every decoding path (issue 16).

Real conversational speech (../shared/speech/meetings: AMI meeting excerpts) cut into turns of
10, 20 and 30 s, through realtalk's faster-whisper backend with its default options: no turn may
come back as a repetition loop, none may lose more than 30 % of the words a plain
``WhisperModel.transcribe`` on the same bundled weights writes for it (in the windows that pass
Whisper's own checks), and a clean short turn
must come out as before (the single pass, never decoded again). The string checks themselves
are tested without a model.
"""

from __future__ import annotations

import numpy as np
import pytest

from audio.speech import Word
from audio.stt.decoding_guards import (
    COMPRESSION_RATIO_THRESHOLD,
    MAX_REPEATS,
    Decoded,
    Segment,
    collapse_loops,
    compression_ratio,
    failure,
    longest_repeat,
    loops,
    max_new_tokens,
    pick,
    words_of,
)

JFK = "And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
LOOP = "I think we have to do " + "a little bit of " * 54
"""What the single pass wrote for trn03.wav 20-30 s before the guards (1344 words a minute)."""


# ---------------------------------------------------------------- the checks, on strings


def test_compression_ratio_is_whispers():
    from faster_whisper.transcribe import get_compression_ratio

    for text in (JFK, LOOP, "Yeah. " * 12, "one two three"):
        assert compression_ratio(text) == pytest.approx(get_compression_ratio(text))
    assert compression_ratio("") == 0.0
    assert compression_ratio(JFK) < COMPRESSION_RATIO_THRESHOLD < compression_ratio(LOOP)


def test_longest_repeat_finds_words_and_phrases():
    assert longest_repeat(words_of(LOOP)).count == 54
    assert longest_repeat(words_of(LOOP)).ngram == 4
    assert longest_repeat(words_of("Yeah. Yeah, yeah! YEAH... yeah.")) == longest_repeat(["yeah"] * 5)
    assert longest_repeat(words_of("so we had a we had a long problem")).count == 2
    assert longest_repeat(words_of(JFK)).count == 1
    assert longest_repeat([]).count == 0


def test_loops_tells_a_loop_from_speech():
    assert not loops(JFK)
    assert not loops("No, no, no, no. That's not what I said.")  # four times is speech
    assert not loops("What's the username? What's the username? What's the username and password?")
    assert loops(LOOP)
    # Ten "Yeah." compress to 1.64, under Whisper's 2.4: only the repeat check sees this loop.
    ten_yeahs = "Yeah, you test the battery, I'm still supposed to. Yeah, yeah." + " Yeah." * 8
    assert compression_ratio(ten_yeahs) < COMPRESSION_RATIO_THRESHOLD
    assert loops(ten_yeahs)
    assert loops("Okay. " * (MAX_REPEATS + 1)) and not loops("Okay. " * MAX_REPEATS)


def test_collapse_loops_keeps_one_of_each_repeat():
    assert collapse_loops(words_of(LOOP)) == "i think we have to do a little bit of".split()
    assert collapse_loops(["okay"] + ["yeah"] * 9 + ["thank", "you"]) == ["okay", "yeah", "thank", "you"]
    sentence = "i don't know what to do now".split()
    assert collapse_loops(sentence * 3 + ["bye"]) == sentence + ["bye"]
    speech = words_of("no no no no I said so we had a we had a long problem")
    assert collapse_loops(speech) == speech


def _decoded(text: str, avg_logprob: float = -0.3, label: str = "") -> Decoded:
    words = tuple(Word(w, i * 0.3, i * 0.3 + 0.2) for i, w in enumerate(text.split()))
    return Decoded((Segment(0.0, text, avg_logprob),), words, label)


def test_pick_prefers_sure_decodes_and_never_returns_a_loop():
    sure, guess = _decoded("Yeah, yeah, yeah.", -0.4), _decoded("Okay, let's go first. Yeah.", -1.4)
    assert pick([sure, guess]) is sure  # a high-temperature guess does not win on word count
    short, full = _decoded("Documents, link.", -1.03), _decoded("Documents, link. Oh, actually just there.")
    assert pick([short, full]) is full
    yeahs = _decoded("Yeah, you test the battery." + " Yeah." * 10)
    assert " ".join(pick([yeahs]).texts) == "Yeah, you test the battery. Yeah."
    kept = pick([yeahs, _decoded(LOOP)])  # both loop: the most words once the loops are cut
    assert " ".join(kept.texts) == "I think we have to do a little bit of"


def test_failure_signals():
    rng = np.random.default_rng(0)
    sound = (0.1 * rng.standard_normal(16_000 * 10)).astype(np.float32)
    assert failure(_decoded(JFK), sound) is None
    assert failure(_decoded(LOOP), sound) == "loop"
    assert failure(_decoded("Documents, link.", -1.03), sound[:16_000 * 3]) == "low log probability"
    assert failure(_decoded("Documents, link.", -1.03), sound[:16_000 * 3], fallback_done=True) is None
    assert "words for" in failure(_decoded("Documents, link."), sound)  # 2 words for 10 s of sound
    assert failure(_decoded("Yes."), sound[:16_000 * 3]) is None  # a short turn may be one word
    assert failure(_decoded("Yes."), np.zeros(16_000 * 10, np.float32)) is None  # ...or a long silent one


def test_token_cap_leaves_room_for_real_speech_and_the_prompt():
    assert max_new_tokens(3.0) >= 3 * 12 and max_new_tokens(10.0) >= 10 * 12
    assert max_new_tokens(60.0) == max_new_tokens(30.0) <= 448 - 228  # Whisper's limit less the longest prompt


# ---------------------------------------------------------------- real meetings, real model

CUTS = {
    "trn03 0-10": ("trn03", 0, 10),
    "trn03 20-30": ("trn03", 20, 30),  # looped: "a little bit of" x54
    "trn03 10-30": ("trn03", 10, 30),
    "trn03 0-29.9": ("trn03", 0, 29.9),
    "dev01 10-20": ("dev01", 10, 20),  # lost 16 of 18 words
    "dev01 20-30": ("dev01", 20, 30),
    "dev01 10-30": ("dev01", 10, 30),  # lost 24 of 26 words
    "dev01 0-29.9": ("dev01", 0, 29.9),
    "trn02 10-30": ("trn02", 10, 30),  # quiet, far speech
    "trn01 whole": ("trn01", 0, None),  # 30.00006 s: the transcribe() path; looped: "Yeah." x10
}


@pytest.fixture(scope="module")
def meetings(shared_speech_dir):
    from audio.files import read_clip

    folder = shared_speech_dir / "meetings"
    if not folder.is_dir():
        pytest.skip(f"real meeting recordings not found at {folder}")
    return {name: read_clip(folder / f"{name}.wav").samples for name in ("trn01", "trn02", "trn03", "dev01")}


@pytest.fixture(scope="module")
def engines():
    from faster_whisper import WhisperModel

    from audio.stt import SttOptions
    from audio.stt.faster_whisper_backend import FasterWhisperStt, bundled_model_dir

    stt = FasterWhisperStt(SttOptions())
    stt.load()
    plain = WhisperModel(bundled_model_dir(), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
    return stt, plain


def _plain(plain, samples: np.ndarray) -> list[Word]:
    """The words plain ``WhisperModel.transcribe`` (its defaults: beam 5, temperature fallback)
    writes in the segments it decoded at temperature 0, i.e. that passed Whisper's own checks.
    The rest is a sample at temperature 0.2-1.0 (on trn02, quiet far speech, 1 to 21 words by the
    seed: "I'm just going to be right back." three times) and no reference."""
    import ctranslate2

    ctranslate2.set_random_seed(0)
    segments, _info = plain.transcribe(samples, word_timestamps=True)
    return [Word(w.word.strip(), w.start, w.end) for s in segments if s.temperature == 0.0 for w in s.words or ()]


def _assert_no_loop(text: str) -> None:
    repeat = longest_repeat(words_of(text))
    assert repeat.count <= MAX_REPEATS, f"{repeat.ngram}-word phrase repeated {repeat.count} times: {text}"
    assert compression_ratio(text) <= COMPRESSION_RATIO_THRESHOLD, text


def _assert_keeps_words(ours: int, plain: int, what: str) -> None:
    assert ours >= 0.7 * plain, f"{what}: {ours} words, plain transcription {plain} sure ones"


@pytest.mark.models
@pytest.mark.parametrize("cut", list(CUTS))
def test_meeting_turns_neither_loop_nor_lose_words(cut, meetings, engines):
    from audio.speech import Clip

    stt, plain = engines
    name, start_s, end_s = CUTS[cut]
    samples = meetings[name][int(start_s * 16_000):None if end_s is None else int(end_s * 16_000)]
    utterance = stt.transcribe(Clip(samples))
    _assert_no_loop(utterance.text)
    plain_words = words_of(" ".join(w.text for w in _plain(plain, samples)))
    _assert_keeps_words(len(words_of(utterance.text)), len(plain_words), f"{cut}: {utterance.text!r}")


@pytest.mark.models
def test_a_turn_longer_than_the_window_keeps_all_its_words(meetings, engines):
    from audio.speech import Clip

    stt, plain = engines
    samples = np.concatenate([meetings["dev01"], meetings["trn03"]])  # 60 s: two windows
    utterance = stt.transcribe(Clip(samples))
    _assert_no_loop(utterance.text)
    plain_words = _plain(plain, samples)
    assert len(plain_words) > 100
    for half, (lo, hi) in {"first 30 s": (0, 30), "second 30 s": (30, 61)}.items():
        ours = [w for w in utterance.words if lo <= w.start_s < hi]
        theirs = [w for w in plain_words if lo <= w.start_s < hi]
        _assert_keeps_words(len(ours), len(theirs), half)
    assert utterance.words[-1].end_s > 55  # words all the way to the end


@pytest.mark.models
def test_a_clean_short_turn_is_decoded_once_and_unchanged(engines, tmp_path, monkeypatch):
    import subprocess

    from audio.files import read_clip

    stt, _plain_model = engines
    wav = tmp_path / "clean.wav"
    subprocess.run(["espeak-ng", "-w", str(wav), "I think we should talk about the money."], check=True)
    clip = read_clip(wav)
    single_pass = stt._one_window(clip)
    assert failure(single_pass, clip.samples) is None

    def no_second_decode(*_args, **_kwargs):
        raise AssertionError("a clean short turn was decoded again")

    monkeypatch.setattr(stt, "_full", no_second_decode)
    utterance = stt.transcribe(clip)
    assert utterance.text == " ".join(single_pass.texts)
    assert utterance.words == single_pass.words
    assert "money" in words_of(utterance.text)
