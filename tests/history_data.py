"""A practice history written through the real store, for tests that need many sessions."""

from __future__ import annotations

from pathlib import Path

from assistant.history.store import HistoryStore, StoredTurn
from dialogue.coaching.analysis import analyse_turn, analysis_fields
from dialogue.coaching.pacing import Pacing

LINES = (
    "Um, I'm sorry, I forgot. That's on me.",
    "You never reminded me, so it's your fault really.",
    "I feel awful. How was it for you?",
)


def spoken_turn(text: str, wpm: float, fillers_per_min: float, ended_at: str) -> StoredTurn:
    """A voice turn as the recorder stores it, with pacing as if measured from audio."""
    pacing = Pacing(word_count=len(text.split()), speaking_s=3.0, wpm=wpm, long_pauses=0, longest_pause_s=0.0,
                    fillers=round(fillers_per_min / 20), fillers_per_min=fillers_per_min, rushed_key_sentence=False)
    return StoredTurn(ended_at=ended_at, source="voice", transcript=text,
                      analysis=analysis_fields(analyse_turn(text, pacing)), replies=(("partner", "Okay."),),
                      speech_s=3.5, speaking_s=3.0, stt_s=0.4, dialogue_s=0.2)


def write_history(data_dir: Path, days: int = 5) -> None:
    """``days`` sessions of "messed-up", one a day: slower, fewer fillers, less blame as days go by."""
    with HistoryStore.open(data_dir / "history.db") as store:
        for day in range(days):
            date = f"2024-05-{day + 1:02d}T10:00"
            session = store.start_session(scenario="messed-up", partner="a close friend", input_mode="voice",
                                          rasa_sender_id=f"realtalk-test{day}", started_at=f"{date}:00.000+00:00")
            lines = LINES if day < 2 else (LINES[0], LINES[2])
            for index, text in enumerate(lines):
                store.add_turn(session, spoken_turn(text, 175 - 10 * day, max(0, 60 - 20 * day),
                                                    f"{date}:{index + 10}.000+00:00"))
            store.finish_session(session, ending="warm", debrief=[("coach", "Well done.")])
