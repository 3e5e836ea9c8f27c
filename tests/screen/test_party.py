"""Party screening on the real reference list (UN + OFAC SDN records of the benchmark)."""

from __future__ import annotations

from pathlib import Path

import pytest

from embargo import compare as top_compare
from embargo import screen as top_screen
from embargo.exc import QueryError
from embargo.model.entity import Entity
from embargo.screen.party import Query, Screener
from tests.reference import reference_screener

#: The issue's named cases that the reference list holds (Latin-script OFAC records).
NAMED = [
    ("Person", "Sergei Shoigu", "us_ofac_sdn-35173"),
    ("Person", "Шойгу Сергей Кужугетович", "us_ofac_sdn-35173"),
    ("Person", "김정은", "us_ofac_sdn-20157"),
    ("Person", "Kim Jong-un", "us_ofac_sdn-20157"),
    ("Person", "Yevgeny Prigozhin", "us_ofac_sdn-21171"),
    ("Person", "Евгений Пригожин", "us_ofac_sdn-21171"),
    ("Organization", "Wagner Group", "us_ofac_sdn-22543"),
    ("Organization", "ЧВК Вагнер", "us_ofac_sdn-22543"),
    ("Person", "Rim Yong Hyok", "us_ofac_sdn-44294"),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return reference_screener()


@pytest.mark.parametrize(("schema", "name", "expected"), NAMED)
def test_named_cases_return_the_ofac_record_first(
    screener: Screener, schema: str, name: str, expected: str
) -> None:
    result = screener.screen(Query(schema=schema, names=[name]))
    top = result.results[0]
    assert top.id == expected
    assert top.match
    assert top.score >= result.threshold


def test_kim_jong_il_is_not_kim_jong_un(screener: Screener) -> None:
    for dates in ([], ["1941-02-16"]):
        result = screener.screen(Query(schema="Person", names=["Kim Jong Il"], birth_dates=dates))
        kju = [h for h in result.results if h.id == "us_ofac_sdn-20157"]
        assert all(not h.match for h in kju)
        assert not any(h.match for h in result.results)


def test_conflicting_birth_date_lowers_the_score(screener: Screener) -> None:
    def score(dates: list[str]) -> float:
        result = screener.screen(Query(schema="Person", names=["Sergei Shoigu"], birth_dates=dates))
        return next(h.score for h in result.results if h.id == "us_ofac_sdn-35173")

    plain, agree, conflict = score([]), score(["1955-05-21"]), score(["1970-01-01"])
    assert conflict < plain < agree


def test_explanation_is_readable_and_machine_readable(screener: Screener) -> None:
    result = screener.screen(Query(schema="Person", names=["Sergei Shoigu"], countries=["ru"]))
    hit = result.results[0]
    exp = hit.explanation
    assert exp["name"]["query"] == "Sergei Shoigu"
    assert exp["name"]["candidate"] in {
        "SHOIGU, Sergei Kuzhugetovich",
        "SHOYGU, Sergey Kuzhugetovich",
    }
    parts = {(p["query"], p["candidate"]) for p in exp["name"]["parts"]}
    assert ("shoigu", "shoigu") in parts or ("shoigu", "shoygu") in parts
    assert exp["name"]["unmatched_candidate"] == ["kuzhugetovich"]
    assert exp["country"] == {"verdict": "match", "shared": "ru"}
    assert "Sergei Shoigu" in exp["summary"] and "country ru shared" in exp["summary"]
    assert set(exp["contributions"]) >= {"query_coverage", "country_match"}


def test_result_shape_and_config_stamp(screener: Screener) -> None:
    result = screener.screen(Query(schema="Person", names=["Sergei Shoigu"], id="q1"), limit=3)
    data = result.to_dict()
    assert data["query"] == {"schema": "Person", "names": ["Sergei Shoigu"], "id": "q1"}
    assert data["config"] == {"name": "embargo-default", "version": screener.config.version}
    assert data["threshold"] == screener.config.threshold
    assert len(data["results"]) <= 3
    first = data["results"][0]
    assert set(first) >= {"id", "caption", "schema", "score", "match", "datasets", "explanation"}
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_threshold_and_list_keys(screener: Screener) -> None:
    query = Query(schema="Person", names=["Sergei Shoigu"])
    strict = screener.screen(query, threshold=0.999)
    assert not strict.results[0].match and strict.threshold == 0.999
    un_only = screener.screen(query, list_keys=["un_sc"])
    assert all(h.datasets == ["un_sc"] for h in un_only.results)


def test_grouped_hits_fold_one_targets_records(screener: Screener) -> None:
    query = Query(schema="Person", names=["MOHAMMED MASOOD AZHAR ALVI"], birth_dates=["1968-07-10"])
    flat = screener.screen(query, group=False)
    grouped = screener.screen(query, group=True)
    flat_ids = [h.id for h in flat.results[:2]]
    assert set(flat_ids) == {"un_sc-QDi.422", "us_ofac_sdn-11459"}
    top = grouped.results[0]
    assert top.id == "un_sc-QDi.422"  # the UN designation leads
    assert top.related == ["us_ofac_sdn-11459"]
    assert top.datasets == ["un_sc", "us_ofac_sdn"]
    assert all(h.id != "us_ofac_sdn-11459" for h in grouped.results)


def test_saved_index_screens_the_same(screener: Screener, tmp_path: Path) -> None:
    path = tmp_path / "screener.idx"
    screener.save(path)
    loaded = Screener.load(path)
    query = Query(schema="Organization", names=["ЧВК Вагнер"])
    assert [h.to_dict() for h in loaded.screen(query).results] == [
        h.to_dict() for h in screener.screen(query).results
    ]


def test_query_validation() -> None:
    with pytest.raises(QueryError, match="unknown schema"):
        Query(schema="Spaceship", names=["x"])
    with pytest.raises(QueryError, match="at least one name"):
        Query(schema="Person", names=["  "])
    with pytest.raises(QueryError, match="list of strings"):
        Query(schema="Person", names="Sergei Shoigu")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="at most"):
        Query(schema="Person", names=["x" * 600])


def test_query_from_ftm() -> None:
    query = Query.from_ftm(
        {
            "id": "c-1",
            "schema": "Person",
            "properties": {
                "firstName": ["Sergei"],
                "lastName": ["Shoigu"],
                "birthDate": ["1955-05-21"],
                "nationality": ["ru"],
                "passportNumber": ["AB123456"],
            },
        }
    )
    assert query.names == ("Sergei Shoigu",)
    assert query.birth_dates == ("1955-05-21",)
    assert query.countries == ("ru",)
    assert query.identifier_pairs == (("passportNumber", "AB123456"),)
    assert query.id == "c-1"


def test_identifier_alone_finds_a_vessel() -> None:
    vessel = Entity("test", "v1", "Vessel")
    vessel.add("name", "OCEAN STAR")
    vessel.add("imoNumber", "9123456")
    screener = Screener.build([vessel])
    result = screener.screen(Query(schema="Vessel", identifiers=[("imoNumber", "IMO 9123456")]))
    assert result.results[0].id == "test-v1"
    assert result.results[0].score >= 0.95
    assert result.results[0].explanation["identifier"]["value"] == "9123456"


def test_package_shortcuts() -> None:
    shoigu = Entity("test", "1", "Person")
    shoigu.add("name", "SHOIGU, Sergei Kuzhugetovich")
    result = top_screen("Sergei Shoigu", entities=[shoigu], schema="Person")
    assert result.results[0].id == "test-1"
    assert top_compare(shoigu, shoigu).score == 1.0
    with pytest.raises(QueryError):
        top_screen("Sergei Shoigu")


def test_unreadable_date_and_country_are_reported_not_silently_dropped(
    screener: Screener,
) -> None:
    query = Query(
        schema="Person", names=["Sergei Shoigu"], birth_dates=["21.05.1955"], countries=["Narnia"]
    )
    result = screener.screen(query)
    assert result.results[0].id == "us_ofac_sdn-35173"  # still screened by name
    assert result.warnings == [
        "birth date '21.05.1955' is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD); ignored",
        "country 'Narnia' is not a known country name or code; ignored",
    ]
    assert result.to_dict()["warnings"] == result.warnings
    clean = screener.screen(
        Query(schema="Person", names=["Sergei Shoigu"], birth_dates=["1955"], countries=["Russia"])
    )
    assert clean.warnings == [] and "warnings" not in clean.to_dict()
