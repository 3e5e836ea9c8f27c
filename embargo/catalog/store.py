"""The catalog: every loaded version of every list, in one DuckDB file.

Why a versioned store: a screening decision must be reproducible years later, so the
exact list version it ran against must still be there; and an update must never leave
a half-written list behind, so a broken download keeps the last good version serving.

Layout (``SCHEMA_VERSION`` 1)::

    list_versions     one row per loaded version: list key, version id, load order,
                      format, publication date, load time, checksum, files (JSON),
                      counts by schema (JSON), delta/forced flags, skipped counts
    current_versions  list key → the version it serves now
    version_entities  one row per (version, designation): entity id, record id,
                      schema, caption, content hash (what diffs compare), body hash
    entity_bodies     body hash → `Entity.to_dict()` JSON (without the version)

A designation that does not change between two versions is stored once
(content-addressed by its body hash) and referenced by both, so keeping every daily
version of a list costs little more than its changes.

Loading is atomic: the publication is parsed completely first (a malformed, truncated
or wrong-format file raises `ParseError` before anything is written), checked against
the current version (`SanityCheckError` when it lost more entities than allowed), and
only then written in one transaction. A file that is already loaded (same checksum)
creates no new version.

Version ids read like ``un_sc@2026-02-27#a1b2c3d4``: list key, publication date (or
``undated``), and the first hex digits of the checksum.

DuckDB allows one writing process per file; other processes may open the file
read-only while no process writes. Within a process one `Catalog` may be shared by
threads: reads use their own cursor and writes are serialised by a lock.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import duckdb
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]  # no stubs published

from embargo.catalog._diffs import build_diff, diff_counts
from embargo.catalog._sql import (
    DDL,
    SCHEMA_VERSION,
    TABLES,
    VERSION_COLUMNS,
    current_info,
    entity_from_row,
    fetch_one,
    next_seq,
    utc,
    version_from_row,
)
from embargo.catalog._staging import Staged, publication_checksum, sha256_file
from embargo.catalog.diff import ListDiff
from embargo.catalog.models import FileInfo, ListInfo, LoadReport, LoadStatus, VersionInfo
from embargo.exc import CatalogError, ParseError, SanityCheckError
from embargo.model.entity import Entity
from embargo.sources import detect_source, get_source
from embargo.sources.base import ParseResult, SourceParser

log = logging.getLogger(__name__)

#: Default largest share of entities a new version may lose against the current one.
DEFAULT_MAX_DROP = 0.5

_FETCH_BATCH = 2000


class Catalog:
    """The versioned store of list versions (see the module docstring).

    Args:
        path: the DuckDB file; created with its parent directories unless
            ``read_only``.
        read_only: open an existing catalog for reading only (several processes may
            do so at once while no process writes).
        max_drop: largest share (0–1) of entities a new version may lose against the
            current one before `load` refuses it without ``force``.

    Raises:
        CatalogError: the file is missing (read-only), locked by another process, or
            not an embargo catalog of this schema version.
    """

    def __init__(
        self, path: Path, read_only: bool = False, *, max_drop: float = DEFAULT_MAX_DROP
    ) -> None:
        if not 0.0 <= max_drop <= 1.0:
            raise CatalogError(f"max_drop must be between 0 and 1, not {max_drop!r}")
        self.path = Path(path)
        self.read_only = read_only
        self.max_drop = max_drop
        self._lock = threading.Lock()
        if read_only and not self.path.exists():
            raise CatalogError(f"no catalog at {self.path}; load a list first (embargo load)")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise CatalogError(f"cannot open catalog {self.path}: {exc}") from exc
        try:
            self._prepare()
        except BaseException:
            self._con.close()
            raise

    # -- lifecycle ---------------------------------------------------------------

    def _prepare(self) -> None:
        if self.read_only:
            tables = {row[0] for row in self._con.execute("SHOW TABLES").fetchall()}
            missing = [t for t in TABLES if t not in tables]
            if missing:
                raise CatalogError(f"{self.path} is not an embargo catalog")
        else:
            for ddl in DDL:
                self._con.execute(ddl)
            self._con.execute(
                "INSERT INTO catalog_meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [SCHEMA_VERSION],
            )
        row = fetch_one(self._con, "SELECT value FROM catalog_meta WHERE key = 'schema_version'")
        if row is None or row[0] != SCHEMA_VERSION:
            found = row[0] if row else "none"
            raise CatalogError(
                f"{self.path} has catalog schema version {found}; "
                f"this embargo reads version {SCHEMA_VERSION}"
            )

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<Catalog {self.path} ({mode})>"

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, so threads sharing this catalog do not interfere."""
        try:
            return self._con.cursor()
        except duckdb.ConnectionException as exc:
            raise CatalogError(f"catalog {self.path} is closed") from exc

    # -- loading -----------------------------------------------------------------

    def load(
        self,
        path: Path,
        *,
        format: str | None = None,
        list_key: str | None = None,
        force: bool = False,
        allow_older: bool = True,
    ) -> LoadReport:
        """Load one publication as a new version of its list, atomically.

        Args:
            path: the publication (its primary file; a multi-file publication finds
                its sibling files itself).
            format: the parser NAME (or alias); default: recognised by content.
            list_key: load into this list instead of the format's default list.
            force: load even when the sanity check fails.
            allow_older: a publication dated before the current version becomes
                current (with a warning). An operator loading a file by hand means
                it; an unattended update does not (a stale mirror or cache must not
                replace newer designations), so `update` refuses it unless forced.

        Returns:
            A report; ``status`` is ``unchanged`` when the same publication (same
            checksum) is already loaded for the list.

        Raises:
            ParseError: the file is missing, malformed, truncated or not the format.
            SanityCheckError: the new version lost more entities than allowed, or
                is older than the current version and ``allow_older`` is false.
            CatalogError: the catalog is read-only, or the parser broke the contract
                (duplicate entity ids, entities of another list).
        """
        started = time.perf_counter()
        if self.read_only:
            raise CatalogError(f"catalog {self.path} is open read-only; cannot load")
        path = Path(path)
        if not path.is_file():
            raise ParseError("file does not exist", source=format or "catalog", path=path)
        parser: SourceParser = (
            get_source(format, list_key) if format else detect_source(path, list_key)
        )
        files = self._file_infos(parser.companion_files(path))
        checksum = publication_checksum(files)
        expected_key = parser.list_key_for(path)
        existing = self._version_by_checksum(expected_key, checksum)
        if existing is not None:
            return self._unchanged_report(existing, started)
        log.info("parsing %s as %s", path, parser.NAME)
        result = parser.read(path)
        if result.list_key != expected_key:
            existing = self._version_by_checksum(result.list_key, checksum)
            if existing is not None:
                return self._unchanged_report(existing, started)
        if sorted(Path(p).name for p in result.files) != sorted(f.name for f in files):
            files = self._file_infos([Path(p) for p in result.files])
            checksum = publication_checksum(files)
        staged = Staged(result)
        with self._lock:
            report = self._commit(
                result, staged, files, checksum, force=force, allow_older=allow_older or force
            )
        elapsed = time.perf_counter() - started
        log.info("%s (%.2f s)", report.message, elapsed)
        return _with_seconds(report, elapsed)

    @staticmethod
    def _file_infos(paths: Sequence[Path]) -> tuple[FileInfo, ...]:
        infos: list[FileInfo] = []
        for p in paths:
            file_path = Path(p)
            if not file_path.is_file():
                raise ParseError("file of the publication is missing", source="catalog", path=p)
            infos.append(FileInfo(file_path.name, sha256_file(file_path), file_path.stat().st_size))
        return tuple(infos)

    def _version_by_checksum(self, list_key: str, checksum: str) -> VersionInfo | None:
        with self._cursor() as cur:
            row = fetch_one(
                cur,
                f"SELECT {VERSION_COLUMNS} FROM list_versions v "
                "LEFT JOIN current_versions c ON c.version = v.version "
                "WHERE v.list_key = ? AND v.checksum = ? ORDER BY v.seq DESC LIMIT 1",
                [list_key, checksum],
            )
        return version_from_row(row) if row else None

    @staticmethod
    def _unchanged_report(info: VersionInfo, started: float) -> LoadReport:
        warnings: tuple[str, ...] = ()
        if not info.current:
            warnings = (f"{info.version} is loaded but is not the current version",)
        log.info("%s: already loaded as %s", info.list_key, info.version)
        return LoadReport(
            status=LoadStatus.UNCHANGED,
            list_key=info.list_key,
            version=info.version,
            previous=None,
            source=info.source,
            published=info.published,
            entities=info.entities,
            by_schema=dict(info.by_schema),
            checksum=info.checksum,
            files=info.files,
            is_delta=info.is_delta,
            forced=info.forced,
            skipped=dict(info.skipped),
            warnings=warnings,
            seconds=time.perf_counter() - started,
        )

    def _commit(
        self,
        result: ParseResult,
        staged: Staged,
        files: tuple[FileInfo, ...],
        checksum: str,
        *,
        force: bool,
        allow_older: bool = True,
    ) -> LoadReport:
        list_key = result.list_key
        warnings: list[str] = []
        with self._cursor() as cur:
            current = current_info(cur, list_key)
            by_schema = result.count_by_schema()
            count = len(staged.ids)
            deleted: set[str] = set()
            if result.is_delta:
                base_ids: set[str] = set()
                if current is None:
                    warnings.append(
                        f"delta applied to an empty list: the version holds only the "
                        f"{count} entities the delta adds or modifies"
                    )
                else:
                    base_ids = {
                        r[0]
                        for r in cur.execute(
                            "SELECT entity_id FROM version_entities WHERE version = ?",
                            [current.version],
                        ).fetchall()
                    }
                deleted = set(result.deleted_ids) - staged.ids
                missing = deleted - base_ids
                if missing and current is not None:
                    warnings.append(
                        f"{len(missing)} deleted ids are not in {current.version} (ignored)"
                    )
                kept = base_ids - deleted - staged.ids
                count = len(kept) + len(staged.ids)
                by_schema = _delta_by_schema(cur, current, kept, result)
            forced = self._sanity_check(list_key, current, count, force=force)
            if current and current.published and result.published:
                if result.published < current.published:
                    if not allow_older:
                        raise SanityCheckError(
                            f"{list_key}: the new publication is dated {result.published}, "
                            f"older than the current version {current.version} "
                            f"({current.published}); refused (force to load it anyway)"
                        )
                    warnings.append(
                        f"published {result.published} is older than the current version "
                        f"{current.version}; it becomes current all the same"
                    )
            version = self._new_version_id(cur, list_key, result.published, checksum)
            seq = next_seq(cur, list_key)
            loaded_at = datetime.now(UTC).replace(tzinfo=None)
            deleted_table = pa.table({"entity_id": pa.array(sorted(deleted), pa.string())})
            cur.register("_staged", staged.table)
            cur.register("_deleted", deleted_table)
            try:
                cur.execute("BEGIN TRANSACTION")
                try:
                    cur.execute(
                        "INSERT INTO entity_bodies SELECT DISTINCT s.body_hash, s.data "
                        "FROM _staged s ANTI JOIN entity_bodies b ON b.body_hash = s.body_hash"
                    )
                    cur.execute(
                        "INSERT INTO list_versions VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            version,
                            list_key,
                            seq,
                            result.source,
                            result.published,
                            loaded_at,
                            checksum,
                            json.dumps([f.to_dict() for f in files]),
                            count,
                            json.dumps(by_schema, sort_keys=True),
                            result.is_delta,
                            current.version if (result.is_delta and current) else None,
                            forced,
                            json.dumps(dict(sorted(result.skipped.items()))),
                        ],
                    )
                    cur.execute(
                        "INSERT INTO version_entities SELECT ?, ?, entity_id, record_id, "
                        "schema, caption, content_hash, body_hash FROM _staged",
                        [version, list_key],
                    )
                    if result.is_delta and current is not None:
                        cur.execute(
                            "INSERT INTO version_entities SELECT ?, list_key, entity_id, "
                            "record_id, schema, caption, content_hash, body_hash "
                            "FROM version_entities v WHERE v.version = ? "
                            "AND v.entity_id NOT IN (SELECT entity_id FROM _staged) "
                            "AND v.entity_id NOT IN (SELECT entity_id FROM _deleted)",
                            [version, current.version],
                        )
                    cur.execute(
                        "INSERT OR REPLACE INTO current_versions VALUES (?, ?)",
                        [list_key, version],
                    )
                    cur.execute("COMMIT")
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
            except duckdb.Error as exc:
                raise CatalogError(f"{list_key}: writing {version} failed: {exc}") from exc
            finally:
                cur.unregister("_staged")
                cur.unregister("_deleted")
            previous = current.version if current else None
            added, removed, changed = diff_counts(cur, list_key, previous, version)
        return LoadReport(
            status=LoadStatus.LOADED,
            list_key=list_key,
            version=version,
            previous=previous,
            source=result.source,
            published=result.published,
            entities=count,
            by_schema=by_schema,
            checksum=checksum,
            files=files,
            is_delta=result.is_delta,
            forced=forced,
            skipped=dict(result.skipped),
            added=added,
            removed=removed,
            changed=changed,
            warnings=tuple(warnings),
        )

    def _sanity_check(
        self, list_key: str, current: VersionInfo | None, count: int, *, force: bool
    ) -> bool:
        """Refuse a version that lost too many entities; True when ``force`` overrode it."""
        if current is None or current.entities == 0:
            return False
        drop = (current.entities - count) / current.entities
        if drop <= self.max_drop:
            return False
        message = (
            f"{list_key}: the new version has {count} entities, {drop:.0%} fewer than the "
            f"current version {current.version} ({current.entities}); more than "
            f"{self.max_drop:.0%} lost looks like a broken publication"
        )
        if force:
            log.warning("%s; loaded anyway (force)", message)
            return True
        raise SanityCheckError(message + "; refused (force to load it anyway)")

    @staticmethod
    def _new_version_id(
        cur: duckdb.DuckDBPyConnection, list_key: str, published: str | None, checksum: str
    ) -> str:
        for width in (8, 16, 64):
            version = f"{list_key}@{published or 'undated'}#{checksum[:width]}"
            exists = fetch_one(cur, "SELECT 1 FROM list_versions WHERE version = ?", [version])
            if exists is None:
                return version
        raise CatalogError(f"{list_key}: version for checksum {checksum} exists already")

    # -- reading -----------------------------------------------------------------

    def lists(self) -> list[ListInfo]:
        """The current version of every list, by list key."""
        with self._cursor() as cur:
            rows = cur.execute(
                "SELECT v.list_key, v.version, v.published, v.loaded_at, v.entities, "
                "v.by_schema, v.source, "
                "(SELECT count(*) FROM list_versions w WHERE w.list_key = v.list_key) "
                "FROM current_versions c JOIN list_versions v ON v.version = c.version "
                "ORDER BY v.list_key"
            ).fetchall()
        return [
            ListInfo(
                list_key=r[0],
                version=r[1],
                published=r[2],
                loaded_at=utc(r[3]),
                entities=r[4],
                by_schema=json.loads(r[5]),
                source=r[6],
                versions=r[7],
            )
            for r in rows
        ]

    def list_keys(self) -> list[str]:
        """Keys of every list that has a current version."""
        with self._cursor() as cur:
            rows = cur.execute("SELECT list_key FROM current_versions ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def versions(self, list_key: str) -> list[VersionInfo]:
        """Every loaded version of a list, in load order (oldest first).

        Raises:
            CatalogError: no version of the list is loaded.
        """
        with self._cursor() as cur:
            rows = cur.execute(
                f"SELECT {VERSION_COLUMNS} FROM list_versions v "
                "LEFT JOIN current_versions c ON c.version = v.version "
                "WHERE v.list_key = ? ORDER BY v.seq",
                [list_key],
            ).fetchall()
        if not rows:
            raise CatalogError(self._unknown_list(list_key))
        return [version_from_row(r) for r in rows]

    def version_info(self, version: str) -> VersionInfo:
        """One version by id.

        Raises:
            CatalogError: no such version.
        """
        with self._cursor() as cur:
            row = fetch_one(
                cur,
                f"SELECT {VERSION_COLUMNS} FROM list_versions v "
                "LEFT JOIN current_versions c ON c.version = v.version WHERE v.version = ?",
                [version],
            )
        if row is None:
            raise CatalogError(f"unknown version {version!r}")
        return version_from_row(row)

    def current_version(self, list_key: str) -> str | None:
        """The version a list serves now, or None if the list was never loaded."""
        with self._cursor() as cur:
            row = fetch_one(
                cur, "SELECT version FROM current_versions WHERE list_key = ?", [list_key]
            )
        return str(row[0]) if row else None

    def state_token(self) -> str:
        """A token that changes whenever the current version of any list changes.

        Indexes and caches built from the catalog key on it.
        """
        with self._cursor() as cur:
            rows = cur.execute(
                "SELECT list_key, version FROM current_versions ORDER BY list_key"
            ).fetchall()
        text = "\n".join(f"{key}={version}" for key, version in rows)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def get_entity(self, entity_id: str, version: str | None = None) -> Entity | None:
        """One designation, from the current version of its list or from ``version``.

        Returns None when the entity is not in that version.

        Raises:
            CatalogError: ``version`` is not a loaded version.
        """
        with self._cursor() as cur:
            if version is None:
                row = fetch_one(
                    cur,
                    "SELECT b.data, e.version FROM version_entities e "
                    "JOIN current_versions c ON c.version = e.version "
                    "JOIN entity_bodies b ON b.body_hash = e.body_hash "
                    "WHERE e.entity_id = ? LIMIT 1",
                    [entity_id],
                )
            else:
                self._require_version(cur, version)
                row = fetch_one(
                    cur,
                    "SELECT b.data, e.version FROM version_entities e "
                    "JOIN entity_bodies b ON b.body_hash = e.body_hash "
                    "WHERE e.entity_id = ? AND e.version = ?",
                    [entity_id, version],
                )
        return entity_from_row(row[0], row[1]) if row else None

    def entity_versions(self, entity_id: str) -> list[str]:
        """Every version (of any list) that contains the designation, in load order."""
        with self._cursor() as cur:
            rows = cur.execute(
                "SELECT e.version FROM version_entities e "
                "JOIN list_versions v ON v.version = e.version "
                "WHERE e.entity_id = ? ORDER BY v.list_key, v.seq",
                [entity_id],
            ).fetchall()
        return [r[0] for r in rows]

    def count_entities(self, list_keys: Sequence[str] | None = None) -> int:
        """Number of designations in the current versions of ``list_keys`` (all lists)."""
        keys = self._check_keys(list_keys)
        with self._cursor() as cur:
            row = fetch_one(
                cur,
                "SELECT coalesce(sum(v.entities), 0) FROM current_versions c "
                "JOIN list_versions v ON v.version = c.version "
                "WHERE ? IS NULL OR list_contains(?, c.list_key)",
                [keys, keys],
            )
        return int(row[0]) if row else 0

    def iter_entities(self, list_keys: Sequence[str] | None = None) -> Iterator[Entity]:
        """Every designation of the current versions of ``list_keys`` (default: all).

        Streams in batches, ordered by list key and entity id.

        Raises:
            CatalogError: a requested list was never loaded (raised at the call).
        """
        keys = self._check_keys(list_keys)
        return self._iter_current(keys)

    def _iter_current(self, keys: list[str] | None) -> Iterator[Entity]:
        with self._cursor() as cur:
            cur.execute(
                "SELECT b.data, e.version FROM version_entities e "
                "JOIN current_versions c ON c.version = e.version "
                "JOIN entity_bodies b ON b.body_hash = e.body_hash "
                "WHERE ? IS NULL OR list_contains(?, e.list_key) "
                "ORDER BY e.list_key, e.entity_id",
                [keys, keys],
            )
            while batch := cur.fetchmany(_FETCH_BATCH):
                for data, version in batch:
                    yield entity_from_row(data, version)

    def version_entities(self, version: str) -> Iterator[Entity]:
        """Every designation of one version (current or not), by entity id.

        Raises:
            CatalogError: unknown version (raised at the call).
        """
        with self._cursor() as cur:
            self._require_version(cur, version)
        return self._iter_version(version)

    def _iter_version(self, version: str) -> Iterator[Entity]:
        with self._cursor() as cur:
            cur.execute(
                "SELECT b.data FROM version_entities e "
                "JOIN entity_bodies b ON b.body_hash = e.body_hash "
                "WHERE e.version = ? ORDER BY e.entity_id",
                [version],
            )
            while batch := cur.fetchmany(_FETCH_BATCH):
                for (data,) in batch:
                    yield entity_from_row(data, version)

    def export_ftm(self, out: IO[str], list_keys: Sequence[str] | None = None) -> int:
        """Write the current designations as FollowTheMoney JSON lines; returns the count."""
        count = 0
        for entity in self.iter_entities(list_keys):
            out.write(json.dumps(entity.to_ftm(), ensure_ascii=False, sort_keys=True))
            out.write("\n")
            count += 1
        return count

    # -- diffs -------------------------------------------------------------------

    def diff(self, list_key: str, old: str | None = None, new: str | None = None) -> ListDiff:
        """Designations added, removed and changed between two versions of a list.

        Default ``new`` is the current version and default ``old`` the version loaded
        just before ``new``; with a single version, ``old`` is None and everything
        counts as added.

        Raises:
            CatalogError: unknown list or version, or a version of another list.
        """
        infos = self.versions(list_key)
        by_id = {info.version: info for info in infos}
        for given in (old, new):
            if given is not None and given not in by_id:
                raise CatalogError(f"{given!r} is not a version of list {list_key!r}")
        if new is None:
            current = next((i for i in infos if i.current), infos[-1])
            new = current.version
        if old is None and not (len(infos) == 1 and new == infos[0].version):
            new_seq = by_id[new].seq
            earlier = [i for i in infos if i.seq < new_seq]
            old = earlier[-1].version if earlier else None
        with self._cursor() as cur:
            return build_diff(cur, list_key, old, new)

    def changed_since(self, version: str) -> list[Entity]:
        """Designations added or changed in the current version since ``version``.

        The entities are those of the current version of the list ``version``
        belongs to; a customer base screened against ``version`` needs re-screening
        against exactly these. Removed designations are not returned.

        Raises:
            CatalogError: unknown version.
        """
        info = self.version_info(version)
        current = self.current_version(info.list_key)
        if current is None or current == version:
            return []
        with self._cursor() as cur:
            diff = build_diff(cur, info.list_key, version, current, with_removed=False)
        return diff.added + [change.new for change in diff.changed]

    # -- helpers -----------------------------------------------------------------

    def _check_keys(self, list_keys: Sequence[str] | None) -> list[str] | None:
        if list_keys is None:
            return None
        if isinstance(list_keys, str):
            raise TypeError("list_keys must be a sequence of list keys, not a string")
        known = set(self.list_keys())
        unknown = [k for k in list_keys if k not in known]
        if unknown:
            raise CatalogError(self._unknown_list(unknown[0]))
        return list(dict.fromkeys(list_keys))

    def _unknown_list(self, list_key: str) -> str:
        known = ", ".join(self.list_keys()) or "none loaded"
        return f"list {list_key!r} is not in the catalog (lists: {known})"

    @staticmethod
    def _require_version(cur: duckdb.DuckDBPyConnection, version: str) -> None:
        row = fetch_one(cur, "SELECT 1 FROM list_versions WHERE version = ?", [version])
        if row is None:
            raise CatalogError(f"unknown version {version!r}")


def _with_seconds(report: LoadReport, seconds: float) -> LoadReport:
    return replace(report, seconds=seconds)


def _delta_by_schema(
    cur: duckdb.DuckDBPyConnection,
    current: VersionInfo | None,
    kept: set[str],
    result: ParseResult,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entity in result.entities:
        counts[entity.schema] = counts.get(entity.schema, 0) + 1
    if current is not None and kept:
        rows = cur.execute(
            "SELECT entity_id, schema FROM version_entities WHERE version = ?",
            [current.version],
        ).fetchall()
        for entity_id, schema in rows:
            if entity_id in kept:
                counts[schema] = counts.get(schema, 0) + 1
    return dict(sorted(counts.items()))


__all__ = [
    "DEFAULT_MAX_DROP",
    "SCHEMA_VERSION",
    "TABLES",
    "Catalog",
    "publication_checksum",
    "sha256_file",
]
