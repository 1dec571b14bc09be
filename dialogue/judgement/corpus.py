"""The labelled corpus: utterances written in batches, each labelled as tests/data/judgement/CONVENTIONS.md says.

A batch is one writer's sitting (``batch_<name>.yml``); cross-validation holds out one batch at
a time. Each line names only the labels that differ from their defaults, so loading fills the
defaults in and checks every key and value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "judgement"
"""Where the batches live in a checkout (the corpus is test data; it is not installed)."""

SCENARIOS = frozenset(
    "messed-up love-first hurt-not-fine what-i-need silly-dream scared listening not-safe".split()
)
SIGNAL_LABELS = (
    "acknowledges", "fixes", "dismisses", "boundary", "asks_for_need", "gives_space", "presses",
    "says_love", "retracts", "shares_news", "shares_dream",
)
APOLOGY_VALUES = ("none", "owned", "undermined")
SAFETY_VALUES = ("none", "possible", "clear")
_DEFAULTS: dict[str, Any] = {
    "apology": "none", "blame": False, "minimizing": False, "honesty": False, "safety": "none",
    "i": 0, "feel": 0, "q": 0, "signals": [],
}


class CorpusError(ValueError):
    """A batch file that does not follow the conventions."""


@dataclass(frozen=True)
class Labelled:
    """One utterance and its labels (defaults filled in)."""

    text: str
    batch: str
    scenario: str
    apology: str = "none"
    blame: bool = False
    minimizing: bool = False
    honesty: bool = False
    safety: str = "none"
    i: int = 0
    feel: int = 0
    q: int = 0
    signals: frozenset[str] = field(default_factory=frozenset)


def load_corpus(directory: Path = CORPUS_DIR, batches: Iterable[str] | None = None) -> list[Labelled]:
    """Every utterance of the named batches (all ``batch_*.yml`` when None), in file order."""
    wanted = set(batches) if batches is not None else None
    items: list[Labelled] = []
    for path in sorted(directory.glob("batch_*.yml")):
        name = path.stem.removeprefix("batch_")
        if wanted is None or name in wanted:
            items += load_batch(path, name)
    return items


def batch_names(directory: Path = CORPUS_DIR) -> list[str]:
    return [path.stem.removeprefix("batch_") for path in sorted(directory.glob("batch_*.yml"))]


def load_batch(path: Path, name: str) -> list[Labelled]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [_labelled(row, name, f"{path.name} item {n}") for n, row in enumerate(rows)]


def _labelled(row: Mapping[str, Any], batch: str, where: str) -> Labelled:
    unknown = set(row) - set(_DEFAULTS) - {"text", "scenario"}
    if unknown:
        raise CorpusError(f"{where}: unknown keys {sorted(unknown)}")
    values = {**_DEFAULTS, **row}
    text = values.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: no text")
    checks = (
        (values.get("scenario") in SCENARIOS, "scenario"),
        (values["apology"] in APOLOGY_VALUES, "apology"),
        (values["safety"] in SAFETY_VALUES, "safety"),
        (all(isinstance(values[k], bool) for k in ("blame", "minimizing", "honesty")), "a true/false field"),
        (all(isinstance(values[k], int) and values[k] >= 0 for k in ("i", "feel", "q")), "a count"),
        (isinstance(values["signals"], list) and set(values["signals"]) <= set(SIGNAL_LABELS), "signals"),
    )
    for ok, what in checks:
        if not ok:
            raise CorpusError(f"{where} ({text[:40]!r}): bad {what}")
    return Labelled(
        text=text, batch=batch, scenario=values["scenario"], apology=values["apology"], blame=values["blame"],
        minimizing=values["minimizing"], honesty=values["honesty"], safety=values["safety"], i=values["i"],
        feel=values["feel"], q=values["q"], signals=frozenset(values["signals"]),
    )
