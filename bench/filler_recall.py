"""How many spoken fillers ("um", "uh", ...) Whisper tiny.en writes down, with and without a prompt.

Method: 25 espeak-ng sentences with 40 known fillers (some with real silences spliced after the
filler, marked "|" in the text), and 8 filler-free sentences. Fillers are what espeak-ng can
say: um, uh, hmm, er, erm, ah. Each clip is transcribed by the
app's own ``create_stt`` with each decoding prompt; fillers are counted in the transcript with
``audio.prosody.count_fillers``. Per clip, caught = min(said, written);
recall = caught / said, precision = caught / written (over all 33 clips, so fillers invented in
filler-free speech count against precision). Word error rate is on the words that are not
fillers (mean per clip, and pooled over all words), on the espeak sentences and on the real
human recordings in ../shared/speech (converted to 16 kHz mono).
"Invented sorry" lists transcripts with "sorry" where the audio has none: the espeak clips
without "sorry", 3 s of silence, 3 s of low white noise, and the real recordings.

Run: ``.venv/bin/python -m bench.filler_recall`` (about 2 minutes on 2 cores); prints JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from audio.format import SAMPLE_RATE_HZ
from audio.speech import Clip
from audio.stt import FILLER_PROMPT, SpeechToText, SttOptions, create_stt
from dialogue.coaching.words import count_fillers, is_filler

SPLICED_PAUSE_S = 0.5
SHARED_SPEECH_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "speech"
WELL_KNOWN_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."


@dataclass(frozen=True)
class FillerSentence:
    """A sentence for espeak-ng; "|" marks a spliced silence of ``SPLICED_PAUSE_S``."""

    text: str
    fillers: int


FILLER_SENTENCES = (
    FillerSentence("Um, I, uh, I messed up.", 2),
    FillerSentence("I, um, forgot our anniversary, and, uh, that is on me.", 2),
    FillerSentence("Uh, I think we should talk about the money.", 1),
    FillerSentence("Hmm, I feel like you do not listen to me.", 1),
    FillerSentence("Er, can we, um, start over?", 2),
    FillerSentence("So, um, | I wanted to tell you something.", 1),
    FillerSentence("I need, uh, | some time to think about it.", 1),
    FillerSentence("Um, | um, I am not sure how to say this.", 2),
    FillerSentence("Ah, I see what you mean, uh, I think.", 2),
    FillerSentence("Well, erm, I was late again.", 1),
    FillerSentence("Uh, | the thing is, um, | I was scared.", 2),
    FillerSentence("I love you, um, but I need more space.", 1),
    FillerSentence("Hmm, | let me, uh, find the right words.", 2),
    FillerSentence("Um, I broke the vase, and, uh, I hid it.", 2),
    FillerSentence("I should have, um, called you back.", 1),
    FillerSentence("Uh, okay, so, uh, here is the thing.", 2),
    FillerSentence("Er, I did not, um, mean to yell at you.", 2),
    FillerSentence("My boss, uh, said the report was late.", 1),
    FillerSentence("Um, I feel hurt when you, uh, cancel plans.", 2),
    FillerSentence("Ah, | okay, I understand.", 1),
    FillerSentence("I, uh, I took the car without asking.", 1),
    FillerSentence("Um, can you, um, give me a minute?", 2),
    FillerSentence("Erm, | I have been, uh, thinking about us.", 2),
    FillerSentence("It was, uh, | my fault, and, um, I know it.", 2),
    FillerSentence("Um, I am so sorry about, uh, last night.", 2),
)

CLEAN_SENTENCES = (
    "I think we should talk about the money.",
    "Can we start over this weekend?",
    "I forgot to pick up the kids today.",
    "You never told me about the trip.",
    "I want to change how we handle chores.",
    "My sister is coming to stay with us.",
    "The meeting ran late and I missed the train.",
    "Let me explain what happened at work.",
)

REAL_RECORDINGS = {
    "jfk.flac": "And so, my fellow Americans, ask not what your country can do for you, "
                "ask what you can do for your country.",
    "english.wav": "one two three",
}

_DIGITS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five",
           "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten"}


def speak(text: str, rate_wpm: int | None = None) -> np.ndarray:
    """espeak-ng speech at 16 kHz; each "|" in ``text`` becomes ``SPLICED_PAUSE_S`` of silence."""
    pause = np.zeros(int(SPLICED_PAUSE_S * SAMPLE_RATE_HZ), dtype=np.float32)
    pieces: list[np.ndarray] = []
    for index, part in enumerate(p.strip() for p in text.split("|")):
        if index:
            pieces.append(pause)
        pieces.append(_espeak(part, rate_wpm))
    return np.concatenate(pieces)


def _espeak(text: str, rate_wpm: int | None) -> np.ndarray:
    command = ["espeak-ng", "--stdout", *(["-s", str(rate_wpm)] if rate_wpm else []), text]
    wav = subprocess.run(command, check=True, capture_output=True, timeout=60).stdout
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(wav)
        buffer.seek(0)
        samples, rate = soundfile.read(buffer, dtype="float32")
    return resample(samples, rate)


def resample(samples: np.ndarray, rate_hz: int) -> np.ndarray:
    """Mono float32 at 16 kHz by linear interpolation (plenty for speech recognition)."""
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    positions = np.arange(0, len(samples), rate_hz / SAMPLE_RATE_HZ)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def load_recording(path: Path) -> np.ndarray:
    """A real recording (any rate, channels, bit depth soundfile reads) as 16 kHz mono float32."""
    samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    return resample(samples, rate)


def content_words(text: str) -> list[str]:
    """Lowercase words without punctuation or fillers; digits spelt out ("3" -> "three")."""
    words = []
    for token in text.lower().replace("-", " ").split():
        if is_filler(token):
            continue
        bare = "".join(c for c in token if c.isalnum())
        if bare:
            words.append(_DIGITS.get(bare, bare))
    return words


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, fillers left out of both."""
    ref, hyp = content_words(reference), content_words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        previous, row = row, [i]
        for j, hyp_word in enumerate(hyp, start=1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word)))
    return row[-1] / max(len(ref), 1)


@dataclass(frozen=True)
class Heard:
    """One espeak clip's reference, its known filler count, and what Whisper wrote."""

    reference: str
    fillers: int
    transcript: str


def transcribe_corpus(stt: SpeechToText) -> list[Heard]:
    """Every filler sentence and filler-free sentence, spoken by espeak-ng and transcribed."""
    corpus = [(s.text, s.fillers) for s in FILLER_SENTENCES] + [(c, 0) for c in CLEAN_SENTENCES]
    return [Heard(text.replace("|", ""), fillers, stt.transcribe(Clip(speak(text))).text)
            for text, fillers in corpus]


def filler_scores(heard: list[Heard]) -> dict:
    """Filler recall and precision, and the espeak word error rate, over transcribed clips."""
    said = sum(h.fillers for h in heard)
    written = sum(count_fillers(h.transcript) for h in heard)
    caught = sum(min(h.fillers, count_fillers(h.transcript)) for h in heard)
    return {
        "filler_recall": round(caught / said, 3) if said else 0.0,
        "filler_precision": round(caught / written, 3) if written else 1.0,
        "fillers_said": said,
        "fillers_written": written,
        "espeak_wer_mean": round(float(np.mean([word_error_rate(h.reference, h.transcript)
                                                for h in heard])), 3),
        "espeak_wer_pooled": round(_pooled_word_error_rate(heard), 3),
    }


def _pooled_word_error_rate(heard: list[Heard]) -> float:
    """All clips' word errors over all their reference words."""
    lengths = [len(content_words(h.reference)) for h in heard]
    errors = [word_error_rate(h.reference, h.transcript) * n for h, n in zip(heard, lengths)]
    return sum(errors) / max(sum(lengths), 1)


def invented_sorry(heard: list[Heard]) -> list[str]:
    """Transcripts that say "sorry" where the spoken sentence does not (should be empty)."""
    return [h.transcript for h in heard
            if "sorry" in h.transcript.lower() and "sorry" not in h.reference.lower()]


def silence_and_noise_transcripts(stt: SpeechToText) -> list[str]:
    """What Whisper writes for 3 s of digital silence and 3 s of low white noise."""
    noise = np.random.default_rng(7).normal(0.0, 0.01, 3 * SAMPLE_RATE_HZ).astype(np.float32)
    silence = np.zeros(3 * SAMPLE_RATE_HZ, dtype=np.float32)
    return [stt.transcribe(Clip(samples)).text for samples in (silence, noise)]


def real_speech_wer(stt: SpeechToText, shared_dir: Path = SHARED_SPEECH_DIR) -> dict:
    """Word error rate and transcript of each real human recording (empty if they are absent)."""
    if not shared_dir.is_dir():
        return {}
    results = {}
    for name, reference in REAL_RECORDINGS.items():
        text = stt.transcribe(Clip(load_recording(shared_dir / name))).text
        results[name] = {"wer": round(word_error_rate(reference, text), 3), "transcript": text}
    return results


def main() -> None:
    prompts = {"no_prompt (default)": None, "filler_prompt (opt-in)": FILLER_PROMPT,
               "well_known_prompt_with_im": WELL_KNOWN_PROMPT}
    report = {"method": __doc__.split("Run:")[0].strip(), "conditions": {}}
    for label, prompt in prompts.items():
        stt = create_stt(SttOptions(initial_prompt=prompt))
        stt.load()
        started = time.perf_counter()
        heard = transcribe_corpus(stt)
        seconds_per_clip = (time.perf_counter() - started) / len(heard)
        real = real_speech_wer(stt)
        silent = silence_and_noise_transcripts(stt)
        heard_sorry = invented_sorry(heard) + [t for t in silent if "sorry" in t.lower()]
        heard_sorry += [r["transcript"] for r in real.values() if "sorry" in r["transcript"].lower()]
        condition = {"initial_prompt": prompt, **filler_scores(heard), "real_speech": real,
                     "silence_and_noise_transcripts": silent, "invented_sorry": heard_sorry,
                     "seconds_per_clip": round(seconds_per_clip, 2)}
        if "--transcripts" in sys.argv:
            condition["transcripts"] = [h.transcript for h in heard]
        report["conditions"][label] = condition
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
