"""Response texts from domain.yml, for output made outside Rasa (``realtalk analyze``)."""

from __future__ import annotations

import functools
import re

import yaml

from assistant.paths import PROJECT_DIR


@functools.lru_cache(maxsize=1)
def _responses() -> dict:
    with open(PROJECT_DIR / "domain.yml", encoding="utf-8") as file:
        return yaml.safe_load(file)["responses"]


def render(response: str, values: dict[str, object]) -> str:
    """The first variation of ``response`` with its ``{slots}`` filled from ``values``."""
    text = _responses()[response][0]["text"]
    return re.sub(r"\{(\w+)\}", lambda match: str(values.get(match.group(1), match.group(0))), text)
