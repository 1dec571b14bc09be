"""Practices: the scenarios, the partner's personas and state, guided flows and support lines.

Data and pure logic, no Rasa and no audio (the import contracts in pyproject.toml hold
this). A new role-play is one ``Scenario`` in ``scenarios.py`` and one lines file in
``domain/``.
"""
