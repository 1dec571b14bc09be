"""Safety: signs of abuse, threats, control, fear of a partner, self-harm or suicide.

When this fires the coach should step out of the role-play, so recall matters
more than precision: "he has never hit me" is flagged too. Figures of speech are
not: "that movie killed me", "I'm dying to see it", "my feet are killing me",
"I could kill for a coffee", and fear of a conversation ("I'm scared to tell
him I love him") is not fear of a person. "He hurt me" alone is read as
emotional hurt (the app's everyday language); physical or threatened hurt is
flagged ("he said he'd hurt me if I left").
"""

from __future__ import annotations

from dialogue.coaching.text import any_of, words

_PARTNER_NOUNS = words(
    """partner husband wife boyfriend girlfriend bf gf ex fiance fiancee fiancé fiancée dad father mom mum mother
    stepdad stepfather stepmom stepmother brother sister"""
)
_PERSON = rf"(?:he|she|they|my {_PARTNER_NOUNS})"
_VIOLENCE = words(
    """hit hits hitting beat beats beating beaten punch punched punches punching slap slapped slaps slapping kick
    kicked kicks kicking choke choked chokes choking strangle strangled strangles strangling shove shoved shoves
    shoving push pushed pushes pushing grab grabbed grabs grabbing smack smacked smacks bit bites burned burnt
    raped assaulted"""
)
# "he beat me at chess", "she pushed me to apply", "he grabbed me a coffee", "hit me up"
_NOT_VIOLENT_AFTER = r"(?! (?:up|at|to|into|away|off|a|an|the|some|in (?:a|the) (?:game|race))\b)"
_HARM = r"(?:hurt|hit|beat|harm|kill|strangle|choke|attack|come after)"

_SAFETY = any_of(
    (
        # violence
        rf"\b{_PERSON}(?:'s|'ve|'d)?(?: \w+){{0,3}}? {_VIOLENCE} me\b{_NOT_VIOLENT_AFTER}",
        rf"\bi (?:hit|slapped|punched|pushed|shoved|choked|kicked|beat|strangled) (?:him|her|them|my {_PARTNER_NOUNS})\b{_NOT_VIOLENT_AFTER}",
        rf"\b{_PERSON}(?:'s| is| gets| got| can be| was| has been| becomes) (?:\w+ )?(?:violent|abusive|aggressive)\b",
        r"\babus(?:e|ed|es|ive|ing)\b",
        r"\bdomestic violence\b",
        r"\b(?:sexually )?assault(?:ed|s)?\b",
        r"\brap(?:e|ed|ing)\b",
        r"\b(?:physically|physical) (?:hurt|harm)",
        r"\b(?:left|gave me|covered in|hide|hiding|cover up|covering up) (?:the |my |these |those )?bruises\b",
        # threats
        rf"\bthreat(?:en|ens|ened|ening)\b(?: (?!to\b)\w+){{0,2}}? (?:to (?:{_HARM}|take (?:the|my|our) (?:kids|children|son|daughter|baby)|burn|ruin me)|me)\b",
        r"\b(?:he|she|they)(?:'d|'ll| would| will| was going to| is going to| is gonna| was gonna) (?:\w+ ){0,2}?(?:hurt|hit|beat|harm|strangle|choke|come after|find) (?:me|us|the kids|my)\b",
        rf"\b(?:said|says|told me|swore|threatened)(?: that)? (?:he|she|they)(?:'d|'ll| would| will| was going to| is going to| is gonna)(?: \w+){{0,2}}? (?:{_HARM}|kill) ",
        r"\bkill (?:me|himself|herself|themselves) if i\b",
        r"\b(?:never (?:let me )?see|take) (?:the|my|our) (?:kids|children|son|daughter|baby)(?: away)?(?: again| from me)\b",
        # fear of a person
        rf"\b(?:scared|afraid|terrified|frightened|fearful)(?: \w+)? of (?:him|her|them|my {_PARTNER_NOUNS})\b"
        r"(?! (?:\w+ing|reaction|response|answer|feelings|family|friends|opinion|words|face|mom|dad|being)\b)",
        r"\b(?:scared|afraid|terrified|frightened) (?:of )?what (?:he|she|they)(?:'ll|'d|'s| will| would| might| could| is going to| is gonna| may) (?:do|say)\b",
        rf"\b{_PERSON} (?:really )?(?:scares|scared|terrifies|terrified|frightens|frightened) me\b",
        r"\b(?:don't|do not|never|no longer|not) (?:feel )?safe\b",
        r"\bunsafe\b",
        r"\b(?:afraid|fear|scared|fearing|terrified) for my (?:life|safety)\b",
        r"\b(?:scared|afraid|terrified) (?:to go|of going) (?:back )?home\b",
        # control
        r"(?<!\bi )\b(?:checks|checking|goes through|going through|went through|reads|reading|monitors|monitoring|tracks|tracking|looks through|read) "
        r"my (?:phone|messages|texts|email|emails|location|bank|accounts?|browser|dms|mail)\b",
        r"\b(?:won't|will not|doesn't|does not|didn't|did not|don't|never) let me (?:see|go (?:out|anywhere|to)|leave|talk to|have (?:my own|any)|work|use|drive|visit|call|text|wear|spend|out)\b",
        r"\bnot allowed to (?:see|go|leave|talk|have|work|use|drive|visit|wear|spend|call|text)\b",
        r"(?<!\bi )\b(?:takes|took|taking|controls|controlled|controlling|keeps|kept|hides|hid) (?:all )?(?:of )?(?:my|the) (?:money|paycheck|pay|wages|cards|bank card|credit cards?|car keys|passport|phone)\b",
        r"\b(?:gives|give) me an allowance\b",
        r"\b(?:makes|made) me (?:ask|beg) (?:\w+ )?for (?:money|permission)\b",
        r"\b(?:cut|cuts|cutting|keeps|kept|isolat\w+) me (?:off )?(?:from|away from) (?:my )?(?:friends|family|everyone|people)\b",
        r"\bisolat(?:es|ed|ing) me\b",
        r"\block(?:s|ed)? me (?:in|out)\b",
        # self-harm and suicide
        r"\bkill(?:ing)? myself\b",
        r"\b(?:end|ending|take|taking) my (?:own )?life\b",
        r"\bend(?:ing)? it all\b",
        r"\bsuicid\w*",
        r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving) myself\b",
        r"\bself[- ]?harm\w*",
        r"\b(?:want|wanna|wanted|wish|wishing|ready) (?:to )?die\b",
        r"\bwish i (?:was|were) (?:dead|never born|gone)\b",
        r"\bwish i (?:wasn't|weren't|was not|were not) (?:alive|here|around|born)\b",
        r"\b(?:don't|do not|no longer) want to (?:be alive|live|exist|be here|wake up|go on)\b",
        r"\bbetter off (?:dead|without me)\b",
        r"\b(?:better|happier|easier) (?:off )?if i (?:was|were|wasn't|weren't|was not|were not) (?:gone|here|around|dead|alive|born)\b",
        r"\bno (?:reason|point) (?:to live|in living|in going on|to go on)\b",
        r"\bnot worth living\b",
        r"\bcan't go on\b(?! (?:like this|this way))",
        r"\boverdos\w*",
        r"\bwant to (?:disappear|not wake up|never wake up|sleep forever|stop existing)\b",
        r"\b(?:wish|hope) i (?:never|don't|didn't|wouldn't) wake up\b",
        r"\bdisappear forever\b",
    )
)


def has_safety_concern(text: str) -> bool:
    """True when the turn mentions abuse, threats, control, fear of someone, self-harm or suicide."""
    return bool(_SAFETY.search(text))
