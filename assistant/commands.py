"""Voice commands about how replies are spoken: "repeat that", "slower", "faster", "pause", "continue".

The NLU recognises them (the intents of the same names in data/nlu.yml, kept apart from
role-play talk by hard negatives and the NLU gate); the dialogue answers such a turn with
``action_voice_command``, which hands the intent back as the turn's ``command`` and changes
nothing in the role-play. The client obeys it here, because the voice and the pause are
the client's. Every command gets a coach line (texts: ``utter_coach_command_*`` in domain.yml),
so no command goes unanswered.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.rasa.partner import Reply
    from assistant.speaking import ReplyOutput

REPEAT, SLOWER, FASTER, PAUSE, RESUME = "repeat", "slower", "faster", "pause", "resume"
VOICE_COMMANDS = frozenset({REPEAT, SLOWER, FASTER, PAUSE, RESUME})
"""The intents the client obeys (dialogue/actions/voice.py hands them back)."""
STOP = "stop"
SAFETY = "safety_concern"
SAFETY_CHECK = "safety_check"
DIALOGUE_WHILE_PAUSED = frozenset({STOP, SAFETY, SAFETY_CHECK})
"""Intents that reach the dialogue even while paused: "stop" ends the session, and a safety
concern, clear or possible, outranks everything."""
SAFETY_QUESTION_SLOT = "safety_answer"
"""While the dialogue's ``requested_slot`` is this, the coach has asked "Are you safe right now?"
and the answer must reach it: the session is no longer paused."""


def coach_line(response: str) -> Reply:
    """A variation of the coach's ``utter_coach_command_*`` response, from domain.yml."""
    from assistant.rasa.partner import SPEAKER_COACH, Reply
    from dialogue.responses import all_responses

    return Reply(random.choice(all_responses()[response])["text"], SPEAKER_COACH)


def paused_hint() -> Reply:
    """What a turn gets while paused when it is not a command: it is held back from the role-play."""
    return coach_line("utter_coach_command_paused_hint")


def obey(command: str, output: ReplyOutput, paused: bool) -> bool:
    """Carry out a voice command, always answering with a coach line; whether the session is paused afterwards."""
    from assistant.speaking import RATE_STEP_WPM

    if command == REPEAT:
        _say_again(output, "utter_coach_command_repeat")
        return paused
    if command in (SLOWER, FASTER):
        delta = -RATE_STEP_WPM if command == SLOWER else RATE_STEP_WPM
        before = output.change_rate(0)
        changed = output.change_rate(delta) != before
        limit = "utter_coach_command_slowest" if command == SLOWER else "utter_coach_command_fastest"
        _say_again(output, f"utter_coach_command_{command}" if changed else limit)
        return paused
    if command == PAUSE:
        output.say([coach_line("utter_coach_command_paused_hint" if paused else "utter_coach_command_pause")],
                   remember=False)
        return True
    if command == RESUME and paused:
        _say_again(output, "utter_coach_command_resume")
        return False
    # "continue" when nothing is paused
    output.say([coach_line("utter_coach_command_not_paused")], remember=False)
    return paused


def _say_again(output: ReplyOutput, response: str) -> None:
    """The coach's line, then the last replies again (from the partner's first line, when the partner
    spoke); ``last_replies`` stays as it was, so "repeat that" twice repeats the same lines."""
    again = _worth_repeating(output.last_replies)
    if response == "utter_coach_command_repeat" and not again:
        response = "utter_coach_command_nothing_to_repeat"
    output.say([coach_line(response), *again], remember=False)


def _worth_repeating(replies: tuple) -> tuple:
    """From the partner's first line on, when the partner spoke: the coach's set-up is not repeated."""
    speakers = [reply.speaker for reply in replies]
    return replies[speakers.index("partner"):] if "partner" in speakers else replies
