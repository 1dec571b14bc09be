"""The Rasa custom actions: thin glue between the tracker and the pure packages.

Runs in the action server process (``python -m assistant.rasa.action_server``, the Rasa SDK's
server on a private Unix socket), the only part
of ``dialogue`` that imports ``rasa_sdk``. Each action reads slots and the latest message,
calls ``dialogue.coaching`` and ``dialogue.practices``, dispatches domain responses by name
and returns events. Importing this package registers every action below.
"""

from dialogue.actions.commands import (
    ActionGiveTip,
    ActionHelp,
    ActionRestartScenario,
    ActionRetryTurn,
    ActionSetPartner,
    ActionSkip,
)
from dialogue.actions.guided import ActionGuidedAnswer
from dialogue.actions.roleplay import (
    ActionKeepGoing,
    ActionPartnerReply,
    ActionSafetyExit,
    ActionSetupAnswer,
    ActionShowMenu,
    ActionStartScenario,
    ActionStopSession,
)
from dialogue.actions.safety import ActionAskSafetyAnswer, ActionSafetyCheckAnswer
from dialogue.actions.voice import ActionVoiceCommand

__all__ = [
    "ActionAskSafetyAnswer", "ActionSafetyCheckAnswer",
    "ActionGiveTip", "ActionGuidedAnswer", "ActionHelp", "ActionKeepGoing", "ActionPartnerReply", "ActionRestartScenario",
    "ActionRetryTurn", "ActionSafetyExit", "ActionSetPartner", "ActionSetupAnswer", "ActionShowMenu",
    "ActionSkip", "ActionStartScenario", "ActionStopSession", "ActionVoiceCommand",
]
