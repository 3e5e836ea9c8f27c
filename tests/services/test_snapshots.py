"""Screening snapshots: cached by catalog state, index format and config; a broken
or stale cache is rebuilt, never served."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from embargo.catalog import Catalog
from embargo.match.config import DEFAULT_CONFIG
from embargo.screen.party import Query
from embargo.services.screening import open_snapshot
from tests.conftest import LISTS


def make_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.duckdb"
    with Catalog(path) as catalog:
        catalog.load(LISTS / "un_consolidated.xml.gz", format="un_sc_xml")
    return path


def test_snapshot_is_cached_and_rebuilt_when_broken(tmp_path: Path) -> None:
    path = make_catalog(tmp_path)
    first = open_snapshot(path)
    assert first.path is not None
    again = open_snapshot(path)
    assert again.path == first.path and again.token == first.token
    (first.path / "screener.idx").write_bytes(b"not an index")
    rebuilt = open_snapshot(path)
    hit = rebuilt.screen(Query(schema="Person", names=["Ri Won Ho"])).results[0]
    assert hit.id == "un_sc-KPi.033"


def test_another_config_gets_another_snapshot(tmp_path: Path) -> None:
    path = make_catalog(tmp_path)
    default = open_snapshot(path)
    strict = open_snapshot(path, config=replace(DEFAULT_CONFIG, version="strict-test"))
    assert default.path != strict.path
    assert strict.screener.config.version == "strict-test"
    assert strict.list_versions == default.list_versions


def test_a_new_list_version_gets_a_new_snapshot(tmp_path: Path) -> None:
    path = make_catalog(tmp_path)
    before = open_snapshot(path)
    with Catalog(path) as catalog:
        catalog.load(LISTS / "ca_sema-lmes.xml.gz", format="ca_sema_xml")
    after = open_snapshot(path)
    assert after.token != before.token
    assert set(after.list_versions) == {"un_sc", "ca_sema"}
    assert not before.path.exists() if before.path else True  # older state pruned
