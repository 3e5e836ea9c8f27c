from __future__ import annotations

import pytest

from embargo.exc import InvalidEntity
from embargo.model import Entity, clean_country, clean_date


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("1955-05-21", True, "1955-05-21"),
        ("1955-05-21T00:00:00", True, "1955-05-21"),
        ("21 May 1955", True, "1955-05-21"),
        ("May 21, 1955", True, "1955-05-21"),
        ("May 1955", True, "1955-05"),
        ("circa 1955", True, "1955"),
        ("1960 to 1965", True, "1960/1965"),
        ("21/05/1955", True, "1955-05-21"),
        ("05/21/1955", False, "1955-05-21"),
        ("00/00/1955", True, "1955"),
        ("31/02/1955", True, None),
        ("not a date", True, None),
        ("", True, None),
    ],
)
def test_clean_date(text: str, dayfirst: bool, expected: str | None) -> None:
    assert clean_date(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia", "ru"),
        ("Democratic People's Republic of Korea", "kp"),
        ("Iran (Islamic Republic of)", "ir"),
        ("Korea, North", "kp"),
        ("Atlantis", None),
    ],
)
def test_clean_country(text: str, expected: str | None) -> None:
    assert clean_country(text) == expected


def test_entity_add_cleans_and_dedupes() -> None:
    entity = Entity("us_ofac_sdn", "35173", "Person")
    assert entity.add("name", "  SHOIGU,  Sergei Kuzhugetovich ")
    assert entity.add("birthDate", "21 May 1955")
    assert entity.add("nationality", "Russia")
    assert not entity.add("nationality", "Atlantis")
    assert entity.add("name", "SHOIGU, Sergei Kuzhugetovich")
    assert entity.id == "us_ofac_sdn-35173"
    assert entity.get("name") == ["SHOIGU, Sergei Kuzhugetovich"]
    assert entity.get("birthDate") == ["1955-05-21"]
    assert entity.values[1].note == "21 May 1955"
    assert entity.get("nationality") == ["ru"]
    assert Entity.from_dict(entity.to_dict()) == entity
    ftm = entity.to_ftm()
    assert ftm["properties"]["name"] == ["SHOIGU, Sergei Kuzhugetovich"]
    assert Entity.from_ftm(dict(ftm)).properties == entity.properties


def test_entity_rejects_unknown_schema_and_property() -> None:
    with pytest.raises(InvalidEntity):
        Entity("x", "1", "Spaceship")
    entity = Entity("x", "1", "Person")
    with pytest.raises(InvalidEntity):
        entity.add("favouriteColour", "blue")
