"""Scripted text sessions through the real ``realtalk practice`` command."""

import os
import subprocess
import sys

import pytest

from dialogue.practices.scenarios import PRACTICES
from dialogue.responses import all_responses
from tests.domain_lines import is_variation_of
from tests.realtalk_process import PROJECT_DIR, RealtalkProcess
from tests.scenario_turns import FIRST_TURNS

pytestmark = pytest.mark.slow


def _session(*turns: str, args=("--text", "--scenario", "messed-up", "--mute"), env=None) -> RealtalkProcess:
    script = "".join(f"{turn}\n" for turn in turns)
    realtalk = RealtalkProcess("practice", *args, env=env, stdin=subprocess.PIPE)
    realtalk.process.stdin.write(script)
    realtalk.process.stdin.close()
    assert realtalk.finish(timeout_s=240) == 0, realtalk.transcript()
    return realtalk


def _reacts(line: str, reaction: str, key: str = "messed_up") -> bool:
    """``line`` voices ``reaction``, or picks up what was said in the mood the reaction set
    (a reflection: "Traffic? Everyone's got traffic." for an excuse, "A bakery? Since when?")."""
    reflections = [name for name in all_responses() if name.startswith(f"utter_partner_{key}_reflect_")]
    return is_variation_of(line, reaction) or any(is_variation_of(line, name) for name in reflections)


@pytest.mark.parametrize(
    ("turn", "reaction"),
    [
        ("I'm sorry, I forgot. That's on me.", "utter_partner_messed_up_warm"),
        ("Sorry, but the traffic was crazy, you know how it is.", "utter_partner_messed_up_cool_excuse"),
        ("You never reminded me, so it's your fault really.", "utter_partner_messed_up_cool_blame"),
    ],
)
def test_the_partner_reacts_to_how_the_user_speaks(trained_model, turn, reaction):
    realtalk = _session(turn, "stop")
    opening, *replies = realtalk.said("partner")
    assert is_variation_of(opening, "utter_partner_messed_up_open")
    assert any(_reacts(reply, reaction) for reply in replies), realtalk.transcript()
    assert realtalk.said("you") == [turn, "stop"]
    assert realtalk.said("coach")[-1], "a debrief closes the session"


def test_owning_it_over_several_turns_reaches_a_warm_ending(trained_model):
    realtalk = _session(
        "I'm so sorry. I completely forgot, and that's on me.",
        "I feel awful that you waited for an hour. How did that feel for you?",
        "I messed up. Next time I'll put it in my calendar and call you if anything changes.",
        "What can I do to make it up to you?",
        "I hear you. Thank you for telling me how much it hurt.",
        "I really am sorry. I want to do better by you.",
    )
    partner = realtalk.said("partner")
    assert any(is_variation_of(line, "utter_partner_messed_up_end_warm") for line in partner), realtalk.transcript()
    assert realtalk.said("coach")[-1]


def _without_sound_server(tmp_path) -> dict:
    """An environment where the ALSA pulse plugin finds no server, so only sound cards remain."""
    client_conf = tmp_path / "client.conf"
    client_conf.write_text("autospawn = no\n")
    return {"PULSE_SERVER": f"unix:{tmp_path}/no-such-socket", "PULSE_CLIENTCONFIG": str(client_conf)}


def test_without_a_microphone_text_mode_is_announced_in_one_line(trained_model, tmp_path):
    env = _without_sound_server(tmp_path)
    probe = subprocess.run(
        [sys.executable, "-c", "from audio.devices import has_device; print(has_device('input'))"],
        env={**os.environ, **env}, capture_output=True, text=True, check=True, cwd=PROJECT_DIR,
    )
    if probe.stdout.strip() == "True":
        pytest.skip("this machine has a real microphone; the no-microphone path needs one without")
    realtalk = _session("stop", args=("--scenario", "messed-up"), env=env)
    notices = [line for name, line in realtalk.lines if "No microphone" in line]
    assert notices == ["No microphone found: continuing in text mode (type each turn; 'stop' ends)."]
    assert realtalk.said("partner"), "the session goes on in text mode"


def test_an_unknown_scenario_lists_the_real_ones():
    realtalk = RealtalkProcess("practice", "--text", "--scenario", "nope")
    assert realtalk.finish(timeout_s=120) == 1
    output = realtalk.transcript()
    assert "no scenario 'nope'" in output and "messed-up" in output
    assert "Traceback" not in output


# ------------------------------------------------------- the scenario library
@pytest.mark.parametrize("scenario", sorted(FIRST_TURNS))
def test_every_scenario_cools_at_a_bad_turn_and_warms_when_it_is_tried_again(trained_model, scenario):
    (good, warm), (bad, cool) = FIRST_TURNS[scenario]
    key = scenario.replace("-", "_")
    realtalk = _session(bad, "try that again", good, "stop", args=("--text", "--scenario", scenario, "--mute"))
    opening, *rest = realtalk.said("partner")
    assert is_variation_of(opening, f"utter_partner_{key}_open"), realtalk.transcript()
    again = rest.index(opening)  # "try that again": the partner says its line again, word for word
    cooled, warmed = rest[:again], rest[again + 1:]
    assert cooled and warmed, realtalk.transcript()
    assert any(_reacts(line, cool, key) for line in cooled), realtalk.transcript()
    assert any(_reacts(line, warm, key) for line in warmed), realtalk.transcript()
    coach = realtalk.said("coach")
    assert is_variation_of(coach[1], f"utter_coach_cue_{key}")
    assert any(is_variation_of(line, "utter_coach_stopped") for line in coach), "stop debriefs"


def test_a_safety_concern_ends_the_roleplay_with_local_support_and_no_debrief(trained_model):
    realtalk = _session(
        "I lost my job today, and I'm scared.",
        "stop, he hits me when he's angry",
        "this line is never read",
        args=("--text", "--scenario", "scared", "--mute"),
        env={"REALTALK_COUNTRY": "IE"},
    )
    coach_after = realtalk.said("coach")[-3:]
    assert is_variation_of(coach_after[0], "utter_coach_safety_stop"), realtalk.transcript()
    assert is_variation_of(coach_after[1], "utter_coach_safety_support") and "112 or 999" in coach_after[1]
    assert is_variation_of(coach_after[2], "utter_coach_safety_close")
    assert not any(line.startswith(("What went well", "The strong part", "By the numbers")) for line in realtalk.said("coach"))
    assert realtalk.said("you") == ["I lost my job today, and I'm scared.", "stop, he hits me when he's angry"]


def test_realtalk_scenarios_lists_every_scenario_in_one_line_each():
    realtalk = RealtalkProcess("scenarios")
    assert realtalk.finish(timeout_s=60) == 0, realtalk.transcript()
    lines = [line for name, line in realtalk.lines if name == "stdout"]
    assert [line.split()[0] for line in lines] == list(PRACTICES)
    assert all(PRACTICES[line.split()[0]].practises in line for line in lines)


# ------------------------------------------------------------ the guided flows
def _guided(flow_id: str, *turns: str) -> RealtalkProcess:
    return _session(*turns, args=("--text", "--scenario", flow_id, "--mute"))


def _coach_lines_of(realtalk: RealtalkProcess, name: str) -> list[str]:
    return [line for line in realtalk.said("coach") if is_variation_of(line, name)]


def test_real_talk_night_goes_through_its_prompts_with_a_reflection_after_each(trained_model):
    realtalk = _guided(
        "real-talk-night",
        "I'm scared to tell my dad I'm not happy at work.",
        "I wish you understood that I need quiet time after work.",
        "skip",
        "It's fine, whatever.",
        "I feel grateful for my sister.",
        "stop",
    )
    for step in range(1, 6):
        assert _coach_lines_of(realtalk, f"utter_coach_real_talk_night_step_{step}"), realtalk.transcript()
    assert _coach_lines_of(realtalk, "utter_coach_real_talk_night_reflect_feeling")
    assert _coach_lines_of(realtalk, "utter_coach_real_talk_night_reflect_minimising")
    assert _coach_lines_of(realtalk, "utter_coach_real_talk_night_wrapup")
    assert _coach_lines_of(realtalk, "utter_coach_after_guided")
    assert not realtalk.said("partner")


def test_start_small_unlocks_a_step_on_an_i_statement_but_not_on_blame(trained_model):
    realtalk = _guided(
        "start-small",
        "You always leave your dishes in the sink.",
        "I felt annoyed when the dishes piled up this week.",
        "stop",
    )
    coach = realtalk.said("coach")
    assert is_variation_of(coach[1], "utter_coach_start_small_step_1") and "Step 1 of 4" in coach[1], realtalk.transcript()
    assert is_variation_of(coach[2], "utter_coach_start_small_cue_blame"), realtalk.transcript()
    assert is_variation_of(coach[3], "utter_coach_start_small_unlocked")
    assert is_variation_of(coach[4], "utter_coach_start_small_step_2") and "Step 2 of 4" in coach[4]


def test_prep_real_talk_shapes_the_opening_then_the_partner_opens(trained_model):
    realtalk = _guided(
        "prep-real-talk",
        "My partner Sam keeps cancelling our plans at the last minute. It makes me feel so lonely.",
        "when you cancel at the last minute",
        "I need you to tell me a day before",
        "I feel lonely when you cancel at the last minute, and I need you to tell me a day before.",
        "stop",
    )
    read_back = _coach_lines_of(realtalk, "utter_coach_prep_real_talk_read_back")
    assert len(read_back) == 1, realtalk.transcript()
    assert "lonely" in read_back[0] and "you to tell me a day before" in read_back[0]
    accepted = _coach_lines_of(realtalk, "utter_coach_prep_real_talk_accepted")
    assert accepted and "I feel lonely when you cancel" in accepted[0]
    partner = realtalk.said("partner")
    assert partner and is_variation_of(partner[0], "utter_partner_hurt_not_fine_open"), realtalk.transcript()
    assert any("Sam" in line for line in _coach_lines_of(realtalk, "utter_coach_scenario_intro"))
