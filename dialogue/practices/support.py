"""Where to get help, per country, for the coach's safety message.

When a user's words raise a safety concern the role-play stops and the coach
names the emergency number and two lines: one for a crisis (suicide, self-harm,
someone to talk to now) and one for domestic abuse. The country comes from
`REALTALK_COUNTRY` (an ISO code such as GB, or UK), else from the locale
(`LC_ALL`, `LC_MESSAGES`, `LANG`: en_GB.UTF-8 -> GB); the client may also pass
`country` in the message metadata, which wins. Unknown countries get the
international default: the local emergency number and findahelpline.com, which
lists free, confidential helplines for most countries.

Numbers checked against the services' own sites; keep them current when editing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

COUNTRY_VARIABLE = "REALTALK_COUNTRY"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_ALIASES = {"UK": "GB", "EN": "", "C": "", "POSIX": ""}


@dataclass(frozen=True)
class Support:
    """What the coach says for one country: {emergency}, {crisis_line}, {abuse_line}."""

    country: str  # ISO 3166 code, "" for the international default
    emergency: str
    crisis_line: str
    abuse_line: str


INTERNATIONAL = Support(
    country="",
    emergency="your local emergency number",
    crisis_line="findahelpline.com, which lists free, confidential crisis lines for your country",
    abuse_line="a domestic abuse helpline near you, also listed at findahelpline.com",
)

SUPPORT: dict[str, Support] = {
    "US": Support(
        "US",
        emergency="911",
        crisis_line="the 988 Suicide and Crisis Lifeline: call or text 988",
        abuse_line="the National Domestic Violence Hotline on 1-800-799-7233, or text START to 88788",
    ),
    "GB": Support(
        "GB",
        emergency="999",
        crisis_line="Samaritans, free on 116 123, day or night",
        abuse_line="the National Domestic Abuse Helpline, free on 0808 2000 247",
    ),
    "CA": Support(
        "CA",
        emergency="911",
        crisis_line="9-8-8, the Suicide Crisis Helpline: call or text 988",
        abuse_line="a women's shelter or abuse line near you, listed at sheltersafe.ca",
    ),
    "AU": Support(
        "AU",
        emergency="000",
        crisis_line="Lifeline on 13 11 14",
        abuse_line="1800RESPECT on 1800 737 732",
    ),
    "IE": Support(
        "IE",
        emergency="112 or 999",
        crisis_line="Samaritans, free on 116 123",
        abuse_line="the Women's Aid National Freephone Helpline on 1800 341 900",
    ),
    "DE": Support(
        "DE",
        emergency="112",
        crisis_line="the TelefonSeelsorge, free on 0800 111 0 111 or 0800 111 0 222",
        abuse_line="the Hilfetelefon Gewalt gegen Frauen on 116 016",
    ),
    "FR": Support(
        "FR",
        emergency="112",
        crisis_line="the national suicide prevention line, 3114",
        abuse_line="Violences Femmes Info on 3919",
    ),
    "NZ": Support(
        "NZ",
        emergency="111",
        crisis_line="Need to talk? Call or text 1737",
        abuse_line="the Family Violence Information Line on 0800 456 450",
    ),
}


def country_code(value: str | None) -> str:
    """An ISO country code from "GB", "uk", "en_GB.UTF-8" or "de-DE"; "" when there is none."""
    if not value:
        return ""
    value = value.strip()
    locale = re.match(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b", value)
    code = (locale.group(1) if locale else value.split(".")[0]).upper()
    return _ALIASES.get(code, code)


def country_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """REALTALK_COUNTRY, else the locale's territory, else ""."""
    environ = os.environ if environ is None else environ
    chosen = country_code(environ.get(COUNTRY_VARIABLE))
    if chosen:
        return chosen
    for name in _LOCALE_VARIABLES:
        locale = re.match(r"^[A-Za-z]{2,3}_([A-Za-z]{2})\b", environ.get(name) or "")
        if locale:
            return locale.group(1).upper()
    return ""


def support_for(country: str | None = None, environ: Mapping[str, str] | None = None) -> Support:
    """The support lines for `country` (a code or locale), else for the environment's country."""
    code = country_code(country) or country_from_environment(environ)
    return SUPPORT.get(code, INTERNATIONAL)


def support_values(support: Support) -> dict[str, str]:
    """Template values for the coach's support line."""
    return {"emergency": support.emergency, "crisis_line": support.crisis_line, "abuse_line": support.abuse_line}
