"""The Rasa NLU component that applies dialogue.practices.intent_gate to every message.

It runs last in the pipeline (config.yml), after the intent classifier, so the
safety check (the judged level: rules plus the trained head, ``dialogue.judgement``) and the
command confidence gate see every user message in every dialogue state, before any rule or
policy does. Messages given as "/intent{…}"
(the client's scenario start) are set by Rasa after the pipeline and skip it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from dialogue.practices.intent_gate import (
    COMMAND_INTENTS,
    DEFAULT_SHORT_THRESHOLD,
    DEFAULT_SHORT_WORDS,
    DEFAULT_THRESHOLD,
    gate_intent,
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentGate(GraphComponent):
    """Safety first, then low-confidence commands become talk."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"command_threshold": DEFAULT_THRESHOLD, "short_command_words": DEFAULT_SHORT_WORDS,
                "short_command_threshold": DEFAULT_SHORT_THRESHOLD}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.threshold = float(config.get("command_threshold", DEFAULT_THRESHOLD))
        self.short_words = int(config.get("short_command_words", DEFAULT_SHORT_WORDS))
        self.short_threshold = float(config.get("short_command_threshold", DEFAULT_SHORT_THRESHOLD))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "IntentGate":
        return cls(config)

    def _safety_level(self, text: str, intent: Dict[Text, Any]) -> str:
        """The judged safety level; but a concern only the trained head sees does not override a confident,
        short command ("pause the session"): commands are not what its corpus was written from."""
        from dialogue.coaching.safety import SAFETY_NONE, safety_level
        from dialogue.judgement.judge import judge

        judged = judge(text).phrasing.safety_level
        is_command = (intent.get("name") in COMMAND_INTENTS and float(intent.get("confidence") or 0.0) >= self.threshold
                      and len(text.split()) <= self.short_words)
        if judged != SAFETY_NONE and is_command and safety_level(text) == SAFETY_NONE:
            return SAFETY_NONE
        return judged

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            ranking = [(r.get("name"), float(r.get("confidence") or 0.0)) for r in message.get(INTENT_RANKING_KEY) or []]
            gated = gate_intent(
                text,
                intent.get("name"),
                float(intent.get("confidence") or 0.0),
                ranking,
                self.threshold,
                self.short_words,
                self._safety_level(text, intent),
                self.short_threshold,
            )
            if gated.changed:
                chosen = {"name": gated.name, "confidence": gated.confidence}
                message.set(INTENT, chosen, add_to_output=True)
                others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != gated.name]
                message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
        return messages
