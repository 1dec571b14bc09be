"""Dialogue logic for realtalk: plain analysis functions plus thin Rasa actions.

Everything except `dialogue.actions` is free of Rasa and TensorFlow imports so it
can be tested and reused on its own.
"""
