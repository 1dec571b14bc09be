"""Feelings: "I" statements, naming one's own feelings, and playing them down (minimising).

An "I" statement, as the debrief counts it and as a user hears it in their own words,
is a first-person statement about the speaker's own feelings, needs, actions or
experience, one per clause: "I messed up and I'm really sorry" is two, "I lost my job"
one. Not counted: a preface about the partner ("I think you're overreacting", "I feel
like you never listen"), a question ("am I wrong?").

A feeling named is the narrower act the partner warms to: a first-person statement of
the speaker's own feeling, need or want: "I feel scared", "I was hurt when…", "I need…",
"I'd love…", "I love you", and honest disclosure such as "I'm not fine". Each such
statement counts once ("I'm hurt and sad" is one). Not feelings named: "I feel like you
don't care" (a thought about the partner; blame), "I think…", "I'm sorry", "you make me
happy", negated emotions ("I'm not angry"), and tired/busy/stressed in the past tense,
which are reasons ("I was stressed"), not feelings shared.

Minimising waves a feeling or the issue away: "it's fine", "whatever", "forget it",
"I'm fine" (deflecting), "no big deal". Deliberately not minimising: "I'm not fine",
"it matters to me", agreement ("I'm fine with that plan", "that's fine"), giving
permission or validation ("it's fine if you need time", "it's fine to feel
angry") and "it's okay", which is as often forgiveness as deflection.
"""

from __future__ import annotations

import re

from dialogue.coaching.text import TurnText, any_of, quote_first, words

_EMOTION_WORDS = """scared afraid frightened terrified hurt sad angry mad upset frustrated lonely alone anxious worried nervous
    disappointed embarrassed ashamed guilty overwhelmed confused jealous insecure happy glad grateful thankful
    excited relieved proud hopeful heartbroken devastated crushed furious resentful hopeless helpless vulnerable
    invisible unheard unseen ignored unappreciated unloved unwanted rejected abandoned betrayed disrespected
    neglected humiliated torn conflicted uneasy uncomfortable unsafe awful terrible horrible miserable depressed
    numb heartsick"""
_EMOTIONS = "(?:" + "|".join(_EMOTION_WORDS.split() + ["in love"]) + ")"
_ADVERBS = words(
    """so really very just a bit little kind of kinda pretty too actually still honestly genuinely deeply quite
    super incredibly feeling getting starting to been also always sometimes often more most"""
)
_BE = r"(?:'m| am| was|'ve been| have been| get| got| feel| felt| become| became|'d be| would be| keep feeling)"
_FEELING_NAMED = any_of(
    (
        # "I feel terrible", "I've been feeling disconnected", "I don't feel safe"; not "I feel like/that you…"
        r"(?<!how )(?<!what )\bi(?:'ve| have)? (?:(?:just|really|still|also|kind of|kinda|sometimes|honestly|actually|truly|do|don't|do not|didn't|did not|always|often|been|started to|start to) ){0,3}"
        r"(?:feel|felt|feeling)\b(?! (?:like|that|as if|as though|you|you're)\b)",
        r"\bi (?:feel|felt) (?:like|that|as if|as though) i\b",
        rf"(?<!like )\bi{_BE} (?:{_ADVERBS} ){{0,3}}{_EMOTIONS}\b",  # not "you treat me like I'm invisible"
        r"\bi(?:'m| am) (?:just |really |so |honestly )?not (?:fine|okay|ok|alright|all right|doing (?:well|okay|ok|great))\b(?! (?:with|at)\b)",
        r"\bi(?:'m| am| feel) (?:so |really |just |completely )?(?:stressed|exhausted|drained|burnt out|burned out)\b",
        r"\bi(?:'ve| have| had)? (?:(?:really|just|still|also|do|don't|do not|truly|honestly|only|always|never) ){0,2}"
        r"(?:need|needed|want|wanted|wish|miss|missed|love|loved|care about|cared about|adore)\b(?! to (?:tell|say|ask|mention|go)\b)",
        r"\bi(?:'d| would) (?:really |just |also |so )?(?:love|like|prefer|appreciate)\b",
    )
)

_MINIMISING = any_of(
    (
        r"\bit(?:'s| is| was)(?: (?:totally|really|honestly|all|just|probably|seriously|completely))? fine\b(?! (?:if|to|with|by|for)\b)",
        r"\bi(?:'m| am)(?: (?:totally|really|honestly|just|perfectly|completely))? fine\b(?! (?:with|by|to|now that)\b)",
        r"\bwhatever\b(?! (?:you|happens|it takes|we|i can|works|they|he|she|the|is|comes|feels|makes|your|helps|that|i)\b)",
        r"\bit(?:'s| is| was) (?:really |honestly |just )?nothing\b(?! (?:like|to do with|you did|compared)\b)",
        r"\b(?:no|not a|not that|not such a|not that big a|not a huge) (?:big |huge )?deal\b",
        r"\b(?:big )?deal out of nothing\b",
        r"\bno biggie\b",
        r"\b(?:no|not a|not that) big thing\b",
        r"\bmake (?:it|this|that) (?:a|into a) (?:whole|big) thing\b",
        r"(?<!don\x27t )(?<!dont )(?<!never )(?<!not )\bforget (?:it|about it)\b",
        r"\bnever ?mind\b",
        r"(?:\b(?:it|that|this) |(?:^|[,.;!?] ))(?:doesn't|does not|didn't|did not) (?:really )?matter\b(?! (?:who|whose)\b)",
        r"\b(?:don't|do not) worry about (?:it|that|me)\b",
        r"\b(?:just )?drop it\b",
        r"\b(?:let's|can we|can you)(?: just)? (?:move on|let it go|leave it)\b",
        r"\bi(?:'m| am) (?:over it|used to it)\b",
        r"\bit(?:'s| is) not (?:that |really )?important\b",
        r"\bit(?:'s| is) not worth (?:it|talking about|fighting about|a fight)\b",
        r"\bi(?:'m| am) (?:(?:probably|just|being|only) ){0,3}(?:silly|dramatic|stupid|oversensitive|too sensitive|overreacting|ridiculous)\b",
        r"\bit(?:'s| is| was) (?:just |probably |kind of )?(?:silly|stupid|dumb)\b",
        r"\bit(?:'s| is) all good\b",
        r"(?:^|[,.;!?] |\bjust |\bso )ignore me\b",
    )
)


# Clauses end at punctuation and at the conjunctions that start a new statement.
_CLAUSE_BREAK = re.compile(r"[.,;:!?\u2026\u2013\u2014]| - |\b(?:and|but|so|because|cause|cuz|then|or)\b", re.IGNORECASE)
_SPEAKER = any_of((r"\bi(?:'m|'ve|'d|'ll)?\b",))
# "I" that prefaces a thought about someone else, or asks: not a statement about oneself.
_PREFACE = any_of(
    (
        r"\bi (?:(?:just|really|honestly|kind of|kinda|still|do|also) )?(?:think|thought|guess|suppose|believe|reckon|mean|know|knew|bet|hope|wonder|wondered|imagine|swear|promise|get it|understand|realise|realize|see)\b(?= (?:that )?(?:you|he|she|they|we|it|this|that|there|your|his|her|their|the|everyone|nobody)\b)",
        r"\bi (?:feel|felt) (?:like|that|as if|as though) (?!i\b)",
        # perceiving the partner: "I hear you", "I can see you're upset", "I get why you…"
        r"\bi (?:can )?(?:hear|see|tell|get|understand) (?:that |why |how |what )?(?:you|you're|your)\b",
        # a hedge trailing the clause: "sorry, I guess", "it's hardly a crime, I suppose"
        r"\bi (?:guess|suppose|think|reckon)(?= *$)",
    )
)
# A word just before "I" that makes it a question ("am I wrong") or a condition ("if I…"), not a statement.
_ASKING = frozenset("am do did was were have had can could should would will shall may must might if unless whether".split())


def count_i_statements(text: str) -> int:
    """Clauses in which the speaker says something about their own feelings, needs, actions or experience."""
    count, start = 0, 0
    for stop in [*(m.start() for m in _CLAUSE_BREAK.finditer(text)), len(text)]:
        clause = text[start:stop]
        start = stop
        excluded = {m.start() for m in _PREFACE.finditer(clause)}
        if any(match.start() not in excluded and not _asked(clause, match.start()) for match in _SPEAKER.finditer(clause)):
            count += 1
    return count


def _asked(clause: str, at: int) -> bool:
    """True when the "I" at `at` follows a word of `_ASKING`."""
    before = clause[max(0, at - 8) : at].lower().split()
    return bool(before) and before[-1] in _ASKING


def count_feelings_named(text: str) -> int:
    """Statements of the speaker's own feeling, need or want."""
    return sum(1 for _ in _FEELING_NAMED.finditer(text))


def is_minimising(text: str) -> bool:
    """True when the turn waves the feeling or the issue away."""
    return bool(_MINIMISING.search(text))


def minimising_phrase(turn: TurnText) -> str:
    return quote_first(turn, _MINIMISING.finditer(turn.text))
