"""Where replies go: printed always, spoken when a speaker and TTS are available."""

from __future__ import annotations

import sys
import threading
from contextlib import nullcontext
from dataclasses import replace
from typing import Callable, ContextManager, Iterable

from assistant.rasa.partner import Reply
from assistant.terminal import printable
from audio.devices import AudioDeviceError
from audio.playback import Speaker
from audio.tts import TextToSpeech, VoiceStyle, voice_for
from dialogue.coaching.words import bare_word

RATE_STEP_WPM = 25
"""How much "slower" and "faster" change the speaking rate."""
MAX_RATE_CHANGE_WPM = 75
ECHO_WORDS_BEFORE, ECHO_WORDS_AFTER, ECHO_WORD_SHARE = 8, 3, 0.7
"""An interruption whose words are 70 % among the reply's words around the point where it was cut
off (8 before, 3 after, estimated from how much audio was played) is the reply's own echo."""


def is_echo(heard: str, reply: str, played_fraction: float) -> bool:
    """True when ``heard`` is the words ``reply`` was saying when it was cut off after
    ``played_fraction`` of its audio: the microphone picked up the loudspeaker."""
    words = [word for word in map(bare_word, heard.split()) if word]
    if not words:
        return False
    reply_words = list(map(bare_word, reply.split()))
    at = round(played_fraction * len(reply_words))
    nearby = set(reply_words[max(0, at - ECHO_WORDS_BEFORE) : at + ECHO_WORDS_AFTER])
    return sum(word in nearby for word in words) / len(words) >= ECHO_WORD_SHARE


class ReplyOutput:
    """Prints each reply as ``speaker: text`` and speaks it in that speaker's voice."""

    def __init__(self, tts: TextToSpeech | None = None, speaker: Speaker | None = None) -> None:
        self._tts = tts
        self._speaker = speaker
        self._rate_change_wpm = 0
        self.last_replies: tuple[Reply, ...] = ()
        """What was said last, for "repeat that"."""
        self.first_audio_at = 0.0
        """``time.monotonic()`` when the last ``say`` reached the speaker (0 when silent)."""
        self.interrupted_replies: tuple[Reply, ...] = ()
        """The replies of the last ``say`` when the user talked over them, else ()."""
        self._cut_off = ("", 0.0)
        """The reply that was cut off, and how much of its audio had played."""
        self.interruptible: Callable[[], ContextManager[threading.Event | None]] = nullcontext
        """Wraps each ``say``; yields an event set when the user talks over the reply (``VoiceInput.interruptible``)."""

    def change_rate(self, delta_wpm: int) -> int:
        """Speak faster (positive) or slower (negative), within limits; the new change in wpm."""
        limit = MAX_RATE_CHANGE_WPM
        self._rate_change_wpm = max(-limit, min(limit, self._rate_change_wpm + delta_wpm))
        return self._rate_change_wpm

    def voice(self, speaker: str) -> VoiceStyle:
        """``speaker``'s voice at the rate "slower" and "faster" have set."""
        style = voice_for(speaker)
        return replace(style, rate_wpm=style.rate_wpm + self._rate_change_wpm)

    def finish_loading(self) -> None:
        """Wait until the voices are loaded (``TtsUnavailable`` if one cannot be)."""
        if self._tts is not None:
            self._tts.load()

    @property
    def speaks(self) -> bool:
        return self._tts is not None and self._speaker is not None

    def say(self, replies: Iterable[Reply], remember: bool = True) -> None:
        """Print and speak the replies; when the user talks over them, the rest is printed only
        and ``interrupted_replies`` holds them."""
        replies = tuple(replies)
        if remember and replies:
            self.last_replies = replies
        self.first_audio_at = 0.0
        interrupted = False
        with self.interruptible() if self.speaks else nullcontext() as user_spoke:
            for reply in replies:
                print(f"{reply.speaker}: {printable(reply.text)}", flush=True)
                if self.speaks and not interrupted:
                    interrupted = not self._speak(reply, user_spoke)
                    self.first_audio_at = self.first_audio_at or (self._speaker.first_sample_at if self._speaker else 0.0)
                    if interrupted:
                        self._cut_off = (reply.text, self._speaker.played_fraction)
        self.interrupted_replies = replies if interrupted else ()

    def heard_itself(self, text: str) -> bool:
        """True when ``text``, the turn that interrupted the last ``say``, is its own echo (see ``is_echo``)."""
        return bool(self.interrupted_replies) and is_echo(text, *self._cut_off)

    def _speak(self, reply: Reply, stop: threading.Event | None) -> bool:
        try:
            # Sentence by sentence: the first is heard while the rest is still being synthesised.
            return self._speaker.play_stream(self._tts.stream(reply.text, self.voice(reply.speaker)), stop)
        except AudioDeviceError as error:
            print(f"(speaker unavailable: {error}; replies will be printed only)", file=sys.stderr)
            self._speaker = None
            return True
