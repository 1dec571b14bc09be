"""One well-phrased and one badly-phrased first turn per scenario, and the partner's reply to each."""

from __future__ import annotations

# scenario id: (good turn, warm reply), (bad turn, cool reply)
FIRST_TURNS = {
    "messed-up": (
        ("I'm sorry, I forgot. That's on me.", "utter_partner_messed_up_warm"),
        ("Sorry, but the traffic was crazy, you know how it is.", "utter_partner_messed_up_cool_excuse"),
    ),
    "love-first": (
        ("I love you. Take your time, you don't have to say anything.", "utter_partner_love_first_warm"),
        ("I love you. Just kidding, forget I said anything.", "utter_partner_love_first_cool_retract"),
    ),
    "hurt-not-fine": (
        ("I'm not fine. I felt really hurt when you joked about me.", "utter_partner_hurt_not_fine_warm"),
        ("I'm fine, it's nothing, whatever.", "utter_partner_hurt_not_fine_cool_minimizing"),
    ),
    "what-i-need": (
        ("I need you to take the kids on Tuesdays, so I get one evening to rest.", "utter_partner_what_i_need_warm"),
        ("You never help around here, it's all on me.", "utter_partner_what_i_need_cool_blame"),
    ),
    "silly-dream": (
        ("I've always wanted to open a little bakery. I'm excited and a bit nervous.", "utter_partner_silly_dream_warm"),
        ("It's stupid, never mind, forget it.", "utter_partner_silly_dream_cool_minimizing"),
    ),
    "scared": (
        ("I lost my job today, and I'm scared.", "utter_partner_scared_warm"),
        ("It's fine, don't worry about it, it's nothing.", "utter_partner_scared_cool_minimizing"),
    ),
    "listening": (
        ("That sounds really hard. Tell me more about it.", "utter_partner_listening_warm"),
        ("You're overreacting, it's not that bad.", "utter_partner_listening_cool_dismissed"),
    ),
    "not-safe": (
        ("I'm not going to keep talking if you mock me.", "utter_partner_not_safe_warm"),
        ("I feel so hurt and sad when you laugh at me, I just want you to understand me.", "utter_partner_not_safe_cool_mock"),
    ),
}
