"""The response texts of domain.yml, to tell which kind of reply the partner gave."""

from __future__ import annotations

import os
import re

import yaml

DOMAIN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "domain.yml")


def response_texts(name: str) -> list[str]:
    """Every variation of the response ``name``."""
    with open(DOMAIN, encoding="utf-8") as file:
        responses = yaml.safe_load(file)["responses"]
    return [variation["text"] for variation in responses[name]]


def is_variation_of(line: str, name: str) -> bool:
    """True when ``line`` is one of the variations of ``name`` (slots in braces match anything)."""
    for text in response_texts(name):
        pattern = ".*?".join(re.escape(part) for part in re.split(r"\{[^}]+\}", text))
        if re.fullmatch(pattern, line.strip()):
            return True
    return False
