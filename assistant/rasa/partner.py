"""The dialogue partner: a Rasa agent loaded once behind a synchronous API.

A session runs it in the dialogue's child process (``assistant.rasa.process`` passes the
calls over a pipe); tests also load it directly. The agent runs on its own asyncio event
loop so callers stay plain synchronous code. Each user turn is analysed here, once
(``dialogue.coaching.analysis``), before Rasa sees it. Who speaks a reply is read from the response name
Rasa passes along (`utter_partner_*` or `utter_coach_*`).
"""

from __future__ import annotations

import os

os.environ["RASA_TELEMETRY_ENABLED"] = "false"  # before anything imports rasa
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # should a model need TensorFlow, hide its banner

import asyncio
import json
import logging
import uuid
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from assistant.commands import DIALOGUE_WHILE_PAUSED, VOICE_COMMANDS
from assistant.rasa.action_server import is_healthy

SPEAKER_PARTNER = "partner"
SPEAKER_COACH = "coach"
COMMAND_INTENTS = VOICE_COMMANDS | DIALOGUE_WHILE_PAUSED
"""What ``command_in`` reports: the voice commands about how replies are spoken (the client obeys
them), "stop", and a safety concern (both reach the dialogue even while paused)."""
COMMAND_KEY = "command"
"""The key of the custom message action_voice_command sends (dialogue/actions/voice.py)."""
# Rasa logs these when a custom action fails and then carries on silently.
_ACTION_FAILURE_LOGGERS = ("rasa.core.processor", "rasa.core.actions.action")


class DialogueError(RuntimeError):
    """The dialogue could not produce a reply; the message says why."""


@dataclass(frozen=True)
class Reply:
    text: str
    speaker: str  # SPEAKER_PARTNER | SPEAKER_COACH
    response: str = ""
    """The domain response it is a variation of ("utter_partner_messed_up_answer_angry"); "" when unknown."""


@dataclass(frozen=True)
class TurnResult:
    replies: tuple[Reply, ...]
    session_over: bool
    slots: dict[str, Any]
    """The slot values after the turn (read with session_over, so the history needs no second call)."""
    analysis: dict[str, Any] | None = None
    """The user turn's coaching analysis (``analysis_fields``), computed once by the dialogue; None for the opening."""
    command: str | None = None
    """A voice command the dialogue handed back for the client to obey ("repeat", "slower", "faster",
    "pause", "resume"): the turn was not role-play, and nothing in the dialogue changed."""


class Partner(Protocol):
    """What a session needs of the dialogue: ``RasaPartner``, or ``PartnerProcess`` around one."""

    sender_id: str

    def open(self, scenario_id: str | None, min_turns: int | None = None) -> TurnResult: ...

    def respond(self, text: str, metadata: dict[str, Any]) -> TurnResult: ...

    def command_in(self, text: str) -> str | None: ...

    def is_alive(self) -> bool: ...


def speaker_of(response_name: str | None) -> str:
    """Partner for `utter_partner_*`, coach for everything else."""
    if response_name and response_name.startswith("utter_partner_"):
        return SPEAKER_PARTNER
    return SPEAKER_COACH


def start_message(scenario_id: str | None, min_turns: int | None = None) -> str:
    """What the client "says" to open a session; ``min_turns`` becomes the `min_turns` slot."""
    entities: dict[str, Any] = {} if min_turns is None else {"min_turns": min_turns}
    if scenario_id is None:
        return "/greet" + (json.dumps(entities) if entities else "")
    return "/start_scenario" + json.dumps({"scenario": scenario_id, **entities})


class _ActionFailureRecorder(logging.Filter):
    """Keeps Rasa's action-failure log records (and their tracebacks) off the console."""

    def __init__(self) -> None:
        super().__init__()
        self.failures: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.failures.append(record.getMessage())
            return False
        return True


def _make_output_channel() -> Any:
    from rasa.core.channels.channel import CollectingOutputChannel

    class SpeakerCollectingChannel(CollectingOutputChannel):
        """Collects replies together with the name of the response that produced them, and custom
        messages (``{"command": …}`` from action_voice_command) under ``custom``."""

        async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
            for part in text.strip().split("\n\n"):
                message = self._message(recipient_id, text=part)
                message["utter_action"] = kwargs.get("utter_action")
                await self._persist_message(message)

    return SpeakerCollectingChannel()


class RasaPartner:
    """One rehearsal session against the trained model and a running action server."""

    def __init__(self, model_path: Path, action_url: str, endpoints_file: Path | None = None,
                 sender_id: str | None = None) -> None:
        """``endpoints_file``: take the tracker store from its ``tracker_store`` block (default: in memory).
        ``sender_id``: carry on that conversation from the tracker store (default: a new one)."""
        # Rasa and its dependencies warn about their own deprecations on import
        # and load; none of it is actionable for someone rehearsing a conversation.
        with warnings.catch_warnings():
            # Libraries add their own filters while importing, so mute the output itself.
            warnings.showwarning = lambda *args, **kwargs: None
            self._start(model_path, action_url, endpoints_file, sender_id)

    @property
    def sender_id(self) -> str:
        """This conversation's id in Rasa's tracker store."""
        return self._sender_id

    def _start(self, model_path: Path, action_url: str, endpoints_file: Path | None, sender_id: str | None) -> None:
        from assistant.rasa.serving import defer_imports, quicker_turns, serving_metadata

        defer_imports()
        # skops (the LogisticRegressionClassifier's loader) checks each type it trusts against
        # every loaded module: the fewer loaded before it, the quicker.
        import skops.io  # noqa: F401
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        from assistant.rasa.serving import action_endpoint

        configure_structlog(logging.WARNING)
        quicker_turns()
        self.action_url = action_url
        self._sender_id = sender_id or f"realtalk-{uuid.uuid4().hex[:8]}"
        self._failures = _ActionFailureRecorder()
        for name in _ACTION_FAILURE_LOGGERS:
            logging.getLogger(name).addFilter(self._failures)
        self._loop = asyncio.new_event_loop()
        with serving_metadata():
            self._agent = self._loop.run_until_complete(
                self._load(Agent, action_endpoint, str(model_path), action_url, endpoints_file)
            )
        from dialogue.judgement.judge import default_judge

        default_judge()  # the sentence encoder (about 0.1 s), now rather than on the first turn

    @staticmethod
    async def _load(agent_class: Any, make_endpoint: Any, model_path: str, action_url: str,
                    endpoints_file: Path | None = None) -> Any:
        # Loaded inside the loop: Rasa creates loop-bound resources while loading.
        from rasa.core.tracker_store import TrackerStore
        from rasa.utils.endpoints import read_endpoint_config

        store_config = read_endpoint_config(str(endpoints_file), "tracker_store") if endpoints_file else None
        tracker_store = TrackerStore.create(store_config) if store_config else None
        return agent_class.load(model_path, action_endpoint=make_endpoint(action_url), tracker_store=tracker_store)

    def open(self, scenario_id: str | None, min_turns: int | None = None) -> TurnResult:
        """Start the session: the scenario's opening, or the coach's menu for None.
        ``min_turns``: each role-play runs at least this many user turns (default: the scenario's, 6)."""
        return self._turn(start_message(scenario_id, min_turns), metadata={})

    def respond(self, text: str, metadata: dict[str, Any]) -> TurnResult:
        """Send what the user said (with its speech metadata) and get the replies.

        The turn's analysis is computed here, once: the actions read it from the metadata
        and the result carries its fields back for the history."""
        from dialogue.coaching.analysis import ANALYSIS_KEY, analysis_fields
        from dialogue.judgement.turns import judged_message

        analysis = judged_message(text, metadata)
        result = self._turn(text, {**metadata, ANALYSIS_KEY: analysis.to_dict()})
        return replace(result, analysis=analysis_fields(analysis))

    def command_in(self, text: str) -> str | None:
        """The command ``text`` is, by the NLU alone (its gate included), without sending it to the
        dialogue: the intent when it is one of ``COMMAND_INTENTS``, else None. The tracker is untouched,
        so a paused session can hold talk back from the role-play."""
        try:
            parsed = self._loop.run_until_complete(self._agent.parse_message(text))
        except Exception as error:  # Rasa raises many kinds; the caller needs one.
            raise DialogueError(f"The dialogue engine failed to understand {text!r}: {error}") from error
        name = ((parsed or {}).get("intent") or {}).get("name")
        return name if name in COMMAND_INTENTS else None

    def new_conversation(self) -> None:
        """Start a fresh conversation (a new sender id) on the loaded model, as a new session would."""
        self._sender_id = f"realtalk-{uuid.uuid4().hex[:8]}"

    def is_alive(self) -> bool:
        """In process, the partner lives as long as realtalk."""
        return True

    def slots(self) -> dict[str, Any]:
        """The session's current slot values (for debugging and tests)."""
        return dict(self._tracker().current_slot_values())

    def close(self) -> None:
        for name in _ACTION_FAILURE_LOGGERS:
            logging.getLogger(name).removeFilter(self._failures)
        if not self._loop.is_closed():
            self._loop.close()

    def __enter__(self) -> RasaPartner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _turn(self, text: str, metadata: dict[str, Any]) -> TurnResult:
        from rasa.core.channels.channel import UserMessage

        self._require_action_server()
        channel = _make_output_channel()
        self._failures.failures.clear()
        message = UserMessage(text, channel, self._sender_id, metadata=metadata)
        try:
            self._loop.run_until_complete(self._agent.handle_message(message))
        except Exception as error:  # Rasa raises many kinds; the caller needs one.
            raise DialogueError(f"The dialogue engine failed on {text!r}: {error}") from error
        if self._failures.failures:
            self._require_action_server()
            raise DialogueError(f"A dialogue action failed: {self._failures.failures[0]}")
        replies = tuple(
            Reply(text=m["text"], speaker=speaker_of(m.get("utter_action")), response=m.get("utter_action") or "")
            for m in channel.messages if m.get("text")
        )
        commands = [m["custom"][COMMAND_KEY] for m in channel.messages
                    if isinstance(m.get("custom"), dict) and m["custom"].get(COMMAND_KEY)]
        slots = dict(self._tracker().current_slot_values())
        return TurnResult(replies=replies, session_over=bool(slots.get("session_over")), slots=slots,
                          command=commands[-1] if commands else None)

    def _require_action_server(self) -> None:
        if not is_healthy(self.action_url):
            raise DialogueError(
                f"The action server at {self.action_url} is not answering; "
                "it has probably stopped. Restart realtalk to start it again."
            )

    def _tracker(self) -> Any:
        return self._loop.run_until_complete(self._agent.tracker_store.retrieve(self._sender_id))
