"""`update` against a real HTTP server on 127.0.0.1 serving real publications and failures.

After every failure the last good version must still serve and the failure must be
reported for that list only.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree

from embargo.catalog import Catalog
from embargo.catalog.update import (
    DownloadSpec,
    UpdateEvent,
    UpdateStatus,
    default_downloads,
    file_name_for,
    update,
)
from embargo.sources import get_source
from tests.catalog.conftest import HTML_ERROR_PAGE, ListServer, Route, dump, un_xml_bytes
from tests.conftest import LISTS

UN_PATH = "/resources/xml/en/consolidated.xml"


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as c:
        yield c


def un_xml_keeping(share: float) -> bytes:
    """The real UN list with only the first ``share`` of its individuals and entities:
    what a publication that lost most of its records looks like."""
    root = etree.fromstring(un_xml_bytes())
    for group in ("INDIVIDUALS", "ENTITIES"):
        parent = root.find(group)
        assert parent is not None
        records = list(parent)
        for record in records[int(len(records) * share) :]:
            parent.remove(record)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def test_update_loads_then_reports_unchanged(
    catalog: Catalog, list_server: ListServer, client: httpx.Client
) -> None:
    url = list_server.serve(UN_PATH, Route(un_xml_bytes(), content_type="text/xml"))
    events: list[UpdateEvent] = []
    (result,) = update(catalog, ["un_sc"], {"un_sc": [url]}, client, observer=events.append)
    assert result.status is UpdateStatus.LOADED, result.message
    assert result.report is not None and result.report.entities == 1003
    assert result.version == catalog.current_version("un_sc")
    assert result.version is not None and result.version.startswith("un_sc@2026-02-27#")
    assert [f.name for f in result.report.files] == ["consolidated.xml"]
    assert [e.stage for e in events][-2:] == ["load", "done"]
    assert any(e.stage == "download" and e.received == len(un_xml_bytes()) for e in events)

    (again,) = update(catalog, ["un_sc"], {"un_sc": [url]}, client)
    assert again.status is UpdateStatus.UNCHANGED
    assert "already loaded" in again.message
    assert len(catalog.versions("un_sc")) == 1
    assert list_server.requests == [UN_PATH, UN_PATH]


@pytest.mark.parametrize(
    "route, reason",
    [
        pytest.param(None, r"answered 404 Not Found", id="404"),
        pytest.param(
            Route(HTML_ERROR_PAGE, content_type="text/html"),
            r"HTML page titled 'Service Unavailable - Maintenance'",
            id="html-error-page",
        ),
        pytest.param(
            Route(un_xml_bytes()[: len(un_xml_bytes()) // 2], content_type="text/xml"),
            r"un_sc_xml: not well-formed XML: .*consolidated\.xml, line \d+",
            id="truncated-file",
        ),
        pytest.param(
            Route(un_xml_bytes()[:100_000], length=len(un_xml_bytes())),
            r"download failed",
            id="connection-cut",
        ),
        pytest.param(
            Route(un_xml_keeping(0.1), content_type="text/xml"),
            r"the new version has 100 entities, 90% fewer than the current version",
            id="90-percent-dropped",
        ),
        pytest.param(
            Route((LISTS / "us_bis_dpl.txt").read_bytes()),
            r"un_sc_xml: not well-formed XML.*line 1",
            id="another-list",
        ),
    ],
)
def test_failed_update_keeps_the_last_good_version(
    un_catalog: Catalog,
    list_server: ListServer,
    client: httpx.Client,
    route: Route | None,
    reason: str,
) -> None:
    good = un_catalog.current_version("un_sc")
    if route is not None:
        list_server.serve(UN_PATH, route)
    before = dump(un_catalog)
    (result,) = update(un_catalog, ["un_sc"], {"un_sc": [list_server.url(UN_PATH)]}, client)
    assert result.status is UpdateStatus.FAILED
    assert result.message.startswith("un_sc: failed: ")
    assert result.message.endswith(f"; still serving {good}")
    assert re.search(reason, result.message), result.message
    assert result.version == good and result.report is None
    assert dump(un_catalog) == before
    entity = un_catalog.get_entity("un_sc-KPi.033")
    assert entity is not None and entity.version == good


def un_xml_dated(date: str) -> bytes:
    """The real UN list as a stale mirror would serve it: the same records, generated
    on an earlier date."""
    root = etree.fromstring(un_xml_bytes())
    root.set("dateGenerated", f"{date}T00:00:00.000Z")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def test_update_refuses_an_older_publication_unless_forced(
    un_catalog: Catalog, list_server: ListServer, client: httpx.Client
) -> None:
    good = un_catalog.current_version("un_sc")
    before = dump(un_catalog)
    url = list_server.serve(UN_PATH, Route(un_xml_dated("2025-12-01"), content_type="text/xml"))
    (result,) = update(un_catalog, ["un_sc"], {"un_sc": [url]}, client)
    assert result.status is UpdateStatus.FAILED
    assert "dated 2025-12-01, older than the current version" in result.message
    assert result.message.endswith(f"; still serving {good}")
    assert dump(un_catalog) == before

    (forced,) = update(un_catalog, ["un_sc"], {"un_sc": [url]}, client, force=True)
    assert forced.status is UpdateStatus.LOADED, forced.message
    assert forced.report is not None and forced.report.published == "2025-12-01"
    assert un_catalog.current_version("un_sc") == forced.version != good


def test_forced_update_accepts_a_collapsed_list(
    un_catalog: Catalog, list_server: ListServer, client: httpx.Client
) -> None:
    url = list_server.serve(UN_PATH, Route(un_xml_keeping(0.1)))
    (result,) = update(un_catalog, ["un_sc"], {"un_sc": [url]}, client, force=True)
    assert result.status is UpdateStatus.LOADED
    assert result.report is not None and result.report.forced
    assert result.report.entities == 100 and result.report.removed == 903


def test_multi_file_publication_needs_all_its_files(
    catalog: Catalog, list_server: ListServer, client: httpx.Client
) -> None:
    files = {
        "sdn.csv": "ofac_sdn.csv.gz",
        "add.csv": "ofac_add.csv.gz",
        "alt.csv": "ofac_alt.csv.gz",
        "sdn_comments.csv": "ofac_sdn_comments.csv",
    }
    urls = []
    for name, bundled in files.items():
        data = (LISTS / bundled).read_bytes()
        if bundled.endswith(".gz"):
            data = gzip.decompress(data)
        urls.append(list_server.serve(f"/ofac/downloads/{name}", Route(data)))
    spec = default_downloads()["us_ofac_sdn"]
    assert spec.file_names == tuple(files)

    # one companion missing: nothing is loaded
    broken = [*urls[:2], list_server.url("/ofac/downloads/missing-alt.csv"), urls[3]]
    (failed,) = update(catalog, ["us_ofac_sdn"], {"us_ofac_sdn": broken}, client)
    assert failed.status is UpdateStatus.FAILED and "404" in failed.message
    assert catalog.current_version("us_ofac_sdn") is None

    # a mirror that renamed a companion file: the parser would not read it
    renamed = list_server.serve(
        "/mirror/aliases.csv", list_server.routes["/ofac/downloads/alt.csv"]
    )
    mirror = [*urls[:2], renamed, urls[3]]
    (partial,) = update(catalog, ["us_ofac_sdn"], {"us_ofac_sdn": mirror}, client)
    assert partial.status is UpdateStatus.FAILED
    assert "us_ofac_sdn_csv would not read aliases.csv as part of the publication" in (
        partial.message
    )
    assert catalog.current_version("us_ofac_sdn") is None

    (result,) = update(catalog, ["us_ofac_sdn"], {"us_ofac_sdn": urls}, client)
    assert result.status is UpdateStatus.LOADED, result.message
    assert result.report is not None
    assert sorted(f.name for f in result.report.files) == sorted(files)
    assert result.report.source == "us_ofac_sdn_csv"
    # same parse as the bundled copies on disk
    parsed = get_source("us_ofac_sdn_csv").read(LISTS / "ofac_sdn.csv.gz")
    assert result.report.entities == len(parsed.entities) == 14965
    loaded = catalog.get_entity("us_ofac_sdn-35173")
    bundled = next(e for e in parsed.entities if e.id == "us_ofac_sdn-35173")
    assert loaded is not None and loaded.values == bundled.values


def test_one_failing_list_does_not_block_the_others(
    catalog: Catalog, list_server: ListServer, client: httpx.Client
) -> None:
    un_url = list_server.serve(UN_PATH, Route(un_xml_bytes()))
    dpl_url = list_server.serve("/dpl/dpl.txt", Route(HTML_ERROR_PAGE))
    results = update(
        catalog,
        ["us_bis_dpl", "un_sc", "eu_fsf"],
        {"un_sc": [un_url], "us_bis_dpl": [dpl_url]},
        client,
    )
    assert [r.list_key for r in results] == ["us_bis_dpl", "un_sc", "eu_fsf"]
    assert [r.status for r in results] == [
        UpdateStatus.FAILED,
        UpdateStatus.LOADED,
        UpdateStatus.FAILED,
    ]
    assert "HTML page" in results[0].message
    assert results[2].message == "eu_fsf: no download address; set EMBARGO_URL_EU_FSF"
    assert catalog.list_keys() == ["un_sc"]
    assert results[1].to_dict()["entities"] == 1003
    assert results[0].to_dict()["version"] is None


def test_default_downloads_use_the_parsers_addresses() -> None:
    specs = default_downloads()
    assert specs["un_sc"] == DownloadSpec(
        "un_sc", "un_sc_xml", ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",)
    )
    sdn = specs["us_ofac_sdn"]
    assert sdn.format == "us_ofac_sdn_csv"
    parser = get_source("us_ofac_sdn_csv")
    assert sdn.urls[0] == parser.URL
    assert sdn.file_names == tuple(parser.OFFICIAL.values())  # type: ignore[attr-defined]
    cons = specs["us_ofac_cons"]
    cons_parser = get_source("us_ofac_cons_csv")
    assert cons.urls[0] == cons_parser.URL
    assert cons.file_names == tuple(cons_parser.OFFICIAL.values())  # type: ignore[attr-defined]
    for spec in specs.values():
        assert spec.urls and all(u.startswith("https://") for u in spec.urls), spec
        get_source(spec.format or "")


def test_file_names_from_urls() -> None:
    assert file_name_for("https://x.example/a/b/SDN.CSV?download=1", "f") == "SDN.CSV"
    assert file_name_for("https://x.example/", "fallback") == "fallback"
    assert file_name_for("https://x.example/a%20b.xml", "f") == "a b.xml"
    spec = DownloadSpec("k", None, ("https://a.example/x.csv", "https://b.example/x.csv"))
    assert spec.file_names == ("x.csv", "2-x.csv")


def test_work_dir_is_cleaned_up(
    catalog: Catalog, list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    url = list_server.serve(UN_PATH, Route(un_xml_bytes()))
    update(catalog, ["un_sc"], {"un_sc": [url]}, client, work_dir=work)
    list_server.serve(UN_PATH, Route(HTML_ERROR_PAGE))
    update(catalog, ["un_sc"], {"un_sc": [url]}, client, work_dir=work)
    assert list(work.iterdir()) == []
