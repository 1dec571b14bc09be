"""Everything of realtalk that runs Rasa, or runs inside a Rasa process.

- ``process``, ``child``, ``partner``, ``serving``: the dialogue's child process, which loads
  the trained model once and answers the session's turns over a pipe.
- ``nlu_gate``, ``domain_importer``: plugins Rasa loads by name from ``config.yml``.
- ``action_server``: starts and watches the Rasa SDK action server (``dialogue.actions``).
- ``model``: trains the model; ``tracker``: Rasa's dialogue state on disk (plain SQL).

Only this package and ``dialogue.actions`` import ``rasa`` or ``rasa_sdk``.
"""
