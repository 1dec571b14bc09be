"""Shaping an opening "I" statement from a situation the user describes in their own words.

"I feel <feeling> when <situation>, and I need <need>." Each part is pulled out
with plain patterns: a feeling word the speaker owns ("I'm hurt", "it makes me
feel invisible"; not "I'm not angry", "I feel like you don't care" or "he was
upset"), the "when…" or "because…" clause, and a need phrase ("I need him to…",
"I'd like…"; not "I need to tell you" or "I don't need anything"). When the coach
asks for one missing part, the whole answer may be that part ("lonely", "he
cancels at the last minute", "more help at home"). A description with no "when" still
has its situation: what happens before "and I end up feeling…" ("my flatmate keeps eating
my food"). An answer to the wrong question fills the part it gives: "I need her to ask
first", said when the coach asked when it happens, is the need, and the coach asks again
for the situation. `feeling` may also come from the NLU's `feeling` entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

FEELING_WORDS = tuple(
    sorted(
        """hurt sad angry mad upset frustrated lonely alone anxious worried nervous scared afraid frightened
        disappointed embarrassed ashamed guilty overwhelmed confused jealous insecure invisible unheard unseen
        ignored unappreciated unloved unwanted rejected abandoned betrayed disrespected neglected humiliated
        exhausted drained stressed resentful dismissed helpless hopeless stuck tired heartbroken uneasy
        uncomfortable""".split()
        + ["left out", "taken for granted", "let down", "pushed away", "shut out"],
        key=len,
        reverse=True,  # longest first, so "left out" wins over a shorter word inside a phrase
    )
)
# The feelings that make "admitting you're hurt" the role-play to rehearse next; others go to asking for a need.
HURT_FEELINGS = frozenset(
    """hurt sad ignored invisible unheard unseen rejected unappreciated unloved unwanted disrespected dismissed
    humiliated embarrassed betrayed lonely alone abandoned neglected heartbroken""".split()
    + ["left out", "taken for granted", "let down", "pushed away", "shut out"]
)
DEFAULT_FEELING = "upset"
DEFAULT_SITUATION = "this happens"
DEFAULT_NEED = "us to talk about it"

_FEELING = "(" + "|".join(re.escape(word) for word in FEELING_WORDS) + ")"
_ADVERBS = r"(?:\s+(?:so|really|very|a bit|a little|kind of|kinda|pretty|just|quite|feeling|totally|completely|always|often|sometimes|also|still|super|more and more))*"
_OWNED_FEELING = re.compile(
    r"\b(?:i(?:'m| am| feel| felt| was| get| got|'ve been| have been| keep feeling| end up)"
    r"|(?:makes?|made|making|leaves?|left|leaving) me(?: feel(?:ing)?)?)" + _ADVERBS + r"\s+" + _FEELING + r"\b",
    re.IGNORECASE,
)
_ANY_FEELING = re.compile(r"(?<!not )(?<!n't )(?<!never )\b" + _FEELING + r"\b", re.IGNORECASE)
_CLAUSE_END = r"(?=[.!?;]|,?\s+(?:and|so|but)\s+(?:i|it|that|he|she|they)\b|$)"
_SITUATION = re.compile(
    r"\b(when|because|whenever|every time)\s+(?!(?:will|would|can|could|do|does|did|is|are|should|you're ready)\b)(.+?)"
    + _CLAUSE_END,
    re.IGNORECASE,
)
_NEED = re.compile(
    r"(?:\bwhat i (?:really )?need (?:from (?:you|him|her|them) )?is|(?<!don't )(?<!do not )(?<!n't )\bi(?: (?:really |just |also )?(?:need|want|would like)|'d (?:really )?like))"
    r"\s+(?!(?:to (?:tell|say|ask|mention|talk to you|go)|you to (?:know|hear)|anything|nothing)\b)(.+?)" + _CLAUSE_END,
    re.IGNORECASE,
)
_ANSWER_LEAD = re.compile(
    r"^\s*(?:(?:well|um|uh|so|i guess|i think|probably|maybe|honestly)[,\s]+)*(?:it's |it is |i feel |i'm |i am )?", re.IGNORECASE
)
_SITUATION_LEAD = re.compile(r"^(?:it's |it is |mostly |usually )?(?:when|because|whenever|every time|that)\s+", re.IGNORECASE)
_NEED_LEAD = re.compile(
    r"^(?:what i (?:really )?need is|i(?: (?:really |just )?(?:need|want|would like)|'d like))\s+", re.IGNORECASE
)


@dataclass(frozen=True)
class OpeningStatement:
    """The parts of the opening sentence found so far ("" for missing)."""

    feeling: str = ""
    situation: str = ""
    connective: str = "when"  # "when" or "because", as the user put it
    need: str = ""

    def missing(self) -> tuple[str, ...]:
        """The parts still to ask for, in the order the coach asks: feeling, situation, need."""
        return tuple(part for part in ("feeling", "situation", "need") if not getattr(self, part))

    def sentence(self) -> str:
        """The assembled statement; missing parts take a gentle default."""
        feeling = self.feeling or DEFAULT_FEELING
        situation = self.situation or DEFAULT_SITUATION
        need = self.need or DEFAULT_NEED
        return f"I feel {feeling} {self.connective} {situation}, and I need {need}."


def _tidy(clause: str) -> str:
    return re.sub(r"\s+", " ", clause).strip(" ,.!?;:\"'")


def feeling_in(text: str, asked: bool = False) -> str:
    """The feeling the speaker owns ("I'm hurt" -> "hurt"); when `asked`, any feeling word not negated."""
    match = _OWNED_FEELING.search(text or "")
    if match is None and asked:
        match = _ANY_FEELING.search(text or "")
    return match.group(1).lower() if match else ""


def situation_in(text: str) -> tuple[str, str]:
    """The "when…"/"because…" clause and its connective, ("", "when") for none (it needs two words or more)."""
    for match in _SITUATION.finditer(text or ""):
        clause = _tidy(match.group(2))
        if len(clause.split()) >= 2:
            connective = "because" if match.group(1).lower() == "because" else "when"
            return clause, connective
    return "", "when"


def need_in(text: str) -> str:
    """What the speaker needs ("I need him to call" -> "him to call"), "" for none."""
    for match in _NEED.finditer(text or ""):
        clause = _tidy(match.group(1))
        if clause and len(clause.split()) >= 2 or clause in ("help", "space", "time", "support"):
            return clause
    return ""


def situation_answer(text: str) -> tuple[str, str]:
    """The answer to "when does it happen?": a when-clause in it, else the whole answer (two words or more)."""
    found = situation_in(text)
    if found[0]:
        return found
    clause = _tidy(_SITUATION_LEAD.sub("", _tidy(text or "")))
    return (clause, "when") if len(clause.split()) >= 2 else ("", "when")


def need_answer(text: str) -> str:
    """The answer to "what do you need?": a need phrase in it, else the whole answer."""
    found = need_in(text)
    if found:
        return found
    clause = _tidy(_NEED_LEAD.sub("", _tidy(_ANSWER_LEAD.sub("", text or ""))))
    return clause if clause and clause.lower() not in ("i don't know", "dunno", "nothing", "no idea") else ""


_SUBJECT = r"(?:my|our|his|her|their|the|a|an|he|she|they|you|people|everyone|nobody|someone|[A-Z][a-z]+)"
_BEFORE_FEELING = re.compile(
    r"^(?:\s*(?:so|well|um|basically|honestly)[,\s]+)*(" + _SUBJECT + r"\b.+?)"
    r"(?:,?\s+(?:and|so|which|that)\s+|[.;!]\s+)(?:it\s+|that\s+)?(?:i|makes me|leaves me|made me|left me)\b", re.IGNORECASE
)


def situation_around(text: str, feeling: str) -> str:
    """With no "when…", the situation told before the feeling: "my flatmate keeps eating my food
    and I end up feeling taken for granted" -> "my flatmate keeps eating my food"."""
    if not feeling:
        return ""
    match = _BEFORE_FEELING.search(text or "")
    clause = _tidy(match.group(1)) if match else ""
    return clause if len(clause.split()) >= 3 and feeling not in clause.lower() else ""


def extract(text: str, feeling: str = "") -> OpeningStatement:
    """Every part the description gives; `feeling`: one the NLU found, when the patterns find none."""
    situation, connective = situation_in(text)
    owned = feeling_in(text) or feeling.lower()
    situation = situation or situation_around(text, owned)
    return OpeningStatement(feeling=owned, situation=situation, connective=connective, need=need_in(text))


def with_answer(statement: OpeningStatement, part: str, text: str, feeling: str = "") -> OpeningStatement:
    """The statement with the answer to the question about `part` filled in (unchanged when it gave nothing).

    An answer that plainly gives another part ("I need…" when asked when; "when…" when asked for
    the need) fills that part instead, and `part` stays missing."""
    if part == "feeling":
        return replace(statement, feeling=feeling_in(text, asked=True) or feeling.lower() or statement.feeling)
    if part == "situation":
        if need_in(text) and not situation_in(text)[0]:
            return replace(statement, need=statement.need or need_in(text))
        situation, connective = situation_answer(text)
        return replace(statement, situation=situation, connective=connective) if situation else statement
    if part == "need":
        if situation_in(text)[0] and not need_in(text):
            situation, connective = situation_in(text)
            return replace(statement, situation=statement.situation or situation, connective=connective)
        return replace(statement, need=need_answer(text) or statement.need)
    return statement


def with_default(statement: OpeningStatement, part: str) -> OpeningStatement:
    """The statement with a skipped `part` filled by its gentle default."""
    defaults = {"feeling": DEFAULT_FEELING, "situation": DEFAULT_SITUATION, "need": DEFAULT_NEED}
    return replace(statement, **{part: defaults[part]}) if part in defaults else statement


def says_feeling(text: str, feeling: str) -> bool:
    """True when `text` names `feeling` (as a word, not negated)."""
    pattern = r"(?<!not )(?<!n't )\b" + re.escape(feeling) + r"\b"
    return bool(feeling) and bool(re.search(pattern, text or "", re.IGNORECASE))


def roleplay_for(statement: OpeningStatement) -> str:
    """The role-play to rehearse the opening in: admitting hurt for hurt feelings, else asking for a need."""
    return "hurt-not-fine" if statement.feeling in HURT_FEELINGS else "what-i-need"
