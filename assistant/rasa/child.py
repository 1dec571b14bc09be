"""Entry point of the dialogue's child process: ``python -m assistant.rasa.child FD``.

skops (Rasa's loader for the intent classifier) is imported before anything else: on import
it looks up each type it trusts in every loaded module, so every module loaded before it
makes it slower (about 1 s first thing, 2 s after realtalk's own modules).
"""

import skops.io  # noqa: F401, I001 - first, see above

import signal
import sys
from multiprocessing.connection import Connection

from assistant.rasa.process import serve

if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is realtalk's to handle; it closes us
    serve(Connection(int(sys.argv[1])))
