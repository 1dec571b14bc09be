"""The client's ears and mouth: capture, voice activity, turn-taking, speech-to-text, text-to-speech, playback.

Runs in the realtalk client process only. It produces ``UserTurn`` (``listening``) from the
microphone and plays replies; it never imports Rasa or ``assistant``, and takes the
definitions of words and pace from ``dialogue.coaching`` so a turn is measured one way.
"""
