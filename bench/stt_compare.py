"""faster-whisper against openai-whisper: same tiny.en weights, same audio, same decoding, one run.

Method: both engines are the app's own backends (``create_stt``), so they decode alike: English,
greedy (beam 1, temperature 0; faster-whisper's fallback temperatures never trigger on this
clean audio), word timestamps on, no conditioning on previous text, ``FILLER_PROMPT``.
openai-whisper runs the checkpoint converted from faster-whisper's CTranslate2 model (converted
before timing; the conversion time is reported apart). Clips: the real recordings in
../shared/speech (jfk.flac 11 s, english.wav 2.7 s) and espeak-ng sentences the length of a turn.
Per engine: load time of a fresh instance, then per clip one warm-up and ``--runs`` timed runs.
Engines take turns clip by clip and run by run, so load from other processes on the machine falls
on both alike (the load average is reported). Real-time factor = processing time / audio
duration; speed ratio = openai-whisper time / faster-whisper time over all clips, from the mean
run of each clip and, less sensitive to other processes, from the best run.
Both engines share the process, so both run with the app's heap setting (freed buffers kept
for the next pass, ``audio.stt.heap``, which the backends of the default comparison apply for
the whole process before any variant runs) or, with ``--glibc-default-heap``, both without it.
Variants (skip with ``--quick``; ``--variant-runs`` timed runs each) show what moves the ratio:
faster-whisper float32 instead of int8, 1 thread instead of 2, beam size 5, and word timestamps
off in both (openai-whisper's word timing runs the whole model again, encoder included, with
its fused attention off, where faster-whisper reuses the encoder output; this variant calls the
two libraries directly with the backends' settings otherwise).

Run: ``.venv/bin/python -m bench.stt_compare [--runs N] [--variant-runs N] [--quick] [--glibc-default-heap]``
(about 6 minutes on 2 cores with the variants, 2 with ``--quick``); prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from dataclasses import dataclass, replace
from pathlib import Path

from audio.files import read_clip
from audio.speech import Clip, Utterance
from audio.stt import SpeechToText, SttOptions, create_stt
from audio.stt.faster_whisper_backend import FasterWhisperStt
from bench.filler_recall import speak
from bench.machine import cpu_model

SHARED_SPEECH_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "speech"
TURN_SENTENCES = (
    "I think we should talk about the money.",
    "Let me explain what happened at work, because I was late again and I know it hurt you.",
)


@dataclass(frozen=True)
class EngineSetup:
    """One engine with one set of options, under a label for the report."""

    label: str
    options: SttOptions
    float32: bool = False
    word_timestamps: bool = True


class Float32FasterWhisperStt(FasterWhisperStt):
    """The faster-whisper backend with float32 weights instead of int8 (a benchmark variant)."""

    def _open_model(self):
        from faster_whisper import WhisperModel

        return WhisperModel(self.model_path, device="cpu", compute_type="float32",
                            cpu_threads=self._options.cpu_threads, local_files_only=True)


class TextOnlyStt:
    """Either library called directly as the backends call it, but without word timestamps."""

    def __init__(self, options: SttOptions) -> None:
        self._options = options
        self._model = None

    def load(self) -> None:
        if self._model is not None:
            return
        if self._options.engine == "openai-whisper":
            import torch
            import whisper

            from audio.stt.openai_checkpoint import checkpoint_path

            torch.set_num_threads(self._options.cpu_threads)
            self._model = whisper.load_model(str(checkpoint_path()), device="cpu")
        else:
            from faster_whisper import WhisperModel

            from audio.stt.faster_whisper_backend import bundled_model_dir

            self._model = WhisperModel(bundled_model_dir(), device="cpu", compute_type="int8",
                                       cpu_threads=self._options.cpu_threads, local_files_only=True)

    def transcribe(self, clip: Clip) -> Utterance:
        self.load()
        common = {"language": self._options.language, "word_timestamps": False,
                  "condition_on_previous_text": False, "initial_prompt": self._options.initial_prompt}
        if self._options.engine == "openai-whisper":
            text = self._model.transcribe(clip.samples, fp16=False, temperature=0, **common)["text"]
        else:
            segments, _info = self._model.transcribe(clip.samples, beam_size=self._options.beam_size,
                                                     vad_filter=False, **common)
            text = " ".join(segment.text.strip() for segment in segments)
        return Utterance(text=text.strip(), duration_s=clip.duration_s, source="voice")


def build(setup: EngineSetup) -> SpeechToText:
    if not setup.word_timestamps:
        return TextOnlyStt(setup.options)
    return Float32FasterWhisperStt(setup.options) if setup.float32 else create_stt(setup.options)


def clips() -> dict[str, Clip]:
    """The benchmark audio: real recordings (when present) and espeak-ng turns, 16 kHz mono."""
    found = {}
    for name in ("jfk.flac", "english.wav"):
        if (SHARED_SPEECH_DIR / name).is_file():
            found[name] = read_clip(SHARED_SPEECH_DIR / name)
    for index, sentence in enumerate(TURN_SENTENCES):
        found[f"espeak_{index}"] = Clip(speak(sentence))
    return found


def machine() -> dict:
    import ctranslate2
    import faster_whisper
    import torch
    import whisper

    return {"cpu_model": cpu_model(), "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "python": platform.python_version(), "torch": torch.__version__,
            "openai_whisper": whisper.__version__, "faster_whisper": faster_whisper.__version__,
            "ctranslate2": ctranslate2.__version__}


def compare(pair: tuple[EngineSetup, EngineSetup], audio: dict[str, Clip], runs: int) -> dict:
    """Load both engines, warm up, then time them taking turns; returns the per-engine report."""
    engines, report = {}, {}
    for setup in pair:
        started = time.perf_counter()
        engines[setup.label] = build(setup)
        engines[setup.label].load()
        report[setup.label] = {"load_s": round(time.perf_counter() - started, 3),
                               "cpu_threads": setup.options.cpu_threads,
                               "beam_size": setup.options.beam_size, "clips": {}}
    timings = {label: {name: [] for name in audio} for label in engines}
    transcripts = {label: {} for label in engines}
    for name, clip in audio.items():
        for label, engine in engines.items():
            transcripts[label][name] = engine.transcribe(clip).text  # warm-up
        for _ in range(runs):
            for label, engine in engines.items():
                started = time.perf_counter()
                engine.transcribe(clip)
                timings[label][name].append(time.perf_counter() - started)
    audio_s = sum(clip.duration_s for clip in audio.values())
    for label in engines:
        for name, clip in audio.items():
            mean = statistics.fmean(timings[label][name])
            report[label]["clips"][name] = {
                "audio_s": round(clip.duration_s, 2), "mean_s": round(mean, 3),
                "median_s": round(statistics.median(timings[label][name]), 3),
                "best_s": round(min(timings[label][name]), 3),
                "real_time_factor": round(mean / clip.duration_s, 3), "transcript": transcripts[label][name]}
        total = sum(statistics.fmean(t) for t in timings[label].values())
        best = sum(min(t) for t in timings[label].values())
        report[label].update(total_s=round(total, 3), real_time_factor=round(total / audio_s, 3),
                             best_total_s=round(best, 3))
    faster, openai = (report[setup.label] for setup in pair)
    return {"engines": report, "speed_ratio_openai_over_faster": round(openai["total_s"] / faster["total_s"], 2),
            "speed_ratio_best_runs": round(openai["best_total_s"] / faster["best_total_s"], 2),
            "per_clip_ratio": {name: round(openai["clips"][name]["mean_s"] / faster["clips"][name]["mean_s"], 2)
                               for name in audio}}


def variants(base: SttOptions) -> dict[str, tuple[EngineSetup, EngineSetup]]:
    faster = replace(base, engine="faster-whisper")
    openai = replace(base, engine="openai-whisper")
    one_thread, beam5 = {"cpu_threads": 1}, {"beam_size": 5}
    return {
        "faster_float32": (EngineSetup("faster-whisper float32", faster, float32=True),
                           EngineSetup("openai-whisper", openai)),
        "one_thread": (EngineSetup("faster-whisper 1 thread", replace(faster, **one_thread)),
                       EngineSetup("openai-whisper 1 thread", replace(openai, **one_thread))),
        "beam_5": (EngineSetup("faster-whisper beam 5", replace(faster, **beam5)),
                   EngineSetup("openai-whisper beam 5", replace(openai, **beam5))),
        "no_word_timestamps": (EngineSetup("faster-whisper text only", faster, word_timestamps=False),
                               EngineSetup("openai-whisper text only", openai, word_timestamps=False)),
    }


def ensure_converted() -> float:
    """Convert the openai-whisper checkpoint now (if needed) so no timing includes it."""
    from audio.stt.faster_whisper_backend import bundled_model_dir
    from audio.stt.openai_checkpoint import checkpoint_path, ensure_checkpoint

    if checkpoint_path().is_file():
        return 0.0
    started = time.perf_counter()
    ensure_checkpoint(bundled_model_dir())
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per clip and engine (default: 3)")
    parser.add_argument("--variant-runs", type=int, default=1, help="timed runs per clip in the variants (default: 1)")
    parser.add_argument("--quick", action="store_true", help="the default settings only, no variants")
    parser.add_argument("--glibc-default-heap", action="store_true",
                        help="let glibc unmap freed buffers, as before audio.stt.heap (default: keep them)")
    args = parser.parse_args()
    base = SttOptions(keep_freed_memory=not args.glibc_default_heap)
    report = {"method": __doc__.split("Run:")[0].strip(), "machine": machine(), "runs_per_clip": args.runs,
              "freed_memory_kept": base.keep_freed_memory,
              "conversion_s": ensure_converted(), "load_average_before": os.getloadavg()}
    audio = clips()
    report["default"] = compare((EngineSetup("faster-whisper", replace(base, engine="faster-whisper")),
                                 EngineSetup("openai-whisper", replace(base, engine="openai-whisper"))),
                                audio, args.runs)
    if not args.quick:
        report["variants"] = {name: compare(pair, audio, args.variant_runs) for name, pair in variants(base).items()}
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
