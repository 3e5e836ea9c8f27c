"""Downloads against a real HTTP server on the loopback interface."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import httpx
import pytest

from embargo.exc import FetchError
from embargo.sources.fetch import check_content, download, sniff_content
from tests.catalog.conftest import HTML_ERROR_PAGE, UN_FULL, ListServer, Route, un_xml_bytes
from tests.conftest import LISTS


@pytest.fixture
def client() -> httpx.Client:
    with httpx.Client(timeout=5.0) as c:
        yield c


def test_download_saves_the_exact_bytes(
    list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    body = un_xml_bytes()
    url = list_server.serve(
        "/resources/xml/en/consolidated.xml", Route(body, content_type="text/xml")
    )
    seen: list[tuple[int, int | None]] = []
    result = download(
        client, url, tmp_path / "consolidated.xml", progress=lambda r, t: seen.append((r, t))
    )
    assert result.path.read_bytes() == body
    assert result.size == len(body)
    assert result.sha256 == hashlib.sha256(body).hexdigest()
    assert result.content_type == "text/xml"
    assert result.final_url == url
    assert seen[-1] == (len(body), len(body))
    assert not list((tmp_path).glob("*.part"))


def test_redirect_is_followed(
    list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    target = list_server.serve("/new/dpl.txt", Route((LISTS / "us_bis_dpl.txt").read_bytes()))
    url = list_server.serve("/dpl/dpl.txt", Route(b"", status=301, headers={"Location": target}))
    result = download(client, url, tmp_path / "dpl.txt")
    assert result.final_url == target
    assert result.path.read_bytes() == (LISTS / "us_bis_dpl.txt").read_bytes()


@pytest.mark.parametrize("status", [404, 500, 503])
def test_error_status_is_refused(
    list_server: ListServer, client: httpx.Client, tmp_path: Path, status: int
) -> None:
    url = list_server.serve(
        "/x.xml", Route(HTML_ERROR_PAGE, status=status, content_type="text/html")
    )
    with pytest.raises(FetchError) as info:
        download(client, url, tmp_path / "x.xml")
    assert info.value.status == status
    assert info.value.url == url
    assert f"the server answered {status}" in str(info.value)
    assert not (tmp_path / "x.xml").exists() and not list(tmp_path.glob("*.part"))


def test_missing_path_is_a_404(
    list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    with pytest.raises(FetchError, match=r"answered 404 Not Found.*\(HTTP 404\)"):
        download(client, list_server.url("/nothing.xml"), tmp_path / "n.xml")


def test_html_page_with_status_200_is_refused(
    list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    url = list_server.serve("/consolidated.xml", Route(HTML_ERROR_PAGE, content_type="text/html"))
    with pytest.raises(FetchError) as info:
        download(client, url, tmp_path / "consolidated.xml")
    assert "HTML page titled 'Service Unavailable - Maintenance'" in str(info.value)
    assert not (tmp_path / "consolidated.xml").exists()


def test_body_cut_short_is_refused(
    list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    body = UN_FULL.read_bytes()
    url = list_server.serve("/un.xml.gz", Route(body[: len(body) // 2], length=len(body)))
    with pytest.raises(FetchError, match="download failed"):
        download(client, url, tmp_path / "un.xml.gz")
    assert not (tmp_path / "un.xml.gz").exists() and not list(tmp_path.glob("*.part"))


def test_empty_body_is_refused(
    list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    url = list_server.serve("/empty.csv", Route(b""))
    with pytest.raises(FetchError, match="empty file"):
        download(client, url, tmp_path / "empty.csv")


def test_timeout_is_a_fetch_error(list_server: ListServer, tmp_path: Path) -> None:
    url = list_server.serve("/slow.xml", Route(b"<x/>", delay=1.5))
    with httpx.Client(timeout=0.3) as slow_client, pytest.raises(FetchError, match="timed out"):
        download(slow_client, url, tmp_path / "slow.xml")


def test_connection_refused_is_a_fetch_error(client: httpx.Client, tmp_path: Path) -> None:
    # a port nobody listens on: bind, read the port, close
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="download failed"):
        download(client, f"http://127.0.0.1:{port}/un.xml", tmp_path / "un.xml")


def test_gzip_content_encoding_is_decoded(
    list_server: ListServer, client: httpx.Client, tmp_path: Path
) -> None:
    body = (LISTS / "us_bis_dpl.txt").read_bytes()
    url = list_server.serve(
        "/dpl.txt", Route(gzip.compress(body), headers={"Content-Encoding": "gzip"})
    )
    result = download(client, url, tmp_path / "dpl.txt")
    assert result.path.read_bytes() == body


def test_sniff_content_kinds(tmp_path: Path) -> None:
    assert sniff_content(b"") == "empty"
    assert sniff_content(HTML_ERROR_PAGE) == "html"
    assert (
        sniff_content(b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML') == "html"
    )
    assert sniff_content(un_xml_bytes()[:4096]) == "xml"
    assert sniff_content((LISTS / "ofac_CONS_ENHANCED.ZIP").read_bytes()[:64]) == "zip"
    assert sniff_content((LISTS / "us_bis_dpl.txt").read_bytes()[:4096]) == "text"
    assert sniff_content(b'{"op": "MOD"}') == "json"
    page = tmp_path / "page.gz"
    page.write_bytes(gzip.compress(HTML_ERROR_PAGE))
    with pytest.raises(FetchError, match="HTML page"):
        check_content(page, "http://example.org/page")
    assert check_content(UN_FULL, "http://example.org/un") == "xml"
