"""Diffs computed from the catalog: a fingerprint join in SQL within one format, a
comparison in Python on what both formats publish across formats (see
`embargo.catalog.diff`)."""

from __future__ import annotations

import duckdb
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]  # no stubs published

from embargo.catalog._sql import entity_from_row, fetch_one
from embargo.catalog.diff import (
    EntityChange,
    ListDiff,
    compare_entities,
    diff_entities,
    format_scope,
)
from embargo.model.entity import Entity

_DIFF_SQL = """
    WITH o AS (SELECT entity_id, content_hash, body_hash FROM version_entities
               WHERE version = ?),
         n AS (SELECT entity_id, content_hash, body_hash FROM version_entities
               WHERE version = ?)
    SELECT coalesce(o.entity_id, n.entity_id) AS entity_id,
           o.body_hash AS old_body, n.body_hash AS new_body
    FROM o FULL OUTER JOIN n ON o.entity_id = n.entity_id
    WHERE o.entity_id IS NULL OR n.entity_id IS NULL OR o.content_hash <> n.content_hash
    ORDER BY entity_id
"""


def diff_counts(
    cur: duckdb.DuckDBPyConnection, list_key: str, old: str | None, new: str
) -> tuple[int, int, int]:
    """Added, removed and changed designations from ``old`` to ``new``."""
    if old is not None:
        diff = build_diff(cur, list_key, old, new)
        return len(diff.added), len(diff.removed), len(diff.changed)
    row = fetch_one(cur, "SELECT entities FROM list_versions WHERE version = ?", [new])
    return (int(row[0]) if row else 0), 0, 0


def _bodies(cur: duckdb.DuckDBPyConnection, hashes: set[str]) -> dict[str, str]:
    if not hashes:
        return {}
    table = pa.table({"body_hash": pa.array(sorted(hashes), pa.string())})
    cur.register("_wanted", table)
    try:
        rows = cur.execute(
            "SELECT b.body_hash, b.data FROM entity_bodies b SEMI JOIN _wanted w "
            "ON w.body_hash = b.body_hash"
        ).fetchall()
    finally:
        cur.unregister("_wanted")
    return dict(rows)


def _version_entity_map(cur: duckdb.DuckDBPyConnection, version: str) -> dict[str, Entity]:
    rows = cur.execute(
        "SELECT e.entity_id, b.data FROM version_entities e "
        "JOIN entity_bodies b ON b.body_hash = e.body_hash "
        "WHERE e.version = ? ORDER BY e.entity_id",
        [version],
    ).fetchall()
    return {entity_id: entity_from_row(data, version) for entity_id, data in rows}


def build_diff(
    cur: duckdb.DuckDBPyConnection,
    list_key: str,
    old: str | None,
    new: str,
    *,
    with_removed: bool = True,
) -> ListDiff:
    if old is not None:
        sources = dict(
            cur.execute(
                "SELECT version, source FROM list_versions WHERE version IN (?, ?)", [old, new]
            ).fetchall()
        )
        if sources.get(old) != sources.get(new):
            # different formats: compare in Python, on what both formats publish
            before = _version_entity_map(cur, old)
            after = _version_entity_map(cur, new)
            keep, ignored = format_scope(
                before.values(), after.values(), sources[old], sources[new]
            )
            diff = diff_entities(list_key, old, new, before, after, keep)
            diff.ignored = ignored
            if not with_removed:
                diff.removed = []
            return diff
    rows: list[tuple[str, str | None, str | None]] = cur.execute(
        _DIFF_SQL, [old or "", new]
    ).fetchall()
    wanted: set[str] = set()
    for _, old_body, new_body in rows:
        if new_body is not None:
            wanted.add(new_body)
        if old_body is not None and (with_removed or new_body is not None):
            wanted.add(old_body)
    bodies = _bodies(cur, wanted)
    diff = ListDiff(list_key=list_key, old=old, new=new)
    for _, old_body, new_body in rows:
        if old_body is None and new_body is not None:
            diff.added.append(entity_from_row(bodies[new_body], new))
        elif new_body is None and old_body is not None:
            if with_removed:
                diff.removed.append(entity_from_row(bodies[old_body], old or ""))
        elif old_body is not None and new_body is not None:
            before_entity = entity_from_row(bodies[old_body], old or "")
            after_entity = entity_from_row(bodies[new_body], new)
            # content hashes differ only when the compared values differ
            changes = compare_entities(before_entity, after_entity)
            diff.changed.append(EntityChange(before_entity, after_entity, changes))
    row = fetch_one(cur, "SELECT entities FROM list_versions WHERE version = ?", [new])
    new_count = int(row[0]) if row else 0
    diff.unchanged = new_count - len(diff.added) - len(diff.changed)
    return diff


__all__ = ["build_diff", "diff_counts"]
