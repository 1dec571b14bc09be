"""The response texts of the domain (domain.yml and domain/), to tell which kind of reply was given."""

from __future__ import annotations

import re

from dialogue.responses import all_responses


def response_texts(name: str) -> list[str]:
    """Every variation of the response ``name``."""
    return [variation["text"] for variation in all_responses()[name]]


def is_variation_of(line: str, name: str) -> bool:
    """True when ``line`` is one of the variations of ``name`` (slots in braces match anything)."""
    for text in response_texts(name):
        pattern = ".*?".join(re.escape(part) for part in re.split(r"\{[^}]+\}", text))
        if re.fullmatch(pattern, line.strip()):
            return True
    return False


def response_of(line: str, prefix: str = "utter_") -> str:
    """The one response (whose name starts with ``prefix``) that ``line`` is a variation of."""
    matches = [name for name in all_responses() if name.startswith(prefix) and is_variation_of(line, name)]
    if len(matches) > 1:  # a word-for-word variation beats a template ("Okay, {detail}.") that fits anything
        matches = [name for name in matches if line.strip() in response_texts(name)] or matches
    assert len(matches) == 1, f"{line!r} matches {matches}"
    return matches[0]
