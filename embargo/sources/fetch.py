"""Downloading list publications: HTTP to a file, with checksum and content checks.

No parsing happens here. A download is refused (`FetchError`) when the server does
not answer 200, the connection breaks or times out, fewer bytes arrive than the
server announced, the body is empty, or the body is an HTML page: publishers' servers
and proxies answer maintenance windows and rate limits with an HTML page and status
200, and such a page must never reach a parser as "the list".

The caller owns the `httpx.Client` (timeouts, proxies, User-Agent), so tests and
deployments configure the transport in one place; every httpx error is translated
into `FetchError` with the address, per the package's exception tree.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from embargo.exc import FetchError
from embargo.sources.io import read_head

log = logging.getLogger(__name__)

#: Called with (bytes received so far, total announced by the server or None).
ProgressCallback = Callable[[int, int | None], None]

_CHUNK = 1 << 16
_HTML_MARKERS = (b"<!doctype html", b"<html")
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Download:
    """One downloaded file.

    Attributes:
        url: the address requested (before redirects).
        final_url: the address that answered (after redirects).
        path: where the body was saved.
        size: bytes saved (after any Content-Encoding was decoded).
        sha256: SHA-256 of the bytes saved (hex).
        content_type: the server's Content-Type, if any.
        seconds: duration of the download.
    """

    url: str
    final_url: str
    path: Path
    size: int
    sha256: str
    content_type: str | None
    seconds: float


def sniff_content(head: bytes) -> str:
    """Classify the first bytes of a (decompressed) body.

    Returns one of ``html``, ``xml``, ``json``, ``zip``, ``text``, ``binary``, ``empty``.
    """
    data = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        return "empty"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    lowered = data[:2048].lower()
    if any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    if data.startswith(b"<"):
        return "xml"
    if data[:1] in (b"{", b"["):
        return "json"
    try:
        data[:1024].decode("utf-8")
    except UnicodeDecodeError:
        try:
            data[:1024].decode("latin-1")
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any byte
            return "binary"
        if b"\x00" in data[:1024]:
            return "binary"
    return "text"


def check_content(path: Path, url: str) -> str:
    """Refuse a saved body that cannot be a list publication; return its kind.

    Raises:
        FetchError: the body is empty or an HTML page (its title is quoted).
    """
    head = read_head(path, 8192)
    kind = sniff_content(head)
    if kind == "empty":
        raise FetchError("the server sent an empty file", url=url)
    if kind == "html":
        match = _TITLE.search(head)
        title = ""
        if match:
            text = re.sub(rb"\s+", b" ", match.group(1)).strip()
            title = f" titled {text.decode('utf-8', 'replace')!r}"
        raise FetchError(
            f"the server sent an HTML page{title} instead of the list publication", url=url
        )
    return kind


def download(
    client: httpx.Client,
    url: str,
    dest: Path,
    *,
    progress: ProgressCallback | None = None,
) -> Download:
    """GET ``url`` into ``dest`` (written under a temporary name, renamed when complete).

    Raises:
        FetchError: non-200 status, network error or timeout, truncated or empty
            body, or an HTML page instead of a publication.
    """
    started = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with client.stream("GET", url, follow_redirects=True) as response:
            if response.status_code != httpx.codes.OK:
                reason = response.reason_phrase or "error"
                raise FetchError(
                    f"the server answered {response.status_code} {reason}",
                    url=url,
                    status=response.status_code,
                )
            announced = _content_length(response)
            with part.open("wb") as fh:
                for chunk in response.iter_bytes(_CHUNK):
                    fh.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if progress is not None:
                        progress(response.num_bytes_downloaded, announced)
            received = response.num_bytes_downloaded
            if announced is not None and received != announced:
                raise FetchError(
                    f"download truncated: {received} of {announced} bytes arrived", url=url
                )
            final_url = str(response.url)
            content_type = response.headers.get("content-type")
    except httpx.HTTPError as exc:
        part.unlink(missing_ok=True)
        raise FetchError(f"download failed: {_describe(exc)}", url=url) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if size == 0:
        part.unlink(missing_ok=True)
        raise FetchError("the server sent an empty file", url=url)
    part.replace(dest)
    try:
        check_content(dest, url)
    except FetchError:
        dest.unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - started
    log.info("downloaded %s (%d bytes, %.1f s)", url, size, seconds)
    return Download(
        url=url,
        final_url=final_url,
        path=dest,
        size=size,
        sha256=digest.hexdigest(),
        content_type=content_type,
        seconds=seconds,
    )


def _content_length(response: httpx.Response) -> int | None:
    """The body size the server announced (bytes on the wire, before decoding)."""
    text = response.headers.get("content-length")
    if text is None or not text.strip().isdigit():
        return None
    return int(text)


def _describe(exc: httpx.HTTPError) -> str:
    message = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({message})"
    return message


__all__ = ["Download", "ProgressCallback", "check_content", "download", "sniff_content"]
