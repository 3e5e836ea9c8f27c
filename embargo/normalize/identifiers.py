"""Identifiers as evidence: normalize and compare.

Lists print the same number in many ways (``IMO 9123456``, ``9123456``;
``AB-123 456``, ``AB123456``). `normalize_identifier` keeps only letters and digits,
upper-cased, and drops a leading scheme word (``IMO``). Comparison is exact on the
normalized value: a near-miss on an identifier is a different identifier.

Strong identifiers (IMO, MMSI, LEI, BIC, INN, OGRN, crypto addresses, passports) can
carry a match on their own; weak ones (generic ID numbers, registration numbers,
which collide across countries) only support a name match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from embargo.model.schema import PROPERTIES, STRONG_ID_PROPS, PropType

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_SCHEME_PREFIX = re.compile(r"^(?:IMO|MMSI|LEI|BIC|SWIFT|INN|OGRN|NO|NR|NUMBER)(?=\d)")

#: Every identifier property of the entity model.
ID_PROPS: tuple[str, ...] = tuple(p for p, t in PROPERTIES.items() if t is PropType.IDENTIFIER)

#: Shortest normalized identifier that counts as evidence (shorter ones collide).
MIN_ID_LENGTH = 5


def normalize_identifier(value: str) -> str:
    """``"IMO 9123456"`` → ``"9123456"``; ``"ab-123 456"`` → ``"AB123456"``."""
    text = _NON_ALNUM.sub("", value).upper()
    return _SCHEME_PREFIX.sub("", text)


def identifier_keys(values: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """``(prop, value)`` pairs → ``(prop, normalized value)`` pairs worth comparing."""
    out: list[tuple[str, str]] = []
    for prop, value in values:
        norm = normalize_identifier(value)
        if len(norm) >= MIN_ID_LENGTH and (prop, norm) not in out:
            out.append((prop, norm))
    return tuple(out)


def is_strong(prop: str) -> bool:
    """True for identifier properties that identify a party on their own."""
    return prop in STRONG_ID_PROPS


def compare_identifiers(
    query: Iterable[tuple[str, str]], candidate: Iterable[tuple[str, str]]
) -> tuple[str, str] | None:
    """The first ``(prop, value)`` shared by both sides (the value compared across
    properties: a number given as ``idNumber`` may be listed as
    ``passportNumber``), preferring strong identifiers; ``None`` if none."""
    cands: dict[str, str] = {}
    for prop, value in candidate:
        if value not in cands or is_strong(prop):
            cands[value] = prop
    found: tuple[str, str] | None = None
    for prop, value in query:
        cprop = cands.get(value)
        if cprop is None:
            continue
        best = cprop if is_strong(cprop) else prop
        if is_strong(best):
            return best, value
        found = found or (best, value)
    return found
