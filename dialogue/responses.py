"""Response texts from domain.yml and domain/, for output made outside Rasa (``realtalk analyze``, tests).

domain.yml holds the coach's core lines; each scenario's lines are in their own
file in domain/ (see assistant/rasa/domain_importer.py, which merges them for Rasa).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
"""The Rasa project folder (domain.yml, domain/), above this package."""


def domain_files(project_dir: Path = PROJECT_DIR) -> list[Path]:
    """domain.yml, then every YAML file under domain/ in name order."""
    folder = project_dir / "domain"
    extra = sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml")) if folder.is_dir() else []
    return [project_dir / "domain.yml", *extra]


# libyaml's parser when PyYAML has it: 0.02 s for the domain instead of 0.2 s, which the
# first coaching tip of a session would otherwise wait for.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=1)
def all_responses() -> dict[str, list[dict]]:
    """Every response of the merged domain, by name."""
    responses: dict[str, list[dict]] = {}
    for path in domain_files():
        with open(path, encoding="utf-8") as file:
            responses.update((yaml.load(file, Loader=_SAFE_LOADER) or {}).get("responses") or {})
    return responses


def render(response: str, values: dict[str, object]) -> str:
    """The first variation of ``response`` with its ``{slots}`` filled from ``values``."""
    text = all_responses()[response][0]["text"]
    return re.sub(r"\{(\w+)\}", lambda match: str(values.get(match.group(1), match.group(0))), text)
