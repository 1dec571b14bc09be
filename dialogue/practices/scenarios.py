"""The conversations a user can rehearse, as data.

A scenario says who the partner is, how much they trust the user at the start,
when the role-play ends, and -- through its `effects` -- which signals of a
turn (dialogue/coaching/signals.py) warm or cool this partner and which reply each
cooling one draws. Its spoken lines live in domain/<scenario>.yml under response
names built from `Scenario.response_key` (see `partner_response`); the partner's
style (dialogue/practices/persona.py) may pick style-specific variants.

Adding a scenario means one entry in `SCENARIOS`, a domain/<id>.yml with its
lines, the coach's cue and debrief lines, and its names in the `scenario` lookup
table and synonyms in data/nlu.yml.

The guided flows (dialogue/practices/guided.py) are practices too: `PRACTICES` and
`find_scenario` cover both, so `--scenario` and `realtalk scenarios` know them;
`find_roleplay` is for code that needs a partner to play.
"""

from __future__ import annotations

from collections.abc import Collection

from dialogue.coaching import signals as s
from dialogue.practices.guided import GUIDED_FLOWS, GuidedFlow
from dialogue.practices.scenario_types import (  # noqa: F401  (Scenario is re-exported: this module's interface too)
    COOL_BLAME,
    COOL_DISMISSED,
    COOL_ESCALATE,
    COOL_EXCUSE,
    COOL_FIXING,
    COOL_MINIMIZING,
    COOL_MOCK,
    COOL_PRESSURE,
    COOL_RETRACT,
    COOL_SELF,
    COOL_UNDERMINED,
    COOL_VAGUE,
    Effect,
    Scenario,
    TryNext,
    WentWell,
)


def _common_well(*specific: WentWell) -> tuple[WentWell, ...]:
    return (*specific, WentWell(s.THANKS_FOR_HONESTY, "thanked"), WentWell(s.QUESTION, "asked"))


MESSED_UP = Scenario(
    scenario_id="messed-up",
    title="telling someone you messed up",
    practises="owning a mistake: a plain apology with no excuses, then asking how it was for them",
    situation="who you promised to meet and then let down",
    response_key="messed_up",
    effects=(
        Effect(s.BLAME, -0.25, COOL_BLAME),
        Effect(s.EXCUSE, -0.15, COOL_EXCUSE),
        Effect(s.UNDERMINED_APOLOGY, -0.05, COOL_UNDERMINED),
        Effect(s.OWNED_APOLOGY, 0.2),
        Effect(s.CARING_QUESTION, 0.1),
        # hearing how it was for them: thanking them for saying it, acknowledging the hurt
        Effect(s.THANKS_FOR_HONESTY, 0.1),
        Effect(s.ACKNOWLEDGES, 0.1),
    ),
    start_trust=0.35,
    forgive_at=0.85,
    key_moves=(s.OWNED_APOLOGY, s.CARING_QUESTION),
    default_style="hurt",
    went_well=(
        WentWell(s.THANKS_FOR_HONESTY, "thanked"),
        WentWell(s.OWNED_APOLOGY, "owned", clean_response="owned_cleanly", unless=(s.EXCUSE, s.BLAME)),
        WentWell(s.QUESTION, "asked"),
    ),
    try_next=(
        TryNext("drop_blame", s.BLAME),
        TryNext("drop_excuse", s.EXCUSE),
        TryNext("clean_apology", s.UNDERMINED_APOLOGY),
        TryNext("say_sorry", s.OWNED_APOLOGY, present=False),
        TryNext("name_feeling", s.MINIMIZING),
        TryNext("ask_partner", s.QUESTION, present=False),
    ),
    try_fallback="make_amends",
)

LOVE_FIRST = Scenario(
    scenario_id="love-first",
    title="saying I love you first",
    practises="saying 'I love you' first, then staying with the silence instead of taking it back",
    situation="who you have never said I love you to",
    response_key="love_first",
    effects=(
        Effect(s.RETRACTS, -0.4, COOL_RETRACT),  # takes the declaration back, and then some
        Effect(s.PRESSES, -0.2, COOL_PRESSURE),
        Effect(s.BLAME, -0.25, COOL_PRESSURE),
        Effect(s.MINIMIZING, -0.15, COOL_RETRACT),
        Effect(s.SAYS_LOVE, 0.25),
        Effect(s.GIVES_SPACE, 0.15),
        Effect(s.NAMES_FEELING, 0.1),
        Effect(s.CARING_QUESTION, 0.05),
    ),
    key_moves=(s.SAYS_LOVE,),
    start_trust=0.4,
    default_relationship="partner",
    went_well=_common_well(WentWell(s.SAYS_LOVE, "said_love")),
    try_next=(
        TryNext("stay_with_it", s.RETRACTS),
        TryNext("no_pressure", s.PRESSES),
        TryNext("no_blame", s.BLAME),
        TryNext("say_love", s.SAYS_LOVE, present=False),
        TryNext("give_space", s.GIVES_SPACE, present=False),
    ),
)

HURT_NOT_FINE = Scenario(
    scenario_id="hurt-not-fine",
    title="admitting you're hurt, not fine",
    practises="saying 'I'm hurt' instead of 'I'm fine' when someone asks",
    situation="who made a joke about you in front of friends last night",
    response_key="hurt_not_fine",
    effects=(
        Effect(s.BLAME, -0.2, COOL_BLAME),
        Effect(s.MINIMIZING, -0.2, COOL_MINIMIZING),
        Effect(s.NAMES_FEELING, 0.25),
        Effect(s.ASKS_FOR_NEED, 0.1),
        Effect(s.CARING_QUESTION, 0.05),
    ),
    key_moves=(s.NAMES_FEELING,),
    start_trust=0.4,
    default_relationship="partner",
    went_well=_common_well(WentWell(s.NAMES_FEELING, "named_feeling")),
    try_next=(
        TryNext("no_blame", s.BLAME),
        TryNext("name_feeling", s.MINIMIZING),
        TryNext("name_feeling", s.NAMES_FEELING, present=False),
        TryNext("ask_for_need", s.ASKS_FOR_NEED, present=False),
    ),
)

WHAT_I_NEED = Scenario(
    scenario_id="what-i-need",
    title="asking for what you need",
    practises="making one clear, kind request ('I need…', 'could you…') instead of hinting or complaining",
    situation="who you live with, now that you've been carrying most of the load at home",
    response_key="what_i_need",
    effects=(
        Effect(s.BLAME, -0.25, COOL_BLAME),
        Effect(s.MINIMIZING, -0.15, COOL_VAGUE),
        Effect(s.ASKS_FOR_NEED, 0.25),
        Effect(s.NAMES_FEELING, 0.1),
        Effect(s.CARING_QUESTION, 0.05),
    ),
    key_moves=(s.ASKS_FOR_NEED,),
    start_trust=0.4,
    default_relationship="partner",
    went_well=_common_well(WentWell(s.ASKS_FOR_NEED, "asked_for_need")),
    try_next=(
        TryNext("no_blame", s.BLAME),
        TryNext("say_need_plainly", s.MINIMIZING),
        TryNext("ask_for_need", s.ASKS_FOR_NEED, present=False),
        TryNext("name_feeling", s.NAMES_FEELING, present=False),
    ),
)

SILLY_DREAM = Scenario(
    scenario_id="silly-dream",
    title="sharing a dream that sounds silly",
    practises="telling someone a dream of yours without laughing it off first",
    situation="who you trust but have never told about this dream",
    response_key="silly_dream",
    effects=(
        Effect(s.BLAME, -0.2, COOL_BLAME),
        Effect(s.RETRACTS, -0.2, COOL_MINIMIZING),
        Effect(s.MINIMIZING, -0.2, COOL_MINIMIZING),
        Effect(s.SHARES_DREAM, 0.25),
        Effect(s.NAMES_FEELING, 0.1),
        Effect(s.CARING_QUESTION, 0.05),
    ),
    key_moves=(s.SHARES_DREAM,),
    start_trust=0.45,
    default_relationship="friend",
    went_well=_common_well(WentWell(s.SHARES_DREAM, "shared_dream")),
    try_next=(
        TryNext("no_blame", s.BLAME),
        TryNext("own_the_dream", s.MINIMIZING),
        TryNext("own_the_dream", s.RETRACTS),
        TryNext("share_dream", s.SHARES_DREAM, present=False),
    ),
)

SCARED = Scenario(
    scenario_id="scared",
    title="admitting you're scared",
    practises="telling someone hard news (you lost your job) and that you're scared, instead of 'it's fine'",
    situation="who doesn't know yet that you lost your job today",
    response_key="scared",
    effects=(
        Effect(s.BLAME, -0.2, COOL_BLAME),
        Effect(s.MINIMIZING, -0.2, COOL_MINIMIZING),
        Effect(s.SHARES_NEWS, 0.2),
        Effect(s.NAMES_FEELING, 0.2),
        Effect(s.ASKS_FOR_NEED, 0.1),
        Effect(s.CARING_QUESTION, 0.05),
    ),
    key_moves=(s.SHARES_NEWS, s.NAMES_FEELING),
    start_trust=0.4,
    default_relationship="partner",
    went_well=_common_well(
        WentWell(s.NAMES_FEELING, "named_fear"),
        WentWell(s.SHARES_NEWS, "told_them"),
    ),
    try_next=(
        TryNext("no_blame", s.BLAME),
        TryNext("name_feeling", s.MINIMIZING),
        TryNext("say_news", s.SHARES_NEWS, present=False),
        TryNext("name_fear", s.NAMES_FEELING, present=False),
    ),
)

LISTENING = Scenario(
    scenario_id="listening",
    title="listening when someone opens up",
    practises="listening: acknowledging and asking, not fixing, dismissing or turning it to yourself",
    situation="who is about to tell you something hard",
    response_key="listening",
    effects=(
        Effect(s.DISMISSES, -0.25, COOL_DISMISSED),
        Effect(s.BLAME, -0.15, COOL_DISMISSED),
        Effect(s.MINIMIZING, -0.15, COOL_DISMISSED),
        Effect(s.SELF_FOCUS, -0.15, COOL_SELF),
        Effect(s.FIXES, -0.15, COOL_FIXING),
        Effect(s.ACKNOWLEDGES, 0.2),
        Effect(s.THANKS_FOR_HONESTY, 0.2),
        Effect(s.CARING_QUESTION, 0.15),
    ),
    start_trust=0.35,
    key_moves=(s.ACKNOWLEDGES, s.CARING_QUESTION),
    default_relationship="friend",
    went_well=(
        WentWell(s.ACKNOWLEDGES, "acknowledged"),
        WentWell(s.THANKS_FOR_HONESTY, "thanked"),
        WentWell(s.QUESTION, "asked"),
    ),
    try_next=(
        TryNext("no_dismissing", s.DISMISSES),
        TryNext("no_dismissing", s.BLAME),
        TryNext("stay_with_them", s.SELF_FOCUS),
        TryNext("hold_the_fix", s.FIXES),
        TryNext("acknowledge", s.ACKNOWLEDGES, present=False),
        TryNext("ask_more", s.QUESTION, present=False),
    ),
    nudges=("utter_coach_nudge_rushed",),
)

NOT_SAFE = Scenario(
    scenario_id="not-safe",
    title="holding a calm boundary when it isn't safe to open up",
    practises="when someone mocks or dismisses you: a calm boundary, not more explaining or disclosure",
    situation="who tends to laugh at you when you try to talk about feelings",
    response_key="not_safe",
    effects=(
        Effect(s.BLAME, -0.15, COOL_ESCALATE),
        Effect(s.MINIMIZING, -0.1, COOL_MOCK),
        # Opening up more, or apologising, to someone who mocks you is not rewarded.
        Effect(s.DISCLOSES, -0.05, COOL_MOCK, sharp=False),
        Effect(s.OWNED_APOLOGY, -0.05, COOL_MOCK, sharp=False),
        Effect(s.UNDERMINED_APOLOGY, -0.05, COOL_MOCK, sharp=False),
        Effect(s.BOUNDARY, 0.3),
    ),
    key_moves=(s.BOUNDARY,),
    start_trust=0.3,
    default_style="dismissive",
    default_relationship="partner",
    styles=("dismissive",),
    went_well=(WentWell(s.BOUNDARY, "held_boundary"),),
    try_next=(
        TryNext("no_escalating", s.BLAME),
        TryNext("hold_back", s.DISCLOSES),
        TryNext("boundary", s.BOUNDARY, present=False),
    ),
    closing="not_safe",
    nudges=("utter_coach_nudge_rushed",),
)

SCENARIOS: dict[str, Scenario] = {
    scenario.scenario_id: scenario
    for scenario in (MESSED_UP, LOVE_FIRST, HURT_NOT_FINE, WHAT_I_NEED, SILLY_DREAM, SCARED, LISTENING, NOT_SAFE)
}


PRACTICES: dict[str, Scenario | GuidedFlow] = {**SCENARIOS, **GUIDED_FLOWS}


def find_scenario(scenario_id: str | None) -> Scenario | GuidedFlow | None:
    """The role-play or guided flow with this id, or None for an unknown or missing id."""
    if not scenario_id:
        return None
    return PRACTICES.get(scenario_id.strip().lower())


def find_roleplay(scenario_id: str | None) -> Scenario | None:
    """The role-play scenario with this id; None for a guided flow, an unknown or a missing id."""
    if not scenario_id:
        return None
    return SCENARIOS.get(scenario_id.strip().lower())


def scenario_menu() -> str:
    """The role-play and guided flow titles as one spoken phrase: "a, b or c"."""
    titles = [practice.title for practice in PRACTICES.values()]
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + " or " + titles[-1]


def partner_response(
    scenario: Scenario, moment: str, style: str | None = None, available: Collection[str] | None = None
) -> str:
    """The domain response the partner speaks at a moment ("open", "warm", "end_cold"…).

    With a `style` other than the scenario's own and the domain's response names
    (`available`), a style-specific variant wins where the domain has one:
    utter_partner_<key>_<moment>_<style>, then utter_partner_style_<style>_<moment>.
    """
    plain = f"utter_partner_{scenario.response_key}_{moment}"
    if not style or style == scenario.default_style or available is None:
        return plain
    for name in (f"{plain}_{style}", f"utter_partner_style_{style}_{moment}"):
        if name in available:
            return name
    return plain
