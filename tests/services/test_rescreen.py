"""Re-screening on list updates, on three real publications of the OFAC non-SDN list.

Enhanced XML (2025-01-10) → sdnList XML (2025-03-28) → legacy CSV (later): between
the last two, eleven Russian oil companies gained EO 14024 details, one refinery was
renamed and Rosoboroneksport lost a program. Customers matching those designations
must alert; a customer matching an unchanged designation (Transneft) must not,
although a full screening flags it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from embargo.catalog import Catalog
from embargo.screen.party import Query
from embargo.screen.rescreen import rescreen_file
from embargo.services.cli import app
from embargo.services.screening import snapshot_from_catalog
from tests.conftest import LISTS

PUBLICATIONS = (
    ("ofac_CONS_ENHANCED.ZIP", "us_ofac_enhanced_xml"),
    ("ofac_consolidated.xml.gz", "us_ofac_xml"),
    ("ofac_cons_prim.csv", "us_ofac_cons_csv"),
)


@pytest.fixture(scope="module")
def cons_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cons") / "catalog.duckdb"
    with Catalog(path) as catalog:
        for name, fmt in PUBLICATIONS:
            catalog.load(LISTS / name, format=fmt)
    yield path


def customers(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text(
        "id,name,country\n"
        "K1,Lukoil OAO,RU\n"
        "K2,Rosoboroneksport,RU\n"
        "K3,Public Joint Stock Company Transneft,RU\n"
        "K4,Bayerische Motoren Werke AG,DE\n",
        "utf-8",
    )
    return path


def test_only_changed_designations_alert(cons_catalog: Path, tmp_path: Path) -> None:
    with Catalog(cons_catalog, read_only=True) as catalog:
        versions = [v.version for v in catalog.versions("us_ofac_cons")]
        changed = {e.id for e in catalog.changed_since(versions[1])}
        snapshot = snapshot_from_catalog(catalog, tmp_path)
    assert "us_ofac_cons-17248" in changed and "us_ofac_cons-18782" in changed
    assert "us_ofac_cons-17254" not in changed
    full = snapshot.screen(
        Query(schema="Organization", names=["Public Joint Stock Company Transneft"])
    )
    assert full.results[0].id == "us_ofac_cons-17254" and full.results[0].match
    report = rescreen_file(snapshot.screener, customers(tmp_path), changed)
    alerted = {(a.context["customer_id"], a.entity_id) for a in report.alerts}
    assert ("K1", "us_ofac_cons-17248") in alerted
    assert ("K2", "us_ofac_cons-18782") in alerted
    assert not any(cust in {"K3", "K4"} for cust, _ in alerted)


def test_rescreen_cli(cons_catalog: Path, tmp_path: Path) -> None:
    with Catalog(cons_catalog, read_only=True) as catalog:
        since = catalog.versions("us_ofac_cons")[1].version
    out = tmp_path / "alerts.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "--catalog",
            str(cons_catalog),
            "rescreen",
            str(customers(tmp_path)),
            "--since",
            since,
            "--json",
            "--output",
            str(out),
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["since"] == since
    assert body["changed_designations"] == 13
    ids = {a["entity_id"] for a in body["alerts"]}
    assert {"us_ofac_cons-17248", "us_ofac_cons-18782"} <= ids
    assert len(out.read_text("utf-8").splitlines()) == len(body["alerts"])


def test_rescreen_unknown_version_is_refused(cons_catalog: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "--catalog",
            str(cons_catalog),
            "rescreen",
            str(customers(tmp_path)),
            "--since",
            "us_ofac_cons@1999-01-01#deadbeef",
        ],  # fmt: skip
    )
    assert result.exit_code == 1
    assert "us_ofac_cons@1999-01-01#deadbeef" in result.stderr
