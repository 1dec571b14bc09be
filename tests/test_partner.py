"""End-to-end tests: the real trained model, in process, against a real action server."""

from __future__ import annotations

import os

import pytest

from assistant.rasa.action_server import ActionServer
from assistant.rasa.partner import DialogueError, RasaPartner
from tests import test_actions
from tests.domain_lines import response_of

pytestmark = pytest.mark.slow


def voice_metadata(text: str, seconds_per_word: float = 0.4) -> dict:
    return test_actions.voice_metadata(text, seconds_per_word, word_s=seconds_per_word - 0.05)


TEXT = {"source": "text", "duration_s": 0.0, "words": []}


@pytest.fixture
def partner(trained_model, action_server):
    with RasaPartner(trained_model, action_server.url) as session:
        yield session


def test_scenario_opens_with_coach_then_partner(partner):
    result = partner.open("messed-up")
    assert [r.speaker for r in result.replies] == ["coach", "coach", "partner"]  # intro, cue, opening
    assert response_of(result.replies[1].text) == "utter_coach_cue_messed_up"
    assert response_of(result.replies[2].text) == "utter_partner_messed_up_open"
    assert not result.session_over
    assert partner.slots()["roleplay_active"] is True


def test_session_without_scenario_gets_the_coach_menu(partner):
    result = partner.open(None)
    assert len(result.replies) == 1 and result.replies[0].speaker == "coach"
    assert "messed up" in result.replies[0].text
    assert partner.slots()["roleplay_active"] is False


def test_choosing_by_voice_asks_who_then_starts_the_scenario(partner):
    partner.open(None)
    result = partner.respond("I want to practise telling her I messed up", TEXT)
    assert [r.speaker for r in result.replies] == ["coach"]
    assert partner.slots()["scenario"] == "messed-up" and partner.slots()["phase"] == "setup"
    result = partner.respond("my brother Tom", TEXT)
    assert [r.speaker for r in result.replies] == ["coach", "coach", "partner"]
    assert "Tom, your brother" in result.replies[0].text
    assert partner.slots()["persona"]["relationship"] == "sibling"


def test_owned_apology_warms_the_partner_where_excuse_and_blame_cool_them(trained_model, action_server):
    def first_turn(text: str) -> tuple[str, float]:
        with RasaPartner(trained_model, action_server.url) as session:
            session.open("messed-up")
            result = session.respond(text, TEXT)
            assert [r.speaker for r in result.replies][0] == "partner"
            return result.replies[0].response, session.slots()["trust"]

    owned_reply, owned_trust = first_turn("I'm sorry, I forgot, that's on me")
    excuse_reply, excuse_trust = first_turn("sorry but traffic was crazy")
    blame_reply, blame_trust = first_turn("you didn't remind me")
    assert owned_reply == "utter_partner_messed_up_warm"
    # an excuse is met coolly, or its reason picked up ("Traffic. Everyone gets traffic."), by its kind
    assert excuse_reply in ("utter_partner_messed_up_cool_excuse", "utter_partner_messed_up_reflect_reason")
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
    turns = ["I'm sorry, I forgot, that's on me", "I messed up. How did that feel for you?", "I let you down and I'm sorry",
             "I should have been there. Was it awful?", "That's completely on me, I'm sorry.",
             "I really am sorry. Are you okay?"]
    results = [partner.respond(text, TEXT) for text in turns]
    assert not any(r.session_over for r in results[:-1])
    final = results[-1]
    assert not final.session_over  # the debrief offers another try; "stop" finishes
    assert [r.response for r in final.replies if r.speaker == "partner"][-1] == "utter_partner_messed_up_end_warm"
    coach = [r for r in final.replies if r.speaker == "coach"]
    assert final.replies[-len(coach) - 1].speaker == "partner" and len(coach) >= 3, "the partner's last word, then the coach"
    assert coach[0].text.startswith(("What went well", "Good work", "The strong part"))
    assert response_of(final.replies[-1].text) == "utter_coach_after_debrief"
    assert partner.respond("stop", TEXT).session_over


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
    from assistant.rasa.model import model_is_stale

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
    from assistant.rasa.action_server import ActionServerError

    server = ActionServer(actions_module="dialogue.no_such_module", startup_timeout_s=30)
    with pytest.raises(ActionServerError, match="No module named 'dialogue.no_such_module'"):
        server.start()
    assert not server.is_alive()


# ------------------------------------------------------- the scenario library
def _roleplay(partner, scenario: str) -> None:
    partner.open(scenario)
    assert partner.slots()["phase"] == "roleplay"


def test_try_again_repeats_the_partners_line_and_restores_trust(partner):
    opening = partner.open("hurt-not-fine").replies[-1].text
    first = partner.respond("I'm not fine. I'm hurt.", TEXT).replies[0].text
    trust_after_first = partner.slots()["trust"]
    partner.respond("it's fine, whatever", TEXT)
    assert partner.slots()["trust"] < trust_after_first
    retry = partner.respond("try again", TEXT)
    assert [r.speaker for r in retry.replies] == ["coach", "partner"]
    assert retry.replies[1].text == first  # word for word, not another variation
    assert partner.slots()["trust"] == trust_after_first and len(partner.slots()["turns"]) == 1
    again = partner.respond("try again", TEXT)
    assert again.replies[1].text == opening
    assert partner.slots()["turns"] == []


def test_commands_mid_roleplay_do_not_derail_it(partner):
    _roleplay(partner, "listening")
    tip = partner.respond("give me a tip", TEXT)
    assert [response_of(r.text) for r in tip.replies] == ["utter_coach_cue_listening"]
    assert partner.slots()["phase"] == "roleplay" and partner.slots()["turns"] == []
    for command in ("repeat that", "slower", "pause", "continue"):
        assert partner.respond(command, TEXT).replies == (), command
    assert partner.respond("help", TEXT).replies[0].speaker == "coach"
    partner.respond("that sounds really hard", TEXT)
    restart = partner.respond("start over", TEXT)
    assert response_of(restart.replies[-1].text) == "utter_partner_listening_open"
    assert partner.slots()["turns"] == [] and partner.slots()["phase"] == "roleplay"


def test_roleplay_talk_that_sounds_like_a_command_reaches_the_partner(partner):
    _roleplay(partner, "love-first")
    for text in ("I can't stop thinking about you", "how can I help", "I want us to try again"):
        result = partner.respond(text, TEXT)
        assert [r.speaker for r in result.replies][:1] == ["partner"], text
    assert len(partner.slots()["turns"]) == 3


def test_skip_goes_to_the_debrief_and_stop_then_finishes(partner):
    _roleplay(partner, "scared")
    partner.respond("I lost my job today and I'm scared", TEXT)
    skipped = partner.respond("skip", TEXT)
    assert not skipped.session_over and partner.slots()["phase"] == "menu"
    names = [response_of(r.text) for r in skipped.replies]
    assert names[0] == "utter_coach_skipped" and names[-1] == "utter_coach_after_debrief"
    assert "utter_coach_debrief_well_named_fear" in names
    assert partner.respond("stop", TEXT).session_over


def test_skip_answers_the_setup_question(partner):
    partner.open(None)
    partner.respond("I want to practise asking for what I need", TEXT)
    assert partner.slots()["phase"] == "setup"
    result = partner.respond("skip", TEXT)
    assert response_of(result.replies[-1].text) == "utter_partner_what_i_need_open"


def test_a_style_changes_start_trust_and_wording(partner):
    partner.open(None)
    partner.respond("make them dismissive", TEXT)
    result = partner.respond("I want to practise telling Sam I love him", TEXT)
    assert response_of(result.replies[-1].text) == "utter_partner_love_first_open_dismissive"
    slots = partner.slots()
    assert slots["persona"] == {"name": "Sam", "relationship": "partner", "relation_word": "", "style": "dismissive"}
    assert slots["trust"] < 0.4  # love-first starts at 0.4 with its own (warm) partner


@pytest.mark.parametrize("phase_text", [None, "I want to practise listening", "I'm sorry I forgot"])
def test_safety_outranks_every_phase_and_command(partner, phase_text):
    if phase_text == "I'm sorry I forgot":
        partner.open("messed-up")
        partner.respond(phase_text, TEXT)
    else:
        partner.open(None)
        if phase_text:
            partner.respond(phase_text, TEXT)  # now in the set-up question
    result = partner.respond("stop, he hits me", {**TEXT, "country": "GB"})
    assert result.session_over
    names = [response_of(r.text) for r in result.replies]
    assert names == ["utter_coach_safety_stop", "utter_coach_safety_support", "utter_coach_safety_close"]
    assert "999" in result.replies[1].text and "116 123" in result.replies[1].text
    assert partner.slots()["ending"] == "safety"
