"""Delta publications: the new version is the current one with upserts and deletions.

Data:

* the real OpenSanctions delta batch (1,700 ops), whole and split at a line boundary
  into two real consecutive deltas;
* a delta in the FtM delta format written by the test from two real OFAC non-SDN
  publications (sdnList XML 2025-03-28 → legacy CSV 2025-12): MOD lines carry the CSV
  state of the designations that changed, one DEL line the designation OFAC removed.
  The file is assembled here, its content is real.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from embargo.catalog import Catalog, LoadStatus
from embargo.exc import SanityCheckError
from embargo.sources import get_source
from tests.catalog.conftest import dump
from tests.conftest import LISTS

OS_DELTA = LISTS / "opensanctions_sanctions_entities.delta.json.gz"


def _ids(catalog: Catalog, version: str) -> set[str]:
    return {e.id for e in catalog.version_entities(version)}


def test_delta_on_an_empty_list(catalog: Catalog) -> None:
    parsed = get_source("ftm_json", "opensanctions").read(OS_DELTA)
    assert parsed.is_delta
    report = catalog.load(OS_DELTA, format="ftm_json", list_key="opensanctions")
    assert report.status is LoadStatus.LOADED and report.is_delta
    assert report.published == "2024-05-30"
    assert report.entities == len(parsed.entities) == catalog.count_entities()
    assert any("delta applied to an empty list" in w for w in report.warnings)
    (info,) = catalog.versions("opensanctions")
    assert info.is_delta and info.base_version is None
    assert _ids(catalog, info.version) == {e.id for e in parsed.entities}


def test_two_consecutive_deltas_apply_on_top_of_each_other(
    catalog: Catalog, tmp_path: Path
) -> None:
    lines = gzip.decompress(OS_DELTA.read_bytes()).decode("utf-8").splitlines(keepends=True)
    first, second = tmp_path / "delta-1.json", tmp_path / "delta-2.json"
    first.write_text("".join(lines[:850]), encoding="utf-8")
    second.write_text("".join(lines[850:]), encoding="utf-8")
    parser = get_source("ftm_json", "opensanctions")
    parsed_second = parser.read(second)
    upserts = {e.id for e in parsed_second.entities}
    deletes = set(parsed_second.deleted_ids)

    v1 = catalog.load(first, format="ftm_json", list_key="opensanctions").version
    base = _ids(catalog, v1)
    report = catalog.load(second, format="ftm_json", list_key="opensanctions")
    v2 = report.version
    expected = (base - deletes - upserts) | upserts
    assert _ids(catalog, v2) == expected
    assert report.entities == len(expected)
    info = catalog.version_info(v2)
    assert info.is_delta and info.base_version == v1 and info.current
    # this batch deletes designations the first half never had: reported, not fatal
    missing = deletes - base
    assert missing
    assert f"{len(missing)} deleted ids are not in {v1} (ignored)" in report.warnings
    # designations the second delta does not touch keep their stored record
    kept = sorted(base - upserts - deletes)[:50]
    for entity_id in kept:
        old, new = catalog.get_entity(entity_id, v1), catalog.get_entity(entity_id, v2)
        assert old is not None and new is not None
        assert old.values == new.values and new.version == v2
    # the upserted ones are exactly what the parser read from the second delta
    parsed_by_id = {e.id: e for e in parsed_second.entities}
    for entity_id in sorted(upserts)[:50]:
        stored = catalog.get_entity(entity_id, v2)
        assert stored is not None and stored.values == parsed_by_id[entity_id].values


@pytest.fixture
def ofac_cons_base(tmp_path: Path) -> tuple[Catalog, str]:
    catalog = Catalog(tmp_path / "catalog.duckdb")
    version = catalog.load(
        LISTS / "ofac_consolidated.xml.gz", format="us_ofac_xml", list_key="us_ofac_cons"
    ).version
    return catalog, version


def _ofac_change_delta(tmp_path: Path, base: Catalog) -> tuple[Path, set[str], set[str]]:
    """The FtM delta of the real change sdnList XML (2025-03-28) → CSV (2025-12)."""
    csv_version = get_source("us_ofac_cons_csv", "us_ofac_cons").read(LISTS / "ofac_cons_prim.csv")
    new = {e.id: e for e in csv_version.entities}
    old = {e.id: e for e in base.iter_entities(["us_ofac_cons"])}
    removed = old.keys() - new.keys()
    changed = {
        i
        for i in old.keys() & new.keys()
        if {p: set(v) for p, v in old[i].properties.items() if p == "program"}
        != {p: set(v) for p, v in new[i].properties.items() if p == "program"}
    }
    path = tmp_path / "us_ofac_cons.delta.json"
    with path.open("w", encoding="utf-8") as fh:
        for entity_id in sorted(changed):
            fh.write(json.dumps({"op": "MOD", "entity": new[entity_id].to_ftm()}) + "\n")
        for entity_id in sorted(removed):
            fh.write(json.dumps({"op": "DEL", "entity": {"id": entity_id}}) + "\n")
    return path, changed, removed


def test_delta_mod_and_del_on_a_real_base(
    ofac_cons_base: tuple[Catalog, str], tmp_path: Path
) -> None:
    catalog, base_version = ofac_cons_base
    with catalog:
        delta, changed, removed = _ofac_change_delta(tmp_path, catalog)
        assert removed == {"us_ofac_cons-26182"}
        assert "us_ofac_cons-17022" in changed and len(changed) == 12
        report = catalog.load(delta, format="ftm_json", list_key="us_ofac_cons")
        assert report.is_delta and report.warnings == ()
        assert report.entities == 442
        assert _ids(catalog, report.version) == _ids(catalog, base_version) - removed
        rosneft = catalog.get_entity("us_ofac_cons-17022")
        assert rosneft is not None and "RUSSIA-EO14024" in rosneft.get("program")
        assert catalog.get_entity("us_ofac_cons-26182") is None
        diff = catalog.diff("us_ofac_cons")
        assert [e.id for e in diff.removed] == ["us_ofac_cons-26182"]
        assert {c.entity_id for c in diff.changed} >= changed
        assert diff.added == []
        assert sorted(e.id for e in catalog.changed_since(base_version)) == sorted(
            c.entity_id for c in diff.changed
        )


def test_delta_that_deletes_most_of_the_list_is_refused(
    ofac_cons_base: tuple[Catalog, str], tmp_path: Path
) -> None:
    catalog, base_version = ofac_cons_base
    with catalog:
        ids = sorted(_ids(catalog, base_version))
        delta = tmp_path / "mass-delete.delta.json"
        delta.write_text(
            "".join(json.dumps({"op": "DEL", "entity": {"id": i}}) + "\n" for i in ids[:300]),
            encoding="utf-8",
        )
        before = dump(catalog)
        with pytest.raises(SanityCheckError, match="143 entities, 68% fewer"):
            catalog.load(delta, format="ftm_json", list_key="us_ofac_cons")
        assert dump(catalog) == before
        report = catalog.load(delta, format="ftm_json", list_key="us_ofac_cons", force=True)
        assert report.entities == 143 and report.forced
        assert report.removed == 300
        assert report.by_schema == _schema_counts(catalog, report.version)


def _schema_counts(catalog: Catalog, version: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entity in catalog.version_entities(version):
        counts[entity.schema] = counts.get(entity.schema, 0) + 1
    return dict(sorted(counts.items()))
