"""Catalog: versioned, atomic loads of real list publications."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from embargo.catalog import Catalog, LoadStatus
from embargo.catalog.store import SCHEMA_VERSION
from embargo.exc import CatalogError, ParseError, SanityCheckError
from embargo.model.entity import Entity
from tests.catalog.conftest import (
    HTML_ERROR_PAGE,
    UN_EXCERPT,
    UN_EXCERPT_PUBLISHED,
    UN_FULL,
    UN_FULL_PUBLISHED,
    dump,
    un_xml_bytes,
)
from tests.conftest import LISTS

VERSION_RE = re.compile(r"^un_sc@(\d{4}-\d{2}-\d{2})#([0-9a-f]{8})$")


def test_load_records_version_metadata(catalog: Catalog) -> None:
    report = catalog.load(UN_FULL)
    sha = hashlib.sha256(UN_FULL.read_bytes()).hexdigest()
    assert report.status is LoadStatus.LOADED
    assert report.list_key == "un_sc"
    assert report.source == "un_sc_xml"
    assert report.published == UN_FULL_PUBLISHED
    assert report.version == f"un_sc@{UN_FULL_PUBLISHED}#{sha[:8]}"
    assert VERSION_RE.match(report.version)
    assert report.checksum == sha
    assert [(f.name, f.sha256, f.size) for f in report.files] == [
        (UN_FULL.name, sha, UN_FULL.stat().st_size)
    ]
    # SOURCES.md: 730 INDIVIDUAL + 273 ENTITY
    assert report.entities == 1003
    assert report.by_schema == {"Organization": 273, "Person": 730}
    assert (report.added, report.removed, report.changed) == (1003, 0, 0)
    assert report.previous is None

    (info,) = catalog.versions("un_sc")
    assert info.version == report.version
    assert info.seq == 1 and info.current and not info.forced and not info.is_delta
    assert info.checksum == sha
    assert info.by_schema == {"Organization": 273, "Person": 730}
    assert info.loaded_at.tzinfo is not None


def test_lists_and_entities_carry_the_version(un_catalog: Catalog) -> None:
    (info,) = un_catalog.lists()
    assert info.list_key == "un_sc"
    assert info.entities == 1003
    assert info.published == UN_FULL_PUBLISHED
    assert info.versions == 1
    assert set(info.to_dict()) >= {
        "list_key",
        "version",
        "published",
        "loaded_at",
        "entities",
        "by_schema",
    }

    entity = un_catalog.get_entity("un_sc-KPi.033")
    assert entity is not None
    assert entity.version == info.version
    assert entity.id == "un_sc-KPi.033"
    assert entity.list_key == "un_sc" and entity.record_id == "KPi.033"

    entities = list(un_catalog.iter_entities())
    assert len(entities) == 1003 == un_catalog.count_entities()
    assert {e.version for e in entities} == {info.version}
    assert len({e.id for e in entities}) == 1003
    assert [e.id for e in entities] == sorted(e.id for e in entities)


def test_stored_entities_equal_the_parsed_ones(un_catalog: Catalog) -> None:
    """What comes out of the catalog is exactly what the parser produced."""
    from embargo.sources import get_source

    parsed = {e.id: e for e in get_source("un_sc_xml").read(UN_FULL).entities}
    stored = {e.id: e for e in un_catalog.iter_entities(["un_sc"])}
    assert parsed.keys() == stored.keys()
    for entity_id, entity in parsed.items():
        assert stored[entity_id].values == entity.values
        assert stored[entity_id].schema == entity.schema


def test_same_file_twice_creates_no_version(un_catalog: Catalog, tmp_path: Path) -> None:
    before = dump(un_catalog)
    token = un_catalog.state_token()
    report = un_catalog.load(UN_FULL)
    assert report.status is LoadStatus.UNCHANGED
    assert "already loaded" in report.message
    assert report.version == un_catalog.versions("un_sc")[0].version
    # the same bytes under another name are the same publication
    copy = tmp_path / "consolidated.xml.gz"
    shutil.copyfile(UN_FULL, copy)
    assert un_catalog.load(copy).status is LoadStatus.UNCHANGED
    assert dump(un_catalog) == before
    assert un_catalog.state_token() == token


@pytest.mark.parametrize(
    "make_bad, expected",
    [
        pytest.param(
            lambda p: p.write_bytes(un_xml_bytes()[: len(un_xml_bytes()) // 2]),
            r"un_sc_xml: .*\(.*bad\.xml, line \d+",
            id="truncated",
        ),
        pytest.param(
            lambda p: p.write_bytes(gzip.compress(un_xml_bytes())[:50_000]),
            r"un_sc_xml: .*bad\.xml",
            id="truncated-gzip",
        ),
        pytest.param(
            lambda p: p.write_bytes(HTML_ERROR_PAGE),
            r"un_sc_xml: .*bad\.xml",
            id="html-page",
        ),
        pytest.param(
            lambda p: p.write_bytes((LISTS / "us_bis_dpl.txt").read_bytes()),
            r"un_sc_xml: .*bad\.xml, line 1",
            id="other-list",
        ),
        pytest.param(lambda p: p.write_bytes(b""), r"file is empty.*bad\.xml", id="empty"),
    ],
)
def test_bad_file_is_refused_and_catalog_untouched(
    un_catalog: Catalog, tmp_path: Path, make_bad, expected: str
) -> None:
    bad = tmp_path / "bad.xml"
    make_bad(bad)
    before = dump(un_catalog)
    token = un_catalog.state_token()
    with pytest.raises(ParseError) as info:
        un_catalog.load(bad, format="un_sc_xml")
    assert re.search(expected, str(info.value)), str(info.value)
    assert info.value.path == str(bad)
    assert dump(un_catalog) == before
    assert un_catalog.state_token() == token


def test_undetectable_file_is_refused(un_catalog: Catalog, tmp_path: Path) -> None:
    page = tmp_path / "download.xml"
    page.write_bytes(HTML_ERROR_PAGE)
    before = dump(un_catalog)
    with pytest.raises(ParseError, match="cannot tell the list format"):
        un_catalog.load(page)
    with pytest.raises(ParseError, match="file does not exist"):
        un_catalog.load(tmp_path / "missing.xml")
    assert dump(un_catalog) == before


def test_sanity_check_refuses_collapsed_list(un_catalog: Catalog) -> None:
    before = dump(un_catalog)
    current = un_catalog.lists()[0].version
    with pytest.raises(SanityCheckError) as info:
        un_catalog.load(UN_EXCERPT)
    message = str(info.value)
    assert "7 entities" in message and "99% fewer" in message and current in message
    assert dump(un_catalog) == before
    assert un_catalog.lists()[0].version == current
    assert un_catalog.get_entity("un_sc-CDe.001") is not None

    report = un_catalog.load(UN_EXCERPT, force=True)
    assert report.status is LoadStatus.LOADED and report.forced
    assert report.published == UN_EXCERPT_PUBLISHED
    assert report.previous == current
    assert (report.added, report.removed, report.changed) == (0, 996, 5)
    infos = un_catalog.versions("un_sc")
    assert [i.current for i in infos] == [False, True]
    assert infos[1].forced and infos[1].seq == 2
    assert un_catalog.get_entity("un_sc-CDe.001") is None
    # the old version still answers
    old = un_catalog.get_entity("un_sc-CDe.001", version=current)
    assert old is not None and old.version == current


def test_sanity_threshold_is_configurable(un_catalog_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    shutil.copyfile(un_catalog_file, path)
    with Catalog(path, max_drop=1.0) as catalog:
        report = catalog.load(UN_EXCERPT)
        assert report.status is LoadStatus.LOADED and not report.forced
    with pytest.raises(CatalogError, match="max_drop"):
        Catalog(path, max_drop=1.5)


def test_state_token_changes_with_current_versions(un_catalog: Catalog) -> None:
    first = un_catalog.state_token()
    un_catalog.load(UN_EXCERPT, force=True)
    second = un_catalog.state_token()
    assert second != first
    # loading the old file again changes nothing: it is already loaded
    assert un_catalog.load(UN_FULL).status is LoadStatus.UNCHANGED
    assert un_catalog.state_token() == second
    assert len(un_catalog.versions("un_sc")) == 2


def test_get_entity_versions_and_unknowns(un_catalog: Catalog) -> None:
    first = un_catalog.lists()[0].version
    un_catalog.load(UN_EXCERPT, force=True)
    second = un_catalog.lists()[0].version
    assert un_catalog.entity_versions("un_sc-QDi.335") == [first, second]
    assert un_catalog.entity_versions("un_sc-CDe.001") == [first]
    assert un_catalog.get_entity("un_sc-QDi.335", version=first).version == first
    assert un_catalog.get_entity("un_sc-nope") is None
    assert un_catalog.get_entity("un_sc-CDe.001", version=second) is None
    with pytest.raises(CatalogError, match="unknown version"):
        un_catalog.get_entity("un_sc-QDi.335", version="un_sc@1999-01-01#00000000")
    with pytest.raises(CatalogError, match="'eu_fsf' is not in the catalog"):
        un_catalog.versions("eu_fsf")
    with pytest.raises(CatalogError, match="'eu_fsf' is not in the catalog"):
        un_catalog.iter_entities(["eu_fsf"])
    assert un_catalog.current_version("eu_fsf") is None
    assert [e.id for e in un_catalog.version_entities(first)][:2] == [
        "un_sc-CDe.001",
        "un_sc-CDe.002",
    ]


def test_export_ftm_round_trips(un_catalog: Catalog) -> None:
    out = io.StringIO()
    count = un_catalog.export_ftm(out)
    lines = out.getvalue().splitlines()
    assert count == len(lines) == 1003
    records = [json.loads(line) for line in lines]
    by_id = {r["id"]: r for r in records}
    stored = un_catalog.get_entity("un_sc-KPi.033")
    assert stored is not None
    row = by_id["un_sc-KPi.033"]
    assert row["schema"] == stored.schema
    assert row["datasets"] == ["un_sc"]
    assert row["properties"] == stored.properties
    again = Entity.from_ftm(row, list_key="un_sc")
    assert again.id == stored.id and again.properties == stored.properties
    assert un_catalog.export_ftm(io.StringIO(), ["un_sc"]) == 1003


def test_read_only_and_reopen(un_catalog_file: Path, tmp_path: Path) -> None:
    with Catalog(un_catalog_file, read_only=True) as catalog:
        assert [i.entities for i in catalog.lists()] == [1003]
        with pytest.raises(CatalogError, match="read-only"):
            catalog.load(UN_EXCERPT, force=True)
    with pytest.raises(CatalogError, match="no catalog at"):
        Catalog(tmp_path / "missing.duckdb", read_only=True)
    not_catalog = tmp_path / "other.duckdb"
    import duckdb

    duckdb.connect(str(not_catalog)).close()
    with pytest.raises(CatalogError, match="not an embargo catalog"):
        Catalog(not_catalog, read_only=True)


def test_schema_version_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with Catalog(path) as catalog:
        catalog._con.execute("UPDATE catalog_meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(CatalogError, match=f"reads version {SCHEMA_VERSION}"):
        Catalog(path)


def test_catalog_is_locked_against_a_second_writer(un_catalog_file: Path) -> None:
    """DuckDB allows one writing process; a second is refused with a clear error."""
    import subprocess
    import sys

    with Catalog(un_catalog_file):
        code = (
            "import sys\n"
            "from pathlib import Path\n"
            "from embargo.catalog import Catalog\n"
            "from embargo.exc import CatalogError\n"
            "try:\n"
            f"    Catalog(Path({str(un_catalog_file)!r}))\n"
            "except CatalogError as exc:\n"
            "    print(exc)\n"
            "    sys.exit(3)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
    assert proc.returncode == 3, proc.stderr
    assert "cannot open catalog" in proc.stdout


def test_older_publication_becomes_current_with_a_warning(catalog: Catalog) -> None:
    catalog.load(UN_EXCERPT)
    report = catalog.load(UN_FULL)
    assert report.status is LoadStatus.LOADED
    assert report.published == UN_FULL_PUBLISHED
    (warning,) = report.warnings
    assert warning.startswith(f"published {UN_FULL_PUBLISHED} is older than the current version")
    assert catalog.current_version("un_sc") == report.version
    assert (report.added, report.removed, report.changed) == (996, 0, 5)


def test_threads_read_while_a_load_writes(un_catalog: Catalog) -> None:
    """Readers in other threads share the catalog while a new version is written."""
    import threading

    errors: list[BaseException] = []
    seen: list[str | None] = []

    def reader() -> None:
        try:
            for _ in range(20):
                entity = un_catalog.get_entity("un_sc-QDi.335")
                assert entity is not None
                seen.append(entity.version)
                assert sum(1 for _ in un_catalog.iter_entities()) in (1003, 7)
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    report = un_catalog.load(UN_EXCERPT, force=True)
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert set(seen) <= {un_catalog.versions("un_sc")[0].version, report.version}
    assert un_catalog.get_entity("un_sc-QDi.335").version == report.version
