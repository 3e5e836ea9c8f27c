"""Tell an organisation's name from other names, for lists that do not say which is which.

Some lists (BIS Denied Persons, the non-Treasury parts of the trade.gov Consolidated
Screening List) publish a bare name with no person/company flag. Calling such a party
a ``Person`` when it is a company would hide it from organisation queries (the two
schemata never match), so parsers keep ``LegalEntity`` (which matches both) unless the
name itself says "organisation".

The test is deliberately one-sided: a name is an organisation only when it contains a
legal form (``LTD``, ``LLC``, ``GMBH``, ``S.A.``…) or a word no personal name carries
(``AIRLINES``, ``CORPORATION``, ``INSTITUTE``…). Short, ambiguous forms are left out on
purpose: rigour's org-type table also knows ``SA``, ``AG``, ``AS``, ``II``, ``PAO``, and
those are parts of real personal names on these lists ("Sa'ad", "Iyad ag Ghali",
"KIM SONG II", "PAO, Yu Liang"). Checked on the 5,286 named individuals of the CSL:
none is flagged. Nothing ever becomes a ``Person`` by this test.
"""

from __future__ import annotations

import re

#: Legal forms written with dots; compared exactly (``S.A.`` yes, bare ``SA`` no).
DOTTED_FORMS: frozenset[str] = frozenset(
    {
        "S.A.",
        "S.A",
        "S.L.",
        "B.V.",
        "N.V.",
        "A.G.",
        "S.R.L.",
        "S.P.A.",
        "K.K.",
        "L.L.C.",
        "S.A.R.L.",
        "S.A.S.",
        "S.A.C.",
        "P.L.C.",
        "CO.",
        "PTE.",
        "LTDA.",
    }
)

#: Legal forms and organisation words, compared after dropping trailing dots.
ORG_WORDS: frozenset[str] = frozenset(
    """
    LTD LIMITED LLC INC INCORPORATED CORP CORPORATION COMPANY GMBH PLC PJSC OJSC CJSC JSC
    OAO ZAO OOO FZE FZC FZCO LLP PTE PVT SARL SRL BHD ANSTALT LTDA
    AIRLINES AIRWAYS BANK BANCO GROUP HOLDING HOLDINGS INDUSTRIES INDUSTRIAL INDUSTRY
    INSTITUTE INTERNATIONAL TRADING TECHNOLOGY TECHNOLOGIES ELECTRONICS SYSTEMS
    UNIVERSITY ACADEMY CENTER CENTRE LABORATORY FACTORY PLANT BUREAU MINISTRY AGENCY
    ASSOCIATION FOUNDATION SERVICES SHIPPING LOGISTICS FUND COMMITTEE ORGANIZATION
    ORGANISATION ENTERPRISE ENTERPRISES
    """.split()
)

_TOKEN = re.compile(r"[^\s,;()/\"]+")


def looks_like_organization(name: str) -> bool:
    """True when ``name`` contains a legal form or an unmistakable organisation word."""
    for token in _TOKEN.findall(name.upper()):
        if token in DOTTED_FORMS or token.rstrip(".") in ORG_WORDS:
            return True
    return False
