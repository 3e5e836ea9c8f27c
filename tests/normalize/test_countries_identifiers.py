"""Countries and identifiers as evidence."""

from __future__ import annotations

from embargo.normalize.countries import CountryMatch, compare_countries, normalize_countries
from embargo.normalize.identifiers import (
    compare_identifiers,
    identifier_keys,
    is_strong,
    normalize_identifier,
)


def test_normalize_countries() -> None:
    assert normalize_countries(["ru", "RUS", "Russia", "RU"]) == ("ru",)
    assert normalize_countries(["Korea, North", "Iran (Islamic Republic of)"]) == ("kp", "ir")
    assert normalize_countries(["Atlantis"]) == ()


def test_compare_countries() -> None:
    assert compare_countries(("ru",), ("ua", "ru")) == (CountryMatch.MATCH, "ru")
    assert compare_countries(("ru",), ("ua",)) == (CountryMatch.CONFLICT, None)
    assert compare_countries((), ("ua",)) == (CountryMatch.UNKNOWN, None)


def test_identifiers() -> None:
    assert normalize_identifier("IMO 9123456") == "9123456"
    assert normalize_identifier("ab-123 456") == "AB123456"
    keys = identifier_keys([("imoNumber", "IMO 9123456"), ("idNumber", "12"), ("idNumber", "X")])
    assert keys == (("imoNumber", "9123456"),)
    assert is_strong("imoNumber") and not is_strong("idNumber")
    listed = (("passportNumber", "AB123456"), ("idNumber", "77777"))
    assert compare_identifiers((("idNumber", "AB123456"),), listed) == (
        "passportNumber",
        "AB123456",
    )
    assert compare_identifiers((("idNumber", "99999"),), listed) is None
