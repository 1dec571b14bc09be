"""What realtalk prints of what people said: control characters shown escaped, never obeyed.

A transcript or a typed line can hold terminal escape sequences ("\\x1b[2J" clears the
screen); printed raw, they would act on the user's terminal. ``printable`` shows them as
Python escapes instead and leaves every other character, emoji and accents included, as it is.
"""

from __future__ import annotations

import unicodedata


def printable(text: str) -> str:
    """``text`` with control characters (C0, C1, DEL, and line and paragraph separators) escaped."""
    return "".join(_escaped(char) if _is_control(char) else char for char in text)


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in ("\u202e", "\u202d", "\u2066", "\u2067")


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")
