"""The errors a user sees as one clear line instead of a traceback."""

from assistant.history.store import StoreError
from assistant.rasa.action_server import ActionServerError
from assistant.rasa.model import ModelTrainingError
from assistant.rasa.partner import DialogueError
from audio.devices import AudioDeviceError
from audio.stt import ModelUnavailable
from audio.tts import TtsUnavailable


class UnknownScenario(ValueError):
    """A scenario id that does not exist; the message lists the ones that do."""


USER_FACING_ERRORS = (
    ActionServerError,
    AudioDeviceError,
    DialogueError,
    ModelTrainingError,
    ModelUnavailable,
    StoreError,
    TtsUnavailable,
    UnknownScenario,
)
