"""The catalog's tables and the small queries every part of the catalog shares.

Layout version 1 (`SCHEMA_VERSION`); the module docstring of `embargo.catalog.store`
explains the tables. Rows are read with `fetch_one`, which reads a result to its end:
DuckDB refuses new work on a cursor whose previous result is unfinished.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb

from embargo.catalog.models import FileInfo, VersionInfo
from embargo.model.entity import Entity
from embargo.types import EntityDict

SCHEMA_VERSION = "1"

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS catalog_meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS list_versions (
        version VARCHAR PRIMARY KEY,
        list_key VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        source VARCHAR NOT NULL,
        published VARCHAR,
        loaded_at TIMESTAMP NOT NULL,
        checksum VARCHAR NOT NULL,
        files VARCHAR NOT NULL,
        entities INTEGER NOT NULL,
        by_schema VARCHAR NOT NULL,
        is_delta BOOLEAN NOT NULL,
        base_version VARCHAR,
        forced BOOLEAN NOT NULL,
        skipped VARCHAR NOT NULL,
        UNIQUE (list_key, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS current_versions (
        list_key VARCHAR PRIMARY KEY,
        version VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS entity_bodies (
        body_hash VARCHAR PRIMARY KEY,
        data VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS version_entities (
        version VARCHAR NOT NULL,
        list_key VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        record_id VARCHAR NOT NULL,
        schema VARCHAR NOT NULL,
        caption VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL,
        body_hash VARCHAR NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS version_entities_entity_id ON version_entities (entity_id)",
)

#: Tables in dependency order (for dumps and checks).
TABLES: tuple[str, ...] = (
    "catalog_meta",
    "list_versions",
    "current_versions",
    "entity_bodies",
    "version_entities",
)

VERSION_COLUMNS = (
    "v.version, v.list_key, v.seq, v.source, v.published, v.loaded_at, v.checksum, "
    "v.files, v.entities, v.by_schema, v.is_delta, v.base_version, v.forced, v.skipped, "
    "c.version IS NOT NULL AS current"
)


def fetch_one(
    cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()
) -> tuple[Any, ...] | None:
    """The first row of a query, with the result read to its end (DuckDB refuses new
    work on a cursor whose previous result is unfinished)."""
    rows = cur.execute(sql, params).fetchall()
    return tuple(rows[0]) if rows else None


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def entity_from_row(data: str, version: str) -> Entity:
    record: EntityDict = json.loads(data)
    record["version"] = version
    return Entity.from_dict(record)


def version_from_row(row: tuple[Any, ...]) -> VersionInfo:
    files = tuple(FileInfo(f["name"], f["sha256"], int(f["size"])) for f in json.loads(row[7]))
    return VersionInfo(
        version=row[0],
        list_key=row[1],
        seq=int(row[2]),
        source=row[3],
        published=row[4],
        loaded_at=utc(row[5]),
        checksum=row[6],
        files=files,
        entities=int(row[8]),
        by_schema=json.loads(row[9]),
        is_delta=bool(row[10]),
        base_version=row[11],
        forced=bool(row[12]),
        skipped=json.loads(row[13]),
        current=bool(row[14]),
    )


def current_info(cur: duckdb.DuckDBPyConnection, list_key: str) -> VersionInfo | None:
    row = fetch_one(
        cur,
        f"SELECT {VERSION_COLUMNS} FROM current_versions c "
        "JOIN list_versions v ON v.version = c.version WHERE c.list_key = ?",
        [list_key],
    )
    return version_from_row(row) if row else None


def next_seq(cur: duckdb.DuckDBPyConnection, list_key: str) -> int:
    row = fetch_one(
        cur, "SELECT coalesce(max(seq), 0) + 1 FROM list_versions WHERE list_key = ?", [list_key]
    )
    return int(row[0]) if row else 1


__all__ = [
    "DDL",
    "SCHEMA_VERSION",
    "TABLES",
    "VERSION_COLUMNS",
    "current_info",
    "entity_from_row",
    "fetch_one",
    "next_seq",
    "utc",
    "version_from_row",
]
