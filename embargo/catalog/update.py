"""Update: download the current publications of lists and load them atomically.

For each list, every file of its publication is downloaded into a temporary directory
(`embargo.sources.fetch.download` refuses HTTP errors, broken or truncated transfers,
empty bodies and HTML error pages), then loaded with `Catalog.load`, which parses it
completely, applies the sanity check and writes one transaction. Whatever fails, the
list keeps serving its last good version, and the failure is reported for that list
only: one broken publisher never blocks the update of the others.

Where to download from is a `DownloadSpec` per list: the format to read it with and
its addresses, primary file first. A multi-file publication (the OFAC legacy CSV set:
``sdn.csv`` with ``add.csv``, ``alt.csv``, ``sdn_comments.csv``) lists every file;
they are saved side by side under their published names so the parser finds its
sibling files as it does on disk. `default_downloads` derives the specs from the
parsers' official ``URL`` constants plus the table `_DEFAULT_SPECS` (format choice
for lists published in several formats, and the files of multi-file publications);
deployments replace addresses per list (``EMBARGO_URL_<LIST_KEY>``, read by the
services layer and passed in as ``urls``).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Literal, TypedDict
from urllib.parse import unquote, urlsplit

import httpx

from embargo.catalog.models import LoadReport, LoadStatus
from embargo.catalog.store import Catalog
from embargo.exc import CatalogError, EmbargoError
from embargo.sources import detect_source, get_source, parser_classes
from embargo.sources.fetch import download

log = logging.getLogger(__name__)

_OFAC = "https://www.treasury.gov/ofac/downloads"

#: Lists whose download differs from "the parser's URL, one file": the format to read
#: them with and every file of the publication (primary first). Formats that are not
#: registered are ignored.
_DEFAULT_SPECS: dict[str, tuple[str, tuple[str, ...]]] = {
    "us_ofac_sdn": (
        "us_ofac_sdn_csv",
        (f"{_OFAC}/sdn.csv", f"{_OFAC}/add.csv", f"{_OFAC}/alt.csv", f"{_OFAC}/sdn_comments.csv"),
    ),
    "us_ofac_cons": (
        "us_ofac_cons_csv",
        (
            f"{_OFAC}/consolidated/cons_prim.csv",
            f"{_OFAC}/consolidated/cons_add.csv",
            f"{_OFAC}/consolidated/cons_alt.csv",
            f"{_OFAC}/consolidated/cons_comments.csv",
        ),
    ),
}


def file_name_for(url: str, fallback: str) -> str:
    """The local file name of a download: the last segment of the URL path."""
    name = unquote(PurePosixPath(urlsplit(url).path).name)
    name = name.replace("/", "_").replace("\\", "_").strip(". ")
    return name or fallback


@dataclass(frozen=True, slots=True)
class DownloadSpec:
    """Where and how to download the current publication of one list.

    Attributes:
        list_key: the list.
        format: the parser NAME to read it with (None: recognised by content).
        urls: every file of the publication, primary file first.
    """

    list_key: str
    format: str | None
    urls: tuple[str, ...]

    @property
    def file_names(self) -> tuple[str, ...]:
        """Local names of the files, unique, as the publisher names them."""
        names: list[str] = []
        for i, url in enumerate(self.urls):
            name = file_name_for(url, f"{self.list_key}-{i + 1}")
            if name in names:
                name = f"{i + 1}-{name}"
            names.append(name)
        return tuple(names)

    def with_urls(self, urls: Sequence[str]) -> DownloadSpec:
        return DownloadSpec(self.list_key, self.format, tuple(urls))


def default_downloads() -> dict[str, DownloadSpec]:
    """The built-in download spec of every list that has an official address."""
    classes = parser_classes()
    formats = {cls.NAME for cls in classes}
    specs: dict[str, DownloadSpec] = {}
    for key, (fmt, urls) in _DEFAULT_SPECS.items():
        if fmt in formats:
            specs[key] = DownloadSpec(key, fmt, urls)
    for cls in classes:
        if cls.URL and cls.LIST_KEY not in specs:
            specs[cls.LIST_KEY] = DownloadSpec(cls.LIST_KEY, cls.NAME, (cls.URL,))
    return dict(sorted(specs.items()))


class UpdateStatus(StrEnum):
    LOADED = "loaded"
    UNCHANGED = "unchanged"
    FAILED = "failed"


class UpdateResultDict(TypedDict):
    list_key: str
    status: str
    message: str
    version: str | None
    previous: str | None
    entities: int | None
    added: int | None
    removed: int | None
    changed: int | None
    urls: list[str]


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What the update did for one list.

    Attributes:
        list_key: the list.
        status: loaded (a new version is current), unchanged (the publication is
            already loaded) or failed (the list keeps serving its last good version).
        message: one line for humans; for a failure, the reason.
        urls: the addresses downloaded.
        report: the load report (not for failures).
        version: the version now current for the list (None if it has none).
    """

    list_key: str
    status: UpdateStatus
    message: str
    urls: tuple[str, ...]
    report: LoadReport | None = None
    version: str | None = None

    def to_dict(self) -> UpdateResultDict:
        report = self.report
        return {
            "list_key": self.list_key,
            "status": self.status.value,
            "message": self.message,
            "version": self.version,
            "previous": report.previous if report else None,
            "entities": report.entities if report else None,
            "added": report.added if report else None,
            "removed": report.removed if report else None,
            "changed": report.changed if report else None,
            "urls": list(self.urls),
        }


@dataclass(frozen=True, slots=True)
class UpdateEvent:
    """Progress of an update, for progress bars.

    ``stage`` is ``download`` (``received`` of ``total`` bytes of ``url``), ``load``
    (parsing and writing) or ``done``.
    """

    list_key: str
    stage: Literal["download", "load", "done"]
    url: str | None = None
    received: int = 0
    total: int | None = None


UpdateObserver = Callable[[UpdateEvent], None]


def update(
    catalog: Catalog,
    list_keys: Sequence[str],
    urls: Mapping[str, Sequence[str]],
    client: httpx.Client,
    *,
    formats: Mapping[str, str | None] | None = None,
    force: bool = False,
    work_dir: Path | None = None,
    observer: UpdateObserver | None = None,
) -> list[UpdateResult]:
    """Download and load the current publication of each list, one list at a time.

    Args:
        catalog: the catalog to load into (opened read-write).
        list_keys: the lists to update, in order.
        urls: per list, the files of its publication (primary first).
        client: the HTTP client (timeouts, proxy, User-Agent are its configuration).
        formats: per list, the parser NAME; default: the built-in spec's format,
            else recognised by content.
        force: load even when the sanity check fails, or when the publication is
            dated before the current version (refused otherwise: a stale mirror must
            not replace newer designations).
        work_dir: where temporary download directories are made (default: the
            system's temporary directory).
        observer: called with progress events.

    Returns:
        One result per list, in order. Failures are reported, not raised.
    """
    defaults: dict[str, DownloadSpec] | None = None
    results: list[UpdateResult] = []
    for key in list_keys:
        if formats is not None and key in formats:
            fmt = formats[key]
        else:
            if defaults is None:
                defaults = default_downloads()
            fmt = defaults[key].format if key in defaults else None
        spec = DownloadSpec(key, fmt, tuple(urls.get(key, ())))
        result = _update_list(catalog, spec, client, force, work_dir, observer)
        log.info("update %s: %s", key, result.message)
        if observer is not None:
            observer(UpdateEvent(key, "done"))
        results.append(result)
    return results


def _update_list(
    catalog: Catalog,
    spec: DownloadSpec,
    client: httpx.Client,
    force: bool,
    work_dir: Path | None,
    observer: UpdateObserver | None,
) -> UpdateResult:
    key = spec.list_key
    if not spec.urls:
        return UpdateResult(
            key,
            UpdateStatus.FAILED,
            f"{key}: no download address; set EMBARGO_URL_{key.upper()}",
            spec.urls,
            version=catalog.current_version(key),
        )
    try:
        with tempfile.TemporaryDirectory(prefix=f"embargo-{key}-", dir=work_dir) as tmp:
            paths: list[Path] = []
            for url, name in zip(spec.urls, spec.file_names, strict=True):
                callback = _progress_callback(observer, key, url)
                paths.append(download(client, url, Path(tmp) / name, progress=callback).path)
            _check_all_files_read(spec, paths)
            if observer is not None:
                observer(UpdateEvent(key, "load"))
            report = catalog.load(
                paths[0], format=spec.format, list_key=key, force=force, allow_older=force
            )
    except EmbargoError as exc:
        return _failed(catalog, spec, str(exc))
    except OSError as exc:
        return _failed(catalog, spec, f"cannot save the download: {exc}")
    except Exception as exc:  # a parser bug must not stop the other lists' updates
        log.exception("update of %s failed unexpectedly", key)
        return _failed(catalog, spec, f"unexpected error ({type(exc).__name__}): {exc}")
    if report.status is LoadStatus.UNCHANGED:
        status = UpdateStatus.UNCHANGED
        message = f"{key}: unchanged (the publication is already loaded as {report.version})"
    else:
        status = UpdateStatus.LOADED
        message = report.message
    return UpdateResult(
        key, status, message, spec.urls, report=report, version=catalog.current_version(key)
    )


def _check_all_files_read(spec: DownloadSpec, paths: list[Path]) -> None:
    """Refuse a download the parser would read only in part.

    A multi-file parser finds its sibling files by name; a file saved under a name it
    does not expect (a mirror that renamed ``alt.csv``) would be silently left out,
    and the list loaded without its aliases.
    """
    if len(paths) < 2:
        return
    parser = get_source(spec.format) if spec.format else detect_source(paths[0])
    read = {p.resolve() for p in parser.companion_files(paths[0])}
    unread = [p.name for p in paths if p.resolve() not in read]
    if unread:
        raise CatalogError(
            f"{parser.NAME} would not read {', '.join(unread)} as part of the publication; "
            "the files must keep their official names"
        )


def _failed(catalog: Catalog, spec: DownloadSpec, reason: str) -> UpdateResult:
    current = catalog.current_version(spec.list_key)
    prefix = f"{spec.list_key}: "
    reason = reason[len(prefix) :] if reason.startswith(prefix) else reason
    keeps = f"; still serving {current}" if current else ""
    return UpdateResult(
        spec.list_key,
        UpdateStatus.FAILED,
        f"{spec.list_key}: failed: {reason}{keeps}",
        spec.urls,
        version=current,
    )


def _progress_callback(
    observer: UpdateObserver | None, key: str, url: str
) -> Callable[[int, int | None], None] | None:
    if observer is None:
        return None

    def callback(received: int, total: int | None) -> None:
        observer(UpdateEvent(key, "download", url, received, total))

    callback(0, None)
    return callback


__all__ = [
    "DownloadSpec",
    "UpdateEvent",
    "UpdateResult",
    "UpdateStatus",
    "default_downloads",
    "update",
]
