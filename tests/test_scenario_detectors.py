"""Unit tests for the scenario detectors: responding, boundaries, requests, disclosure."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogue.coaching import boundaries, disclosure, requests, responding

CASES = [
    (responding.acknowledges, ["That sounds really hard.", "I hear you", "I'm so sorry you're going through this",
                               "no wonder you're exhausted", "that makes sense"],
     ["You should just quit", "I don't understand why you're upset", "what time is it"]),
    (responding.fixes, ["You should just quit", "have you tried talking to your boss", "if I were you I'd leave"],
     ["what do you need from me", "that sounds hard", "you should be proud of yourself"]),
    (responding.dismisses, ["you're overreacting", "it's not that bad", "calm down", "at least you still have a job"],
     ["I'm here for you", "that sounds awful", "tell me more"]),
    (responding.turns_to_self, ["that's nothing, my boss is worse", "the same thing happened to me", "what about me"],
     ["what happened to you", "tell me about your boss"]),
    (boundaries.sets_boundary, ["I'm not going to keep talking if you mock me", "please don't laugh at me",
                                "that's not okay", "I'll leave if this carries on", "we can talk when you can take me seriously"],
     ["I won't be late again", "I feel hurt when you laugh at me", "I'm sorry, please stop"]),
    (requests.asks_for_need, ["I need you to call me if you're late", "could you take the kids on Tuesdays",
                              "it would help me if we had one evening together"],
     ["can you just stop", "I need to tell you something", "what do you need"]),
    (requests.gives_space, ["take your time", "you don't have to say anything", "no pressure"],
     ["say something", "I'm fine"]),
    (requests.presses_for_answer, ["say it back", "why aren't you saying anything", "do you love me or not"],
     ["take your time", "I love you"]),
    (disclosure.says_love, ["I love you", "I think I'm in love with you", "I'm falling for you"],
     ["I don't love you", "I'd love to hear more", "I love pizza"]),
    (disclosure.shares_news, ["I lost my job today", "I got laid off", "they fired me"],
     ["I lost my keys", "my job is hard"]),
    (disclosure.shares_dream, ["I've always wanted to open a bakery", "my dream is to sail around the world",
                               "I'm thinking of becoming a painter"],
     ["I want to tell you something", "I'd love to hear about it"]),
    (disclosure.retracts, ["just kidding", "forget I said anything", "never mind", "I didn't mean it"],
     ["I meant every word", "don't forget it"]),
]


@pytest.mark.parametrize(("detect", "positives", "negatives"), CASES, ids=[c[0].__name__ for c in CASES])
def test_detector(detect, positives, negatives):
    assert [t for t in positives if not detect(t)] == []
    assert [t for t in negatives if detect(t)] == []


def _labelled_texts() -> list[str]:
    import yaml

    data = yaml.safe_load((Path(__file__).parent / "data" / "phrasing_labels.yml").read_text())
    items = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
    return [item["text"] for item in items if isinstance(item, dict) and "text" in item]


def test_every_signal_reads_the_same_normalised_text():
    """Curly or straight apostrophes, capitals and fillers never change what a turn signals."""
    from dialogue.coaching.signals import BOUNDARY, SIGNALS, turn_signals

    assert BOUNDARY in turn_signals("I\u2019ll walk away if you keep mocking me.")
    assert turn_signals("I\u2019ll walk away") == turn_signals("I'll walk away") == turn_signals("um I'll uh walk away")
    texts = _labelled_texts() + [
        "I'm not going to keep talking if you mock me.", "That sounds so hard. I hear you.", "You should just quit.",
        "I need you to call me when you're late.", "Take your time, no pressure.", "Say it back!", "I love you.",
        "I lost my job today.", "I want to open a bakery one day.", "Forget I said anything.",
        "The same thing happened to me.", "Just answer me, do you love me or not?", "Never mind, I didn't mean it.",
    ]
    assert len(texts) > 100
    seen: set[str] = set()
    for text in texts:
        signals = turn_signals(text)
        seen |= signals
        curly = text.replace("'", "\u2019")
        assert turn_signals(curly) == signals, text
        assert turn_signals(text.upper()) == signals, text
        assert turn_signals("um " + text.replace(" ", " uh ", 1)) == signals, text
    assert seen >= set(SIGNALS)  # the set exercises every detector
