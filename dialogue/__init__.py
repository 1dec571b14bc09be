"""What the partner and the coach think: pure analysis and practice logic, plus thin Rasa actions.

- ``coaching``: the analysis of a turn (phrasing, pacing), tips and the debrief.
- ``practices``: scenarios, personas, the partner's state, guided flows, support lines.
- ``actions``: the Rasa SDK custom actions (the action server process).
- ``responses``: the domain's response texts, for output made outside Rasa.

Only ``dialogue.actions`` imports ``rasa_sdk``; nothing here imports ``assistant``.
"""
