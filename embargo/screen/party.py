"""Party screening: is this person, company or vessel on a list?

    >>> screener = Screener.build(entities)                  # or Screener.load(path)
    >>> result = screener.screen(Query(schema="Person", names=["Sergei Shoigu"]))
    >>> result.results[0].caption, result.results[0].score, result.results[0].match

`Screener` binds a persisted index (`embargo.index.memory.MemoryIndex`) to a
`MatchConfig`. `screen` prepares the query, retrieves a bounded candidate set,
scores each candidate and returns the best hits with explanations. The result is
stamped with the configuration's name and version and the threshold applied, so
that a decision can be reproduced.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from embargo.exc import IndexBuildError, QueryError
from embargo.index.memory import MemoryIndex
from embargo.match.config import DEFAULT_CONFIG, MatchConfig
from embargo.match.explain import explain
from embargo.match.scoring import Matcher, Scored
from embargo.model.entity import Entity
from embargo.model.schema import NAME_PART_PROPS, NAME_PROPS, SCHEMATA
from embargo.normalize.countries import COUNTRY_PROPS, normalize_countries
from embargo.normalize.dates import parse_date
from embargo.normalize.identifiers import ID_PROPS

log = logging.getLogger(__name__)

#: Longest name accepted in a query (characters); longer input is not a name.
MAX_NAME_LENGTH = 500
#: Most names accepted in one query.
MAX_NAMES = 50


def _identifier_pairs(values: Iterable[str | tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for value in values:
        if isinstance(value, str):
            out.append(("idNumber", value))
        else:
            prop, text = value
            out.append((str(prop), str(text)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Query:
    """What to screen: a party's names and, where known, context.

    Attributes:
        schema: ``Person``, ``Organization``, ``Company``, ``Vessel``… or
            ``LegalEntity`` when unknown (matches any party).
        names: one or more names, any script.
        birth_dates: ISO dates (``1955``, ``1955-05``, ``1955-05-21``).
        countries: nationality / country names or ISO codes.
        identifiers: values, or ``(property, value)`` pairs (``("imoNumber",
            "9123456")``); a bare value is compared with every identifier.
        id: caller's reference, echoed in the result.
    """

    schema: str = "LegalEntity"
    names: Sequence[str] = ()
    birth_dates: Sequence[str] = ()
    countries: Sequence[str] = ()
    identifiers: Sequence[str | tuple[str, str]] = ()
    id: str | None = None

    def __post_init__(self) -> None:
        if self.schema not in SCHEMATA:
            raise QueryError(f"unknown schema {self.schema!r}; known: {', '.join(SCHEMATA)}")
        if isinstance(self.names, str):
            raise QueryError("names must be a list of strings, not one string")
        names = tuple(n.strip() for n in self.names if isinstance(n, str) and n.strip())
        if not names and not self.identifiers:
            raise QueryError("a query needs at least one name or identifier")
        if len(names) > MAX_NAMES:
            raise QueryError(f"a query may hold at most {MAX_NAMES} names")
        for name in names:
            if len(name) > MAX_NAME_LENGTH:
                raise QueryError(f"a name may be at most {MAX_NAME_LENGTH} characters long")
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "birth_dates", tuple(self.birth_dates))
        object.__setattr__(self, "countries", tuple(self.countries))
        object.__setattr__(self, "identifiers", _identifier_pairs(self.identifiers))

    @classmethod
    def from_ftm(cls, data: dict[str, Any]) -> Query:
        """A query from an FtM-shaped object ``{"schema", "properties", "id"?}``.

        Reads the name properties (``name``, ``alias``, ``weakAlias``,
        ``previousName``; name parts joined when no full name is given),
        ``birthDate``, the country properties and the identifier properties.
        """
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise QueryError("properties must be an object")

        def values(prop: str) -> list[str]:
            raw = props.get(prop) or []
            if isinstance(raw, str):
                raw = [raw]
            return [str(v) for v in raw if isinstance(v, str | int | float) and str(v).strip()]

        names = [v for p in NAME_PROPS for v in values(p)]
        if not names:
            parts = [v for p in NAME_PART_PROPS for v in values(p)]
            if parts:
                names = [" ".join(parts)]
        return cls(
            schema=str(data.get("schema") or "LegalEntity"),
            names=names,
            birth_dates=values("birthDate"),
            countries=[v for p in COUNTRY_PROPS for v in values(p)],
            identifiers=[(p, v) for p in ID_PROPS for v in values(p)],
            id=str(data["id"]) if data.get("id") is not None else None,
        )

    @classmethod
    def from_entity(cls, entity: Entity) -> Query:
        """A query describing an entity (for entity-to-entity comparison)."""
        return cls.from_ftm({"schema": entity.schema, "properties": entity.properties})

    @property
    def identifier_pairs(self) -> tuple[tuple[str, str], ...]:
        """Identifiers as ``(property, value)`` pairs."""
        return _identifier_pairs(self.identifiers)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": self.schema, "names": list(self.names)}
        if self.id is not None:
            out["id"] = self.id
        if self.birth_dates:
            out["birth_dates"] = list(self.birth_dates)
        if self.countries:
            out["countries"] = list(self.countries)
        if self.identifiers:
            out["identifiers"] = [list(p) for p in self.identifiers]
        return out


@dataclass(slots=True)
class Hit:
    """One listed entity returned for a query.

    Attributes:
        datasets: the lists carrying the target (one, unless records of several
            lists were grouped).
        related: ids of the target's records on other lists (grouped hits).
    """

    id: str
    caption: str
    schema: str
    score: float
    match: bool
    datasets: list[str]
    explanation: dict[str, Any] = field(default_factory=dict)
    related: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "caption": self.caption,
            "schema": self.schema,
            "score": round(self.score, 4),
            "match": self.match,
            "datasets": self.datasets,
            "related": self.related,
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class ScreenResult:
    """The answer to one query: hits sorted by score, and how they were obtained."""

    query: Query
    results: list[Hit]
    threshold: float
    config_name: str
    config_version: str
    candidates: int = 0
    duration_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def matches(self) -> list[Hit]:
        """Hits at or above the threshold (alerts)."""
        return [h for h in self.results if h.match]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.to_dict(),
            "results": [h.to_dict() for h in self.results],
            "threshold": self.threshold,
            "config": {"name": self.config_name, "version": self.config_version},
            "candidates": self.candidates,
            "duration_ms": round(self.duration_ms, 3),
            **({"warnings": self.warnings} if self.warnings else {}),
        }


class Screener:
    """Screens queries against one index with one configuration."""

    def __init__(self, index: MemoryIndex, config: MatchConfig | None = None) -> None:
        self.index = index
        self.config = config or DEFAULT_CONFIG
        self.matcher = Matcher(index, self.config)
        self._list_order = {key: i for i, key in enumerate(self.config.list_priority)}

    def warm_up(self) -> float:
        """Screen a few names in several scripts, so that what is built on first use
        (ICU transliterators, the territory table, name-symbol look-ups) is ready
        before the first real query; returns the seconds it took. Services call it
        after loading; a batch job pays it once, not per row."""
        started = time.perf_counter()
        for schema, name in _WARM_UP_QUERIES:
            self.screen(Query(schema=schema, names=[name]), limit=1, explain_hits=False)
        return time.perf_counter() - started

    @classmethod
    def build(cls, entities: Iterable[Entity], config: MatchConfig | None = None) -> Screener:
        """Index entities in memory (see `MemoryIndex.build`)."""
        return cls(MemoryIndex.build(entities), config)

    def save(self, path: Path) -> None:
        """Persist the index (the configuration is stored alongside as a default)."""
        self.index.meta["config"] = self.config.to_json()
        self.index.save(Path(path))

    @classmethod
    def load(cls, path: Path, config: MatchConfig | None = None) -> Screener:
        """Load a persisted index; ``config`` overrides the one saved with it."""
        index = MemoryIndex.load(Path(path))
        if config is None and "config" in index.meta:
            try:
                config = MatchConfig.from_json(index.meta["config"])
            except Exception as exc:  # an old config must not make the index unusable
                raise IndexBuildError(f"index {path} holds an unreadable config: {exc}") from exc
        return cls(index, config)

    def screen(
        self,
        query: Query,
        *,
        threshold: float | None = None,
        limit: int = 10,
        list_keys: Sequence[str] | None = None,
        explain_hits: bool = True,
        group: bool | None = None,
    ) -> ScreenResult:
        """Screen one query; hits sorted by score (at most ``limit``), each flagged
        ``match`` when its score reaches ``threshold`` (default: the config's).

        Args:
            group: report the records of one target on several lists as one hit
                (default: the config's ``group_designations``). The hit carries the
                record of the first list in the config's ``list_priority``, the best
                score of any of the target's records, every list in ``datasets`` and
                the other records in ``related``; its explanation names the record
                whose name met the query.
        """
        started = time.perf_counter()
        cfg = self.config
        cut = cfg.threshold if threshold is None else float(threshold)
        if not 0.0 <= cut <= 1.0:
            raise QueryError(f"threshold must be in [0, 1], got {cut}")
        matcher = self.matcher
        prepared = matcher.prepare(
            query.schema,
            query.names,
            query.birth_dates,
            query.countries,
            query.identifier_pairs,
        )
        keys = frozenset(list_keys) if list_keys is not None else None
        grouping = cfg.group_designations if group is None else group
        # grouping folds several records into one hit: rank more, cut after folding
        fetch = limit * 4 if grouping else limit
        scored, count = matcher.rank(prepared, list_keys=keys, limit=fetch)
        hits = self._hits(scored, cut, keys, explain_hits, grouping)[:limit]
        elapsed = (time.perf_counter() - started) * 1000.0
        log.info(
            "screened query %s: %d candidates, %d hits, %d matches, %.2f ms [%s]",
            query.id or "-",
            count,
            len(hits),
            sum(h.match for h in hits),
            elapsed,
            cfg.label,
        )
        return ScreenResult(
            query=query,
            results=hits,
            threshold=cut,
            config_name=cfg.name,
            config_version=cfg.version,
            candidates=count,
            duration_ms=elapsed,
            warnings=query_warnings(query),
        )

    def _priority(self, entity: int) -> tuple[int, str]:
        """Sort key of a record: its list's rank in ``list_priority``, then its id."""
        order = self._list_order
        key = self.index.entity_list(entity)
        return order.get(key, len(order)), self.index.entity_id(entity)

    def _hits(
        self,
        scored: Sequence[Scored],
        cut: float,
        keys: frozenset[str] | None,
        explain_hits: bool,
        grouping: bool,
    ) -> list[Hit]:
        index = self.index
        hits: list[tuple[float, tuple[int, str], Hit]] = []
        seen: set[int] = set()
        for item in scored:  # best first
            members = [item.entity]
            if grouping:
                members = [
                    m
                    for m in index.entity_group(item.entity)
                    if keys is None or index.entity_list(m) in keys
                ]
                if any(m in seen for m in members):
                    continue  # a better-scoring record of this target came first
                seen.update(members)
            lead = min(members, key=self._priority)
            explanation = explain(item.features) if explain_hits else {}
            if explain_hits and lead != item.entity:
                explanation["matched_record"] = index.entity_id(item.entity)
            lists = sorted({index.entity_list(m) for m in members})
            hit = Hit(
                id=index.entity_id(lead),
                caption=index.entity_caption(lead),
                schema=index.entity_schema(lead),
                score=item.score,
                match=item.score >= cut,
                datasets=lists,
                explanation=explanation,
                related=[index.entity_id(m) for m in sorted(members) if m != lead],
            )
            hits.append((item.score, self._priority(lead), hit))
        hits.sort(key=lambda h: (-h[0], h[1]))
        return [h for _, _, h in hits]

    def screen_many(
        self,
        queries: Iterable[Query],
        *,
        threshold: float | None = None,
        limit: int = 10,
        list_keys: Sequence[str] | None = None,
        explain_hits: bool = True,
    ) -> Iterator[ScreenResult]:
        """Screen queries one after another (same arguments as `screen`)."""
        for query in queries:
            yield self.screen(
                query,
                threshold=threshold,
                limit=limit,
                list_keys=list_keys,
                explain_hits=explain_hits,
            )


#: Names in the scripts and shapes `Screener.warm_up` screens.
_WARM_UP_QUERIES: tuple[tuple[str, str], ...] = (
    ("Person", "John Smith"),
    ("Person", "Сергей Иванов"),
    ("Person", "김철수"),
    ("Person", "محمد علي"),
    ("Person", "שמעון פרס"),
    ("Organization", "王氏贸易有限公司"),
    ("Organization", "株式会社サンプル"),
    ("Organization", "Acme Trading LLC"),
)


def query_warnings(query: Query) -> list[str]:
    """What the query gave that screening could not use: a birth date that is not a
    date, a country that is not a known country. The query is still screened (by
    name, and by the values that were readable), but a caller must not believe a
    date or a country was taken into account when it was not."""
    out: list[str] = []
    for value in query.birth_dates:
        if not parse_date(value):
            out.append(
                f"birth date {value!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD); ignored"
            )
    for value in query.countries:
        if not normalize_countries([value]):
            out.append(f"country {value!r} is not a known country name or code; ignored")
    return out


def load_ftm_entities(path: Path, list_key: str | None = None) -> Iterator[Entity]:
    """Entities of a FollowTheMoney JSON-lines file (one entity per line)."""
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield Entity.from_ftm(json.loads(line), list_key=list_key)


def screen(
    query: Query | str | Sequence[str],
    *,
    screener: Screener | None = None,
    entities: Iterable[Entity] | None = None,
    schema: str = "LegalEntity",
    birth_dates: Sequence[str] = (),
    countries: Sequence[str] = (),
    identifiers: Sequence[str | tuple[str, str]] = (),
    threshold: float | None = None,
    limit: int = 10,
    list_keys: Sequence[str] | None = None,
    config: MatchConfig | None = None,
) -> ScreenResult:
    """Screen a name (or a `Query`) in one call: ``embargo.screen("Sergei Shoigu",
    entities=entities)``.

    Pass a `Screener` to reuse its index (the usual case), or ``entities`` to index
    them for this call. A plain name or list of names becomes a `Query` with the
    given schema and context.
    """
    if screener is None:
        if entities is None:
            raise QueryError("embargo.screen needs screener= or entities= to screen against")
        screener = Screener.build(entities, config)
    if not isinstance(query, Query):
        names = [query] if isinstance(query, str) else list(query)
        query = Query(
            schema=schema,
            names=names,
            birth_dates=birth_dates,
            countries=countries,
            identifiers=identifiers,
        )
    return screener.screen(query, threshold=threshold, limit=limit, list_keys=list_keys)
