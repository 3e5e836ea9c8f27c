"""Fixtures of the catalog tests: real list files, catalogs, a real local HTTP server.

The HTTP server is a `ThreadingHTTPServer` on 127.0.0.1 (port chosen by the OS),
started per test and stopped after it; routes serve bytes of the bundled list files
or failures (error statuses, HTML pages, bodies cut short, slow answers).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from embargo.catalog import Catalog
from embargo.catalog.store import TABLES
from tests.conftest import EXCERPTS, LISTS

UN_FULL = LISTS / "un_consolidated.xml.gz"
UN_EXCERPT = EXCERPTS / "un_consolidated_excerpt.xml"
UN_FULL_PUBLISHED = "2026-02-27"
UN_EXCERPT_PUBLISHED = "2026-09-09"

#: An error page as publishers' servers send it with status 200 during maintenance.
HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
    b"<title>Service Unavailable - Maintenance</title></head>"
    b"<body><h1>The service is temporarily unavailable.</h1>"
    b"<p>Please try again later.</p></body></html>\n"
)


@functools.cache
def un_xml_bytes() -> bytes:
    """The full UN consolidated list as published (uncompressed XML)."""
    return gzip.decompress(UN_FULL.read_bytes())


def dump(catalog: Catalog) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every catalog table, sorted: two dumps are equal iff the
    catalogs hold exactly the same data."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with catalog._con.cursor() as cur:
        for table in TABLES:
            rows = cur.execute(f"SELECT * FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="session")
def un_catalog_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog file holding the full UN list (built once, copied per test)."""
    path = tmp_path_factory.mktemp("un-catalog") / "catalog.duckdb"
    with Catalog(path) as catalog:
        catalog.load(UN_FULL)
    return path


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    """An empty catalog in the test's temporary directory."""
    with Catalog(tmp_path / "catalog.duckdb") as cat:
        yield cat


@pytest.fixture
def un_catalog(un_catalog_file: Path, tmp_path: Path) -> Iterator[Catalog]:
    """A catalog whose only list is the full UN list (version 2026-02-27)."""
    path = tmp_path / "catalog.duckdb"
    shutil.copyfile(un_catalog_file, path)
    with Catalog(path) as cat:
        yield cat


@dataclass
class Route:
    """What the server answers for one path.

    ``length`` overrides the announced Content-Length (announce more than is sent to
    cut the body short); ``delay`` waits before answering.
    """

    body: bytes
    status: int = 200
    content_type: str = "application/octet-stream"
    length: int | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class ListServer:
    """A real HTTP server on the loopback interface serving configurable routes."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server.requests.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(
                        b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
                        b"<body>Not Found</body></html>",
                        status=404,
                        content_type="text/html",
                    )
                try:
                    if route.delay:
                        time.sleep(route.delay)
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    length = len(route.body) if route.length is None else route.length
                    self.send_header("Content-Length", str(length))
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    if length != len(route.body):
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    self.wfile.write(route.body)
                    self.wfile.flush()
                except OSError:  # the client gave up (timeout test): nothing to do
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def serve(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def list_server() -> Iterator[ListServer]:
    server = ListServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
