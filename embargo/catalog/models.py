"""Records the catalog hands out: list versions, current lists, load reports.

Plain frozen dataclasses with ``to_dict`` for JSON output (``embargo lists --json``),
so the CLI and the HTTP API print the same shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypedDict


class FileInfoDict(TypedDict):
    name: str
    sha256: str
    size: int


class ListInfoDict(TypedDict):
    list_key: str
    version: str
    published: str | None
    loaded_at: str
    entities: int
    by_schema: dict[str, int]
    source: str
    versions: int


class VersionInfoDict(TypedDict):
    version: str
    list_key: str
    seq: int
    current: bool
    source: str
    published: str | None
    loaded_at: str
    checksum: str
    files: list[FileInfoDict]
    entities: int
    by_schema: dict[str, int]
    is_delta: bool
    base_version: str | None
    forced: bool
    skipped: dict[str, int]


class LoadReportDict(TypedDict):
    status: str
    message: str
    list_key: str
    version: str
    previous: str | None
    source: str
    published: str | None
    entities: int
    by_schema: dict[str, int]
    checksum: str
    files: list[FileInfoDict]
    is_delta: bool
    forced: bool
    skipped: dict[str, int]
    added: int
    removed: int
    changed: int
    warnings: list[str]
    seconds: float


@dataclass(frozen=True, slots=True)
class FileInfo:
    """One file of a publication as it was loaded."""

    name: str
    sha256: str
    size: int

    def to_dict(self) -> FileInfoDict:
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One loaded version of a list.

    Attributes:
        version: the version id, ``<list key>@<published>#<checksum prefix>``.
        list_key: the list.
        seq: load order within the list (1 = first version loaded).
        current: True for the version the list serves now.
        source: the parser (format) that read it.
        published: publication date stated in the file (ISO), or its proxy.
        loaded_at: when it was loaded (UTC).
        checksum: SHA-256 of the file, or of the sorted file checksums of a
            multi-file publication.
        files: name, SHA-256 and size of every file read.
        entities: number of designations in the version.
        by_schema: designations per schema.
        is_delta: the publication was a change set applied to ``base_version``.
        base_version: for a delta, the version it was applied to.
        forced: loaded despite a failed sanity check.
        skipped: values or rows the parser could not read, by reason.
    """

    version: str
    list_key: str
    seq: int
    current: bool
    source: str
    published: str | None
    loaded_at: datetime
    checksum: str
    files: tuple[FileInfo, ...]
    entities: int
    by_schema: dict[str, int]
    is_delta: bool = False
    base_version: str | None = None
    forced: bool = False
    skipped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> VersionInfoDict:
        return {
            "version": self.version,
            "list_key": self.list_key,
            "seq": self.seq,
            "current": self.current,
            "source": self.source,
            "published": self.published,
            "loaded_at": self.loaded_at.isoformat(),
            "checksum": self.checksum,
            "files": [f.to_dict() for f in self.files],
            "entities": self.entities,
            "by_schema": dict(self.by_schema),
            "is_delta": self.is_delta,
            "base_version": self.base_version,
            "forced": self.forced,
            "skipped": dict(self.skipped),
        }


@dataclass(frozen=True, slots=True)
class ListInfo:
    """The current version of one list."""

    list_key: str
    version: str
    published: str | None
    loaded_at: datetime
    entities: int
    by_schema: dict[str, int]
    source: str
    versions: int

    def to_dict(self) -> ListInfoDict:
        return {
            "list_key": self.list_key,
            "version": self.version,
            "published": self.published,
            "loaded_at": self.loaded_at.isoformat(),
            "entities": self.entities,
            "by_schema": dict(self.by_schema),
            "source": self.source,
            "versions": self.versions,
        }


class LoadStatus(StrEnum):
    """Outcome of a load that was not refused."""

    LOADED = "loaded"
    #: The same publication (same checksum) is already in the catalog.
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load did. A refused load raises instead (ParseError, SanityCheckError).

    ``added``/``removed``/``changed`` count designations against ``previous``, the
    version that was current before the load (all added when there was none).
    """

    status: LoadStatus
    list_key: str
    version: str
    previous: str | None
    source: str
    published: str | None
    entities: int
    by_schema: dict[str, int]
    checksum: str
    files: tuple[FileInfo, ...]
    is_delta: bool = False
    forced: bool = False
    skipped: dict[str, int] = field(default_factory=dict)
    added: int = 0
    removed: int = 0
    changed: int = 0
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def message(self) -> str:
        """One line for humans."""
        if self.status is LoadStatus.UNCHANGED:
            return f"{self.list_key}: already loaded as {self.version}"
        return (
            f"{self.list_key}: loaded {self.version} ({self.entities} entities; "
            f"{self.added} added, {self.removed} removed, {self.changed} changed"
            + (f" since {self.previous}" if self.previous else "")
            + ")"
        )

    def to_dict(self) -> LoadReportDict:
        return {
            "status": self.status.value,
            "message": self.message,
            "list_key": self.list_key,
            "version": self.version,
            "previous": self.previous,
            "source": self.source,
            "published": self.published,
            "entities": self.entities,
            "by_schema": dict(self.by_schema),
            "checksum": self.checksum,
            "files": [f.to_dict() for f in self.files],
            "is_delta": self.is_delta,
            "forced": self.forced,
            "skipped": dict(self.skipped),
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "warnings": list(self.warnings),
            "seconds": round(self.seconds, 3),
        }


__all__ = ["FileInfo", "ListInfo", "LoadReport", "LoadStatus", "VersionInfo"]
