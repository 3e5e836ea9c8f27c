"""The matching issue's named cases, on the FULL bundled catalog (every list loaded,
as `make demo` loads it), through the same snapshot every interface uses.

With every list loaded, one person is listed many times (OFAC, UK, Canada, Australia,
the CSL's copy of the SDN list…); the OFAC designation must still come first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from embargo.catalog import Catalog
from embargo.screen.party import Query
from embargo.services.bundle import BUNDLED, bundled_path
from embargo.services.screening import ScreeningSnapshot, snapshot_from_catalog


@pytest.fixture(scope="session")
def full_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScreeningSnapshot]:
    folder = tmp_path_factory.mktemp("full")
    with Catalog(folder / "catalog.duckdb") as catalog:
        for item in BUNDLED:
            catalog.load(bundled_path(item), format=item.format, list_key=item.list_key)
        counts = {info.list_key: info.entities for info in catalog.lists()}
        assert counts["un_sc"] == 1003 and counts["us_ofac_sdn"] == 14965
        assert counts["gb_ofsi"] == 4688
        yield snapshot_from_catalog(catalog, folder)


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("Sergei Shoigu", "Person", "us_ofac_sdn-35173"),
        ("Шойгу Сергей Кужугетович", "Person", "us_ofac_sdn-35173"),
        ("김정은", "Person", "us_ofac_sdn-20157"),
        ("Kim Jong-un", "Person", "us_ofac_sdn-20157"),
        ("Yevgeny Prigozhin", "Person", "us_ofac_sdn-21171"),
        ("Евгений Пригожин", "Person", "us_ofac_sdn-21171"),
        ("Wagner Group", "Organization", "us_ofac_sdn-22543"),
        ("ЧВК Вагнер", "Organization", "us_ofac_sdn-22543"),
        ("Rim Yong Hyok", "Person", "us_ofac_sdn-44294"),
    ],
)
def test_named_cases_find_the_ofac_entity_first(
    full_snapshot: ScreeningSnapshot, name: str, schema: str, expected: str
) -> None:
    result = full_snapshot.screen(Query(schema=schema, names=[name]), list_keys=None)
    top = result.results[0]
    assert top.id == expected, [(h.id, h.score, h.related) for h in result.results[:5]]
    assert top.match
    assert "us_ofac_sdn" in top.datasets


def test_kim_jong_il_is_not_kim_jong_un(full_snapshot: ScreeningSnapshot) -> None:
    query = Query(schema="Person", names=["Kim Jong Il"], birth_dates=["1941-02-16"])
    result = full_snapshot.screen(query)
    assert not any(h.match and h.id == "us_ofac_sdn-20157" for h in result.results)


def test_conflicting_birth_date_scores_lower(full_snapshot: ScreeningSnapshot) -> None:
    plain = full_snapshot.screen(Query(schema="Person", names=["Sergei Shoigu"]))
    conflicting = full_snapshot.screen(
        Query(schema="Person", names=["Sergei Shoigu"], birth_dates=["1971-01-02"])
    )

    def score(result: object) -> float:
        hits = [h for h in result.results if h.id == "us_ofac_sdn-35173"]  # type: ignore[attr-defined]
        return hits[0].score if hits else 0.0

    assert score(conflicting) < score(plain)


def test_snapshot_is_reused_from_disk(full_snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    assert full_snapshot.path is not None and (full_snapshot.path / "screener.idx").exists()
