"""Identifier values the lists write in their own ways, read the same way everywhere.

IMO numbers identify ships and also shipping companies and registered owners (the IMO
Unique Company and Registered Owner Identification Number). Lists print them as
``IMO 9123456``, ``IMO: 9123456``, ``IMO9123456`` or as bare digits, and under
various labels (OFAC: "Vessel Registration Identification IMO 9123456" for ships,
"Identification Number IMO 4235151" and "Company Number IMO 5405232" for companies).
The model keeps every IMO number in ``imoNumber``, seven digits without the prefix,
as FollowTheMoney does for vessels and companies alike, so an exact-identifier match
finds a company's IMO number whichever list, label or spelling it came from.
"""

from __future__ import annotations

import re

_PREFIXED_IMO = re.compile(r"^IMO[\s:.#-]*(\d{7})$", re.IGNORECASE)
_BARE_IMO = re.compile(r"^\d{7}$")


def is_ship_imo(digits: str) -> bool:
    """True when seven digits pass the ship IMO check digit (weights 7…2, mod 10)."""
    if not _BARE_IMO.match(digits):
        return False
    values = [int(d) for d in digits]
    return sum(d * (7 - i) for i, d in enumerate(values[:6])) % 10 == values[6]


def imo_number(text: str | None, *, bare: bool = False) -> str | None:
    """The seven digits of an IMO number, or None when ``text`` is not one.

    ``IMO 9123456`` (any separator after ``IMO``) gives ``9123456`` whatever its check
    digit: the list says it is an IMO number, and company numbers use another check
    scheme than ships. With ``bare``, seven digits without the prefix are read too,
    but only when they pass the ship check digit: under a label that means "vessel
    registration" they are then the ship's IMO number, not a national registration
    number (``15411``, Malta) that happens to be digits. Anything else (six digits,
    ``RS 150443``) gives None and stays what the list calls it.
    """
    if text is None:
        return None
    value = " ".join(text.split())
    match = _PREFIXED_IMO.match(value)
    if match is not None:
        return match.group(1)
    if bare and is_ship_imo(value):
        return value
    return None
