"""Identifier values the lists write in their own ways, read the same way everywhere.

IMO numbers identify ships and also shipping companies and registered owners (the IMO
Unique Company and Registered Owner Identification Number). Lists print them as
``IMO 9123456``, ``IMO: 9123456``, ``IMO9123456`` or as bare digits, and under
various labels (OFAC: "Vessel Registration Identification IMO 9123456" for ships,
"Identification Number IMO 4235151" and "Company Number IMO 5405232" for companies).
The model keeps every IMO number in ``imoNumber``, seven digits without the prefix,
as FollowTheMoney does for vessels and companies alike, so an exact-identifier match
finds a company's IMO number whichever list, label or spelling it came from.

Legal Entity Identifiers (ISO 17442: 20 characters, two check digits) are strong
identifiers for matching, so only a valid one is stored as ``leiCode``: OFAC's "Legal
Entity Number" also labels six Dutch nine-digit numbers in the bundled SDN list.
"""

from __future__ import annotations

import re

from rigour.ids import LEI

_PREFIXED_IMO = re.compile(r"^IMO[\s:.#-]*(\d{7})$", re.IGNORECASE)
_BARE_IMO = re.compile(r"^\d{7}$")


def is_ship_imo(digits: str) -> bool:
    """True when seven digits pass the ship IMO check digit (weights 7…2, mod 10)."""
    if not _BARE_IMO.match(digits):
        return False
    values = [int(d) for d in digits]
    return sum(d * (7 - i) for i, d in enumerate(values[:6])) % 10 == values[6]


def imo_number(text: str | None, *, bare: bool = False, check_digit: bool = True) -> str | None:
    """The seven digits of an IMO number, or None when ``text`` is not one.

    ``IMO 9123456`` (any separator after ``IMO``) gives ``9123456`` whatever its check
    digit: the list says it is an IMO number, and company numbers use another check
    scheme than ships. With ``bare``, seven digits without the prefix are read too:

    * under a label that only *may* hold an IMO number (OFAC's "Vessel Registration
      Identification") they must pass the ship check digit, so a national
      registration number that happens to be seven digits is not taken for one;
    * in a field that *is* the IMO number (UK "IMO number", EU identification type
      ``imo``, Canada ``ShipIMONumber``) pass ``check_digit=False``: the list says
      what it is.

    Anything else (six digits, ``15411``, ``RS 150443``, two numbers in one cell)
    gives None; the caller keeps it as the list calls it, or counts it.
    """
    if text is None:
        return None
    value = " ".join(text.split())
    match = _PREFIXED_IMO.match(value)
    if match is not None:
        return match.group(1)
    if bare and _BARE_IMO.match(value) and (not check_digit or is_ship_imo(value)):
        return value
    return None


def is_lei(text: str | None) -> bool:
    """True for a valid LEI (20 characters, ISO 7064 mod 97-10 check digits)."""
    return text is not None and bool(LEI.is_valid(text.strip()))
