"""The ``realtalk`` command line."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import warnings

# Before anything imports Rasa or TensorFlow: never ask about or send telemetry, keep logs quiet.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
# Rasa, TensorFlow and jax print warnings meant for developers, and some of them reset the
# warning filters on import; replacing the printer silences them for good in the CLI.
warnings.showwarning = lambda *args, **kwargs: None

from assistant import analyze, scenario_list  # noqa: E402
from assistant.datadir import PrivatePathError, add_data_dir_argument, bounded_int  # noqa: E402
from assistant.history import commands as history, report as progress_report  # noqa: E402
from assistant.session import PracticeOptions  # noqa: E402
from audio.stt import SttOptions  # noqa: E402
from audio.tts import TTS_ENGINES, TtsOptions  # noqa: E402
from audio.turns import TurnOptions  # noqa: E402

silence_ms = bounded_int(100, 10_000)
"""A turn-taking silence, in ms."""
barge_in_ms = bounded_int(0, 10_000)
"""Speech over the assistant that interrupts it, in ms; 0 turns barge-in off."""
stt_threads = bounded_int(1, 64)
"""CPU threads for speech recognition."""


def _practice_parser(subparsers) -> None:
    defaults_turns, defaults_stt, defaults_tts = TurnOptions(), SttOptions(), TtsOptions()
    practice = subparsers.add_parser("practice", help="rehearse a conversation aloud")
    practice.add_argument("--scenario", help="scenario id, e.g. messed-up (default: choose when asked)")
    practice.add_argument("--min-turns", type=int, metavar="N",
                          help="your turns a role-play runs at least before the partner may end it (default: 6)")
    practice.add_argument("--text", action="store_true", help="type turns instead of speaking (default: voice when a microphone exists)")
    practice.add_argument("--mute", action="store_true", help="print replies without speaking them (default: speak)")
    practice.add_argument("--keep-audio", action="store_true", help="also store each spoken turn as a WAV in the data folder (default: audio is never stored)")
    add_data_dir_argument(practice)
    practice.add_argument("--stt-model", help="faster-whisper model name or folder (default: bundled tiny.en)")
    practice.add_argument(
        "--stt-engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper",
        help="speech recogniser: faster-whisper, or openai-whisper (optional extra, slower) on the same tiny.en weights (default: faster-whisper)",
    )
    practice.add_argument(
        "--tts-engine", choices=tuple(TTS_ENGINES), default=defaults_tts.partner_engine,
        help="speech synthesiser of the partner's voice: piper, a natural neural voice, or pyttsx3, espeak-ng's "
             f"robotic one (default: {defaults_tts.partner_engine})",
    )
    practice.add_argument(
        "--coach-tts-engine", choices=tuple(TTS_ENGINES), default=defaults_tts.coach_engine,
        help=f"speech synthesiser of the coach's voice, as for --tts-engine (default: {defaults_tts.coach_engine})",
    )
    practice.add_argument(
        "--partner-voice", metavar="VOICE", default=defaults_tts.partner_voice,
        help="the partner's voice: with piper, en_US-joe-medium (the one natural English voice installed) or the "
             "path of any Piper .onnx voice file (its .onnx.json beside it); with pyttsx3, an espeak-ng voice such "
             "as gmw/en-US (list them: espeak-ng --voices) (default: en_US-joe-medium with piper, gmw/en-US with pyttsx3)",
    )
    practice.add_argument(
        "--end-silence-ms", type=silence_ms, default=defaults_turns.end_silence_ms,
        help=f"silence that ends your turn when your words don't tell, in ms (default: {defaults_turns.end_silence_ms})",
    )
    practice.add_argument(
        "--quick-end-ms", type=silence_ms, default=defaults_turns.quick_end_silence_ms,
        help="silence that ends a turn whose words sound finished, in ms; set it to --end-silence-ms to turn "
             f"quick ends off (default: {defaults_turns.quick_end_silence_ms})",
    )
    practice.add_argument(
        "--hold-silence-ms", type=silence_ms, default=defaults_turns.hold_silence_ms,
        help=f"silence allowed after words that trail off ('and…', 'um'), in ms (default: {defaults_turns.hold_silence_ms})",
    )
    practice.add_argument(
        "--barge-in-ms", type=barge_in_ms, default=defaults_turns.barge_in_ms,
        help="speech over the assistant that makes it stop and listen, in ms; 0 lets it always finish "
             f"(default: {defaults_turns.barge_in_ms})",
    )
    practice.add_argument("--input-device", help="microphone name or index (default: system default)")
    practice.add_argument("--output-device", help="speaker name or index (default: system default)")
    practice.add_argument(
        "--stt-prompt", default=defaults_stt.initial_prompt,
        help=f"decoding prompt that keeps fillers like 'um' in transcripts; '' for none (default: {defaults_stt.initial_prompt!r})",
    )
    practice.add_argument(
        "--stt-threads", type=stt_threads, default=defaults_stt.cpu_threads,
        help=f"CPU threads for speech recognition (default: {defaults_stt.cpu_threads})",
    )


def _device(value: str | None) -> int | str | None:
    return int(value) if value is not None and value.isdigit() else value


def practice_options(args: argparse.Namespace) -> PracticeOptions:
    """Map the parsed flags onto ``PracticeOptions``."""
    return PracticeOptions(
        scenario=args.scenario,
        min_turns=args.min_turns,
        text_mode=args.text,
        speak=not args.mute,
        input_device=_device(args.input_device),
        output_device=_device(args.output_device),
        stt=SttOptions(model=args.stt_model, cpu_threads=args.stt_threads, initial_prompt=args.stt_prompt or None,
                       engine=args.stt_engine),
        tts=TtsOptions(partner_engine=args.tts_engine, coach_engine=args.coach_tts_engine,
                       partner_voice=args.partner_voice or None),
        turns=TurnOptions(end_silence_ms=args.end_silence_ms, quick_end_silence_ms=args.quick_end_ms,
                          hold_silence_ms=args.hold_silence_ms, barge_in_ms=args.barge_in_ms),
        data_dir=args.data_dir,
        keep_audio=args.keep_audio,
    )


class _Parser(argparse.ArgumentParser):
    """argparse, its errors ending in one ``realtalk: …`` line (exit status 2), for every subcommand too."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        command = self.prog.partition(" ")[2]
        self.exit(2, f"realtalk: {command + ': ' if command else ''}{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="realtalk", description="Rehearse hard conversations aloud, offline and private."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    _practice_parser(subparsers)
    analyze.add_parser(subparsers)
    scenario_list.add_parser(subparsers)
    progress_report.add_parser(subparsers)
    history.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "practice":
        return _run_practice(practice_options(args))
    if args.command == "analyze":
        return analyze.run(args)
    if args.command == "scenarios":
        return scenario_list.run(args)
    try:
        if args.command == "progress":
            return progress_report.run(args)
        if args.command in history.COMMANDS:
            return history.run(args)
    except (PrivatePathError, OSError, sqlite3.Error) as error:  # one line, never a traceback
        print(f"realtalk: {error}", file=sys.stderr)
        return 1
    return 2


def _run_practice(options: PracticeOptions) -> int:
    from assistant.errors import USER_FACING_ERRORS
    from assistant.session import run_practice

    try:
        run_practice(options)
    except KeyboardInterrupt:
        print("\nSession ended.", file=sys.stderr)
        return 130
    except USER_FACING_ERRORS as error:
        print(f"realtalk: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
