"""Writes a practice session into the history as it happens, one committed turn at a time.

``RecordingPartner`` wraps the dialogue partner the voice loop talks to: every
``open`` and ``respond`` goes through to Rasa and is then written down (transcript,
the coaching analysis the dialogue made of it, the dialogue's notes for the debrief, the
replies, timings) before the replies are
shown, so what the user has seen is on disk. ``SessionRecorder`` does the writing.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

from assistant.datadir import AUDIO_DIR, PrivatePathError, private_dir, write_private
from assistant.history.store import HistoryStore, Line, StoredTurn, StoreError, now
from dialogue.practices.scenarios import find_scenario


class SessionRecorder:
    """The history of one session: created at the opening, a row per turn, the debrief at the end."""

    def __init__(self, store: HistoryStore, data_dir: Path, input_mode: str, keep_audio: bool = False) -> None:
        self._store = store
        self._data_dir = data_dir
        self._input_mode = input_mode
        self._keep_audio = keep_audio
        self._session_id: int | None = None
        self._scenario: str | None = None
        self._partner: str | None = None
        self._turns = 0
        self._pending_audio: str | None = None
        self._finished = False

    @property
    def session_id(self) -> int | None:
        return self._session_id

    def opened(self, scenario_id: str | None, rasa_sender_id: str, replies: tuple[Line, ...],
               slots: dict | None = None) -> None:
        self._scenario = (slots or {}).get("scenario") or scenario_id
        self._partner = partner_of(self._scenario, slots or {})
        self._session_id = self._store.start_session(
            scenario=self._scenario, partner=self._partner, rasa_sender_id=rasa_sender_id,
            input_mode=self._input_mode,
        )
        self._store.set_opening(self._session_id, replies)

    def keep_clip(self, clip: Any) -> None:
        """With ``--keep-audio``: write the turn's audio (WAV, 0600) and attach it to the next turn."""
        if not self._keep_audio or self._session_id is None:
            return
        import soundfile

        wav = io.BytesIO()
        soundfile.write(wav, clip.samples, clip.rate_hz, format="WAV", subtype="PCM_16")
        try:
            folder = private_dir(self._data_dir / AUDIO_DIR)
            path = folder / f"session-{self._session_id}-turn-{self._turns + 1}.wav"
            # A fresh 0600 file (O_EXCL|O_NOFOLLOW) renamed into place: never through a link, never half written.
            write_private(path, wav.getvalue())
        except (PrivatePathError, OSError) as error:
            raise StoreError(f"could not keep this turn's recording: {error}") from error
        self._pending_audio = str(path)

    def turn(self, text: str, metadata: dict, replies: tuple[Line, ...], ended_at: str, dialogue_s: float,
             slots: dict, analysis: dict) -> None:
        """Record one exchange: the user's turn, the dialogue's analysis of it and the replies it got."""
        if self._session_id is None:
            return
        audio_s = metadata.get("duration_s") or None
        self._store.add_turn(self._session_id, StoredTurn(
            ended_at=ended_at,
            source=metadata.get("source", "text"),
            transcript=text,
            analysis=analysis,
            replies=replies,
            speech_s=audio_s,
            speaking_s=analysis.get("speaking_s"),
            stt_s=metadata.get("stt_s"),
            dialogue_s=round(dialogue_s, 3),
            audio_path=self._pending_audio,
        ))
        self._turns += 1
        self._pending_audio = None
        self._store.set_notes(self._session_id, slots.get("turns") or ())
        scenario = slots.get("scenario") or self._scenario
        partner = partner_of(scenario, slots) or self._partner
        if (scenario, partner) != (self._scenario, self._partner):  # chosen by voice, or named later
            self._scenario, self._partner = scenario, partner
            self._store.set_scenario(self._session_id, scenario, partner)

    def finished(self, replies: tuple[Line, ...], ending: str | None) -> None:
        """The dialogue is over: the debrief is the coach's lines of the last turn."""
        if self._session_id is None or self._finished:
            return
        self._finished = True
        debrief = [line for line in replies if line[0] == "coach"]
        self._store.finish_session(self._session_id, ending=ending or "stopped", debrief=debrief)

    def close(self) -> None:
        """Stamp the end time of a session cut short (Ctrl-C, an error); the store stays open."""
        if self._session_id is not None and not self._finished:
            self._store.mark_ended(self._session_id)


class RecordingPartner:
    """A dialogue partner that records every exchange; anything else goes to the wrapped partner."""

    def __init__(self, partner: Any, recorder: SessionRecorder) -> None:
        self._partner = partner
        self._recorder = recorder

    def open(self, scenario_id: str | None, min_turns: int | None = None) -> Any:
        result = self._partner.open(scenario_id) if min_turns is None else self._partner.open(scenario_id, min_turns)
        self._recorder.opened(scenario_id, self._partner.sender_id, _lines(result.replies), result.slots)
        self._finish_if_over(result)
        return result

    def respond(self, text: str, metadata: dict) -> Any:
        ended_at, started = now(), time.monotonic()
        result = self._partner.respond(text, metadata)
        dialogue_s = time.monotonic() - started
        self._recorder.turn(text, metadata, _lines(result.replies), ended_at, dialogue_s, result.slots,
                            result.analysis or {})
        self._finish_if_over(result)
        return result

    def _finish_if_over(self, result: Any) -> None:
        if result.session_over:
            self._recorder.finished(_lines(result.replies), result.slots.get("ending"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._partner, name)


def _lines(replies: Any) -> tuple[Line, ...]:
    return tuple((reply.speaker, reply.text) for reply in replies)


def partner_of(scenario_id: str | None, slots: dict) -> str | None:
    """Who the partner is, if known: the ``persona`` slot ("Sam, your sister (guarded)"), else the scenario's role."""
    persona = slots.get("persona")
    if isinstance(persona, dict):
        relation = persona.get("relation_word") or persona.get("relationship")
        who = ", ".join(part for part in (persona.get("name"), f"your {relation}" if relation else "") if part)
        if who:
            return who + (f" ({persona['style']})" if persona.get("style") else "")
    scenario = find_scenario(scenario_id)
    return getattr(scenario, "partner_role", None) if scenario else None


def open_history(data_dir_flag: str | None = None) -> tuple[Path, HistoryStore]:
    """Ready the data folder (0700), Rasa's tracker db and the history for a practice session."""
    from assistant.datadir import HISTORY_DB, use_data_dir
    from assistant.rasa.tracker import prepare_tracker_db, read_tracker_config

    try:
        data_dir = use_data_dir(data_dir_flag)
    except PrivatePathError as error:
        raise StoreError(str(error)) from error
    store = HistoryStore.open(data_dir / HISTORY_DB)  # creates the folder 0700; says so if it is read-only
    try:
        prepare_tracker_db(read_tracker_config())
    except BaseException:
        store.close()
        raise
    return data_dir, store
