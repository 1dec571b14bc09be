"""Scripted practice sessions through the real dialogue, with the mechanical checks of a partner that listens.

    python -m bench.partner_sessions [FILE ...] [--transcript OUT.yml]

Each session (tests/data/sessions/*.yml: a scenario and what the user says, turn by turn, with
the concrete words a listener might pick up and which turns ask the partner something) runs
through the trained Rasa model and a real action server, exactly as typed turns would.
Counted per session and in all:

- lost turns: a turn meant for the partner that got neither a partner line nor the coach's offer
  to keep going (or a safety check-in);
- repeated lines: any line, partner's or coach's, said twice in the session (but for the partner's
  line that "try again" replays on purpose);
- short role-plays: a role-play that ended on the partner's terms before `min_turns` user turns;
- content reuse: turns with content whose partner reply says one of its words back;
- questions answered: turns that asked the partner something and got one of its answer lines.

Prints JSON with the machine; ``--transcript`` writes every turn and reply for judging by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bench.machine import cpu_model

SESSIONS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "sessions"
TYPED = {"source": "text", "duration_s": 0.0, "words": []}
COMMANDS = {"stop", "try again", "start over", "give me a tip", "skip", "keep going"}
ROLEPLAY_STOPPERS = {"stop", "start over", "skip"}
OFFER = "utter_coach_keep_going_offer"
SAFETY = ("utter_coach_ask_safety_answer", "utter_coach_safety_stop")
MIN_TURNS = 6


@dataclass
class SessionReport:
    id: str
    scenario: str
    lost_turns: int = 0
    repeated_lines: list[str] = field(default_factory=list)
    short_roleplays: int = 0
    content_turns: int = 0
    content_reused: int = 0
    questions: int = 0
    answered: int = 0
    roleplay_lengths: list[int] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)


def load_sessions(paths: Iterable[Path]) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = []
    for path in paths:
        sessions.extend((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sessions") or [])
    return sessions


def _stem(word: str) -> str:
    word = word.lower().strip()
    return word if len(word) <= 5 else word[: max(5, len(word) - 3)]


def reuses(content: Iterable[str], replies: Iterable[str]) -> bool:
    """Whether a partner reply says back any content word (each word of a phrase counts; stems match)."""
    said = " ".join(replies).lower()
    words = {w for item in content for w in re.findall(r"[\w&']+", str(item).lower()) if len(w) > 2}
    stopwords = {"the", "and", "you", "your", "for", "with", "that", "this", "my", "our", "just", "really"}
    return any(re.search(r"\b" + re.escape(_stem(w)), said) for w in words - stopwords)


def run_session(partner: Any, session: dict[str, Any]) -> SessionReport:
    """One scripted session through ``partner`` (a fresh RasaPartner)."""
    report = SessionReport(id=str(session["id"]), scenario=str(session["scenario"]))
    result = partner.open(session["scenario"])
    said: list[str] = [r.text for r in result.replies]
    report.transcript.append({"user": None, "replies": [[r.response, r.text] for r in result.replies]})
    in_roleplay, turns_in_roleplay = True, 0
    for turn in session.get("turns") or []:
        text = str(turn["text"])
        command = text.strip().lower().rstrip(".!") in COMMANDS
        result = partner.respond(text, TYPED)
        replies = result.replies
        replayed = command and text.strip().lower().startswith("try again")  # the line before, word for word
        said.extend(r.text for r in replies if not (replayed and r.speaker == "partner"))
        report.transcript.append({"user": text, "replies": [[r.response, r.text] for r in replies]})
        partner_lines = [r.text for r in replies if r.speaker == "partner"]
        responses = [r.response for r in replies]
        if not command:
            if not partner_lines and OFFER not in responses and not any(r in SAFETY for r in responses):
                report.lost_turns += 1
            if turn.get("content"):
                report.content_turns += 1
                report.content_reused += reuses(turn["content"], partner_lines)
            if turn.get("question"):
                report.questions += 1
                report.answered += any("_answer_" in r for r in responses)
        slots = result.slots
        if in_roleplay:
            turns_in_roleplay += -1 if replayed else 0 if command else 1  # "try again" takes the last turn back
            if slots.get("phase") != "roleplay" or command and text.lower().startswith(tuple(ROLEPLAY_STOPPERS)):
                by_partner = not command and slots.get("ending") in ("warm", "neutral", "cold")
                report.roleplay_lengths.append(turns_in_roleplay)
                if by_partner and turns_in_roleplay < MIN_TURNS:
                    report.short_roleplays += 1
                in_roleplay = slots.get("phase") == "roleplay"
                turns_in_roleplay = 0
        elif slots.get("phase") == "roleplay":
            in_roleplay, turns_in_roleplay = True, 0
        if result.session_over:
            break
    if in_roleplay and turns_in_roleplay:
        report.roleplay_lengths.append(turns_in_roleplay)
    seen: set[str] = set()
    for line in said:
        if line in seen:
            report.repeated_lines.append(line)
        seen.add(line)
    return report


def summary(reports: list[SessionReport]) -> dict[str, Any]:
    content = sum(r.content_turns for r in reports)
    questions = sum(r.questions for r in reports)
    return {
        "sessions": len(reports),
        "lost_turns": sum(r.lost_turns for r in reports),
        "repeated_lines": sum(len(r.repeated_lines) for r in reports),
        "short_roleplays": sum(r.short_roleplays for r in reports),
        "content_turns": content,
        "content_reuse_rate": round(sum(r.content_reused for r in reports) / content, 3) if content else None,
        "questions": questions,
        "answered_rate": round(sum(r.answered for r in reports) / questions, 3) if questions else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="session files (default: tests/data/sessions/*.yml)")
    parser.add_argument("--transcript", type=Path, help="write every turn and reply here (YAML)")
    args = parser.parse_args()
    from assistant.rasa.action_server import ActionServer
    from assistant.rasa.model import ensure_model
    from assistant.rasa.partner import RasaPartner

    files = args.files or sorted(SESSIONS_DIR.glob("*.yml"))
    sessions = load_sessions(files)
    model = ensure_model()
    reports = []
    with ActionServer() as server, RasaPartner(model, server.url) as partner:
        for session in sessions:
            partner.new_conversation()
            reports.append(run_session(partner, session))
    if args.transcript:
        args.transcript.write_text(yaml.safe_dump([asdict(r) for r in reports], sort_keys=False, allow_unicode=True))
    print(json.dumps({
        "benchmark": "partner_sessions",
        "files": [str(f) for f in files],
        "machine": cpu_model(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **summary(reports),
        "per_session": [{k: v for k, v in asdict(r).items() if k != "transcript"} for r in reports],
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
