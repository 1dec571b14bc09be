"""Safety in two tiers: the detector's level, the gate, the check-in's answer, and its actions.

`dialogue.coaching.safety.safety_level` rates a turn "clear" (the role-play ends at once with
support lines), "possible" (the coach asks "Are you safe right now?") or "none". The sentences
below were written for this test, not taken from the patterns: plain and indirect ways of
saying each danger, the ambiguous cases a coach should ask about, and the figures of speech
and everyday fears that must never stop a session.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from assistant.rasa.partner import Reply, TurnResult
from assistant.session import converse
from assistant.speaking import ReplyOutput
from audio.listening import TextInput
from dialogue.actions import ActionAskSafetyAnswer, ActionSafetyCheckAnswer, ActionSafetyExit
from dialogue.coaching import safety
from dialogue.coaching.analysis import analyse_turn, analysis_fields
from dialogue.coaching.phrasing import analyse
from dialogue.coaching.safety import SAFETY_CLEAR, SAFETY_NONE, SAFETY_POSSIBLE, has_safety_concern, safety_level
from dialogue.coaching.text import any_of
from dialogue.practices.intent_gate import gate_intent
from dialogue.practices.safety_check import ANSWER_SLOT, SAFETY_CHECK_FORM, SAFETY_CHECK_INTENT, is_reassurance
from tests.test_actions import DOMAIN, make_tracker, run

ROOT = Path(__file__).resolve().parent.parent

CLEAR = [
    # violence, any tense, objects thrown, shoved, grabbed, hit, choked
    "he hit me last night",
    "She slapped me across the face in front of everyone",
    "my husband has been hitting me for years",
    "he used to beat me when I was little",
    "he's hit me before",
    "he would hit me if he found out",
    "he will hit me again if I say anything",
    "he's going to hit me when he gets home",
    "my boyfriend threw a glass at me",
    "she threw a plate at my head",
    "he throws things when he's angry",
    "my wife throws stuff at me",
    "he shoved me into the wall",
    "he threw me against the wall",
    "my boyfriend pushed me down the stairs",
    "my ex grabbed my arm so hard it bruised",
    "he grabbed me by the throat",
    "he choked me until I nearly passed out",
    "he put his hands around my neck",
    "she kicked me in the stomach",
    "my dad beat me up",
    "Dave punched me in the face",
    "he pinned me down on the bed",
    "my partner gets violent when he drinks",
    "he spat in my face",
    "he gave me a black eye",
    "he pulled a knife on me",
    "she tried to strangle me",
    "my stepdad hits my mum and me",
    "he hit me with a belt",
    "he hit me, and then he said sorry",
    "my girlfriend hits me when she's drunk",
    "he hits me when hes been drinking",
    "he's abusive",
    "he raped me",
    # threats
    "he said he'd kill me if I ever left",
    "he said hed kill me",
    "she threatened to take the kids",
    "he threatens me all the time",
    "he told me he would hurt my sister",
    "if I leave him, he'll find me",
    "he threatened to post my nudes",
    "I'm scared he'll hurt me",
    # coercive control
    "he reads all my messages",
    "she won't let me see my family",
    "he won't let me see my friends anymore",
    "he takes my money",
    "he controls all the money",
    "he tracks my phone",
    "she checks my phone every night",
    "he keeps a close eye on me, he goes through my phone",
    "he decides who I can talk to",
    "I'm not allowed to go out without him",
    "he made me share my location",
    "I have to ask him for permission to see my mum",
    "he put a tracker on my car",
    "he doesn't let me have my own bank account",
    "he cut me off from my friends",
    # sexual coercion
    "he forces me to have sex",
    "he pressured me into sex",
    "I said no but he kept going",
    "he forced himself on me",
    # stalking
    "my ex is stalking me",
    "he follows me home from work",
    "he keeps showing up at my work",
    "he's been following me",
    "she waits outside my house",
    # fear of a person
    "I'm scared of him",
    "im scared of him",
    "i'm scared to death of him",
    "I'm terrified of my husband",
    "I'm scared of Dave",
    "I'm scared of what she'll do",
    "honestly he scares me",
    "I'm afraid to be alone with him",
    "I'm hiding from him",
    "I don't feel safe at home",
    "I'm not safe",
    "I fear for my life",
    "I'm in danger",
    # self-harm and suicide, plain and indirect
    "I've been thinking about ending it",
    "I'm thinking of ending it",
    "I don't want to be here anymore",
    "I've been saving up pills in case",
    "everyone would be better off without me",
    "nobody would miss me if I was gone",
    "I want to kill myself",
    "I've been cutting myself again",
    "I hurt myself on purpose",
    "I keep thinking about suicide",
    "I just want to die",
    "I wrote a goodbye letter",
    "I'm going to take all my pills",
    "I took a bunch of pills last night",
    "I've thought about jumping off a bridge",
    "I don't want to wake up tomorrow",
    "I wish I was dead",
    "there's no reason to live",
    "I don't see the point in living",
    "what's the point of living",
    "I want to end my life",
    "i'm done with life",
]

POSSIBLE = [
    "things got physical",
    "it got a bit physical between us last night",
    "we had a physical fight",
    "I'm scared to go home",
    "I'm scared to leave him",
    "he gets scary when he drinks",
    "he gets really intimidating when he's angry",
    "he can be dangerous",
    "he's really controlling",
    "I get nervous when he's drinking",
    "it scares me when he drinks",
    "I'm always walking on eggshells around him",
    "he punched a hole in the wall",
    "he smashed my phone",
    "he raised his hand to me",
    "he kicked me out",
    "my boyfriend has a gun",
    "he knows where I live",
    "he's going to kill me when he finds out",
    "my mum is going to kill me",
    "she'll kill me if I'm late",
    "he's never hit me",
    "you hit me",  # said to the role-play's partner, who is fiction
    "I don't feel safe",
    "I feel unsafe",
    "it's not safe",
    "sometimes I don't see the point",
    "what's the point anymore",
    "I feel like such a burden to everyone",
    "I just want to disappear",
    "I just want it all to stop",
    "I'm tired of everything",
    "I've been having dark thoughts",
    "I won't be around much longer",
    "I don't want to be here",
    "I'd rather be dead",
    "I wanted to die",
    "I'm afraid of what I might do",
    "I could kill myself for forgetting",
]

NONE = [
    # figures of speech
    "my boss is going to kill me",
    "I could murder a pizza",
    "I'm dying of embarrassment",
    "I wanted to die of embarrassment",
    "this deadline is killing me",
    "I'm dying to tell you",
    "she's dying to meet you",
    "that joke killed me",
    "I could kill for a coffee",
    "I'd kill to have your patience",
    "I'd die for you",
    "my feet are killing me",
    "you're killing me, that's hilarious",
    "this traffic is murder",
    "I'm dead tired",
    "I killed it at work today",
    "we're going to kill it at the presentation",
    "I nearly died laughing",
    "it's a killer workout",
    "I'm so bored I could die",
    "I'd rather die than sing in public",
    "Monday is going to kill me",
    "my phone died",
    "I'm so tired I could sleep for a week",
    "I was so embarrassed I wanted the ground to swallow me",
    # fear of the conversation, and everyday fears
    "I'm scared to tell you this",
    "I'm so scared to say this out loud",
    "I'm afraid to tell her how I really feel",
    "I'm scared that you'll leave me",
    "I'm scared you'll laugh at me",
    "I'm afraid she'll be disappointed",
    "I'm scared of losing you",
    "I'm scared of his reaction",
    "I'm nervous about this conversation",
    "I'm terrified of spiders",
    "I'm scared",
    "I lost my job today and I'm scared",
    "I love you, and I've been scared to say it",
    "that scared me",
    "I'm worried about money",
    "I'm dreading going home to an empty flat",
    # ordinary anger and hurt
    "I'm so angry with you right now",
    "I was furious when you didn't call",
    "I could kill him for eating my leftovers",
    "I'm going to strangle him if he forgets again",
    "you hurt me when you forgot my birthday",
    "he hurt my feelings",
    "I'm sorry I hurt you",
    "he'd never hurt me",
    "he never listens to me",
    "he gets grumpy when he drinks",
    "you always do this",
    "I need you to stop mocking me",
    "I'm not going to keep talking if you mock me",
    # words that look violent and are not
    "he pushed me to apply for the job",
    "he's been pushing me to open up more",
    "she beat me at chess again",
    "he grabbed me a coffee on the way",
    "she'll find me a seat",
    "hit me up later",
    "it hit me how much I missed you",
    "Reality hit me hard",
    "The ball hit me in the face at football",
    "he threw a party for my birthday",
    "she kicked me under the table to make me stop talking",
    "she threatened to leave if I didn't help more",
    "she follows me on Instagram",
    "I hurt myself at the gym",
    "I burned myself making dinner",
    # endings that are break-ups, not suicide
    "I want to end things with him",
    "I've been thinking about ending things with her",
    "I don't see the point of this meeting",
    "I feel safe with you",
    "I want to practise telling Sam I love him",
]


# ------------------------------------------------------------------ the detector
@pytest.mark.parametrize("text", CLEAR)
def test_clear_dangers_are_clear(text):
    assert safety_level(text) == SAFETY_CLEAR


@pytest.mark.parametrize("text", POSSIBLE)
def test_ambiguous_words_are_asked_about(text):
    assert safety_level(text) == SAFETY_POSSIBLE


@pytest.mark.parametrize("text", NONE)
def test_figures_of_speech_and_everyday_fears_are_not_safety(text):
    assert safety_level(text) == SAFETY_NONE


# Kinds the blind batch of 2026-12-03 showed missing (self-harm told by the body part, money
# monitored through an app, one's own violence told to the partner), with accidents beside them.
@pytest.mark.parametrize(("text", "level"), [
    ("i cut my arm again last night i didn't want to tell you", SAFETY_CLEAR),
    ("she burns her legs when it gets bad", SAFETY_CLEAR),
    ("he's been cutting again, I saw the marks", SAFETY_CLEAR),
    ("he checks my banking app every night", SAFETY_CLEAR),
    ("I shoved you, I had no right to put my hands on you", SAFETY_POSSIBLE),
    ("I won't do anything stupid, I'm just really low", SAFETY_POSSIBLE),
    ("I cut my arm on the fence at the allotment", SAFETY_NONE),
    ("i burned my arm on the oven door", SAFETY_NONE),
    ("we're cutting costs at work again", SAFETY_NONE),
])
def test_self_harm_by_the_body_part_and_money_monitoring(text, level):
    assert safety_level(text) == level


def test_a_danger_in_a_longer_turn_is_still_found():
    assert safety_level("I'm sorry I was late. Honestly, it's because he hit me again this morning.") == SAFETY_CLEAR
    assert safety_level("um I just, things got um physical, you know") == SAFETY_POSSIBLE  # fillers left out
    assert safety_level("I'm dying to tell you, he\u2019s been hitting me") == SAFETY_CLEAR  # a curly apostrophe
    assert safety_level("my boss is going to kill me, and honestly I want to kill myself") == SAFETY_CLEAR


@pytest.mark.parametrize("text", ["", "   ", "\x00\n", "🙂", None])
def test_nothing_is_none(text):
    assert safety_level(text) == SAFETY_NONE


def test_has_safety_concern_is_either_tier():
    for text in CLEAR + POSSIBLE:
        assert has_safety_concern(text), text
    for text in NONE:
        assert not has_safety_concern(text), text


def test_the_quick_pattern_finds_what_the_plain_union_finds():
    """The compiled tiers merge and bucket the patterns for speed; they must match exactly where
    the plain union of the same patterns does."""
    labelled = [item["text"] for item in yaml.safe_load((ROOT / "tests/data/phrasing_labels.yml").read_text())]
    plain = {"clear": any_of(safety._CLEAR_PATTERNS), "possible": any_of(safety._POSSIBLE_PATTERNS)}
    quick = {"clear": safety._CLEAR, "possible": safety._POSSIBLE}
    for text in CLEAR + POSSIBLE + NONE + labelled:
        for tier in plain:
            assert bool(plain[tier].search(text)) == bool(quick[tier].search(text)), (tier, text)


def test_the_phrasing_and_analyze_carry_the_level():
    clear, possible, none = analyse("he hit me"), analyse("things got physical"), analyse("my boss is going to kill me")
    assert (clear.safety_level, clear.safety_concern) == (SAFETY_CLEAR, True)
    assert (possible.safety_level, possible.safety_concern) == (SAFETY_POSSIBLE, True)  # analyze's field: either tier
    assert (none.safety_level, none.safety_concern) == (SAFETY_NONE, False)
    fields = analysis_fields(analyse_turn("I'm scared to go home"))
    assert fields["safety_level"] == "possible" and fields["safety_concern"] is True


# ------------------------------------------------------------------ the answer to "are you safe?"
REASSURANCES = [
    "yes I'm fine, it was a joke",
    "Yes, I'm fine. It was a joke.",
    "yeah I'm safe, just a figure of speech",
    "I'm okay, I didn't mean it like that",
    "no no, I'm fine, I was just joking",
    "I'm safe",
    "I'm fine",
    "yes I am",
    "honestly I'm totally fine",
    "I'm not in any danger, it was just an expression",
    "nobody is hurting me, I'm fine",
    "I wasn't being serious",
    "I'm good, thanks",
]
NOT_REASSURANCES = [
    None,
    "",
    "   ",
    "no",
    "No.",
    "nope",
    "not really",
    "yes",  # could answer "that sounded like it was about your safety"
    "yeah",
    "fine",
    "okay",
    "I don't know",
    "I think so",
    "maybe",
    "kind of",
    "I'm not sure",
    "I'm not okay",
    "no, I'm not safe",
    "I'm fine for now",
    "I'm fine, but I'm scared",
    "I can't talk right now",
    "he's here",
    "help",
    "yes I'm fine, but he hits me",
    "yes I'm fine, he hit me though",
    "yes I'm fine it was a joke, I just want to kill myself",
    "I'm fine, it was a joke, things just got a bit physical",
]


@pytest.mark.parametrize("text", REASSURANCES)
def test_a_plain_reassurance_is_one(text):
    assert is_reassurance(text)


@pytest.mark.parametrize("text", NOT_REASSURANCES)
def test_anything_else_is_not_a_reassurance(text):
    assert not is_reassurance(text)


# ------------------------------------------------------------------ the NLU gate
@pytest.mark.parametrize(("text", "intent", "expected"), [
    ("he threw a plate at me", "talk", "safety_concern"),
    ("stop, he hits me", "stop", "safety_concern"),
    ("things got physical last night", "talk", SAFETY_CHECK_INTENT),
    ("help, I'm scared to go home", "help", SAFETY_CHECK_INTENT),
    ("my boss is going to kill me", "talk", "talk"),
    ("I'm sorry I was late", SAFETY_CHECK_INTENT, "talk"),  # a classifier guess alone is dropped
    ("I'm sorry I was late", "safety_concern", "talk"),
])
def test_the_gate_sends_each_tier_to_its_intent(text, intent, expected):
    gated = gate_intent(text, intent, 0.6, [(intent, 0.6), ("talk", 0.3)])
    assert gated.name == expected
    assert gated.changed == (expected != intent)


# ------------------------------------------------------------------ the actions
def test_the_form_asks_in_the_coachs_voice():
    responses, slots, _ = run(ActionAskSafetyAnswer(), make_tracker("things got physical", intent=SAFETY_CHECK_INTENT))
    assert responses == ["utter_coach_ask_safety_answer"] and slots == {}


def roleplay_slots(answer: str | None) -> dict:
    turns = [{"apology": "owned", "owns_mistake": True, "excuse": False, "blame": False, "i_statements": 1,
              "questions_to_partner": 0, "trust_after": 0.55, "reaction": "warm", "source": "text", "words_per_minute": None}]
    return {"scenario": "messed-up", "phase": "roleplay", "roleplay_active": True, "trust": 0.55, "turns": turns,
            ANSWER_SLOT: answer}


def test_a_reassurance_resumes_where_it_was():
    tracker = make_tracker("yes I'm fine, it was a joke", roleplay_slots("yes I'm fine, it was a joke"))
    responses, slots, _ = run(ActionSafetyCheckAnswer(), tracker)
    assert responses == ["utter_coach_safety_resume"]
    assert slots == {ANSWER_SLOT: None}, "nothing of the role-play changes: same scenario, trust and turn notes"


@pytest.mark.parametrize("answer", ["no", "not really", None, "yes I'm fine, but he hits me"])
def test_anything_else_gets_the_support_lines_and_ends(answer, monkeypatch):
    monkeypatch.delenv("REALTALK_COUNTRY", raising=False)
    tracker = make_tracker(answer or "", roleplay_slots(answer), {"country": "GB"})
    responses, slots, dispatcher = run(ActionSafetyCheckAnswer(), tracker)
    assert responses == ["utter_coach_safety_stop", "utter_coach_safety_support", "utter_coach_safety_close"]
    assert dispatcher.messages[1]["emergency"] == "999"
    assert slots[ANSWER_SLOT] is None
    assert slots["session_over"] is True and slots["roleplay_active"] is False and slots["ending"] == "safety"
    exit_responses, exit_slots, _ = run(ActionSafetyExit(), make_tracker("he hits me", roleplay_slots(None), {"country": "GB"}))
    assert responses == exit_responses, "the same support lines as a clear concern"
    assert {k: v for k, v in slots.items() if k != ANSWER_SLOT} == exit_slots


def test_the_domain_declares_the_form_its_slot_and_its_lines():
    form = DOMAIN["forms"][SAFETY_CHECK_FORM]
    assert form["required_slots"] == [ANSWER_SLOT]
    mapping = DOMAIN["slots"][ANSWER_SLOT]["mappings"]
    assert mapping == [{"type": "from_text",
                        "conditions": [{"active_loop": SAFETY_CHECK_FORM, "requested_slot": ANSWER_SLOT}]}]
    assert {"action_ask_safety_answer", "action_safety_check_answer"} <= set(DOMAIN["actions"])
    assert {"safety_check", "safety_concern"} <= set(DOMAIN["intents"])
    texts = [v["text"] for v in DOMAIN["responses"]["utter_coach_ask_safety_answer"]]
    assert "That sounded like it might be about your safety. Are you safe right now?" in texts
    assert "Okay, thanks for telling me. Let's carry on where we were." in [
        v["text"] for v in DOMAIN["responses"]["utter_coach_safety_resume"]]


# ------------------------------------------------------------------ the client
class _CheckingPartner:
    """A dialogue that asks "are you safe?" after a possible concern, and records what reached it."""

    sender_id = "checking"

    def __init__(self) -> None:
        self.turns: list[str] = []

    def open(self, scenario_id):
        return TurnResult((Reply("What happened?", "partner"),), False, {})

    def command_in(self, text):
        return {"pause": "pause", "things got physical": SAFETY_CHECK_INTENT, "stop": "stop"}.get(text)

    def respond(self, text, metadata):
        self.turns.append(text)
        if text == "pause":
            return TurnResult((), False, {}, command="pause")
        if text == "things got physical":
            return TurnResult((Reply("Are you safe right now?", "coach"),), False, {"requested_slot": ANSWER_SLOT})
        return TurnResult((Reply("Okay.", "coach"),), text == "stop", {})

    def is_alive(self):
        return True


def test_a_possible_concern_reaches_the_dialogue_while_paused_and_its_answer_is_not_held_back():
    partner = _CheckingPartner()
    lines = "pause\nthings got physical\nyes I'm fine, it was a joke\nstop\n"
    converse(partner, "messed-up", TextInput(io.StringIO(lines)), ReplyOutput())
    assert partner.turns == ["pause", "things got physical", "yes I'm fine, it was a joke", "stop"]


# ------------------------------------------------------------------ the real dialogue
@pytest.mark.slow
def test_the_real_dialogue_asks_then_resumes_or_gives_support(trained_model, action_server):
    from assistant.rasa.partner import RasaPartner

    text = {"source": "text", "duration_s": 0.0, "words": []}
    with RasaPartner(trained_model, action_server.url) as partner:
        partner.open("messed-up")
        partner.respond("I'm sorry, I forgot. That's on me.", text)
        before = partner.slots()
        asked = partner.respond("things got physical last night", text)
        assert [r.response for r in asked.replies] == ["utter_coach_ask_safety_answer"]
        assert asked.analysis["safety_level"] == "possible" and not asked.session_over
        resumed = partner.respond("yes I'm fine it was a joke", text)
        assert [r.response for r in resumed.replies] == ["utter_coach_safety_resume"]
        after = partner.slots()
        for slot in ("scenario", "phase", "trust", "turns", "persona", "roleplay_active"):
            assert after[slot] == before[slot], slot
        assert after[ANSWER_SLOT] is None and after["requested_slot"] is None
        reply = partner.respond("How was it for you when I didn't show up?", text)
        assert [r.speaker for r in reply.replies][:1] == ["partner"] and len(partner.slots()["turns"]) == 2

        partner.respond("I'm scared to go home", text)
        ended = partner.respond("no", {**text, "country": "GB"})
        assert [r.response for r in ended.replies] == [
            "utter_coach_safety_stop", "utter_coach_safety_support", "utter_coach_safety_close"]
        assert ended.session_over and partner.slots()["ending"] == "safety"
