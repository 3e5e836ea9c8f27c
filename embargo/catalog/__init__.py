"""The catalog: every version of every list, stored atomically, diffed, updated.

`Catalog` is the versioned store (DuckDB); `ListDiff` says what changed between two
versions; `update` downloads the current publications and loads them.
"""

from __future__ import annotations

from embargo.catalog.diff import EntityChange, ListDiff, PropertyChange
from embargo.catalog.models import FileInfo, ListInfo, LoadReport, LoadStatus, VersionInfo
from embargo.catalog.store import Catalog

__all__ = [
    "Catalog",
    "EntityChange",
    "FileInfo",
    "ListDiff",
    "ListInfo",
    "LoadReport",
    "LoadStatus",
    "PropertyChange",
    "VersionInfo",
]
