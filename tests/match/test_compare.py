"""Entity-to-entity comparison, and its properties."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from embargo.match import compare
from embargo.model.entity import Entity


def person(name: str, **props: str) -> Entity:
    entity = Entity("test", "1", "Person")
    entity.add("name", name)
    for prop, value in props.items():
        entity.add(prop, value)
    return entity


def test_identical_entities_score_one() -> None:
    shoigu = person("SHOIGU, Sergei Kuzhugetovich", birthDate="1955-05-21", nationality="ru")
    result = compare(shoigu, shoigu)
    assert result.score == 1.0 and result.match
    assert result.explanation["birth_date"]["verdict"] == "exact"
    assert result.to_dict()["config"]["name"] == "embargo-default"


def test_partial_and_cross_script_names() -> None:
    listed = person("SHOIGU, Sergei Kuzhugetovich", birthDate="1955-05-21")
    assert compare(person("Sergei Shoigu"), listed).score > 0.8
    assert compare(person("Шойгу Сергей"), listed).score > 0.8


def test_conflicting_birth_date_scores_lower() -> None:
    listed = person("SHOIGU, Sergei Kuzhugetovich", birthDate="1955-05-21")
    plain = compare(person("Sergei Shoigu"), listed).score
    conflict = compare(person("Sergei Shoigu", birthDate="1970"), listed).score
    assert conflict < plain
    assert conflict < 0.5


def test_different_given_name_is_not_a_match() -> None:
    result = compare(person("Kim Jong Il"), person("KIM, Jong Un"))
    assert not result.match
    assert result.explanation["name"]["unmatched_query"] == ["il"]


def test_incompatible_schemata() -> None:
    vessel = Entity("test", "v", "Vessel")
    vessel.add("name", "SHOIGU")
    result = compare(person("Shoigu"), vessel)
    assert result.score == 0.0 and not result.match


names = st.text(alphabet=string.ascii_letters + " -'" + "абвгдежзий" + "سمير", min_size=1)


@settings(max_examples=60, deadline=None)
@given(names, names)
def test_scores_in_unit_interval(a: str, b: str) -> None:
    result = compare(person(a), person(b))
    assert 0.0 <= result.score <= 1.0


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=string.ascii_letters + " " + "абвгдежзий", min_size=2))
def test_identical_names_score_one(name: str) -> None:
    entity = person(name)
    if entity.names and any(ch.isalpha() for ch in name):
        assert compare(entity, entity).score == 1.0
