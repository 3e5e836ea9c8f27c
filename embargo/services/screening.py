"""Screening snapshots: one catalog state, its index and its entities, immutable.

Every interface (CLI, HTTP API, batch engines, demo) screens against a
`ScreeningSnapshot`: the screening index built from one catalog state (the current
version of every list), the list versions it contains, and the listed entities'
FtM properties for display. A snapshot never changes once built; a newer catalog
state gives a new snapshot, and a server swaps its reference in one assignment, so a
request in flight keeps the snapshot it started with and never sees a half-built
index.

Snapshots are persisted next to the catalog (``index-<state token>/``) and reused by
later processes while the catalog state is the same; building writes to a temporary
directory and renames it into place, so a crash leaves no half-written snapshot.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from embargo.catalog import Catalog, ListInfo
from embargo.exc import IndexBuildError, QueryError
from embargo.index.memory import FORMAT_VERSION as INDEX_FORMAT_VERSION
from embargo.match.config import DEFAULT_CONFIG, MatchConfig
from embargo.normalize import fingerprint as normalize_fingerprint
from embargo.screen.party import Query, Screener, ScreenResult
from embargo.types import FtMEntityDict

log = logging.getLogger(__name__)

SNAPSHOT_PREFIX = "index-"
_INDEX_FILE = "screener.idx"
_ENTITIES_FILE = "entities.jsonl"
_META_FILE = "snapshot.json"


@dataclass(frozen=True, slots=True)
class ListVersion:
    list_key: str
    version: str
    published: str | None
    entities: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_key": self.list_key,
            "version": self.version,
            "published": self.published,
            "entities": self.entities,
        }


@dataclass(frozen=True)
class ScreeningSnapshot:
    """An immutable screening state: index + list versions + entity properties."""

    token: str
    screener: Screener
    lists: tuple[ListVersion, ...]
    entities: Mapping[str, FtMEntityDict] = field(repr=False)
    built_at: float = field(default_factory=time.time)
    path: Path | None = None

    @property
    def list_versions(self) -> dict[str, str]:
        return {lv.list_key: lv.version for lv in self.lists}

    def screen(
        self,
        query: Query,
        *,
        threshold: float | None = None,
        limit: int = 10,
        list_keys: Sequence[str] | None = None,
        group: bool = True,
    ) -> ScreenResult:
        """Screen one query; with ``group`` (default) the records of one target on
        several lists are reported as one hit under the most authoritative list
        (`MemoryIndex.entity_group`, `MatchConfig.list_priority`); the others are in
        the hit's ``related``. Unknown list keys are refused (a screening that
        silently skipped a list would look like a clean result)."""
        check_list_keys(list_keys, self.list_versions)
        return self.screener.screen(
            query, threshold=threshold, limit=limit, list_keys=list_keys, group=group
        )

    def warm_up(self) -> float:
        """Run a few queries in several scripts so that lazily built tables
        (transliterators, territory and name-symbol look-ups) are ready before the
        first real request; returns the seconds it took."""
        return self.screener.warm_up()

    def result_dict(self, result: ScreenResult) -> dict[str, Any]:
        """The result as JSON, stamped with the list versions it ran against."""
        body = result.to_dict()
        body["list_versions"] = self.list_versions
        return body

    def entity(self, entity_id: str) -> FtMEntityDict | None:
        return self.entities.get(entity_id)


def _list_versions(infos: Sequence[ListInfo]) -> tuple[ListVersion, ...]:
    return tuple(
        ListVersion(i.list_key, i.version, i.published, i.entities)
        for i in sorted(infos, key=lambda i: i.list_key)
    )


def check_list_keys(list_keys: Sequence[str] | None, served: Mapping[str, str]) -> None:
    """Raise QueryError naming list keys that are not served."""
    if not list_keys:
        return
    unknown = sorted(set(list_keys) - set(served))
    if unknown:
        raise QueryError(
            f"unknown list key(s) {', '.join(unknown)}; loaded lists: {', '.join(sorted(served))}"
        )


def snapshot_index_path(snapshot: ScreeningSnapshot) -> Path:
    """The persisted index file of a snapshot (what the Spark engine ships)."""
    if snapshot.path is None:
        raise ValueError("this snapshot was not persisted")
    return snapshot.path / _INDEX_FILE


def _snapshot_key(token: str, config: MatchConfig) -> str:
    """What a cached snapshot depends on: the catalog state, the index layout, the
    normalization rules and the matching configuration. A change of any of them (new
    list version, new word list or romanization rule, another config) means another
    snapshot, never a stale one."""
    raw = (
        f"{token}|index-format-{INDEX_FORMAT_VERSION}"
        f"|normalize-{normalize_fingerprint()}|{config.to_json()}"
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


def _snapshot_dir(cache_dir: Path, token: str, config: MatchConfig) -> Path:
    return cache_dir / f"{SNAPSHOT_PREFIX}{_snapshot_key(token, config)}"


def _read_snapshot(path: Path, token: str, config: MatchConfig | None) -> ScreeningSnapshot:
    meta = json.loads((path / _META_FILE).read_text("utf-8"))
    screener = Screener.load(path / _INDEX_FILE, config)
    entities: dict[str, FtMEntityDict] = {}
    with (path / _ENTITIES_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            entities[data["id"]] = data
    lists = tuple(ListVersion(**item) for item in meta["lists"])
    return ScreeningSnapshot(token, screener, lists, entities, float(meta["built_at"]), path)


def snapshot_from_catalog(
    catalog: Catalog,
    cache_dir: Path,
    *,
    config: MatchConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScreeningSnapshot:
    """The snapshot of the catalog's current state, loaded from cache or built."""
    token = catalog.state_token()
    cfg = config or DEFAULT_CONFIG
    target = _snapshot_dir(cache_dir, token, cfg)
    if (target / _META_FILE).exists():
        started = time.perf_counter()
        try:
            snap = _read_snapshot(target, token, cfg)
        except (IndexBuildError, OSError, ValueError, KeyError) as exc:
            log.warning("cached snapshot %s is unreadable (%s); rebuilding it", target.name, exc)
            shutil.rmtree(target, ignore_errors=True)
            return snapshot_from_catalog(catalog, cache_dir, config=cfg, progress=progress)
        log.info(
            "loaded screening snapshot %s in %.2f s", target.name, time.perf_counter() - started
        )
        return snap
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    lists = _list_versions(catalog.lists())
    say(f"reading {sum(lv.entities for lv in lists):,} entities from the catalog")
    entities = list(catalog.iter_entities())
    say(f"building the screening index over {len(entities):,} entities")
    screener = Screener.build(entities, cfg)
    ftm = {e.id: e.to_ftm() for e in entities}
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    try:
        screener.save(tmp / _INDEX_FILE)
        with (tmp / _ENTITIES_FILE).open("w", encoding="utf-8") as fh:
            for data in ftm.values():
                fh.write(json.dumps(data, ensure_ascii=False) + "\n")
        built_at = time.time()
        meta = {"token": token, "built_at": built_at, "lists": [lv.to_dict() for lv in lists]}
        (tmp / _META_FILE).write_text(json.dumps(meta, indent=1), "utf-8")
        try:
            os.replace(tmp, target)
        except OSError:
            if not (target / _META_FILE).exists():  # not a concurrent twin: a real error
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(cache_dir, keep=target)
    log.info("built screening snapshot %s in %.2f s", target.name, time.perf_counter() - started)
    return ScreeningSnapshot(token, screener, lists, ftm, built_at, target)


def _prune(cache_dir: Path, keep: Path) -> None:
    """Remove snapshots of older catalog states (they are rebuilt if ever needed)."""
    for path in cache_dir.glob(f"{SNAPSHOT_PREFIX}*"):
        if path != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def open_snapshot(
    catalog_path: Path,
    cache_dir: Path | None = None,
    *,
    config: MatchConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScreeningSnapshot:
    """Open the catalog read-only just long enough to get its current snapshot."""
    with Catalog(catalog_path, read_only=True) as catalog:
        return snapshot_from_catalog(
            catalog, cache_dir or catalog_path.parent, config=config, progress=progress
        )


def current_token(catalog_path: Path) -> str:
    with Catalog(catalog_path, read_only=True) as catalog:
        return catalog.state_token()
