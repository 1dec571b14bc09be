"""Where the time of a spoken turn goes, from the end of the user's speech to the reply's sound.

With ``REALTALK_LATENCY_LOG=FILE`` each spoken turn appends one JSON line to FILE;
``bench/voice_latency.py`` reads them. All instants are ``time.monotonic()`` seconds, the
audio ones converted from PortAudio's own clock at the microphone and at the speaker.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audio.listening import UserTurn

LOG_VARIABLE = "REALTALK_LATENCY_LOG"


@dataclass(frozen=True)
class TurnLatency:
    """The stages of one voice-to-voice turn, in seconds."""

    end_of_turn_s: float
    """From the end of speech at the microphone to the end-of-turn decision."""
    stt_s: float
    """Transcription (whatever of it was still left after the decision)."""
    dialogue_s: float
    """Rasa and the custom actions."""
    tts_to_audio_s: float
    """From the reply text to its first sample at the speaker."""
    stt_started_s: float
    """From the end of speech to the start of the transcription used (speculative: before the decision)."""
    stt_compute_s: float
    """How long that transcription ran, before and after the decision together."""

    @property
    def total_s(self) -> float:
        """Voice to voice: the four stages in a row (the STT start and compute overlap them)."""
        return self.end_of_turn_s + self.stt_s + self.dialogue_s + self.tts_to_audio_s

    @property
    def after_decision_s(self) -> float:
        return self.stt_s + self.dialogue_s + self.tts_to_audio_s


def turn_latency(turn: UserTurn, replied_at: float, first_audio_at: float) -> TurnLatency:
    """The stages of a spoken turn whose reply was ready at ``replied_at`` and heard from ``first_audio_at``."""
    return TurnLatency(
        end_of_turn_s=turn.decided_at - turn.speech_end_at,
        stt_s=turn.transcribed_at - turn.decided_at,
        dialogue_s=replied_at - turn.transcribed_at,
        tts_to_audio_s=first_audio_at - replied_at,
        stt_started_s=turn.stt_started_at - turn.speech_end_at,
        stt_compute_s=turn.stt_s,
    )


def log_latency(latency: TurnLatency) -> None:
    """Append one turn's stages to the file named by ``REALTALK_LATENCY_LOG``, if set."""
    _log({"event": "turn", **{k: round(v, 4) for k, v in asdict(latency).items()}, "total_s": round(latency.total_s, 4)})


def log_first_words(first_audio_at: float) -> None:
    """When the session's first words reached the speaker (for the cold-start benchmark)."""
    _log({"event": "first_words", "first_audio_at": first_audio_at})


def _log(record: dict) -> None:
    path = os.environ.get(LOG_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
