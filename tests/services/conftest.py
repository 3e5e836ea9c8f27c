"""A real catalog (UN + OFAC SDN, bundled files) and its screening snapshot, built
once per test session for the service tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from embargo.catalog import Catalog
from embargo.services.screening import ScreeningSnapshot, open_snapshot
from tests.conftest import LISTS


@pytest.fixture(scope="session")
def real_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("catalog") / "catalog.duckdb"
    with Catalog(path) as catalog:
        catalog.load(LISTS / "un_consolidated.xml.gz", format="un_sc_xml")
        catalog.load(LISTS / "ofac_sdn.csv.gz", format="us_ofac_sdn_csv")
    yield path


@pytest.fixture(scope="session")
def snapshot(real_catalog: Path) -> ScreeningSnapshot:
    return open_snapshot(real_catalog)
