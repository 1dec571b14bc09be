"""``realtalk sessions``, ``show``, ``export`` and ``forget``: the stored history, without Rasa.

These commands read and delete with plain sqlite3 (the history and, for ``forget``,
Rasa's tracker rows); they never load Rasa or TensorFlow.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from assistant.datadir import (
    AUDIO_DIR,
    HISTORY_DB,
    PrivatePathError,
    add_data_dir_argument,
    bounded_int,
    check_private_target,
    use_data_dir,
    write_private,
)
from assistant.history.store import SQLITE_INTEGER_MAX, HistoryStore, StoredSession, StoreError, now
from assistant.history.trends import SessionStats, session_stats
from assistant.terminal import printable

COMMANDS = ("sessions", "show", "export", "forget")
EXPORT_FORMAT = "realtalk-history"
session_id = bounded_int(1, SQLITE_INTEGER_MAX)
"""argparse ``type`` of a session id: positive, within SQLite's 64-bit integers."""


def add_parser(subparsers) -> None:
    sessions = subparsers.add_parser("sessions", help="list your practice sessions")
    show = subparsers.add_parser("show", help="replay one session as text")
    show.add_argument("id", type=session_id, help="session id (see `realtalk sessions`)")
    export = subparsers.add_parser("export", help="write your whole history as JSON")
    export.add_argument("--json", action="store_true", help="JSON (the only format; default: JSON)")
    export.add_argument("--out", metavar="FILE", help="write to FILE, a new 0600 file put in place whole; never through a "
                        "symbolic link nor into the data folder (default: stdout)")
    forget = subparsers.add_parser("forget", help="delete sessions for good, Rasa's dialogue state included")
    forget.add_argument("ids", type=session_id, nargs="*", default=[], metavar="ID", help="session ids to delete")
    forget.add_argument("--all", action="store_true", help="delete every session (default: only the IDs given)")
    forget.add_argument("--yes", action="store_true", help="do not ask first (default: ask; required when stdin is not a terminal)")
    for parser in (sessions, show, export, forget):
        add_data_dir_argument(parser)


def run(args: argparse.Namespace, stdin: TextIO = sys.stdin) -> int:
    try:
        data_dir = use_data_dir(args.data_dir)
        store = HistoryStore.open(data_dir / HISTORY_DB, create=False)
        if store is None:
            print(f"No practice sessions yet (nothing stored in {data_dir}).", file=sys.stderr)
            return 1 if args.command in ("show", "forget") else 0
        with store:
            return _COMMANDS[args.command](store, args, data_dir, stdin)
    except (StoreError, PrivatePathError) as error:
        print(f"realtalk: {error}", file=sys.stderr)
        return 1


def _sessions(store: HistoryStore, args, data_dir: Path, stdin: TextIO) -> int:
    sessions = store.sessions()
    if not sessions:
        print(f"No practice sessions yet (history: {store.path}).")
        return 0
    print(f"{'ID':>4}  {'DATE':16}  {'SCENARIO':14}  {'TURNS':>5}  ENDING")
    for s in sessions:
        print(f"{s.id:>4}  {local_time(s.started_at):16}  {s.scenario or '-':14}  {s.turn_count:>5}  {s.outcome}")
    return 0


def _show(store: HistoryStore, args, data_dir: Path, stdin: TextIO) -> int:
    stored = store.session(args.id)
    if stored is None:
        print(f"realtalk: no session {args.id}; `realtalk sessions` lists them.", file=sys.stderr)
        return 1
    print(replay(stored))
    return 0


def replay(stored: StoredSession) -> str:
    """The session as text: who said what, with each of the user's turns' numbers."""
    title = f"Session {stored.id}: {stored.scenario or 'no scenario chosen'}, {local_time(stored.started_at)}"
    lines = [f"{title} ({stored.turn_count} turns, {stored.outcome})"]
    if stored.partner:
        lines.append(f"Partner: {stored.partner}")
    lines += [f"{speaker}: {printable(text)}" for speaker, text in stored.opening]
    for turn in stored.turns:
        lines.append(f"you: {printable(turn.transcript)}")
        lines.append(f"      [{turn_summary(turn.analysis)}]")
        lines += [f"{speaker}: {printable(text)}" for speaker, text in turn.replies]
    if stored.turns:
        lines.append(f"Numbers: {numbers_summary(session_stats(stored))}")
    return "\n".join(lines)


def numbers_summary(stats: SessionStats) -> str:
    """The session's numbers as its debrief counted them (``assistant.history.trends``)."""
    pace = f"{stats.wpm:.0f} words a minute, " if stats.wpm is not None else ""
    return (f"{pace}{stats.i_statements} I statements, {stats.blame_turns} blaming turns, "
            f"{stats.questions} questions inviting their side")


def turn_summary(analysis: dict) -> str:
    parts = [f"I statements {analysis.get('i_statements', 0)}", f"apology {analysis.get('apology', 'none')}"]
    parts += [name for name in ("blame", "excuse", "minimizing") if analysis.get(name)]
    if analysis.get("questions_to_partner"):
        parts.append(f"questions {analysis['questions_to_partner']}")
    if "wpm" in analysis:
        parts.append(f"{analysis['wpm']:.0f} wpm, {analysis.get('fillers', 0)} fillers")
    return ", ".join(parts)


def _export(store: HistoryStore, args, data_dir: Path, stdin: TextIO) -> int:
    if args.out:
        check_private_target(args.out, data_dir)  # before reading everything
    document = export_document(store, data_dir)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        write_private(args.out, text, data_dir=data_dir)
        print(f"Wrote {len(document['sessions'])} sessions to {args.out}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def export_document(store: HistoryStore, data_dir: Path) -> dict:
    """Everything stored, as one JSON-ready document."""
    sessions = []
    for s in store.all_sessions():
        sessions.append({
            "id": s.id, "started_at": s.started_at, "ended_at": s.ended_at, "scenario": s.scenario,
            "partner": s.partner, "rasa_sender_id": s.rasa_sender_id, "input_mode": s.input_mode,
            "ending": s.outcome,
            "opening": [{"speaker": a, "text": b} for a, b in s.opening],
            "debrief": [text for _speaker, text in s.debrief],
            "turns": [
                {"index": index, "ended_at": t.ended_at, "source": t.source, "transcript": t.transcript,
                 "analysis": t.analysis, "replies": [{"speaker": a, "text": b} for a, b in t.replies],
                 "speech_s": t.speech_s, "speaking_s": t.speaking_s, "stt_s": t.stt_s,
                 "dialogue_s": t.dialogue_s, "audio_path": t.audio_path}
                for index, t in enumerate(s.turns, start=1)
            ],
        })
    return {"format": EXPORT_FORMAT, "version": 1, "exported_at": now(), "data_dir": str(data_dir),
            "sessions": sessions}


def _forget(store: HistoryStore, args, data_dir: Path, stdin: TextIO) -> int:
    from assistant.rasa.tracker import delete_conversations, read_tracker_config

    if args.all == bool(args.ids):
        print("realtalk: give the session IDs to forget, or --all (not both).", file=sys.stderr)
        return 2
    if args.all:
        targets = store.sessions()
    else:
        targets = [s for s in store.sessions() if s.id in set(args.ids)]
        missing = sorted(set(args.ids) - {s.id for s in targets})
        if missing:
            print(f"realtalk: no session {', '.join(map(str, missing))}; nothing was deleted.", file=sys.stderr)
            return 1
    what = "every session" if args.all else ", ".join(f"session {s.id}" for s in targets)
    if not args.yes:
        if not stdin.isatty():
            print("realtalk: not deleting without confirmation; stdin is not a terminal, so pass --yes.",
                  file=sys.stderr)
            return 1
        if not _confirm(f"Delete {what} for good, Rasa's dialogue state and any recordings included?", stdin):
            print("Nothing deleted.")
            return 0
    config = read_tracker_config()
    again = f"run `realtalk forget {'--all' if args.all else ' '.join(str(s.id) for s in targets)}` again"
    done: dict[str, int] = {}

    def forget_elsewhere(deleted: list[StoredSession]) -> None:
        # Runs before the history's deletion is committed: Rasa's rows (one transaction), then the
        # recordings. Any failure rolls the history back, so `forget` can simply be run again.
        senders = [s.rasa_sender_id for s in deleted if s.rasa_sender_id]
        done["rows"] = delete_conversations(config, senders, every_realtalk_conversation=args.all)
        done["recordings"] = _delete_audio(data_dir, deleted, args.all)

    try:
        deleted = store.delete_sessions((s.id for s in targets), before_commit=forget_elsewhere)
    except (StoreError, OSError) as error:
        reason = str(error)
        if isinstance(error, OSError) and error.strerror:
            reason = f"could not delete {error.filename or 'a recording'}: {error.strerror}"
        if "rows" not in done:
            outcome = "Nothing was deleted"
        elif "recordings" not in done:
            outcome = "Rasa's dialogue state of these sessions is deleted, the sessions themselves are not"
        else:
            outcome = "Rasa's dialogue state and the recordings are deleted, the sessions themselves are not"
        print(f"realtalk: {reason.rstrip('.')}. {outcome}; {again}.", file=sys.stderr)
        return 1
    print(f"Deleted {len(deleted)} session(s), {done['recordings']} recording(s) and {done['rows']} "
          "dialogue-state row(s).")
    return 0


def _confirm(question: str, stdin: TextIO) -> bool:
    print(f"{question} [y/N] ", end="", flush=True)
    return stdin.readline().strip().lower() in ("y", "yes")


def _delete_audio(data_dir: Path, deleted: list[StoredSession], everything: bool) -> int:
    paths = {Path(t.audio_path) for s in deleted for t in s.turns if t.audio_path}
    if everything and (data_dir / AUDIO_DIR).is_dir():
        paths |= set((data_dir / AUDIO_DIR).glob("*.wav"))
    count = 0
    for path in paths:
        try:
            path.unlink()
            count += 1
        except FileNotFoundError:
            pass
    return count


def local_time(iso: str | None) -> str:
    """A stored UTC time as local "YYYY-MM-DD HH:MM"."""
    if not iso:
        return "-"
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


_COMMANDS = {"sessions": _sessions, "show": _show, "export": _export, "forget": _forget}
