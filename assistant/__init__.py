"""The realtalk client: the ``realtalk`` command line and the practice session loop.

Runs in the user's process: ``cli`` (the commands), ``session`` (a practice session:
listen, send the turn to the dialogue, speak the replies), ``commands`` (voice commands the
dialogue recognises and the client carries out), ``speaking`` (replies printed and spoken),
``analyze``, ``scenario_list``, ``datadir`` (the private data folder). The Rasa side is in
``assistant.rasa``, the stored history in ``assistant.history``; ``audio`` is the client's
ears and mouth, ``dialogue`` what the partner and the coach think.
"""
