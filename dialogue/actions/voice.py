"""The Rasa custom action for the voice commands about how replies are spoken.

"repeat that", "slower", "faster", "pause" and "continue" are recognised by the NLU (the
intents of the same names) and carried out by the client, which owns the voice and the
pause (assistant/commands.py). This action hands the command back as a custom message,
``{"command": "<intent>"}``, and returns no events: the role-play's slots stay as they were,
so the next turn is answered as if the command had not been said.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

VOICE_COMMANDS = ("repeat", "slower", "faster", "pause", "resume")
"""The intents the client obeys; each is also the command's name in the message."""
COMMAND_KEY = "command"


class ActionVoiceCommand(Action):
    """Send the voice command to the client; the dialogue itself says and changes nothing."""

    def name(self) -> str:
        return "action_voice_command"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in VOICE_COMMANDS:
            dispatcher.utter_message(json_message={COMMAND_KEY: intent})
        return []
