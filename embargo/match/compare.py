"""Entity-to-entity comparison: is listed entity *b* the party described by *a*?

`compare` scores two entities without an index of the whole list: *a* is read as
a query (its names, birth dates, countries and identifiers) and *b* is indexed on
its own. With a single entity there are no rarity statistics, so every name part
weighs the same (weak parts — particles, honorifics, legal forms — less); the
score is otherwise computed exactly as in screening, and explained the same way.
The comparison is directional: parts of *b* that *a* leaves out (middle names)
cost less than parts of *a* that *b* lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from embargo.index.memory import MemoryIndex
from embargo.match.config import DEFAULT_CONFIG, MatchConfig
from embargo.match.explain import explain
from embargo.match.scoring import Matcher
from embargo.model.entity import Entity
from embargo.model.schema import NAME_PART_PROPS, NAME_PROPS, is_schema_compatible
from embargo.normalize.countries import COUNTRY_PROPS
from embargo.normalize.identifiers import ID_PROPS


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of `compare`: score in [0, 1], match flag, explanation."""

    score: float
    match: bool
    explanation: dict[str, Any]
    threshold: float
    config_name: str
    config_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "match": self.match,
            "threshold": self.threshold,
            "explanation": self.explanation,
            "config": {"name": self.config_name, "version": self.config_version},
        }


def _names(entity: Entity) -> list[str]:
    names = [v for p in NAME_PROPS for v in entity.get(p)]
    if not names:
        parts = [v for p in NAME_PART_PROPS for v in entity.get(p)]
        if parts:
            names = [" ".join(parts)]
    return names


def compare(a: Entity, b: Entity, config: MatchConfig | None = None) -> Comparison:
    """Score entity *b* as a candidate for the party described by entity *a*."""
    cfg = config or DEFAULT_CONFIG
    if not is_schema_compatible(a.schema, b.schema) or not _names(a) or not _names(b):
        detail = (
            f"schemata {a.schema} and {b.schema} cannot describe the same party"
            if not is_schema_compatible(a.schema, b.schema)
            else "one of the entities has no name"
        )
        return Comparison(0.0, False, {"summary": detail}, cfg.threshold, cfg.name, cfg.version)
    index = MemoryIndex.build([b])
    matcher = Matcher(index, cfg)
    query = matcher.prepare(
        a.schema,
        _names(a),
        a.get("birthDate"),
        [v for p in COUNTRY_PROPS for v in a.get(p)],
        [(v.prop, v.value) for v in a.iter_values(ID_PROPS)],
    )
    scored = matcher.score(query, 0)
    return Comparison(
        score=scored.score,
        match=scored.score >= cfg.threshold,
        explanation=explain(scored.features),
        threshold=cfg.threshold,
        config_name=cfg.name,
        config_version=cfg.version,
    )
