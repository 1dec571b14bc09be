"""Rasa loaded for serving only: without TensorFlow, which realtalk's pipeline never runs.

Rasa 3.6 imports TensorFlow on two paths that a TensorFlow-free model does not need to answer:

- ``rasa.utils.train_utils`` (imported by every entity extractor and policy for training
  helpers) imports Keras callbacks. ``defer_imports`` makes it, and the evaluation modules
  that only ``rasa test`` calls, load on first use instead of on import.
- A model's metadata holds its training graph, which names the training-only recipe
  validator, which imports DIET and TED. ``serving_metadata()`` skips reading that graph;
  answering uses the prediction graph alone.

One more reads a training helper at load time: ``CRFEntityExtractor.__init__`` calls
``rasa.utils.train_utils.init_split_entities`` (a five-line function), which would load the
deferred module and TensorFlow with it. ``serving_metadata()`` also hands the extractor that
function without the module.

Together they save about 2.5 s and 350 MB in the dialogue process. A model that does use
DIET or TED still loads: its components import TensorFlow themselves, and a deferred module
loads as soon as anything reads from it.

Two per-turn costs of Rasa's serving path are cut without changing what it does
(``quicker_turns()``): each action server response is still checked against Rasa's schema,
but the schema itself is no longer re-checked first (about 20 ms a turn); and an event's
class is looked up by name in a table instead of a walk over every Event subclass, which
Rasa repeats for each event of the conversation whenever it reads the tracker, so that cost
grows with the session. Measured in process with the SQLite tracker store (2 runs each way):
turns 1-8 took 30-49 ms instead of 49-89 ms, turns 33-40 took 63-102 ms instead of 91-149 ms.

``action_endpoint`` points Rasa's custom actions at the session's private Unix socket
(``assistant.rasa.action_server``) instead of a TCP port.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

# Imported by Rasa's serving path only for functions that training and `rasa test` call.
TRAINING_ONLY_MODULES = ("rasa.utils.train_utils", "rasa.core.test", "rasa.nlu.test", "rasa.utils.plotting")

# The import system reads these on every import of a module; they must not trigger loading.
_IMPORT_SYSTEM_ATTRIBUTES = frozenset({"__spec__", "__name__", "__class__", "__dict__", "__loader__", "__path__"})


class _DeferredModule(types.ModuleType):
    """A module whose code runs the first time anything else is read from it."""

    def __getattribute__(self, name: str) -> Any:
        if name in _IMPORT_SYSTEM_ATTRIBUTES:
            return object.__getattribute__(self, name)
        spec = object.__getattribute__(self, "__spec__")
        with spec.loader_state["lock"]:
            if object.__getattribute__(self, "__class__") is _DeferredModule:
                object.__setattr__(self, "__class__", types.ModuleType)
                spec.loader_state["loader"].exec_module(self)
        return getattr(self, name)


class _DeferredLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__spec__.loader_state = {"loader": self._loader, "lock": threading.RLock()}
        module.__spec__.loader = module.__loader__ = self._loader
        module.__class__ = _DeferredModule


class _DeferringFinder(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self.names: set[str] = set()
        self._finding = threading.local()

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name not in self.names or getattr(self._finding, "active", False):
            return None
        self._finding.active = True
        try:
            spec = importlib.util.find_spec(name)
        finally:
            self._finding.active = False
        if spec is None or spec.loader is None:
            return None
        spec.loader = _DeferredLoader(spec.loader)
        return spec


def defer_imports(names: Iterable[str] = TRAINING_ONLY_MODULES) -> None:
    """From now on, importing one of ``names`` loads it on first use. Those already imported stay as they are."""
    finder = next((finder for finder in sys.meta_path if isinstance(finder, _DeferringFinder)), None)
    if finder is None:
        finder = _DeferringFinder()
        sys.meta_path.insert(0, finder)
    finder.names.update(names)


@contextmanager
def serving_metadata() -> Iterator[None]:
    """Within this block, loading a model reads its prediction graph and not its training graph."""
    from rasa.engine.storage.storage import ModelMetadata

    original = ModelMetadata.__dict__["from_dict"]

    def without_training_graph(cls: type, serialized: dict[str, Any]) -> Any:
        return original.__func__(cls, {**serialized, "train_schema": {"nodes": {}}})

    ModelMetadata.from_dict = classmethod(without_training_graph)
    try:
        with _crf_without_training_utils():
            yield
    finally:
        ModelMetadata.from_dict = original


def _init_split_entities(config: bool | dict, default: bool) -> dict:
    """``rasa.utils.train_utils.init_split_entities``, which Rasa's CRF calls while loading."""
    from rasa.shared.nlu.constants import SPLIT_ENTITIES_BY_COMMA

    if isinstance(config, bool):
        return {SPLIT_ENTITIES_BY_COMMA: config}
    return {**config, SPLIT_ENTITIES_BY_COMMA: default}


@contextmanager
def _crf_without_training_utils() -> Iterator[None]:
    """Within this block, a CRFEntityExtractor is built without loading ``rasa.utils.train_utils``."""
    import rasa.utils
    from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor

    original = CRFEntityExtractor.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        deferred = rasa.utils.__dict__.get("train_utils")
        rasa.utils.train_utils = types.SimpleNamespace(init_split_entities=_init_split_entities)  # type: ignore[attr-defined]
        try:
            original(self, *args, **kwargs)
        finally:
            if deferred is None:
                del rasa.utils.train_utils  # type: ignore[attr-defined]
            else:
                rasa.utils.train_utils = deferred  # type: ignore[attr-defined]

    CRFEntityExtractor.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        CRFEntityExtractor.__init__ = original  # type: ignore[method-assign]


def quicker_turns() -> None:
    """Apply both per-turn savings (once per process)."""
    _validate_action_results_with_one_validator()
    _look_up_event_classes_by_name()


def _validate_action_results_with_one_validator() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result
    if getattr(original, "realtalk_quicker", False):
        return

    @cache
    def validator() -> Any:
        schema = RemoteAction.action_response_format_spec()
        validator_class = validator_for(schema)
        validator_class.check_schema(schema)
        return validator_class(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator().validate(result)
        except ValidationError:
            return original(self, result)  # Rasa's own path, for its error message
        return True

    validate_action_result.realtalk_quicker = True
    RemoteAction._validate_action_result = validate_action_result


def _look_up_event_classes_by_name() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.__dict__["resolve_by_type"].__func__
    if getattr(original, "realtalk_quicker", False):
        return
    by_name: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        if type_name not in by_name:  # an unknown name, or a subclass imported since: walk again
            for event_class in reversed(all_subclasses(Event)):  # the first of a name wins, as in Rasa
                by_name[event_class.type_name] = event_class
        if type_name in by_name:
            return by_name[type_name]
        return original(type_name, default)  # Rasa's own answer for names no class has

    resolve_by_type.realtalk_quicker = True
    Event.resolve_by_type = staticmethod(resolve_by_type)


def action_endpoint(url: str) -> Any:
    """Rasa's action endpoint for ``url``: an ordinary ``EndpointConfig``, or for ``unix://<socket>`` one
    whose HTTP sessions connect to that Unix socket (the session's private action server), never
    to a TCP port. Requests go uncompressed (Rasa's default, and the server refuses compressed ones)."""
    import aiohttp
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
    from rasa.utils.endpoints import EndpointConfig

    from assistant.rasa.action_server import socket_of

    socket_path = socket_of(url)
    if socket_path is None:
        return EndpointConfig(url=url)

    class UnixSocketEndpoint(EndpointConfig):
        def session(self) -> aiohttp.ClientSession:
            return aiohttp.ClientSession(
                connector=aiohttp.UnixConnector(path=socket_path),
                headers=self.headers,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            )

        def copy(self) -> EndpointConfig:
            return UnixSocketEndpoint(url=self.url)

    return UnixSocketEndpoint(url="http://realtalk-actions/webhook")
