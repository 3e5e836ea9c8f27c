"""A parsed publication turned into catalog rows, before any write.

Everything that can fail on the content (entities of another list, duplicate ids) fails
here, outside the transaction. Rows go to DuckDB as one Arrow table, so the insert is a
single bulk ``INSERT … SELECT``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]  # no stubs published

from embargo.catalog.diff import content_hash, entity_body
from embargo.catalog.models import FileInfo
from embargo.exc import CatalogError
from embargo.sources.base import ParseResult


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes (hex), read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def publication_checksum(files: Sequence[FileInfo]) -> str:
    """The checksum of a publication: its file's SHA-256, or for several files the
    SHA-256 of their sorted checksums (independent of file names and order)."""
    if len(files) == 1:
        return files[0].sha256
    joined = "\n".join(sorted(f.sha256 for f in files))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


class Staged:
    """A parsed publication turned into rows, ready for one transaction."""

    __slots__ = ("ids", "table")

    def __init__(self, result: ParseResult) -> None:
        ids: list[str] = []
        record_ids: list[str] = []
        schemata: list[str] = []
        captions: list[str] = []
        contents: list[str] = []
        bodies: list[str] = []
        hashes: list[str] = []
        seen: set[str] = set()
        for entity in result.entities:
            if entity.list_key != result.list_key:
                raise CatalogError(
                    f"{result.source}: entity {entity.id} belongs to list "
                    f"{entity.list_key!r}, not {result.list_key!r}"
                )
            if entity.id in seen:
                raise CatalogError(
                    f"{result.source}: entity id {entity.id} occurs twice in "
                    f"{', '.join(str(p) for p in result.files)}"
                )
            seen.add(entity.id)
            body, body_hash = entity_body(entity)
            ids.append(entity.id)
            record_ids.append(entity.record_id)
            schemata.append(entity.schema)
            captions.append(entity.caption)
            contents.append(content_hash(entity))
            bodies.append(body)
            hashes.append(body_hash)
        self.ids = seen
        self.table = pa.table(
            {
                "entity_id": pa.array(ids, pa.string()),
                "record_id": pa.array(record_ids, pa.string()),
                "schema": pa.array(schemata, pa.string()),
                "caption": pa.array(captions, pa.string()),
                "content_hash": pa.array(contents, pa.string()),
                "body_hash": pa.array(hashes, pa.string()),
                "data": pa.array(bodies, pa.string()),
            }
        )


__all__ = ["Staged", "publication_checksum", "sha256_file"]
