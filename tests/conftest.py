"""Shared pytest fixtures."""

from __future__ import annotations

import os

import pytest

os.environ["RASA_TELEMETRY_ENABLED"] = "false"

pytest_plugins = ["tests.conftest_audio", "tests.postgres_harness"]  # private PulseAudio and PostgreSQL harnesses, shared speech


@pytest.fixture(scope="session", autouse=True)
def throwaway_data_dir(tmp_path_factory):
    """No test writes into the user's real history: sessions go to a temporary data folder
    (tests that read their own history set ``REALTALK_DATA_DIR`` per test)."""
    previous = os.environ.get("REALTALK_DATA_DIR")
    os.environ["REALTALK_DATA_DIR"] = str(tmp_path_factory.mktemp("realtalk-data"))
    yield
    if previous is None:
        os.environ.pop("REALTALK_DATA_DIR", None)
    else:
        os.environ["REALTALK_DATA_DIR"] = previous


# --------------------------------------------------------------------------
# Dialogue (Rasa) fixtures: the trained model and a running action server.
# Training happens once per test session, and only when the model is stale.
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def trained_model():
    """Path of the trained Rasa model (trains it first if missing or outdated)."""
    from assistant.rasa.model import ensure_model

    return ensure_model()


@pytest.fixture(scope="session")
def action_server():
    """A real Rasa SDK action server running dialogue.actions on a free local port."""
    from assistant.rasa.action_server import ActionServer

    with ActionServer() as server:
        yield server


# ------------------------------------------------------- end of dialogue fixtures
