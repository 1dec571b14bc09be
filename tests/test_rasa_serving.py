"""Rasa loaded for serving: deferred imports run on first use, and the training graph is skipped."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.fresh_python import run_python


def test_a_deferred_module_runs_once_on_first_use(tmp_path):
    package = tmp_path / "probe_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "heavy.py").write_text("import builtins\nbuiltins.heavy_runs = getattr(builtins, 'heavy_runs', 0) + 1\n"
                                      "VALUE = 42\n")
    seen = run_python(f"""
        import builtins, json, sys
        sys.path.insert(0, {str(tmp_path)!r})
        from assistant.rasa.serving import defer_imports
        defer_imports(["probe_pkg.heavy"])
        import probe_pkg.heavy
        import probe_pkg.heavy  # a second import reads __spec__, which must not load it
        from probe_pkg import heavy
        after_imports = getattr(builtins, "heavy_runs", 0)
        value = heavy.VALUE
        print(json.dumps({{"after_imports": after_imports, "value": value, "runs": builtins.heavy_runs,
                          "same": heavy is sys.modules["probe_pkg.heavy"]}}))
    """)
    assert seen == {"after_imports": 0, "value": 42, "runs": 1, "same": True}


@pytest.mark.slow
def test_rasa_imports_without_tensorflow_and_loads_it_when_a_component_needs_it():
    seen = run_python("""
        import json, sys
        from assistant.rasa.serving import defer_imports
        defer_imports()
        import rasa.core.agent
        import rasa.core.policies.rule_policy
        without = "tensorflow" in sys.modules
        from rasa.nlu.classifiers.diet_classifier import DIETClassifier  # a TensorFlow component
        import rasa.utils.train_utils
        print(json.dumps({"tensorflow_after_agent": without, "tensorflow_after_diet": "tensorflow" in sys.modules,
                          "train_utils_works": rasa.utils.train_utils.check_deprecated_options({"epochs": 1}) == {"epochs": 1},
                          "diet_defaults": "epochs" in DIETClassifier.get_default_config()}))
    """)
    assert seen == {"tensorflow_after_agent": False, "tensorflow_after_diet": True,
                    "train_utils_works": True, "diet_defaults": True}


@pytest.mark.slow
def test_serving_metadata_skips_the_training_graph_only_inside_the_block(trained_model):
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    from assistant.rasa.serving import serving_metadata

    def metadata():
        with tempfile.TemporaryDirectory() as storage:
            return LocalModelStorage.from_model_archive(Path(storage), trained_model)[1]

    with serving_metadata():
        serving = metadata()
    full = metadata()
    assert serving.train_schema.nodes == {}
    assert full.train_schema.nodes, "outside the block the training graph is read again"
    assert serving.predict_schema == full.predict_schema
    assert "schema_validator" in full.train_schema.nodes


@pytest.mark.slow
def test_quicker_turns_find_the_same_event_classes_and_still_reject_bad_action_responses():
    import jsonschema
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    from assistant.rasa.serving import quicker_turns

    names = {event_class.type_name for event_class in all_subclasses(Event)}
    before = {name: Event.resolve_by_type(name) for name in names}
    quicker_turns()
    quicker_turns()  # a second call changes nothing
    assert {name: Event.resolve_by_type(name) for name in names} == before
    assert Event.resolve_by_type("no-such-event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no-such-event")

    action = RemoteAction("action_partner_reacts", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "trust", "value": 2}], "responses": []})
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "slot", "name": "trust"}], "responses": "not a list"})
