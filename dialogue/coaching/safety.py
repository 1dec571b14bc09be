"""Safety: signs of abuse, threats, control, stalking, fear of a person, self-harm or suicide, in two tiers.

`safety_level(text)` says how sure the words are:

- **clear** (`SAFETY_CLEAR`): violence in any tense ("he hit me", "she threw a plate at
  me", "he grabbed my wrist", "he choked me"), threats ("he said he'd hurt me if I left"),
  coercive control ("he reads all my messages", "she won't let me see my family", "he takes
  my money", "he tracks my phone"), sexual coercion, stalking, fear of a person ("I'm scared
  of him", "scared of what she'll do"), self-harm, and suicide said plainly or indirectly
  ("I've been thinking about ending it", "I don't want to be here anymore", "I've been saving
  up pills just in case", "everyone would be better off without me"). The role-play stops
  at once.
- **possible** (`SAFETY_POSSIBLE`): words a coach should ask about rather than act on
  ("things got physical", "I'm scared to go home", "he gets scary when he drinks",
  "sometimes I don't see the point", "he's going to kill me", "he's never hit me"). The
  coach pauses the role-play and asks whether the user is safe (dialogue/practices/safety_check.py).
- **none** (`SAFETY_NONE`): figures of speech ("my boss is going to kill me", "I could
  murder a pizza", "I'm dying of embarrassment", "this deadline is killing me", "I'm dying
  to tell you"), fear of the conversation itself ("I'm scared to tell you this"), ordinary
  anger and hurt ("he hurt me" alone is the app's everyday, emotional hurt).

Recall comes first: a missed danger is the worst error the product can make, so anything
that might be danger is at least "possible" (asking costs one question). But a figure of
speech must never end a session: figures are blanked out before the tiers are searched, and
the person patterns need a person ("he", "she", "my husband", a name), so "this job is
killing me" matches nothing. "You" is the role-play's partner, who is fiction: violence
said to "you" is only "possible".
"""

from __future__ import annotations

import re

from dialogue.coaching.text import any_of, normalise, words

SAFETY_NONE = "none"
SAFETY_POSSIBLE = "possible"
SAFETY_CLEAR = "clear"

# Partners and family: the people whose fear, threats and control this is mostly about.
_PARTNER_NOUNS = words(
    """partner husband wife boyfriend girlfriend bf gf ex ex-husband ex-wife ex-boyfriend ex-girlfriend ex-partner
    fiance fiancee fiancé fiancée spouse dad father mom mum mother parents stepdad stepfather stepmom stepmother
    stepmum brother sister son daughter uncle"""
)
# Anyone who can hit: for violence, a boss or a flatmate counts too.
_ANYONE_NOUNS = words(
    """partner husband wife boyfriend girlfriend bf gf ex ex-husband ex-wife ex-boyfriend ex-girlfriend ex-partner
    fiance fiancee fiancé fiancée spouse dad father mom mum mother parents stepdad stepfather stepmom stepmother
    stepmum brother sister son daughter uncle aunt cousin grandad grandfather grandma grandmother roommate flatmate
    housemate landlord boss manager coworker colleague neighbour neighbor friend teacher coach"""
)
# A name said as the subject ("Dave hit me"): a capitalised word, not a sentence-opening pronoun or thing.
_NAME = (
    r"(?-i:\b(?!(?:It|That|This|There|Then|What|Which|Reality|Life|Something|Nothing|Everything|Everyone|Nobody"
    r"|Someone|Somebody|When|And|But|So|Just|Really|Honestly|Maybe|Today|Yesterday|Tonight|Sometimes|Music|Work"
    r"|The|His|Her|Our|Their|Your|Its|One|Some|Any|Every|Last|Next|Now|Once|Later|After|Before|Because|Well|Yes"
    r"|Yeah|Okay|Sorry|Please|Thanks|Also|Even|Still|Actually|Basically|Literally|Anyway|Like|Love|God|School"
    r"|Traffic|College|Uni|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|Christmas|Exams?|Dinner|Lunch)\b)"
    r"[A-Z][a-z]{2,})"
)
_CLOSE = rf"(?:he|she|they|my {_PARTNER_NOUNS}|{_NAME})"
_PERSON = rf"(?:he|she|they|my {_ANYONE_NOUNS}|{_NAME})"
# One word that is not a negation: "he has never hit me" is not "he has hit me".
_WORD = (
    r"(?!(?:never|not|no|hasn't|hadn't|haven't|didn't|doesn't|don't|won't|wouldn't|isn't|wasn't|aren't|weren't"
    r"|can't|couldn't|shouldn't|ain't)\b)\w+"
)
_GAP = rf"(?: {_WORD}){{0,3}}?"
_NEGATION = r"(?:never|not|hasn't|didn't|doesn't|wouldn't|won't|isn't|wasn't)"
_WILL = (
    r"(?:'d|'ll|'s going to|'s gonna| would| will| was going to| is going to| is gonna| was gonna| might| could"
    r"| may| wants to| wanted to| tried to| tries to| has tried to| swore to| promised to)"
)

_VIOLENCE = words(
    """hit hits hitting beat beats beating beaten punch punched punches punching slap slapped slaps slapping kick
    kicked kicks kicking choke choked chokes choking strangle strangled strangles strangling shove shoved shoves
    shoving push pushed pushes pushing grab grabbed grabs grabbing smack smacked smacks bit bites burned burnt
    raped assaulted stabbed stabs attacked attacks headbutted bruised suffocated smothered"""
)
# "he beat me at chess", "she pushed me to apply", "he grabbed me a coffee", "hit me up", "kicked me out"
_NOT_VIOLENT_AFTER = (
    r"(?! (?:up|at|to|into|away|off|out|a|an|the|some|about|forward|harder|too|so hard|later|tomorrow|tonight"
    r"|under the table|for (?:an?|the|more|it|that|this|answers?|details|money|a decision)|in (?:a|the) (?:game|race)"
    r"|with (?:(?:the|that|this|a|some) (?:news|question|truth|idea|bombshell|fact|reality|line|joke|request)|that|this|it))\b)"
)
_HARM = r"(?:hurt|hit|beat|harm|kill|strangle|choke|attack|come after|stab|shoot|burn|drown|smother)"
_PLACES = r"(?:at home|home|in my (?:own )?(?:home|house|flat|apartment|bed)|in (?:this|the|our) (?:house|flat|apartment)|there|with (?:him|her|them|my \w+)|around (?:him|her|them|my \w+)|near (?:him|her|them|my \w+))"
_PILLS = r"(?:pills|tablets|meds|medication|medicine|painkillers|sleeping pills|paracetamol|tylenol|insulin)"


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches where any of `patterns` does (`any_of`), built to stay quick on a
    10,000-word turn: the patterns that start with a person ("he", "my husband", a name) are merged
    behind it, so the person is tried once at each word rather than once per pattern, and the rest are
    put in buckets by the letters they can start with, so each word tries only its own bucket. A
    pattern whose first letter `_first_letters` cannot tell goes in every word's bucket."""
    heads = (rf"\b{_PERSON}", rf"\b{_CLOSE}")
    merged: dict[str, list[str]] = {head: [] for head in heads}
    others: list[str] = []
    for pattern in patterns:
        head = next((h for h in heads if pattern.startswith(h)), None)
        if head is None:
            others.append(pattern)
        else:
            merged[head].append(pattern[len(head):])
    alternatives = [head + "(?:" + "|".join(f"(?:{tail})" for tail in tails) + ")" for head, tails in merged.items() if tails]
    buckets: dict[str, list[str]] = {}
    for pattern in others:
        letters = _first_letters(pattern)
        if letters is None:
            alternatives.append(pattern)
        for letter in sorted(letters or ()):
            buckets.setdefault(letter, []).append(pattern)
    alternatives += [
        f"(?={re.escape(letter)})(?:{'|'.join(f'(?:{p})' for p in bucket)})" for letter, bucket in sorted(buckets.items())
    ]
    union = any_of(alternatives).pattern
    # Every pattern starts at the start of a word: one check there spares the rest at every other position.
    return re.compile(rf"\b(?=[\w'])(?:{union})", re.IGNORECASE)


def _first_letters(pattern: str) -> set[str] | None:
    """The letters (lower case) a match of `pattern` can start with, or None when that is not plain
    from its text (a class, an escape, an optional first word...): then it is tried at every word."""
    i = 0
    while True:  # zero-width openings: word boundaries and lookbehinds
        if pattern.startswith(r"\b", i):
            i += 2
        elif pattern.startswith("(?<", i):
            i = _group_end(pattern, i)
        else:
            break
    if i >= len(pattern):
        return None
    if pattern[i].isalpha() and pattern[i + 1 : i + 2] not in ("?", "*", "{"):
        return {pattern[i].lower()}
    if pattern.startswith("(?:", i):
        end = _group_end(pattern, i)
        if pattern[end : end + 1] in ("?", "*", "{"):
            return None
        letters: set[str] = set()
        for alternative in _top_level_alternatives(pattern[i + 3 : end - 1]):
            first = _first_letters(alternative)
            if first is None:
                return None
            letters |= first
        return letters
    return None


def _group_end(pattern: str, start: int) -> int:
    """The index just after the group that opens at `start`."""
    depth, in_class, i = 0, False, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(pattern)


def _top_level_alternatives(body: str) -> list[str]:
    """`body` split at the "|" that are not inside a group or a class."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    return [*parts, body[start:]]


# Figures of speech, blanked out before the tiers are searched.
_FIGURES = any_of(
    (
        r"\bdying (?:to|for)\b",  # "I'm dying to tell you", "dying for a coffee"
        r"\b(?:die|died|dying|dead|death) (?:of|from|with|by) (?:pure |sheer |total |utter )?(?:embarrassment|shame|laughter|laughing|boredom|cringe|cringing|curiosity|envy|jealousy|hunger|thirst|excitement|suspense|anticipation|heat|the heat|cuteness|happiness|joy|nerves|fright)\b",
        r"\b(?:died|dying|dead|killed myself|killing myself|kill myself|pissed myself) (?:laughing|of laughter|with laughter)\b",
        r"\b(?:could|would|'d|will|'ll|gonna) (?:literally |just |actually |totally )?(?:kill|murder|die) (?:for|to have|to get|to be|to see|a|an|some|that)\b",
        r"\bkill(?:s|ed|ing)? (?:it|time|the mood|the vibe|a bottle)\b",
        r"\b(?:killer|murder) (?:idea|workout|heels|outfit|view|deal)\b",
        r"\b(?:is|was|'s|are|were) (?:absolute |pure |total )?murder\b",  # "this traffic is murder"
        r"\b(?:scared|bored|worried|tickled|embarrassed) to death\b(?! (?:of|by) (?:him|her|them|my))",
        r"\bdead (?:tired|serious|on|set|right|wrong|easy|end|beat|funny|to me)\b",
        r"\bover my dead body\b",
        # the people of work and school "kill" you for being late: "my boss is going to kill me if I leave early"
        r"\b(?:boss|manager|supervisor|teacher|coach|lecturer|professor|tutor|editor|team leader|line manager)(?:'s| is| will|'ll| would|'d)? (?:(?:literally|actually|going to|gonna) ){0,2}(?:kill|murder) me\b",
        r"\b(?:you're|you are|you) (?:literally )?killing me\b",  # a laugh, said to the partner
        r"\b(?:stalk|stalks|stalking|stalked) (?:his|her|their|your|my|the) (?:instagram|facebook|profile|page|socials|feed|posts|photos|linkedin|twitter|tiktok)\b",
        r"\bfollow(?:s|ed|ing)? me (?:on|back on) (?:instagram|facebook|twitter|tiktok|social media|x|linkedin|snapchat)\b",
        r"\b(?:twist|twisted|twisting) my arm (?:into|to)\b",
        r"\bhit me (?:like a|hard that|that|how|with how)\b",  # "it hit me how much I missed you"
    )
)

_CLEAR_PATTERNS = (
    # ---- violence, any tense
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} {_VIOLENCE} me\b{_NOT_VIOLENT_AFTER}",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:beat|beats|beating|beaten|roughed|roughs|roughing) me up\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} {_VIOLENCE} (?:my (?:mum|mom|mother|kids|children|son|daughter|sister|brother|baby|dog)|us|the (?:kids|children|baby))\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:pushed|pushes|pushing|shoved|shoves|threw|throws|throwing|thrown|slammed|slams|knocked|knocks|dragged|drags|pinned|pins|held|holds|shook|shakes) me "
    r"(?:\w+ )?(?:into|against|onto|to|down|across|off|on|up against|out of) (?:the |a |my |our |his |her )?(?:wall|door|floor|ground|table|bed|car|stairs|counter|window|fridge|corner|couch|sofa|sink|bath|mirror|railing|road)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:pinned|pins|pinning|held|holds|holding) me down\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:threw|throws|throwing|thrown|hurled|hurls|chucked|chucks|flung|flings|aimed|aims) (?:\w+ ){{0,4}}?at (?:me|my head|my face)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:threw|throws|throwing|thrown|hurled|hurls|chucked|chucks|flung|flings) (?:a |the |his |her |their |my |our |some )?"
    r"(?:things|stuff|objects|plates?|dishes|glass(?:es)?|bottles?|chairs?|mugs?|cups?|furniture|lamps?|phones?|the remote|punch(?:es)?|shoes?|knife|knives|drinks?|hot coffee)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:grabbed|grabs|grabbing|squeezed|twisted|twists|yanked|yanks|pulled|pulls|bruised) my (?:arm|arms|wrist|wrists|neck|throat|hair|face|shoulders?|jaw|hand|hands|collar|leg|chin|breasts?)\b",
    r"\b(?:hands?|fingers|arm) (?:around|round|on|over) my (?:neck|throat|mouth)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:put|puts|laid|lays|layed) (?:his |her |their )?hands on me\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:spat|spits|spit) (?:on|at|in) (?:me|my face)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:broke|broken|breaks|fractured|cracked) my (?:arm|nose|ribs?|jaw|wrist|finger|fingers|leg|tooth|teeth|collarbone|cheekbone)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:gave|gives) me (?:a )?(?:black eye|bloody nose|split lip|concussion|bruises)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} got physical with me\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:pointed|points|pointing|held|holds|waved|waves|pulled|pulls) (?:a|his|her|their|the) (?:gun|knife|blade|weapon) (?:at|to|on) (?:me|my)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:came|comes|coming) at me with (?:a|his|her|the)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?(?: \w+){{0,2}}? tried to (?:kill|strangle|choke|drown|suffocate|smother|stab|run me over|push me down)\b",
    rf"\b{_PERSON}(?:'s| is| gets| got| can be| can get| was| has been| becomes| became) (?:\w+ )?(?:violent|abusive|aggressive|threatening)\b",
    r"\b(?:things|it|stuff|the (?:fight|argument|row)|our (?:fight|argument|row))(?: \w+){0,2}? (?:got|gets|getting|became|turned) (?:\w+ )?violent\b",
    r"\b(?:hit|hurt|harmed|attacked) me physically\b",
    rf"\bi (?:hit|slapped|punched|pushed|shoved|choked|kicked|beat|strangled|stabbed) (?:him|her|them|my {_ANYONE_NOUNS})\b{_NOT_VIOLENT_AFTER}",
    r"(?<!substance )(?<!drug )(?<!alcohol )(?<!drinking )\babus(?:e|ed|es|ive|ing|er)\b(?! (?:my|your|his|her|their|the|our) (?:trust|kindness|generosity|position|power|privileges?|goodwill|patience|hospitality))",
    r"\bdomestic (?:violence|abuse)\b",
    r"\b(?:sexually )?assault(?:ed|s|ing)?\b(?! (?:rifle|weapon|course))",
    r"\brap(?:e|ed|ing|ist)\b",
    r"\bmolest\w*",
    r"\b(?:physically|physical) (?:hurt|harm|hurts|harms|hurting|harming|abus\w+|attacked)",
    r"\b(?:left|leaves|gave me|covered in|hide|hides|hiding|hid|cover up|covering up|covered up) (?:the |my |these |those |some |his |her )?(?:bruises|marks on my (?:neck|arms?|body|face))\b",
    r"\b(?:i'm|i am|we're|we are|my (?:life|kids|children|son|daughter) (?:is|are)) in danger\b",
    # ---- threats
    rf"\bthreat(?:en|ens|ened|ening)\b(?: (?!to\b)\w+){{0,2}}? (?:to (?:{_HARM}|take (?:the|my|our) (?:kids|children|son|daughter|baby)|burn|ruin me|post|share|leak|send|show|release)|me)\b",
    rf"\b{_PERSON}{_WILL} (?:{_WORD} ){{0,2}}?(?:hurt|hit|beat|harm|strangle|choke|stab|shoot|burn|drown|smother|come after|find) (?:me|us|the kids|the children|my|our)\b(?! (?:a|an|some|something|one|the)\b)",
    rf"\b(?:said|says|told me|tells me|swore|swears|threatened|threatens|texted|warned me)(?: that)? (?:he|she|they)(?:'d|'ll| would| will| was going to| is going to| is gonna| was gonna)(?: {_WORD}){{0,2}}? (?:{_HARM}|kill)\b",
    r"\bkill (?:me|himself|herself|themselves|us|the kids|my \w+) if i (?:ever )?(?:leave|left|try|tried|go|went|tell|told|call|called|report|reported|break up|end it|don't|didn't|do)\b",
    rf"\bif i (?:ever )?(?:leave|left|tell|told|try to leave|tried to leave|go to the police|call the police|report)(?: \w+){{0,3}}?,? {_PERSON}{_WILL} (?:{_WORD} ){{0,2}}?(?:kill|hurt|hit|find|take|ruin|come after|make me pay)\b",
    r"\b(?:never (?:let me )?see|take) (?:the|my|our) (?:kids|children|son|daughter|baby)(?: away)?(?: again| from me)\b",
    # ---- fear of a person
    rf"(?<!not )(?<!never )(?<!n\x27t )(?<!nt )\b(?:scared|afraid|terrified|frightened|fearful|petrified)(?: to death| \w+)? of (?:him|her|them|my {_PARTNER_NOUNS}|{_NAME})\b"
    r"(?! (?:\w+ing|reaction|response|answer|feelings|family|friends|opinion|words|face|mom|dad|being|judging|thinking)\b)",
    r"\b(?:scared|afraid|terrified|frightened|petrified) (?:of )?what (?:he|she|they)(?:'ll|'d|'s| will| would| might| could| is going to| is gonna| may)(?: \w+)? (?:do|say)\b",
    rf"\b{_CLOSE}(?: really| sometimes| honestly| still| actually)? (?:scares|scared|terrifies|terrified|frightens|frightened) me\b",
    rf"\bi fear (?:him|her|them|my {_PARTNER_NOUNS})\b",
    rf"\b(?:scared|afraid|terrified|frightened) (?:to|of) (?:be|being) (?:left )?(?:alone|home alone|in the same room) with (?:him|her|them|my {_PARTNER_NOUNS})\b",
    rf"\b(?:hide|hiding|hid|hidden) from (?:him|her|them|my {_PARTNER_NOUNS})\b",
    rf"\b(?:don't|do not|never|no longer|can't|cannot) (?:feel )?safe {_PLACES}",
    r"\b(?:i'm|i am|im) not safe\b",
    rf"\bunsafe {_PLACES}",
    r"\b(?:afraid|fear|scared|fearing|terrified|frightened) for my (?:life|safety)\b",
    r"\bfear(?:ing)? for my life\b",
    # ---- coercive control
    r"(?<!\bi )(?<!\byou )\b(?:checks|checking|checked|goes through|going through|went through|reads|reading|monitors|monitoring|monitored|tracks|tracking|tracked|looks through|looked through|read|reads through|spies on|spying on|spied on) "
    r"(?:all |through )?(?:of )?my (?:phone|messages|texts|email|emails|location|bank|accounts?|banking|browser|dms|mail|whatsapp|calls|call log|search history|social media|car|diary|spending|statements|receipts)\b",
    r"\b(?:won't|will not|doesn't|does not|didn't|did not|don't|never|wouldn't|would not) (?:let|allow) me (?:to )?(?:see|go (?:out|anywhere|to|home)|leave|talk to|speak to|have (?:my own|any|friends|a phone|money|a job|a bank)|work|use|drive|visit|call|text|wear|spend|out|eat|sleep|get a job)\b",
    r"\bnot allowed to (?:see|go|leave|talk|have|work|use|drive|visit|wear|spend|call|text|speak|eat)\b",
    r"(?<!\bi )\b(?:takes|took|taking|controls|controlled|controlling|keeps|kept|hides|hid|confiscates|confiscated|has taken) (?:all |away )?(?:of )?(?:my|the) (?:money|paycheck|pay|wages|salary|cards|bank card|credit cards?|car keys|keys|passport|phone|documents|id)\b",
    r"\b(?:controls|controlled|decides|decided|tells me|told me|dictates) (?:what i (?:can |could )?(?:wear|eat|spend|do)|who i (?:can |could )?(?:see|talk to|text|speak to)|where i (?:can |could )?go|when i (?:can |could )?(?:leave|go out)|everything i do)\b",
    r"\b(?:gives|give) me an allowance\b",
    r"\b(?:makes|made|make) me (?:ask|beg) (?:\w+ )?for (?:money|permission)\b",
    r"\bi (?:have to|need to|must) ask (?:him|her|them|my \w+)? ?(?:for )?permission\b",
    r"\b(?:makes|made) me (?:share|send|turn on) my (?:location|passwords?|pin)\b",
    r"\b(?:put|puts|installed|installs|hid) (?:a |an )?(?:tracker|tracking app|spyware|gps|airtag|app) (?:on|in) my\b",
    r"\b(?:cut|cuts|cutting|keeps|kept|isolat\w+) me (?:off )?(?:from|away from) (?:my )?(?:friends|family|everyone|people|my \w+)\b",
    r"\bisolat(?:es|ed|ing) me\b",
    r"\block(?:s|ed)? me (?:in|out)\b",
    # ---- sexual coercion
    r"\b(?:forces?|forced|forcing|makes|made|pressures?|pressured|pressuring|pushes|pushed|guilts?|guilted|coerced|coerces|coerce) me (?:in)?to (?:have sex|sex\b|sleep with|do (?:sexual|things in bed|stuff in bed|things i (?:don't|didn't) want to in bed)|have intercourse|send (?:nudes|photos|pictures))",
    r"\bforced? (?:himself|herself|themselves) on me\b",
    r"\bsexual(?:ly)? (?:coerc\w+|harass\w+|abus\w+|assault\w*)",
    r"\b(?:i said|i say|i told (?:him|her|them)) (?:no|stop)(?: \w+){0,3}? (?:but|and) (?:he|she|they) (?:kept going|keeps going|didn't stop|doesn't stop|wouldn't stop|won't stop|did it anyway|does it anyway|carried on|carries on)\b",
    r"\b(?:touches|touched|touching) me (?:without (?:my )?(?:consent|permission|asking)|when i (?:say|said|tell|told) (?:him|her|them )?(?:no|not to|to stop))\b",
    r"\bcoerc(?:e|ed|es|ing|ion|ive)\b",
    # ---- stalking
    r"\b(?:stalk|stalks|stalking|stalked|stalker)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:follows|followed|following|follow) me (?:home|to (?:work|school|my|the)|everywhere|wherever|around everywhere|in (?:his|her|their|a) car)\b",
    rf"\b{_PERSON}(?:'s| has| had)? (?:been|keeps|kept|keep|started) (?:following|watching) me\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:waits|waited|waiting|sits|sat|parks|parked|hangs around|hung around) outside my (?:house|home|work|flat|apartment|place|office|school|door|window)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?(?: keeps| kept| always| won't stop)? (?:shows|showed|showing|turns|turned|turning) up (?:at|outside) my (?:work|house|home|place|job|door|flat|apartment|school|office|gym)(?: \w+)? (?:uninvited|unannounced|again|every day|all the time|when i (?:told|asked) (?:him|her|them) not to)\b",
    rf"\b{_PERSON}(?: \w+)? (?:keeps|kept|always|won't stop) (?:showing|turning) up (?:at|outside) my\b",
    r"\b(?:restraining|protection|protective|non-molestation) order\b",
    # ---- self-harm and suicide
    r"(?<!could )(?<!could just )\bkill(?:ing)? myself\b",
    r"\b(?:end|ending|take|taking|took) my (?:own )?life\b",
    r"\bend(?:ing)? it all\b",
    r"\b(?:thinking|thought|think|thinks|considering|considered|planning|planned|plan|planing) (?:about |of |on )?(?:ending|to end|end) (?:it|things|everything|my life)\b(?! (?:with|between|for (?:good )?with|off with)\b)",
    r"\bsuicid\w*",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving|punish|punishing|scratch|scratching) myself\b"
    r"(?! (?:on(?! purpose)|while|when|at|playing|during|in|making|cooking|baking|ironing|shaving|running|lifting|skiing"
    r"|chopping|falling|doing|getting|trying|fixing|working|by accident|accidentally|slightly|a|an|some|off|slack"
    r"|short|out|free|loose|up|over|to sleep)\b)",
    r"\bself[- ]?harm\w*",
    r"\b(?:want|wanna|wish|wishing|ready) (?:to )?die\b",
    r"\bwish i could (?:just )?die\b",
    r"\bwish i (?:was|were) (?:dead|never born|gone)\b",
    r"\bwish i (?:wasn't|weren't|was not|were not) (?:alive|here|around|born)\b",
    r"\b(?:don't|do not|no longer) want to (?:be alive|exist|go on|live anymore|live any more|keep living|be here (?:anymore|any more|at all|on this earth|in this world)|wake up(?: again| anymore| any more| tomorrow)?\b(?! (?:early|at|so early|before)))",
    r"\bno longer want to (?:be here|live)\b",
    r"\bbetter off (?:dead|without me)\b",
    r"\b(?:better|happier|easier) (?:off )?if i (?:was|were|wasn't|weren't|was not|were not) (?:gone|here|around|dead|alive|born)\b",
    r"\b(?:no one|nobody|no-one|none of them) (?:would|will|'d|'ll)(?: even| really| actually)? (?:miss me|notice (?:if|when) i(?:'m| was| were)? ?(?:gone|dead|died|disappeared)|care (?:if|when) i (?:died|was gone|were gone|disappeared|killed))",
    r"\bno (?:reason|point) (?:to live|in living|in going on|to go on|to keep going|in being alive|to be alive|to stay alive)\b",
    r"\b(?:don't|do not|can't|cannot) see (?:the|any) point (?:in|of) (?:living|going on|being alive|life|staying alive|waking up)\b",
    r"\bwhat's the point (?:of|in) (?:living|going on|being alive|life|staying alive|waking up)\b",
    r"\b(?:tired|sick) of (?:living|being alive)\b",
    r"\bnot worth living\b",
    r"\bcan't go on\b(?! (?:like this|this way|with (?:this|the|it)|about))",
    r"\boverdos\w*",
    rf"\b(?:saving|saved|stockpiling|stockpiled|collecting|collected|hoarding|hoarded|stashing|stashed|stored up|storing up)(?: up)? (?:\w+ ){{0,3}}?{_PILLS}\b",
    rf"\b(?:enough|all (?:of )?(?:my|the)) {_PILLS} to\b",
    rf"\b(?:took|taken|take|swallowed|swallow|taking) (?:a (?:bunch|handful|load|lot) of|all (?:of )?(?:my|the)|too many|loads of|lots of|the whole bottle of|a whole bottle of|every one of my) {_PILLS}\b",
    r"\b(?:hang|hanging|hanged) myself\b",
    r"\b(?:slit|slitting|cut|cutting|slash|slashing) my (?:wrists?|throat)\b",
    # self-harm told by the body part: "I cut my arm again", "she burns her legs"; not an accident ("on the fence")
    r"\b(?:cut|cuts|cutting|burn|burns|burned|burnt|burning|scratch|scratches|scratched|scratching|carve|carved|carving)"
    r" (?:into )?(?:my|her|his|their) (?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|body)\b"
    r"(?! (?:on|open on|while|with a|shaving|cooking|chopping|slicing|gardening|climbing|at work|at the|in the|by accident|accidentally|badly on)\b)",
    r"\b(?:been|started|start|starting|stopped|stop|back to|keeps?|kept|is|was|'s|'m|am|are|were) cutting(?: (?:again|herself|himself|themselves))?\b(?! (?:the|a|an|my|your|her|his|their|it|them|this|that|up|down|back|out|off|in|corners|class|school|ties|costs|hair|onions|through|across|into|me)\b)",
    r"\b(?:jump|jumping|throw myself|step|stepping|walk|walking) (?:off|from|in front of|under) (?:a|the) (?:bridge|roof|building|cliff|balcony|train|bus|car|lorry|truck)\b",
    r"\b(?:suicide|goodbye) (?:note|letter|letters|notes)\b",
    r"\bwant to (?:not wake up|never wake up|sleep forever|stop existing|stop living)\b",
    r"\b(?:wish|hope) i (?:never|don't|didn't|wouldn't|won't) wake up\b",
    r"\bdisappear forever\b",
    r"\b(?:i'm|i am) done (?:with (?:life|living|being alive)|living)\b",
)
_CLEAR = _compile(_CLEAR_PATTERNS)

_POSSIBLE_PATTERNS = (
    # ---- violence that may or may not be
    r"\b(?:things|it|stuff|that|we|the (?:fight|argument|row|fighting)|our (?:fight|argument|row|fights|arguments))(?: \w+){0,2}? (?:got|get|gets|getting|became|turned|were|was|went) (?:a (?:bit|little) |kind of |kinda |really |pretty |so |too |quite |very )?(?:physical|rough|out of hand and physical)\b",
    r"\bphysical (?:fight|fights|fighting|altercation)\b",
    rf"\b{_PERSON}(?:'s| is| gets| got| can be| can get| was| has been| becomes| became| goes)(?: \w+)? (?:scary|frightening|terrifying|intimidating|rough|physical|dangerous|out of control|menacing|controlling|possessive|unpredictable)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:raised|raises|lifted|lifts) (?:his|her|their|a) (?:hand|fist) (?:to|at|against) me\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:punched|punches|punching|kicked|kicks|kicking|smashed|smashes|smashing|broke|breaks|hit|hits|slammed|slams|put his fist through|put her fist through) (?:a hole in )?(?:the|a|my|our) (?:wall|walls|door|doors|table|window|mirror|phone|things|stuff|furniture|plates)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:smashed|smashes|smashing|breaks|broke|destroyed|destroys|wrecked|wrecks) (?:things|stuff|my (?:things|stuff|phone|laptop|belongings))\b",
    rf"\b{_PERSON}(?:'s|'d|'ve)?(?: \w+){{0,2}}? {_NEGATION}(?: \w+){{0,2}}? {_VIOLENCE} me\b",  # "he's never hit me": ask
    rf"\byou(?:'ve|'d)?(?: \w+){{0,2}}? {_VIOLENCE} me\b{_NOT_VIOLENT_AFTER}",  # to the role-play's partner
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:kicked|kicks|threw|throws|thrown|locked|locks) me out\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:screams|screamed|screaming|yells|yelled|yelling|shouts|shouted|shouting) in my face\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:has|have|had|keeps|kept|owns|owned|got|bought|showed me|carries) (?:a |his |her |their )?(?:gun|guns|knife|knives|weapon|weapons|rifle|shotgun)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:came|comes|coming|went|goes) (?:at|for) me\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:hurts|hurt|hurting) me when (?:he|she|they)(?:'s| is| gets| get| has| had)? ?(?:\w+ )?(?:drunk|drinks|drinking|high|angry|mad|furious|upset|jealous)\b",
    rf"\b{_PERSON}(?:'s|'ve|'d)?{_GAP} (?:twisted|twists) my arm\b",
    r"\b(?:i have|i've got|i got|there's) (?:a |some )?(?:bruises|a black eye|marks on my)\b",
    r"\b(?:substance|drug|alcohol|drinking) abuse\b",
    # ---- threats that may be a figure of speech
    rf"\b{_CLOSE}{_WILL} (?:{_WORD} ){{0,2}}?(?:kill|murder|strangle|end) me\b",
    rf"\b{_CLOSE}(?:'s| is| was| has been)? (?:going to|gonna) (?:{_WORD} ){{0,2}}?(?:kill|murder|strangle) me\b",
    rf"\b{_CLOSE}(?:'s| is| was)? (?:killing|murdering) me\b",
    rf"\b{_CLOSE}(?:'s|'ve|'d)?(?: \w+){{0,2}}? (?:nearly|almost) (?:killed|strangled|choked) me\b",
    rf"\b{_CLOSE} knows where i (?:live|work|am)\b",
    r"\b(?:harass|harasses|harassed|harassing) me\b",
    rf"\b{_CLOSE}(?:'s| is| was)? (?:threatening|threatened|threatens)\b(?! to (?:leave|go|quit|move|break up|tell|call|cancel|stop|walk out|end (?:it|things|the relationship))\b)",
    # ---- fear that may be of a person
    r"\b(?:scared|afraid|terrified|frightened|nervous|petrified) (?:to go|of going|to come|of coming|to get) (?:back )?home\b",
    r"\b(?:don't|do not) want to go (?:back )?home\b(?: \w+){0,3}? (?:because|cause|cos|when) (?:he|she|they|my \w+)",
    rf"\b(?:scared|afraid|terrified|frightened) (?:to|of) (?:leave|leaving) (?:him|her|them|my {_PARTNER_NOUNS}|home)\b",
    rf"\b(?:scared|afraid|terrified|frightened|nervous|anxious|on edge)\b(?: \w+){{0,4}}? when {_CLOSE}(?:'s| is| gets| comes| has| has been| starts| get)? ?(?:\w+ )?(?:drunk|drinks|drinking|high|angry|mad|home|in a mood|in one of (?:his|her|their) moods|loses (?:his|her|their) temper|raging|jealous)\b",
    rf"\b(?:it|that) (?:really )?(?:scares|frightens|terrifies) me when {_CLOSE}\b",
    rf"\b(?:scared|afraid|terrified|frightened)(?: that)? {_CLOSE}(?:'ll|'d| will| would| might| could| is going to| is gonna)(?: \w+)? (?:snap|explode|lose (?:his|her|their) temper|get violent|find out where i|hurt)\b",
    r"\b(?:walk|walking|walked|walks) on eggshells\b",
    r"\b(?:i )?(?:don't|do not|never|no longer|can't|cannot) feel safe\b",
    r"\bunsafe\b",
    r"\bnot safe\b",  # "it's not safe", or the scenario's name said aloud: ask
    r"\b(?:afraid|scared|terrified|frightened|worried) for (?:my|the) (?:kids|children|son|daughter|baby)'?s? (?:safety|life|lives)\b",
    r"\b(?:scared|afraid|terrified|frightened) of what i (?:might|could|would|'d|'ll|will) do\b",
    # ---- the speaker's own violence, told to the partner: ask (the partner is fiction; the story may not be)
    r"\bi (?:grabbed|shoved|pushed|slapped|hit|choked|kicked|punched|threw \w+ at) (?:you|your)\b",
    r"\b(?:put|laid|lay) (?:my|a) hands? on (?:you|her|him|them)\b",
    r"\b(?:do|doing|did) (?:anything|something) stupid\b",
    # ---- despair that may be suicidal
    r"\b(?:don't|do not|can't|cannot|didn't|no longer) see (?:the|any) point\b(?! (?:of|in) (?:this|that|it|the|doing|going to|arguing|fighting|talking|asking|trying to|explaining|having|us|them|him|her|you|a|an|my|your|his|her|their)\b)",
    r"\bwhat's the point (?:of (?:anything|it all|going on|trying|anything anymore|any of it)|anymore|any more|in anything|in trying)\b",
    r"\b(?:there's|there is|is there) no point (?:in )?(?:anything|anymore|any more|to anything|trying anymore)\b",
    r"\b(?:i'm|i am|i feel like|i feel|i've become|i've been)(?: \w+)? (?:a|such a|nothing but a|just a) burden\b",
    r"\b(?:want|wanna|wanted|wish i could|wishing i could|just want) (?:to )?(?:just )?disappear\b",
    r"\bwanted to die\b",
    r"\b(?:tired|sick|exhausted) of (?:everything|it all|life)\b",
    r"\b(?:want|wanted|need) (?:it|everything|this|the pain|all of it) (?:all )?to (?:stop|end)\b",
    r"\b(?:dark|scary|bad|morbid) thoughts\b",
    r"\bthoughts (?:of|about) (?:death|dying|not being here)\b",
    r"\bcould (?:just )?kill myself\b",
    r"\b(?:won't|will not|might not|may not|wouldn't) be (?:around|here) (?:much longer|for (?:much )?longer|for long|anymore|any more|tomorrow|next week)\b",
    r"\b(?:giving|gave|give) (?:away )?(?:all )?(?:of )?my (?:things|stuff|belongings|possessions)(?: away)?\b(?=.{0,20}\baway\b)|\bgiving away my (?:things|stuff|belongings|possessions)\b",
    r"\b(?:i'd|i would) (?:rather|sooner) be dead\b",
    r"\b(?:don't|do not) want to be here\b",
    r"\b(?:don't|do not) want to live (?:like this|this way|anymore like this)\b",
    r"\b(?:want|wanna|going|gonna|ready) to end it\b(?! (?:with|between)\b)",
    r"\b(?:want|need|wanted) to (?:go to sleep|sleep) and (?:not|never) wake\b",
    r"\bcan't (?:do|take) (?:this|it) (?:anymore|any more)\b(?=.{0,30}\b(?:die|dead|gone|end|life|living|alive|point)\b)",
    r"\b(?:say|said|saying) (?:my )?goodbyes\b",
    r"\b(?:i'm|i am) (?:done|finished) with everything\b",
)
_POSSIBLE = _compile(_POSSIBLE_PATTERNS)


def safety_level(text: str) -> str:
    """SAFETY_CLEAR, SAFETY_POSSIBLE or SAFETY_NONE for one turn (any string, empty included)."""
    clean = _FIGURES.sub(" ~ ", normalise(text or "").text)
    if _CLEAR.search(clean):
        return SAFETY_CLEAR
    if _POSSIBLE.search(clean):
        return SAFETY_POSSIBLE
    return SAFETY_NONE


def has_safety_concern(text: str) -> bool:
    """True when the turn may be about abuse, threats, control, fear of someone, self-harm or suicide:
    either tier ("clear" or "possible"), so the support line is given or asked about whenever anything matches."""
    return safety_level(text) != SAFETY_NONE


__all__ = ["SAFETY_CLEAR", "SAFETY_NONE", "SAFETY_POSSIBLE", "has_safety_concern", "safety_level"]

