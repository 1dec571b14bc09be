"""One analysis per turn: the debrief, the history's replay and the progress report give the same numbers.

A role-play runs through the real trained model and action server, with spoken-turn metadata
(pacing measured from word timings the way the client measures it) and the history recorder
in between, as a session does.
"""

from __future__ import annotations

import re

import pytest

from assistant.history.commands import replay
from assistant.history.recorder import RecordingPartner, SessionRecorder
from assistant.history.report import summary
from assistant.history.store import HistoryStore
from assistant.history.trends import session_stats
from assistant.rasa.partner import RasaPartner
from tests.test_actions import voice_metadata

pytestmark = pytest.mark.slow

TURNS = [
    ("I messed up and I am really sorry, I forgot about dinner.", 0.40),
    ("I feel awful about it. How did it feel waiting for me? Did you wait long?", 0.33),
    ("You always make such a big deal of everything.", 0.30),
    ("um, I know that was unfair, I'm sorry. What can I do to make it right?", 0.45),
]
DEBRIEF_NUMBERS = re.compile(
    r"(\d+) words a minute.*?(\d+) long pauses.*?(\d+) fillers.*?(\d+) I statements.*?(\d+) blaming turns.*?(\d+) questions"
)


def test_debrief_history_and_report_agree(trained_model, action_server, tmp_path):
    with HistoryStore.open(tmp_path / "history.db") as store, RasaPartner(trained_model, action_server.url) as rasa:
        recorder = SessionRecorder(store, tmp_path, "voice")
        partner = RecordingPartner(rasa, recorder)
        partner.open("messed-up")
        analyses = []
        for text, seconds_per_word in TURNS:
            result = partner.respond(text, voice_metadata(text, seconds_per_word))
            analyses.append(result.analysis)
            if result.session_over:
                break
        if not result.session_over:
            result = partner.respond("stop", {"source": "text"})
        debrief = " ".join(r.text for r in result.replies)
        stored = store.session(recorder.session_id)

    # The history stores the analysis the dialogue made, not one of its own.
    assert [t.analysis for t in stored.turns[: len(analyses)]] == analyses
    assert all(a["timed"] and a["word_count"] > 0 for a in analyses)

    said = DEBRIEF_NUMBERS.search(debrief)
    assert said, debrief
    wpm, _pauses, _fillers, i_statements, blame_turns, questions = map(int, said.groups())
    stats = session_stats(stored)
    assert (round(stats.wpm), stats.i_statements, stats.blame_turns, stats.questions) == (
        wpm, i_statements, blame_turns, questions)
    assert questions >= 1 and blame_turns >= 1 and i_statements >= 1  # numbers worth comparing

    shown = replay(stored)
    assert f"{wpm} words a minute, {i_statements} I statements, {blame_turns} blaming turns, {questions} questions" in shown
    report = summary([stored])
    assert f"{wpm}" in report and f"{questions}" in report
