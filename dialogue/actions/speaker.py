"""Saying domain responses so that no line comes twice in a session.

`Speaker` is the dispatcher an action speaks through: ``utter_message(response=...)`` picks
the variation to say (dialogue/practices/lines.py: slot conditions, filled templates, not
said before), sends its text under the response's name (so who speaks it is still read off
the name) and remembers it; ``events`` returns the `lines_said` slot to store. Content slots
are said back in the partner's words (my -> your). `SpeakingAction` wires it into an action.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dialogue.practices.content import CONTENT_SLOTS, partner_view
from dialogue.practices.lines import choose_line

LINES_SAID_SLOT = "lines_said"
LINES_REMEMBERED = 400  # a session says far fewer lines; the cap keeps the slot small

_TURNED_ROUND = frozenset(CONTENT_SLOTS) - {"place", "reason_kind"}


def _view(name: str, value: str) -> str:
    return partner_view(value) if name in _TURNED_ROUND else value


class Speaker(CollectingDispatcher):
    """A dispatcher that chooses each response's variation itself and remembers what it said."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        super().__init__()
        self.messages = dispatcher.messages  # the same list: what is said here is the action's output
        self.responses: dict[str, list[dict]] = domain.get("responses") or {}
        self.slots: dict[str, Any] = dict(tracker.current_slot_values())
        self.said: list[str] = list(self.slots.get(LINES_SAID_SLOT) or [])

    def update(self, values: dict[str, Any]) -> None:
        """Slot values this action sets, for the conditions of what it says next."""
        self.slots.update(values)

    def utter_message(self, text: str | None = None, response: str | None = None, **kwargs: Any) -> None:  # type: ignore[override]
        if response and not text:
            line = choose_line(response, self.responses.get(response) or [], self.slots,
                               {**self.slots, **kwargs}, self.said, view=_view)
            if line is not None:  # else no variation has its slots filled: Rasa's own choice
                self.said.append(line.key)
                text = line.text
        super().utter_message(text=text, response=response, **kwargs)

    def events(self) -> list[EventType]:
        """The `lines_said` slot, when this action said anything."""
        said = self.said[-LINES_REMEMBERED:]
        return [SlotSet(LINES_SAID_SLOT, said)] if said != list(self.slots.get(LINES_SAID_SLOT) or []) else []


class SpeakingAction(Action, metaclass=ABCMeta):
    """An action that speaks through a `Speaker`: subclasses implement ``act``.

    Abstract, so the action server (which registers every Action subclass) skips it."""

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def act(self, speaker: Speaker, tracker: Tracker, domain: dict) -> list[EventType]: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        speaker = Speaker(dispatcher, tracker, domain)
        events = self.act(speaker, tracker, domain)
        return events + speaker.events()
