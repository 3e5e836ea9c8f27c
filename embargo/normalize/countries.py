"""Countries as evidence: clean to ISO codes and compare.

A query's nationality (or country) is compared with every country a listed entity
carries (``nationality``, ``citizenship``, ``country``, ``birthCountry``…). Lists
often name several countries for one person (residence, nationality, birthplace),
so one shared country is agreement; disagreement is counted only when both sides
name countries and none is shared.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from embargo.model.values import clean_country
from embargo.normalize.wordlists import COUNTRY_CODES, COUNTRY_NAMES


class CountryMatch(IntEnum):
    """Agreement of two sets of countries."""

    CONFLICT = 0
    UNKNOWN = 1
    MATCH = 2


#: Entity properties holding a country the party is tied to.
COUNTRY_PROPS: tuple[str, ...] = (
    "nationality",
    "citizenship",
    "country",
    "birthCountry",
    "jurisdiction",
    "mainCountry",
    "addressCountry",
    "flag",
)


def normalize_countries(values: Iterable[str]) -> tuple[str, ...]:
    """Clean names or codes to lower-case ISO codes; unknown values are dropped.

    Codes and common names are read from a packaged table; anything else goes
    through rigour's territory database (slow to load on first use).

    ``["Russia", "RU", "Russian Federation"]`` → ``("ru",)``.
    """
    out: list[str] = []
    for value in values:
        key = " ".join(value.lower().replace(".", "").split())
        code = COUNTRY_CODES.get(key) or COUNTRY_NAMES.get(key) or clean_country(value)
        if code is not None and code not in out:
            out.append(code)
    return tuple(out)


def compare_countries(
    query: Iterable[str], candidate: Iterable[str]
) -> tuple[CountryMatch, str | None]:
    """Agreement of two sets of ISO codes, with the shared code when they agree."""
    q = tuple(query)
    c = tuple(candidate)
    if not q or not c:
        return CountryMatch.UNKNOWN, None
    for code in q:
        if code in c:
            return CountryMatch.MATCH, code
    return CountryMatch.CONFLICT, None
