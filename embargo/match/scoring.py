"""From a query and a listed entity to a score in [0, 1].

`Matcher` is bound to one index (whose rarity statistics weight name parts) and one
`MatchConfig`. For a query it:

1. **prepares** each query name once: parse and romanize it
   (`embargo.normalize.names`), look up every part's neighbours in the index
   vocabulary (spelling, phonetic and name-symbol neighbours) with their
   similarity, and weigh every part by rarity;
2. **retrieves** a bounded candidate set: the entities with most weighted part
   evidence (`CandidateIndex.search`), plus exact identifier hits;
3. **scores** each candidate: every query name is aligned with every listed name
   form (`embargo.match.features.align`); the best pair gives the name features,
   the entity's birth dates, countries and identifiers give the context features;
   `score_features` maps them to the score.

The name score is ``coverage of the query × (1 − β + β × coverage of the listed
name)``: every query part must be found, while listed parts the query leaves out
(middle names, patronymics) cost only the fraction β set per kind by
``extra_part_weight``. Birth date and country agreement nudge the score up;
conflicts push it down; a shared strong identifier (IMO, LEI, passport…) carries
a match on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from embargo.index.base import CandidateIndex
from embargo.match.config import MatchConfig
from embargo.match.features import (
    SYMBOL,
    Alignment,
    PreparedName,
    QuerySlot,
    align,
    token_similarity,
)
from embargo.model.schema import SCHEMATA, is_schema_compatible
from embargo.normalize.countries import CountryMatch, compare_countries, normalize_countries
from embargo.normalize.dates import DateMatch, PartialDate, compare_dates, parse_dates
from embargo.normalize.identifiers import compare_identifiers, identifier_keys, is_strong
from embargo.normalize.names import NameKind, is_weak, name_kind, parse_name

#: Feature names, in the order of `Features.vector`.
FEATURES: tuple[str, ...] = (
    "name",
    "query_coverage",
    "candidate_coverage",
    "strong_missing",
    "date_match",
    "date_conflict",
    "country_match",
    "country_conflict",
    "identifier",
    "weak_alias",
)

_DATE_VALUE: dict[DateMatch, tuple[float, float]] = {
    # (agreement, conflict)
    DateMatch.EXACT: (1.0, 0.0),
    DateMatch.MONTH: (0.8, 0.0),
    DateMatch.YEAR: (0.6, 0.0),
    DateMatch.SWAPPED: (0.4, 0.0),
    DateMatch.UNKNOWN: (0.0, 0.0),
    DateMatch.NEAR: (0.0, 0.4),
    DateMatch.CONFLICT: (0.0, 1.0),
}


@dataclass(slots=True)
class PreparedQuery:
    """A query normalized against one index (see `Matcher.prepare`)."""

    schema: str
    kind: NameKind
    names: list[PreparedName]
    dates: tuple[PartialDate, ...]
    countries: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]
    schemata: frozenset[str] | None


@dataclass(slots=True)
class Features:
    """Features of one (query, candidate) pair, and what produced them."""

    name: float = 0.0
    query_coverage: float = 0.0
    candidate_coverage: float = 0.0
    strong_missing: float = 0.0
    date_match: float = 0.0
    date_conflict: float = 0.0
    country_match: float = 0.0
    country_conflict: float = 0.0
    identifier: float = 0.0
    weak_alias: float = 0.0
    # evidence behind the numbers (for explanations)
    query_name: str = ""
    candidate_name: str = ""
    candidate_prop: str = ""
    alignment: Alignment | None = None
    query_tokens: tuple[str, ...] = ()
    candidate_tokens: tuple[str, ...] = ()
    date_verdict: DateMatch = DateMatch.UNKNOWN
    date_pair: tuple[str, str] | None = None
    country_verdict: CountryMatch = CountryMatch.UNKNOWN
    country_shared: str | None = None
    identifier_shared: tuple[str, str] | None = None
    contributions: dict[str, float] = field(default_factory=dict)

    def vector(self) -> list[float]:
        return [float(getattr(self, f)) for f in FEATURES]


@dataclass(frozen=True, slots=True)
class Scored:
    """A scored candidate entity."""

    entity: int
    score: float
    features: Features


def compatible_schemata(schema: str) -> frozenset[str] | None:
    """Candidate schemata a query of ``schema`` may match (None: any)."""
    out = frozenset(s for s in SCHEMATA if is_schema_compatible(schema, s))
    return None if out == frozenset(SCHEMATA) else out


class Matcher:
    """Scores queries against the entities of one index (see module docstring)."""

    def __init__(self, index: CandidateIndex, config: MatchConfig) -> None:
        self.index = index
        self.config = config
        n = max(index.entity_count, 1)
        self.unknown_weight = config.unknown_weight or math.log(1.0 + n)
        idf = [math.log(1.0 + n / max(int(df), 1)) for df in index.doc_freq]
        cap = config.weak_weight
        self.weights: dict[NameKind, list[float]] = {}
        for kind in NameKind:
            self.weights[kind] = [
                min(w, cap) if is_weak(t, kind) else w
                for t, w in zip(index.vocab, idf, strict=True)
            ]

    # -- preparation ----------------------------------------------------------------

    def prepare(
        self,
        schema: str,
        names: Sequence[str],
        birth_dates: Sequence[str] = (),
        countries: Sequence[str] = (),
        identifiers: Sequence[tuple[str, str]] = (),
    ) -> PreparedQuery:
        kind = name_kind(schema)
        prepared: list[PreparedName] = []
        seen: set[tuple[tuple[str, ...], ...]] = set()
        for text in names:
            for parsed in parse_name(text, kind):
                if parsed.slots in seen:
                    continue
                seen.add(parsed.slots)
                prepared.append(self._prepare_name(parsed.text, parsed.slots, parsed.native, kind))
        return PreparedQuery(
            schema=schema,
            kind=kind,
            names=prepared,
            dates=parse_dates(birth_dates),
            countries=normalize_countries(countries),
            identifiers=identifier_keys(identifiers),
            schemata=compatible_schemata(schema),
        )

    def _prepare_name(
        self,
        text: str,
        slots: tuple[tuple[str, ...], ...],
        native: tuple[str, ...],
        kind: NameKind,
    ) -> PreparedName:
        cfg = self.config
        index = self.index
        vocab = index.vocab
        weights = self.weights[kind]
        out: list[QuerySlot] = []
        total = 0.0
        for i, forms in enumerate(slots):
            sims: dict[int, float] = {}
            hows: dict[int, str] = {}
            for form in forms:
                for vid in index.neighbours(form):
                    sim = token_similarity(form, vocab[vid], cfg.phonetic_similarity)
                    if sim >= cfg.min_token_similarity and sim > sims.get(vid, 0.0):
                        sims[vid] = sim
            symbol_source = native[i] if native else forms[0]
            if len(symbol_source) >= 3 or not symbol_source.isascii():
                for vid in index.symbol_neighbours(symbol_source):
                    if sims.get(vid, 0.0) < cfg.symbol_similarity:
                        sims[vid] = cfg.symbol_similarity
                        hows[vid] = SYMBOL
            weak = any(is_weak(f, kind) for f in forms)
            weight = self._slot_weight(forms, sims, weights, weak)
            total += weight
            out.append(QuerySlot(forms, native[i] if native else "", weight, weak, sims, hows))
        return PreparedName(text=text, slots=out, total_weight=total)

    def _slot_weight(
        self,
        forms: tuple[str, ...],
        sims: dict[int, float],
        weights: list[float],
        weak: bool,
    ) -> float:
        index = self.index
        for form in forms:
            vid = index.token_id(form)
            if vid is not None:
                return weights[vid]
        if sims:
            best = max(sims.items(), key=lambda kv: (kv[1], -weights[kv[0]]))
            weight = weights[best[0]]
        else:
            weight = self.unknown_weight
        return min(weight, self.config.weak_weight) if weak else weight

    # -- retrieval and scoring --------------------------------------------------------

    def candidates(
        self,
        query: PreparedQuery,
        *,
        list_keys: frozenset[str] | None = None,
        limit: int | None = None,
    ) -> list[int]:
        """Entities worth scoring: best part evidence, plus identifier hits."""
        index = self.index
        limit = limit or self.config.candidates
        found: dict[int, float] = {}
        for name in query.names:
            evidence = [
                [(vid, slot.weight * sim) for vid, sim in slot.sims.items()] for slot in name.slots
            ]
            hits = index.search(evidence, schemata=query.schemata, list_keys=list_keys, limit=limit)
            for entity, value in hits:
                value /= name.total_weight or 1.0
                if value > found.get(entity, -1.0):
                    found[entity] = value
        ranked = sorted(found, key=lambda e: -found[e])[:limit]
        for _, id_value in query.identifiers:
            for entity in index.entities_by_identifier(id_value):
                if entity not in ranked and self._allowed(entity, query, list_keys):
                    ranked.append(entity)
        return ranked

    def _allowed(self, entity: int, query: PreparedQuery, list_keys: frozenset[str] | None) -> bool:
        index = self.index
        if query.schemata is not None and index.entity_schema(entity) not in query.schemata:
            return False
        return list_keys is None or index.entity_list(entity) in list_keys

    def score(self, query: PreparedQuery, entity: int) -> Scored:
        """Score one candidate entity against a prepared query."""
        features = self.name_features(query, entity)
        self._context_features(query, entity, features)
        return Scored(entity, self.score_features(features, query.kind), features)

    def name_features(self, query: PreparedQuery, entity: int) -> Features:
        """Features of the best (query name, listed name form) pair."""
        cfg = self.config
        index = self.index
        vocab = index.vocab
        kind = query.kind
        weights = self.weights[kind]
        person = kind is NameKind.PERSON
        beta = cfg.extra_part_weight.get(kind.value, 0.5)
        best: Features | None = None
        best_score = -1.0
        for name in query.names:
            for form in index.entity_forms(entity):
                tokens = index.form_tokens(form)
                al = align(
                    name,
                    tokens,
                    vocab,
                    weights,
                    person=person,
                    phonetic_sim=cfg.phonetic_similarity,
                    initial_sim=cfg.initial_similarity,
                    min_sim=cfg.min_token_similarity,
                )
                name_score = al.query_coverage * (1.0 - beta + beta * al.candidate_coverage)
                if name_score > best_score:
                    best_score = name_score
                    prop, text = index.form_name(form)
                    best = Features(
                        name=name_score,
                        query_coverage=al.query_coverage,
                        candidate_coverage=al.candidate_coverage,
                        strong_missing=float(al.strong_missing),
                        weak_alias=1.0 if prop == "weakAlias" else 0.0,
                        query_name=name.text,
                        candidate_name=text,
                        candidate_prop=prop,
                        alignment=al,
                        query_tokens=tuple(s.forms[0] for s in name.slots),
                        candidate_tokens=tuple(vocab[t] for t in tokens),
                    )
        return best if best is not None else Features()

    def _context_features(self, query: PreparedQuery, entity: int, f: Features) -> None:
        index = self.index
        if query.dates:
            verdict, qd, cd = compare_dates(query.dates, index.entity_dates(entity))
            f.date_verdict = verdict
            f.date_match, f.date_conflict = _DATE_VALUE[verdict]
            if qd is not None and cd is not None:
                f.date_pair = (str(qd), str(cd))
        if query.countries:
            cverdict, shared = compare_countries(query.countries, index.entity_countries(entity))
            f.country_verdict = cverdict
            f.country_shared = shared
            f.country_match = 1.0 if cverdict is CountryMatch.MATCH else 0.0
            f.country_conflict = 1.0 if cverdict is CountryMatch.CONFLICT else 0.0
        if query.identifiers:
            shared_id = compare_identifiers(query.identifiers, index.entity_identifiers(entity))
            if shared_id is not None:
                f.identifier_shared = shared_id
                f.identifier = 1.0 if is_strong(shared_id[0]) else 0.5

    def score_features(self, f: Features, kind: NameKind) -> float:
        """Map features to the score in [0, 1] and record each feature's contribution."""
        contributions: dict[str, float] = {"name": f.name}
        score = f.name
        adjust = {
            "date_match": 0.06 * f.date_match,
            "date_conflict": -0.3 * f.date_conflict,
            "country_match": 0.02 * f.country_match,
            "country_conflict": -0.08 * f.country_conflict,
            "weak_alias": -0.03 * f.weak_alias,
        }
        for key, value in adjust.items():
            if value:
                contributions[key] = value
                score += value
        if f.identifier >= 1.0:
            lifted = max(score, 0.95)
            contributions["identifier"] = lifted - score
            score = lifted
        elif f.identifier > 0:
            contributions["identifier"] = 0.05
            score += 0.05
        f.contributions = contributions
        return min(1.0, max(0.0, score))


def pair_similarity(a: str, b: str, config: MatchConfig) -> float:
    """Similarity of two romanized parts under ``config`` (for tests and tools)."""
    return token_similarity(a, b, config.phonetic_similarity)
