"""Coaching: what one turn said and how it was said, the tips and the debrief.

Plain functions and frozen dataclasses over text and pacing numbers: no Rasa, no audio,
no numpy (the import contracts in pyproject.toml hold this). Every process may use it:
the action server for the partner's reactions, ``realtalk analyze``, the history.
"""
