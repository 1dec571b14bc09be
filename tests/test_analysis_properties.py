"""Property tests: the analysis functions survive any text, quickly."""

import time

from hypothesis import HealthCheck, given, settings, strategies as st

from audio.prosody import measure_pacing
from audio.speech import Utterance, Word
from dialogue.coaching.analysis import analyse_turn, analysis_fields
from dialogue.coaching.phrasing import analyse
from dialogue.coaching.words import count_fillers

WORDS = ["I", "you", "sorry", "but", "always", "never", "feel", "hurt", "fine", "whatever", "um", "kill",
         "thank", "trusting", "me", "why", "?", "...", "it's", "your", "fault", "like", "don't", "care"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_unicode_text(text):
    fields = analysis_fields(analyse_turn(text))
    assert fields["apology"] in {"none", "owned", "undermined"}
    assert fields["i_statements"] >= 0 and fields["questions_to_partner"] >= 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_word_salad_from_the_detectors_own_vocabulary(words):
    phrasing = analyse(" ".join(words))
    for phrase in (phrasing.blame_phrase, phrasing.undermining_phrase, phrasing.minimizing_phrase, phrasing.excuse_phrase):
        assert phrase == "" or phrase.lower() in " ".join(words).lower()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.floats(0, 5), st.floats(0, 5)), max_size=40), st.floats(0, 60))
def test_pacing_from_any_word_timings(timed_words, duration_s):
    words = tuple(Word(text, min(a, b), max(a, b)) for text, a, b in timed_words)
    pacing = measure_pacing(Utterance(" ".join(w.text for w in words), words, duration_s, "voice"))
    assert pacing.wpm >= 0 and pacing.long_pauses >= 0 and pacing.fillers <= len(words)


def test_empty_strings():
    fields = analysis_fields(analyse_turn(""))
    assert fields["word_count"] == 0 and fields["tips"] == [] and not fields["safety_concern"]
    assert count_fillers("") == 0


def test_ten_thousand_words_in_bounded_time():
    text = " ".join(WORDS[i % len(WORDS)] for i in range(10_000))
    started = time.perf_counter()
    analysis_fields(analyse_turn(text))
    assert time.perf_counter() - started < 5.0  # a bound against catastrophic backtracking, not a benchmark
