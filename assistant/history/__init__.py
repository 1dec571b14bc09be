"""The practice history: stored per turn as it happens, read back as replays, trends and reports.

``store`` (SQLite), ``recorder`` (writes a live session), ``commands`` (``realtalk
sessions/show/export/forget``), ``trends`` and ``report`` / ``html`` (``realtalk progress``).
Runs in the client; never loads Rasa.
"""
