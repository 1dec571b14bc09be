"""The package layout by process (issue 13) holds: the import contracts in pyproject.toml
pass on the tree, and each contract does break when its rule is broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("assistant", "dialogue", "audio")

# One deliberate violation per contract: (file to append to, the line appended).
VIOLATIONS = {
    "audio imports nothing from assistant, rasa or rasa_sdk": ("audio/endpointing.py", "import assistant.datadir"),
    "audio imports only dialogue.coaching from dialogue": ("audio/endpointing.py", "import dialogue.responses"),
    "dialogue.coaching, dialogue.practices and dialogue.responses are pure": (
        "dialogue/coaching/words.py",
        "import numpy",
    ),
    "dialogue imports nothing from assistant or audio": ("dialogue/actions/steps.py", "import audio.speech"),
    "rasa_sdk is imported only by dialogue.actions and assistant.rasa": ("assistant/session.py", "import rasa_sdk"),
    "rasa is imported only by assistant.rasa": ("dialogue/actions/steps.py", "import rasa.shared"),
    # Indirect: the history reaching Rasa through assistant.rasa still loads Rasa.
    "assistant.history never loads rasa or rasa_sdk": ("assistant/history/store.py", "import assistant.rasa.serving"),
}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} is missing: install the test extra (make test)"
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}  # one contract per line, no wrapping
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def test_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_every_contract_has_a_violation_below():
    assert sorted(contract_names()) == sorted(VIOLATIONS)


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> Path:
    """The three packages' sources and pyproject.toml, copied once (violations go into copies of this)."""
    base = tmp_path_factory.mktemp("layout")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, base / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(ROOT / "pyproject.toml", base / "pyproject.toml")
    return base


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_contract_catches_its_violation(contract, tree_copy, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(tree_copy, tree)
    relative, line = VIOLATIONS[contract]
    with open(tree / relative, "a") as source:
        source.write(f"\n{line}  # deliberate layout violation\n")

    result = lint_imports(tree)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{contract} BROKEN" in result.stdout, output
    # The copy, not the installed tree, was analysed: the report names the injected import.
    importer = relative.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout, output
