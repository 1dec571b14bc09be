"""``realtalk analyze``: the coaching analysis of text or audio files, without Rasa.

A stable interface: the JSON field names below are kept; new ones may be added.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Iterable, TextIO

from dialogue.coaching.analysis import analysis_fields
from dialogue.judgement.turns import judged_turn

DIDNT_CATCH = "I didn't catch any clear English speech in this file."


def add_parser(subparsers) -> None:
    analyze = subparsers.add_parser(
        "analyze",
        help="coaching analysis of a sentence or a recording",
        description="Analyse phrasing (and pacing, for audio). With neither --text nor --audio, "
        "reads one utterance per line from stdin and writes one JSON object per line.",
    )
    source = analyze.add_mutually_exclusive_group()
    source.add_argument("--text", help="an utterance to analyse")
    source.add_argument("--audio", nargs="+", metavar="FILE", help="audio files to transcribe and analyse, one result each")
    analyze.add_argument("--json", action="store_true", help="print JSON (default: a readable summary)")
    analyze.add_argument("--stt-model", help="faster-whisper model name or folder (default: bundled tiny.en)")
    analyze.add_argument(
        "--stt-engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper",
        help="speech recogniser: faster-whisper, or openai-whisper (optional extra, slower) on the same tiny.en weights (default: faster-whisper)",
    )


def run(args: argparse.Namespace, stdin: TextIO = sys.stdin) -> int:
    if args.text is not None:
        _emit(text_result(args.text), args.json)
        return 0
    if args.audio:
        return _analyze_files(args.audio, args.json, args.stt_model, args.stt_engine)
    for line in stdin:
        print(json.dumps(text_result(line.rstrip("\n"))), flush=True)
    return 0


def text_result(text: str) -> dict:
    """The analysis of one typed utterance as JSON-ready fields."""
    return analysis_fields(judged_turn(text))


def audio_result(path: str, stt) -> dict:
    """Transcribe ``path`` and analyse phrasing and pacing; ``{"file", "error"}`` when unreadable.

    Silence, noise and speech the recogniser is unsure of (another language, mumbling) give
    ``understood: false``, a ``message`` and the analysis of nothing, never a guess.
    """
    from audio.files import AudioFileError, decoder_notes_silenced, read_clip
    from audio.format import MAX_ANALYZE_S
    from audio.prosody import measure_pacing
    from audio.speech import Utterance
    from audio.stt import understood

    try:
        with decoder_notes_silenced():  # the error below is the one line a bad file gets
            clip = read_clip(path, max_duration_s=MAX_ANALYZE_S)  # header checked first; memory bounded by the limit
    except AudioFileError as error:
        return {"file": path, "error": str(error)}
    heard = stt.transcribe(clip)
    result = {"file": path, "transcript": heard.text, "duration_s": round(clip.duration_s, 2), "understood": True}
    if not understood(heard):
        heard = Utterance(text="", duration_s=clip.duration_s, source="voice")
        result.update(transcript="", understood=False, message=DIDNT_CATCH)
    return {**result, **analysis_fields(judged_turn(heard.text, measure_pacing(heard, clip)))}


def _analyze_files(paths: Iterable[str], as_json: bool, model: str | None, engine: str = "faster-whisper") -> int:
    from audio.stt import ModelUnavailable, SttOptions, create_stt

    stt = create_stt(SttOptions(model=model, engine=engine))
    failed = False
    for path in paths:
        try:
            result = audio_result(path, stt)
        except ModelUnavailable as error:
            result = {"file": path, "error": str(error)}
        failed = failed or "error" in result
        _emit(result, as_json)
    return 1 if failed else 0


def _emit(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result), flush=True)
        return
    if "error" in result:
        error = result["error"]  # one line; read_clip's messages already start with the file's name
        print(error if error.startswith(f"{result['file']}: ") else f"{result['file']}: {error}", file=sys.stderr)
        return
    print(_summary(result), flush=True)


def _summary(result: dict) -> str:
    lines = [f"{result['file']}:" if "file" in result else f"\"{result['text']}\""]
    if result.get("understood") is False:
        lines.append(f"  {result['message']}")
        return "\n".join(lines)
    if "transcript" in result:
        lines.append(f"  heard: \"{result['transcript']}\" ({result['duration_s']} s)")
        lines.append(
            f"  pace: {result['wpm']} words a minute, {result['long_pauses']} long pauses "
            f"(longest {result['longest_pause_s']} s), {result['fillers']} fillers"
        )
    lines.append(
        f"  I statements: {result['i_statements']}, blame: {_yes(result['blame'])}, "
        f"apology: {result['apology']}, questions to them: {result['questions_to_partner']}"
    )
    lines.append(
        f"  minimising: {_yes(result['minimizing'])}, thanks them for honesty: "
        f"{_yes(result['celebrates_honesty'])}, safety concern: {_yes(result['safety_concern'])}"
    )
    lines += [f"  tip: {tip}" for tip in result["tips"]] or ["  tip: nothing to change; that was well said."]
    return "\n".join(lines)


def _yes(value: bool) -> str:
    return "yes" if value else "no"
