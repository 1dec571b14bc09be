"""Voice commands have one owner: the NLU recognises them, the dialogue hands them back, the client obeys.

Against the real trained model and a real action server: every training example of the five
commands comes back as that command in the middle of a role-play, with no partner line and no
change to the role-play; role-play lines that merely mention repeating, speed or pausing stay
talk; and a scripted ``realtalk practice --text`` session answers every command with a coach line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from assistant.commands import PAUSE, RESUME, SLOWER, VOICE_COMMANDS
from assistant.paths import PROJECT_DIR
from assistant.rasa.partner import RasaPartner
from tests.domain_lines import is_variation_of, response_of
from tests.realtalk_process import RealtalkProcess

pytestmark = pytest.mark.slow

TEXT = {"source": "text"}
APOLOGY = "I'm sorry, I forgot. That's on me."


def _examples(intent: str) -> list[str]:
    nlu = yaml.safe_load((Path(PROJECT_DIR) / "data" / "nlu.yml").read_text(encoding="utf-8"))["nlu"]
    blocks = [item["examples"] for item in nlu if item.get("intent") == intent]
    return [line[2:].strip() for block in blocks for line in block.splitlines() if line.startswith("- ")]


COMMAND_EXAMPLES = [(intent, text) for intent in sorted(VOICE_COMMANDS) for text in _examples(intent)]

HARD_NEGATIVES = [
    "I can't repeat that mistake", "we went too fast into this", "I need to slow down in life",
    "I paused before I said it", "go on, tell me", "carry on then", "go on", "carry on",
    "I need you to slow down with me", "Please don't go on like this", "I want to continue seeing you",
    "pause the music and listen to me for once", "Give me a moment.", "Hold on.",
]


@pytest.fixture(scope="module")
def roleplay(trained_model, action_server):
    """One partner for every example, in a messed-up role-play: commands leave it as it was."""
    with RasaPartner(trained_model, action_server.url) as partner:
        opening = partner.open("messed-up")
        assert [r.speaker for r in opening.replies][-1] == "partner"
        yield partner, opening.slots


def test_every_command_example_has_five_or_more_phrasings():
    for intent in VOICE_COMMANDS:
        assert len(_examples(intent)) >= 5, intent


@pytest.mark.parametrize(("intent", "text"), COMMAND_EXAMPLES, ids=[text for _, text in COMMAND_EXAMPLES])
def test_every_command_example_comes_back_as_that_command_mid_roleplay(roleplay, intent, text):
    partner, slots_after_opening = roleplay
    result = partner.respond(text, TEXT)
    assert result.command == intent, f"{text!r} was not the {intent} command"
    assert result.replies == (), "the dialogue says nothing itself: the client answers"
    assert result.slots == slots_after_opening, "a command changes nothing in the role-play"
    assert partner.command_in(text) == intent


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_roleplay_lines_about_repeating_speed_or_pauses_stay_talk(trained_model, action_server, text):
    with RasaPartner(trained_model, action_server.url) as partner:
        partner.open("messed-up")
        result = partner.respond(text, TEXT)
        assert result.command is None
        assert [r.speaker for r in result.replies][:1] == ["partner"], result.replies
        assert len(result.slots["turns"]) == 1
        assert partner.command_in(text) is None


def test_after_a_command_mid_roleplay_the_next_turn_gets_the_partners_reply(trained_model, action_server):
    with RasaPartner(trained_model, action_server.url) as partner:
        partner.open("messed-up")
        first = partner.respond("sorry but traffic was crazy", TEXT)
        assert [r.speaker for r in first.replies][:1] == ["partner"]
        for text in ("can we pause", "unpause", "a bit slower", "say that again"):
            assert partner.respond(text, TEXT).command is not None, text
        result = partner.respond(APOLOGY, TEXT)
        assert result.command is None
        assert response_of(result.replies[0].text) == "utter_partner_messed_up_warm"
        assert len(result.slots["turns"]) == 2 and result.slots["phase"] == "roleplay"


def test_command_in_reads_the_nlu_without_touching_the_roleplay(trained_model, action_server):
    with RasaPartner(trained_model, action_server.url) as partner:
        partner.open("messed-up")
        assert partner.command_in("continue") == RESUME
        assert partner.command_in("Stop.") == "stop"
        assert partner.command_in("stop, he hits me") == "safety_concern"  # reaches the dialogue while paused
        assert partner.command_in(APOLOGY) is None
        assert partner.slots()["turns"] == []
        result = partner.respond(APOLOGY, TEXT)
        assert response_of(result.replies[0].text) == "utter_partner_messed_up_warm"  # the first turn still


def test_command_in_crosses_to_the_dialogue_process(trained_model, action_server):
    from assistant.rasa.process import PartnerProcess

    with PartnerProcess(trained_model, action_server.url) as partner:
        partner.open("messed-up")
        assert partner.command_in("a bit slower") == SLOWER
        assert partner.respond("can we pause", TEXT).command == PAUSE


# ------------------------------------------------------------ a real text session
def _session(*turns: str) -> RealtalkProcess:
    realtalk = RealtalkProcess("practice", "--text", "--scenario", "messed-up", "--mute", stdin=subprocess.PIPE)
    realtalk.process.stdin.write("".join(f"{turn}\n" for turn in turns))
    realtalk.process.stdin.close()
    assert realtalk.finish(timeout_s=240) == 0, realtalk.transcript()
    return realtalk


def _answers(realtalk: RealtalkProcess) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each user turn with the lines printed after it, up to the next turn."""
    turns: list[tuple[str, list[tuple[str, str]]]] = []
    for name, line in realtalk.lines:
        speaker, _, text = line.partition(": ")
        if name != "stdout" or speaker not in ("you", "coach", "partner"):
            continue
        if speaker == "you":
            turns.append((text, []))
        elif turns:
            turns[-1][1].append((speaker, text))
    return turns


def test_a_text_session_answers_every_command_and_the_roleplay_carries_on(trained_model):
    script = [
        ("can we pause", "utter_coach_command_pause"),
        (APOLOGY, "utter_coach_command_paused_hint"),  # held back from the role-play while paused
        ("a bit slower", "utter_coach_command_slower"),
        ("unpause", "utter_coach_command_resume"),
        ("you're talking too fast", "utter_coach_command_slower"),
        ("continue", "utter_coach_command_not_paused"),  # nothing is paused
    ]
    realtalk = _session(*(turn for turn, _ in script), APOLOGY, "stop")
    transcript = realtalk.transcript()
    answers = _answers(realtalk)
    assert [turn for turn, _ in answers] == [turn for turn, _ in script] + [APOLOGY, "stop"], transcript
    assert all(lines for _, lines in answers), f"a turn got no answer:\n{transcript}"
    for (turn, response), (_, lines) in zip(script, answers):
        assert lines[0][0] == "coach" and is_variation_of(lines[0][1], response), f"{turn!r}:\n{transcript}"
    assert answers[1][1] == [answers[1][1][0]], "the apology while paused gets the hint only"
    # "a bit slower", "unpause" and "you're talking too fast" say the partner's line again;
    # then the apology reaches the partner, who warms, and "stop" debriefs
    partner = realtalk.said("partner")
    opening = partner[0]
    assert is_variation_of(opening, "utter_partner_messed_up_open")
    assert partner[:4] == [opening] * 4, transcript
    assert len(partner) == 5 and is_variation_of(partner[4], "utter_partner_messed_up_warm"), transcript
    assert answers[-2][1][0] == ("partner", partner[4])
    assert any(is_variation_of(line, "utter_coach_stopped") for line in realtalk.said("coach")), transcript
