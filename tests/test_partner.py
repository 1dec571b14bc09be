"""End-to-end tests: the real trained model, in process, against a real action server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from assistant.action_server import ActionServer
from assistant.partner import DialogueError, RasaPartner

pytestmark = pytest.mark.slow

DOMAIN = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text())


def response_of(text: str) -> str:
    """The domain response a partner line came from (partner lines have no template slots)."""
    matches = [name for name, variations in DOMAIN["responses"].items() if text in {v["text"] for v in variations}]
    assert len(matches) == 1, f"{text!r} matches {matches}"
    return matches[0]


def voice_metadata(text: str, seconds_per_word: float = 0.4) -> dict:
    words = [
        {"text": w, "start_s": i * seconds_per_word, "end_s": (i + 1) * seconds_per_word - 0.05, "probability": 0.9}
        for i, w in enumerate(text.split())
    ]
    return {"source": "voice", "duration_s": len(words) * seconds_per_word + 0.5, "words": words}


TEXT = {"source": "text", "duration_s": 0.0, "words": []}


@pytest.fixture
def partner(trained_model, action_server):
    with RasaPartner(trained_model, action_server.url) as session:
        yield session


def test_scenario_opens_with_coach_then_partner(partner):
    result = partner.open("messed-up")
    assert [r.speaker for r in result.replies] == ["coach", "partner"]
    assert response_of(result.replies[1].text) == "utter_partner_messed_up_open"
    assert not result.session_over
    assert partner.slots()["roleplay_active"] is True


def test_session_without_scenario_gets_the_coach_menu(partner):
    result = partner.open(None)
    assert len(result.replies) == 1 and result.replies[0].speaker == "coach"
    assert "messed up" in result.replies[0].text
    assert partner.slots()["roleplay_active"] is False


def test_choosing_by_voice_starts_the_scenario(partner):
    partner.open(None)
    result = partner.respond("I want to practise telling her I messed up", TEXT)
    assert [r.speaker for r in result.replies] == ["coach", "partner"]
    assert partner.slots()["scenario"] == "messed-up"


def test_owned_apology_warms_the_partner_where_excuse_and_blame_cool_them(trained_model, action_server):
    def first_turn(text: str) -> tuple[str, float]:
        with RasaPartner(trained_model, action_server.url) as session:
            session.open("messed-up")
            result = session.respond(text, TEXT)
            assert [r.speaker for r in result.replies][0] == "partner"
            return response_of(result.replies[0].text), session.slots()["trust"]

    owned_reply, owned_trust = first_turn("I'm sorry, I forgot, that's on me")
    excuse_reply, excuse_trust = first_turn("sorry but traffic was crazy")
    blame_reply, blame_trust = first_turn("you didn't remind me")
    assert owned_reply == "utter_partner_messed_up_warm"
    assert excuse_reply == "utter_partner_messed_up_cool_excuse"
    assert blame_reply == "utter_partner_messed_up_cool_blame"
    assert owned_trust > excuse_trust > blame_trust


def test_inside_a_roleplay_nothing_restarts_the_scenario(partner):
    partner.open("messed-up")
    for text in ("I'm sorry I messed up", "hello", "I want to practise telling her I messed up"):
        result = partner.respond(text, TEXT)
        assert [r.speaker for r in result.replies] == ["partner"], text
    assert len(partner.slots()["turns"]) == 3


def test_owning_it_ends_warmly_with_a_debrief(partner):
    partner.open("messed-up")
    turns = ["I'm sorry, I forgot, that's on me", "I messed up. How did that feel for you?", "I let you down and I'm sorry"]
    results = [partner.respond(text, TEXT) for text in turns]
    assert not any(r.session_over for r in results[:-1])
    final = results[-1]
    assert final.session_over
    assert response_of(final.replies[0].text) == "utter_partner_messed_up_end_warm"
    assert {r.speaker for r in final.replies[1:]} == {"coach"} and len(final.replies) >= 3
    assert final.replies[1].text.startswith(("What went well", "Good work", "The strong part"))


def test_stop_ends_with_a_debrief_and_session_over(partner):
    partner.open("messed-up")
    partner.respond("I was busy", TEXT)
    result = partner.respond("stop", TEXT)
    assert result.session_over
    assert all(r.speaker == "coach" for r in result.replies)
    assert len(result.replies) >= 3  # stopped + what went well + what to try next
    assert any("because" in r.text or "reasons" in r.text for r in result.replies)  # names the excuse


def test_voice_metadata_reaches_the_action(partner):
    partner.open("messed-up")
    text = "I messed up and I am really sorry"
    partner.respond(text, voice_metadata(text, seconds_per_word=0.4))
    turn = partner.slots()["turns"][0]
    assert turn["source"] == "voice"
    # 8 words from 0.0 s to 3.15 s
    assert turn["words_per_minute"] == pytest.approx(8 / 3.15 * 60, abs=0.2)
    debrief = partner.respond("stop", TEXT)
    assert any("152 words a minute" in r.text for r in debrief.replies)


def test_dead_action_server_raises_a_clear_error(trained_model):
    server = ActionServer()
    server.start()
    session = RasaPartner(trained_model, server.url)
    try:
        session.open("messed-up")
        server.stop()
        assert not server.is_alive()
        with pytest.raises(DialogueError, match="action server"):
            session.respond("I'm sorry", TEXT)
    finally:
        session.close()
        server.stop()


def test_model_is_stale_when_training_data_is_newer(tmp_path):
    from assistant.model import model_is_stale

    (tmp_path / "data").mkdir()
    for name in ("domain.yml", "config.yml", "data/nlu.yml"):
        (tmp_path / name).write_text("version: '3.1'\n")
    model = tmp_path / "models" / "realtalk.tar.gz"
    assert model_is_stale(model, tmp_path)  # missing
    model.parent.mkdir()
    model.write_bytes(b"")
    for name in ("domain.yml", "config.yml", "data/nlu.yml"):
        os.utime(tmp_path / name, (1_000, 1_000))
    os.utime(model, (2_000, 2_000))
    assert not model_is_stale(model, tmp_path)
    os.utime(tmp_path / "data" / "nlu.yml", (3_000, 3_000))
    assert model_is_stale(model, tmp_path)


def test_action_server_that_cannot_start_reports_its_output():
    from assistant.action_server import ActionServerError

    server = ActionServer(actions_module="dialogue.no_such_module", startup_timeout_s=30)
    with pytest.raises(ActionServerError, match="No module named 'dialogue.no_such_module'"):
        server.start()
    assert not server.is_alive()
