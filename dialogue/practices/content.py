"""What the user said, as the partner heard it: the spans Rasa's NLU extracted, turned round.

The NLU (config.yml: CRFEntityExtractor trained on data/nlu_content.yml, RegexEntityExtractor
with lookup tables, EntitySynonymMapper) finds the reason, the news, the dream, the request,
the feeling, the people and places in a turn; Rasa keeps them in slots of the same names.
`Content` is one turn's (or the conversation's) spans, and `partner_view` turns the user's
words round so the partner can say them back ("my sister" -> "your sister").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

CONTENT_SLOTS = ("reason", "reason_kind", "news", "dream", "request", "event", "feeling", "person", "place", "detail")
"""The entity and slot names, in the order a partner picks up what was said (`detail`: see `salient_detail`)."""

REASON_KINDS = ("emergency", "forgot", "tired", "transport", "work", "other_plans")
"""The kinds of reason (the `reason_kind` entity's synonyms), the most serious first."""

_LONGEST_SPAN_WORDS = 14  # a span longer than this is a misfire, not a detail worth saying back


@dataclass(frozen=True)
class Content:
    """The concrete things in what was said ("" for none)."""

    reason: str = ""
    reason_kind: str = ""
    news: str = ""
    dream: str = ""
    request: str = ""
    event: str = ""
    feeling: str = ""
    person: str = ""
    place: str = ""
    detail: str = ""

    def present(self) -> tuple[str, ...]:
        """The names of the slots that hold something, in `CONTENT_SLOTS` order."""
        return tuple(name for name in CONTENT_SLOTS if getattr(self, name))

    def as_slots(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def _clean(value: Any) -> str:
    text = re.sub(r"\s+", " ", str(value or "")).strip(" ,.;:!?")
    return "" if len(text.split()) > _LONGEST_SPAN_WORDS else text


def _said(entity: Mapping[str, Any], text: str) -> Any:
    """The words the user said for ``entity``: its span of ``text`` (a synonym maps "A&E" to a reason's
    kind, and "my boss" too; the partner says back the words, not the kind), else its value."""
    start, end = entity.get("start"), entity.get("end")
    if text and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end]
    return entity.get("value")


# A request or a dream is only one when the words before it ask or wish ("could you…", "I want to…"):
# the CRF also fires on "since the camping trip…" and "hear me okay".
_CUES = {
    "request": re.compile(r"\b(?:need|needs|want|wanted|could|can|would|will|please|like|asking|ask|mind|help)\W+(?:\w+\W+){0,3}$", re.I),
    "dream": re.compile(r"\b(?:want|wanted|dream|dreams|dreamed|dreamt|love|wish|hope|plan|planning|thinking|idea|going|always)\W+(?:\w+\W+){0,4}$", re.I),
}


def _cued(name: str, entity: Mapping[str, Any], text: str) -> bool:
    cue = _CUES.get(name)
    start = entity.get("start")
    if cue is None or not text or not isinstance(start, int):
        return True
    return bool(cue.search(text[:start]))


def content_of_entities(entities: Iterable[Mapping[str, Any]], text: str = "", addressee: str = "") -> Content:
    """One turn's content from the NLU's entities in ``text`` (the longest span of each kind; the most
    serious reason kind), and its most concrete other detail (`salient_detail`)."""
    found: dict[str, str] = {}
    kinds: list[str] = []
    for entity in entities or ():
        name = entity.get("entity")
        value = _clean(entity.get("value") if name == "reason_kind" else _said(entity, text))
        if name == "reason_kind":
            if value in REASON_KINDS:
                kinds.append(value)
        elif name in CONTENT_SLOTS and value and len(value) > len(found.get(name, "")) and _cued(name, entity, text):
            found[name] = value  # the CRF's span and a regex's may differ: the longer says more
    if kinds:
        found["reason_kind"] = min(kinds, key=REASON_KINDS.index)
    detail = salient_detail(text, covered=[*found.values(), addressee])
    if detail:
        found["detail"] = detail
    return Content(**found)


_NUMBER = (r"(?:\d+|a couple of|a few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
           r"|thirty|forty|fifty|sixty|ninety|a hundred|half an?|an?)")
_QUANTITY = re.compile(rf"\b{_NUMBER}(?:[ -]\w+)? (?:minutes?|hours?|days?|nights?|weeks?|months?|years?|times|alarms?)\b", re.I)
_NAME = re.compile(
    r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z'&]+(?: [A-Z][a-z'&]+)*"
    r"(?: (?:line|place|road|street|lane|park|station|centre|center|hotel|restaurant|café|cafe|pub|bar|club|school"
    r"|party|wedding|trip|food|film|show|course|class|exam|test|diner|market|hall|shop|store|beach|airport|gym))?)"
)
_NOT_DETAILS = frozenset(
    """i i'm i've i'd i'll okay ok oh hey hi yeah yes no sorry god um so and but well look honestly anyway
    thing things way time times lot bit point moment stuff something everything nothing anything part
    one ones kind sort rest end start idea truth fact problem reason question answer feeling feelings
    last first next same other whole only real main other best worst""".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


_GREETING_BEFORE = re.compile(r"(?:^|\W)(?:hey|hi|hiya|yo|look|listen|oh|okay|ok|so|um|sorry|thanks)\W*$", re.I)
_ADDRESS_AT_END = re.compile(r"^\s*[.!?]*\s*$")


def salient_detail(text: str, covered: Iterable[str] = ()) -> str:
    """The most concrete thing in ``text`` the NLU's entities did not already cover: a name
    ("the Red Lion", "Priya") that is not the person spoken to ("yo Priya, …", "…, Sam"), else a
    quantity ("forty minutes"); "" for none. Common nouns are left alone: said back on their
    own ("Dishes can. Okay.") they sounded like a machine parroting (the blind batch's judge)."""
    taken = " ".join(c for c in covered if c).lower()
    candidates: list[str] = []
    for match in _NAME.finditer(text or ""):
        words = [w for w in match.group(1).split() if w.lower() not in _NOT_DETAILS]
        before, after = text[: match.start()], text[match.end():]
        if _GREETING_BEFORE.search(before) or before.rstrip().endswith(",") and _ADDRESS_AT_END.match(after):
            continue  # "yo Priya, …" / "…, Sam?": the person spoken to
        if words and " ".join(words).lower() not in _WEEKDAYS:
            candidates.append(" ".join(words))
    candidates += [m.group(0) for m in _QUANTITY.finditer(text or "")]
    for candidate in candidates:
        if candidate.lower() not in taken:
            return candidate
    return ""


def content_of_slots(slots: Mapping[str, Any]) -> Content:
    """The conversation's content so far, from the slots Rasa filled."""
    return Content(**{name: _clean(slots.get(name)) for name in CONTENT_SLOTS})


# The user's point of view to the partner's: "I missed your call" -> "you missed my call".
_SWAPS = {
    "i": "you", "i'm": "you're", "im": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll",
    "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are",
    "you're": "I'm", "youre": "I'm", "you've": "I've", "you'd": "I'd", "you'll": "I'll",
    "your": "my", "yours": "mine", "yourself": "myself", "we": "we", "us": "us",
}
_SUBJECT_BEFORE = {"", "when", "that", "and", "but", "because", "if", "so", "how", "why", "what", "where", "since"}


def partner_view(span: str) -> str:
    """``span`` in the partner's words: first and second person swapped."""
    words = span.split()
    out: list[str] = []
    for index, word in enumerate(words):
        core = re.sub(r"[^\w'&]", "", word)
        lower = core.lower()
        if lower == "you":
            previous = re.sub(r"[^\w']", "", words[index - 1]).lower() if index else ""
            swapped = "I" if previous in _SUBJECT_BEFORE else "me"
        elif lower == "was" and out and out[-1].lower().endswith("you"):
            swapped = "were"
        elif lower in _SWAPS:
            swapped = _SWAPS[lower]
        else:
            out.append(word)
            continue
        out.append(word.replace(core, swapped) if core else word)
    return " ".join(out)
