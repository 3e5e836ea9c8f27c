"""Name features seen from the listed side, on real records of the reference list.

A query may name a listed person with fewer parts (no patronymic) or with more (an
added patronymic or second surname); neither is a conflict. A part that differs is.
"""

from __future__ import annotations

from embargo.match.scoring import Features
from embargo.screen.party import Query
from tests.reference import reference_screener


def features(name: str, entity_id: str, schema: str = "Person") -> Features:
    screener = reference_screener()
    matcher = screener.matcher
    query = Query(schema=schema, names=[name])
    prepared = matcher.prepare(query.schema, query.names)
    entity = screener.index.entity_ids.index(entity_id)
    return matcher.score(prepared, entity).features


def test_a_left_out_patronymic_is_not_a_missing_strong_part() -> None:
    # SHOIGU, Sergei Kuzhugetovich (OFAC SDN 35173)
    f = features("Sergey SHOIGU", "us_ofac_sdn-35173")
    assert f.weakest_listed >= 0.9
    assert f.contained >= 0.9


def test_an_added_patronymic_leaves_the_listed_name_contained() -> None:
    f = features("Sergey Victorovich CHEMEZOV", "us_ofac_sdn-16685")
    assert f.weakest_part == 0.0  # the query's patronymic is not on the list
    assert f.weakest_listed >= 0.9 and f.contained >= 0.9


def test_a_different_family_name_is_a_conflict_from_both_sides() -> None:
    f = features("Irina Shoigu", "us_ofac_sdn-35173")
    assert f.weakest_part == 0.0 and f.weakest_listed == 0.0 and f.contained == 0.0


def test_distinctive_grows_with_the_rarity_of_what_matched() -> None:
    rare = features("Sergey Chemezov", "us_ofac_sdn-16685")
    assert 0.0 < rare.distinctive <= 1.0
    common = features("Sergey Ivanov", "us_ofac_sdn-16685")  # only the given name matches
    assert common.distinctive < rare.distinctive
