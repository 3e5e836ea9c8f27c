"""Diffs between real versions of a list, within one format and across formats.

UN: the full list of 2026-02-27 and the 7-record trim of the 2026-09-09 publication
(a real later publication; its COMMENTS1 texts lost the review notes, which moved to
new elements). OFAC non-SDN list: three real publications in three formats (Enhanced
XML of 2025-01-10, sdnList XML of 2025-03-28, legacy CSV committed 2025-12), whose
program changes are checked against the raw files read independently here.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator

import pytest
from lxml import etree

from embargo.catalog import Catalog, ListDiff
from embargo.catalog.diff import compare_entities, format_scope
from embargo.exc import CatalogError
from embargo.sources import get_source
from tests.catalog.conftest import UN_EXCERPT, UN_FULL
from tests.conftest import LISTS

UN_CHANGED = ["un_sc-QDe.144", "un_sc-QDi.314", "un_sc-QDi.335", "un_sc-QDi.356", "un_sc-TAi.019"]


@pytest.fixture
def un_two_versions(un_catalog: Catalog) -> tuple[Catalog, str, str]:
    first = un_catalog.lists()[0].version
    second = un_catalog.load(UN_EXCERPT, force=True).version
    return un_catalog, first, second


def test_un_diff_previous_vs_current(un_two_versions: tuple[Catalog, str, str]) -> None:
    catalog, first, second = un_two_versions
    diff = catalog.diff("un_sc")
    assert (diff.old, diff.new) == (first, second)
    assert diff.added == []
    assert len(diff.removed) == 996
    assert [c.entity_id for c in diff.changed] == UN_CHANGED
    assert diff.unchanged == 2
    assert diff.ignored == []
    # only the remarks changed, and only by losing the review notes
    assert {tuple(c.props) for c in diff.changed} == {("notes",)}
    change = next(c for c in diff.changed if c.entity_id == "un_sc-QDi.335")
    (notes,) = change.changes
    assert len(notes.removed) == 1 and len(notes.added) == 1
    assert "Review pursuant to Security Council resolution 2253 (2015)" in notes.removed[0]
    assert "Review pursuant" not in notes.added[0]
    assert notes.added[0].startswith("A sentence of imprisonment for 15 years")
    assert change.old.version == first and change.new.version == second
    removed_ids = {e.id for e in diff.removed}
    assert "un_sc-KPi.033" in removed_ids and "un_sc-QDi.335" not in removed_ids
    assert all(e.version == first for e in diff.removed)


def test_un_diff_agrees_with_independent_comparison(
    un_two_versions: tuple[Catalog, str, str],
) -> None:
    """Parse both files directly and compare property value sets by hand."""
    catalog, _, _ = un_two_versions
    parser = get_source("un_sc_xml")
    full = {e.id: e for e in parser.read(UN_FULL).entities}
    excerpt = {e.id: e for e in parser.read(UN_EXCERPT).entities}

    def props(entity):  # value sets per property
        return {p: set(v) for p, v in entity.properties.items()} | {"$schema": {entity.schema}}

    expected_changed = sorted(i for i in excerpt if props(excerpt[i]) != props(full[i]))
    expected_unchanged = sorted(i for i in excerpt if props(excerpt[i]) == props(full[i]))
    diff = catalog.diff("un_sc")
    assert [c.entity_id for c in diff.changed] == expected_changed
    assert expected_unchanged == ["un_sc-IRe.001", "un_sc-KPe.033"]
    assert sorted(e.id for e in diff.removed) == sorted(full.keys() - excerpt.keys())


def test_un_diff_explicit_versions_and_reverse(
    un_two_versions: tuple[Catalog, str, str],
) -> None:
    catalog, first, second = un_two_versions
    reverse = catalog.diff("un_sc", second, first)
    assert len(reverse.added) == 996 and reverse.removed == []
    assert [c.entity_id for c in reverse.changed] == UN_CHANGED
    for forward, backward in zip(catalog.diff("un_sc").changed, reverse.changed, strict=True):
        assert forward.changes[0].removed == backward.changes[0].added
    # the same version against itself: nothing changed
    same = catalog.diff("un_sc", first, first)
    assert same.is_empty and same.unchanged == 1003


def test_single_version_diff_is_everything_added(un_catalog: Catalog) -> None:
    diff = un_catalog.diff("un_sc")
    assert diff.old is None
    assert len(diff.added) == 1003 and not diff.removed and not diff.changed
    assert diff.unchanged == 0


def test_diff_refuses_unknown_versions(un_two_versions: tuple[Catalog, str, str]) -> None:
    catalog, first, _ = un_two_versions
    with pytest.raises(CatalogError, match="is not a version of list 'un_sc'"):
        catalog.diff("un_sc", "un_sc@2020-01-01#deadbeef")
    with pytest.raises(CatalogError, match="not in the catalog"):
        catalog.diff("us_ofac_sdn", first)


def test_changed_since_returns_current_entities(
    un_two_versions: tuple[Catalog, str, str],
) -> None:
    catalog, first, second = un_two_versions
    changed = catalog.changed_since(first)
    assert sorted(e.id for e in changed) == UN_CHANGED
    assert {e.version for e in changed} == {second}
    assert catalog.changed_since(second) == []
    with pytest.raises(CatalogError, match="unknown version"):
        catalog.changed_since("un_sc@1999-01-01#00000000")


def test_diff_to_dict_is_json(un_two_versions: tuple[Catalog, str, str]) -> None:
    catalog, first, second = un_two_versions
    data = json.loads(json.dumps(catalog.diff("un_sc").to_dict()))
    assert data["old"] == first and data["new"] == second
    assert len(data["removed"]) == 996 and data["added"] == []
    assert data["removed"][0] == {"id": "un_sc-CDe.001", "caption": "ADF", "schema": "Organization"}
    change = data["changed"][2]
    assert change["id"] == "un_sc-QDi.335"
    assert change["changes"][0]["prop"] == "notes"
    assert set(change["changes"][0]) == {"prop", "old", "new", "added", "removed"}
    assert data["unchanged"] == 2 and data["ignored"] == []


def test_compare_entities_reports_schema_and_value_changes() -> None:
    parser = get_source("un_sc_xml")
    entities = {e.id: e for e in parser.read(UN_EXCERPT).entities}
    person = entities["un_sc-QDi.335"]
    assert compare_entities(person, person) == []
    other = entities["un_sc-QDe.144"]
    changes = {c.prop: c for c in compare_entities(person, other)}
    assert changes["schema"].old == ["Person"] and changes["schema"].new == ["Organization"]
    assert changes["name"].removed == person.get("name")
    assert changes["name"].added == other.get("name")
    assert list(changes)[0] == "schema"


# -- OFAC non-SDN list: three formats ---------------------------------------------------

OFAC_CONS = (
    ("ofac_CONS_ENHANCED.ZIP", "us_ofac_enhanced_xml"),
    ("ofac_consolidated.xml.gz", "us_ofac_xml"),
    ("ofac_cons_prim.csv", "us_ofac_cons_csv"),
)


@pytest.fixture(scope="module")
def ofac_cons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Catalog, list[str]]]:
    path = tmp_path_factory.mktemp("ofac-cons") / "catalog.duckdb"
    with Catalog(path) as catalog:
        versions = [
            catalog.load(LISTS / name, format=fmt, list_key="us_ofac_cons").version
            for name, fmt in OFAC_CONS
        ]
        yield catalog, versions


def _xml_programs() -> dict[str, set[str]]:
    """uid → programs, read from the sdnList XML with lxml directly."""
    root = etree.fromstring(gzip.decompress((LISTS / "ofac_consolidated.xml.gz").read_bytes()))
    out: dict[str, set[str]] = {}
    for entry in root.iter("{*}sdnEntry"):
        uid = entry.findtext("{*}uid")
        assert uid is not None
        out[uid] = {p.text.strip() for p in entry.iter("{*}program") if p.text}
    return out


def _csv_programs() -> dict[str, set[str]]:
    """ent_num → programs, read from the legacy CSV with the csv module directly."""
    out: dict[str, set[str]] = {}
    with (LISTS / "ofac_cons_prim.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 4 or not row[0].strip().isdigit():
                continue
            programs = row[3].strip().strip("[]").split("] [")
            out[row[0].strip()] = {p.strip() for p in programs if p.strip()}
    return out


def _program_changes(diff: ListDiff) -> dict[str, tuple[set[str], set[str]]]:
    out: dict[str, tuple[set[str], set[str]]] = {}
    for change in diff.changed:
        for prop in change.changes:
            if prop.prop == "program":
                out[change.new.record_id] = (set(prop.removed), set(prop.added))
    return out


def test_ofac_cross_format_diff_ignores_what_one_format_lacks(
    ofac_cons: tuple[Catalog, list[str]],
) -> None:
    catalog, (enhanced, sdnlist, _) = ofac_cons
    diff = catalog.diff("us_ofac_cons", enhanced, sdnlist)
    assert diff.added == [] and diff.removed == []
    # Enhanced XML carries listing dates, sub-list, authority and original-script
    # names; the sdnList XML carries none of them: not changes of the designations.
    assert "listingDate (only in us_ofac_enhanced_xml)" in diff.ignored
    assert "sanctionsList (only in us_ofac_enhanced_xml)" in diff.ignored
    assert "names tagged with a script or language (only in us_ofac_enhanced_xml)" in (diff.ignored)
    changed_props = {p.prop for c in diff.changed for p in c.changes}
    assert not changed_props & {"listingDate", "sanctionsList", "authority"}
    assert not any("ВТБ" in v for c in diff.changed for p in c.changes for v in p.removed + p.added)
    # the two publications are 11 weeks apart and agree on almost everything
    assert diff.unchanged >= 440
    # a raw comparison would have flagged every designation (listing dates)
    assert all(e.first("listingDate") for e in catalog.version_entities(enhanced))
    assert not any(e.first("listingDate") for e in catalog.version_entities(sdnlist))


def test_ofac_sdnlist_to_csv_real_changes(ofac_cons: tuple[Catalog, list[str]]) -> None:
    catalog, (_, sdnlist, legacy_csv) = ofac_cons
    diff = catalog.diff("us_ofac_cons")  # previous (sdnList XML) vs current (CSV)
    assert (diff.old, diff.new) == (sdnlist, legacy_csv)
    xml_programs, csv_programs = _xml_programs(), _csv_programs()
    # designations: exactly the uids that disappeared from the raw files
    assert [e.record_id for e in diff.removed] == sorted(xml_programs.keys() - csv_programs)
    assert [e.id for e in diff.removed] == ["us_ofac_cons-26182"]
    assert diff.removed[0].caption == "KAYAKIRAN, Evren"
    assert diff.added == []
    # program changes equal those of the raw files
    expected = {
        uid: (xml_programs[uid] - csv_programs[uid], csv_programs[uid] - xml_programs[uid])
        for uid in xml_programs.keys() & csv_programs.keys()
        if xml_programs[uid] != csv_programs[uid]
    }
    assert _program_changes(diff) == expected
    # OFAC added RUSSIA-EO14024 to Rosneft and its subsidiaries and to Lukoil …
    assert expected["17022"] == (set(), {"RUSSIA-EO14024"})  # Rosneft Oil Company
    assert expected["17248"] == (set(), {"RUSSIA-EO14024"})  # Lukoil
    # … and the Syria program no longer lists Rosoboroneksport
    assert expected["18782"] == ({"SYRIA"}, set())
    assert sum(1 for _, added in expected.values() if "RUSSIA-EO14024" in added) == 11


def test_ofac_load_reports_count_the_same_changes(ofac_cons: tuple[Catalog, list[str]]) -> None:
    catalog, versions = ofac_cons
    infos = catalog.versions("us_ofac_cons")
    assert [i.version for i in infos] == versions
    assert [i.source for i in infos] == [fmt for _, fmt in OFAC_CONS]
    assert [i.published for i in infos] == ["2025-01-10", "2025-03-28", None]
    assert [i.entities for i in infos] == [443, 443, 442]
    diff = catalog.diff("us_ofac_cons")
    changed = catalog.changed_since(versions[1])
    assert sorted(e.id for e in changed) == sorted(c.entity_id for c in diff.changed)


def test_format_scope_within_one_format_compares_everything(
    ofac_cons: tuple[Catalog, list[str]],
) -> None:
    catalog, (enhanced, _, _) = ofac_cons
    entities = list(catalog.version_entities(enhanced))
    keep, ignored = format_scope(entities, entities, "x", "x")
    assert keep is None and ignored == []


def test_diff_of_unknown_list(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="not in the catalog"):
        catalog.diff("un_sc")
