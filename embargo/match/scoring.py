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

Retrieval ranks the candidates by how much of the query (and, at half weight, of
the listed name) their evidence covers, and scores the best few in full (at most
``scored_candidates``, fewer when the rest rank far below the best).

The score is a logistic model (`embargo.match.config.Calibration`) of eight name
features of the best (query name, listed name) pair — the rarity-weighted coverage
of the query's parts and of the listed name's parts, the similarity of the weakest
distinctive query part and of the weakest distinctive listed part (a recognisable
patronymic left aside), whether one name is contained in the other, how much rare
name matched, whether the query name has a single distinctive part, whether the
listed name is a weak alias — plus context: birth-date agreement or
conflict, country agreement or conflict, a shared identifier. Each part weighs its
rarity, ``ln(1 + N/df)``: a shared rare surname counts more than a shared
``Mohammed``. The name weights are fitted on the benchmark's development data
(``benchmarks/fit_calibration.py``); the context weights are likelihood-ratio
priors (see ``docs/matching.md``).

A name identical to a listed name (every part exact, nothing left over) is a
certain name match: its name evidence is set to ``exact_logit``, so that it
scores 1 unless context (e.g. a conflicting birth date) speaks against it. A
shared strong identifier (IMO, LEI, passport…) lifts the score to at least 0.95.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from embargo.index.base import CandidateIndex
from embargo.match.config import MatchConfig
from embargo.match.features import Alignment, PreparedName, align
from embargo.match.retrieval import Retriever
from embargo.model.schema import SCHEMATA, is_schema_compatible
from embargo.normalize.countries import CountryMatch, compare_countries, normalize_countries
from embargo.normalize.dates import DateMatch, PartialDate, compare_dates, parse_dates
from embargo.normalize.identifiers import compare_identifiers, identifier_keys, is_strong
from embargo.normalize.names import NameKind

#: Feature names, in the order of `Features.vector`.
FEATURES: tuple[str, ...] = (
    "query_coverage",
    "candidate_coverage",
    "weakest_part",
    "weakest_listed",
    "contained",
    "distinctive",
    "single_part",
    "weak_alias",
    "date_match",
    "date_conflict",
    "country_match",
    "country_conflict",
    "identifier",
)
#: Features that describe the name comparison (the rest is context).
NAME_FEATURES: tuple[str, ...] = (
    "query_coverage",
    "candidate_coverage",
    "weakest_part",
    "weakest_listed",
    "contained",
    "distinctive",
    "single_part",
    "weak_alias",
)
#: Features that describe the context (dates, countries, identifiers).
CONTEXT_FEATURES: tuple[str, ...] = tuple(f for f in FEATURES if f not in NAME_FEATURES)

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
    matched: float = 0.0
    missing: float = 0.0
    extra_person: float = 0.0
    extra_other: float = 0.0
    weakest_part: float = 0.0
    contained: float = 0.0
    distinctive: float = 0.0
    weakest_listed: float = 0.0
    inexact: float = 0.0
    strong_missing: float = 0.0
    single_part: float = 0.0
    date_match: float = 0.0
    date_conflict: float = 0.0
    country_match: float = 0.0
    country_conflict: float = 0.0
    identifier: float = 0.0
    weak_alias: float = 0.0
    # evidence behind the numbers (for explanations)
    exact: bool = False
    name_logit: float = -math.inf
    query_coverage: float = 0.0
    candidate_coverage: float = 0.0
    missing_max: float = 0.0
    extra_max: float = 0.0
    person: bool = False
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


class Matcher(Retriever):
    """Scores queries against the entities of one index (see module docstring);
    preparation and candidate retrieval are inherited from `Retriever`."""

    bound_features = NAME_FEATURES

    def __init__(self, index: CandidateIndex, config: MatchConfig) -> None:
        super().__init__(index, config)
        self._patronymic: dict[NameKind, list[bool]] = {}

    def patronymics(self, kind: NameKind) -> list[bool]:
        """Per vocabulary id: the part looks like a patronymic ("KUZHUGETOVICH",
        "MARATOVNA", "MYKHAILOVYCH"); all False for names other than persons."""
        cached = self._patronymic.get(kind)
        if cached is None:
            if kind is NameKind.PERSON:
                cached = [_PATRONYMIC.search(t) is not None for t in self.index.vocab]
            else:
                cached = [False] * len(self.index.vocab)
            self._patronymic[kind] = cached
        return cached

    def prepare(
        self,
        schema: str,
        names: Sequence[str],
        birth_dates: Sequence[str] = (),
        countries: Sequence[str] = (),
        identifiers: Sequence[tuple[str, str]] = (),
    ) -> PreparedQuery:
        kind, prepared = self.prepare_names(schema, names)
        return PreparedQuery(
            schema=schema,
            kind=kind,
            names=prepared,
            dates=parse_dates(birth_dates),
            countries=normalize_countries(countries),
            identifiers=identifier_keys(identifiers),
            schemata=compatible_schemata(schema),
        )

    def score(
        self,
        query: PreparedQuery,
        entity: int,
        forms: Sequence[tuple[int, float]] | None = None,
    ) -> Scored:
        """Score one candidate entity against a prepared query.

        Args:
            forms: ``(form, evidence)`` of the forms to align (from the candidate
                search); None aligns every form of the entity.
        """
        features = self.name_features(query, entity, forms)
        self._context_features(query, entity, features)
        return Scored(entity, self.score_features(features, query.kind), features)

    def name_features(
        self,
        query: PreparedQuery,
        entity: int,
        forms: Sequence[tuple[int, float]] | None = None,
    ) -> Features:
        """Features of the best (query name, listed name form) pair: the pair with
        the highest name logit under the calibration."""
        cfg = self.config
        index = self.index
        vocab = index.vocab
        kind = query.kind
        weights = self.weights[kind]
        weak = self._weak[kind]
        patronymic = self.patronymics(kind)
        person = kind is NameKind.PERSON
        cal = cfg.calibration.weights
        intercept = cfg.calibration.intercept
        w_query = cal.get("query_coverage", 0.0)
        w_listed = cal.get("candidate_coverage", 0.0)
        w_weakest = cal.get("weakest_part", 0.0)
        w_contained = cal.get("contained", 0.0)
        w_weakest_listed = cal.get("weakest_listed", 0.0)
        w_distinctive = cal.get("distinctive", 0.0)
        w_single = cal.get("single_part", 0.0)
        w_weak_alias = cal.get("weak_alias", 0.0)
        unit = self.unit
        best_pair: tuple[PreparedName, int, tuple[int, ...], Alignment, _PairValues] | None = None
        best_z = -math.inf
        if forms:
            top = forms[0][1] * FORM_FLOOR
            form_ids = [f for f, ev in forms if ev >= top]
        else:
            form_ids = list(index.entity_forms(entity))
        for name in query.names:
            strong = [i for i, s in enumerate(name.slots) if not s.weak]
            strong = strong or list(range(len(name.slots)))
            single = 1.0 if len(strong) == 1 else 0.0
            for form in form_ids:
                tokens = index.form_tokens(form)
                al = align(
                    name,
                    tokens,
                    vocab,
                    weights,
                    self.spelling_similarity,
                    person=person,
                    initial_sim=cfg.initial_similarity,
                )
                q_sims = al.query_sims
                weakest = min((q_sims[i] for i in strong), default=0.0)
                listed, listed_strong = _weakest_listed(tokens, al.candidate_sims, weak, patronymic)
                # a listed name is contained in the query only with two strong parts:
                # one word found in a longer name is weak evidence
                contained = max(weakest, listed if listed_strong >= 2 else 0.0)
                distinctive = _distinctive(al.matched_weight / unit)
                prop = index.form_name(form)[0]
                weak_alias = 1.0 if prop == "weakAlias" else 0.0
                if al.exact:
                    z = cfg.exact_logit
                else:  # the same logit `score_features` computes from name features
                    z = (
                        intercept
                        + w_query * al.query_coverage
                        + w_listed * al.candidate_coverage
                        + w_weakest * weakest
                        + w_contained * contained
                        + w_weakest_listed * listed
                        + w_distinctive * distinctive
                        + w_single * single
                        + w_weak_alias * weak_alias
                    )
                if z > best_z:
                    best_z = z
                    values = (weakest, listed, contained, distinctive, single, weak_alias)
                    best_pair = (name, form, tokens, al, values)
        if best_pair is None:
            return Features()
        name, form, tokens, al, values = best_pair
        weakest, listed, contained, distinctive, single, weak_alias = values
        # diagnostics of the chosen pair (explanations, calibration experiments)
        strong = [i for i, s in enumerate(name.slots) if not s.weak] or list(range(len(name.slots)))
        extra = (al.candidate_total - al.candidate_hit) / unit
        prop, text = index.form_name(form)
        return Features(
            matched=al.matched_weight / unit,
            missing=(name.total_weight - al.matched_weight) / unit,
            extra_person=extra if person else 0.0,
            extra_other=0.0 if person else extra,
            weakest_part=weakest,
            contained=contained,
            distinctive=distinctive,
            weakest_listed=listed,
            inexact=float(min(sum(1 for i in strong if al.query_sims[i] < 0.999), 2)),
            strong_missing=float(al.strong_missing),
            single_part=single,
            weak_alias=weak_alias,
            exact=al.exact,
            name_logit=best_z,
            query_coverage=al.query_coverage,
            candidate_coverage=al.candidate_coverage,
            missing_max=al.missing_max / unit,
            extra_max=al.extra_max / unit,
            person=person,
            query_name=name.text,
            candidate_name=text,
            candidate_prop=prop,
            alignment=al,
            query_tokens=tuple(s.forms[0] for s in name.slots),
            candidate_tokens=tuple(vocab[t] for t in tokens),
        )

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
        """Map features to the score in [0, 1] and record each feature's contribution
        to the logit (positive: evidence for a match, negative: against)."""
        cal = self.config.calibration
        weights = cal.weights
        contributions: dict[str, float] = {}
        if f.exact:
            z = self.config.exact_logit
            contributions["exact_name"] = z
        else:
            z = cal.intercept
            for name in NAME_FEATURES:
                value = weights.get(name, 0.0) * float(getattr(f, name))
                if value:
                    contributions[name] = value
                z += value
        f.name = _sigmoid(z)
        for name in CONTEXT_FEATURES:
            value = weights.get(name, 0.0) * float(getattr(f, name))
            if value:
                contributions[name] = value
            z += value
        score = _sigmoid(z)
        if f.exact and all(v >= 0.0 for v in contributions.values()):
            score = 1.0  # an identical name, and nothing speaks against it
        if f.identifier >= 1.0 and score < STRONG_ID_FLOOR:
            contributions["identifier_floor"] = STRONG_ID_FLOOR - score
            score = STRONG_ID_FLOOR
        f.contributions = contributions
        return min(1.0, max(0.0, score))


#: Forms of a candidate with less than this share of its best form's evidence are
#: not aligned.
FORM_FLOOR = 0.6

#: Least score of a candidate sharing a strong identifier with the query.
STRONG_ID_FLOOR = 0.95


#: (weakest query part, weakest listed part, contained, distinctive, single part,
#: weak alias) of one aligned pair of names.
_PairValues = tuple[float, float, float, float, float, float]

#: Russian, Ukrainian and Belarusian patronymics as romanized on the lists.
_PATRONYMIC = re.compile(r"(?:[oe]vi?ch|[oe]vych|[oe]vna|ichna|[iy]?ivna|[oe]vitch)$")

#: Matched rarity (in units of an average part) at which `distinctive` saturates.
DISTINCTIVE_SATURATION = 8.0
_LOG_SATURATION = math.log1p(DISTINCTIVE_SATURATION)


def _weakest_listed(
    tokens: Sequence[int],
    sims: Sequence[float],
    weak: Sequence[bool],
    patronymic: Sequence[bool],
) -> tuple[float, int]:
    """Similarity of the least similar strong part of the listed name, and how many
    strong parts it has (all parts when none is strong).

    ``weakest_part`` looks at the query only, so a query that adds a patronymic or a
    second surname to a listed name ("Sergey Victorovich CHEMEZOV" / "CHEMEZOV,
    Sergey") looks like a conflict; seen from the listed name, nothing is missing.
    A listed patronymic is not a strong part either ("Sergey SHOIGU" is a complete
    way to name SHOIGU, Sergei Kuzhugetovich) when it is recognisable: one part of a
    name of three or more that looks like one. Surnames look like patronymics too
    (ABRAMOVICH): with two such parts, or only two parts, none is set aside.
    """
    strong_parts = [i for i, t in enumerate(tokens) if not weak[t]]
    if not strong_parts:
        return min(sims, default=0.0), 0
    skip = -1
    if len(strong_parts) >= 3:
        looks = [i for i in strong_parts if patronymic[tokens[i]]]
        if len(looks) == 1:
            skip = looks[0]
    worst = 2.0
    strong = 0
    for i in strong_parts:
        if i != skip:
            strong += 1
            if sims[i] < worst:
                worst = sims[i]
    return worst, strong


def _distinctive(matched: float) -> float:
    """How much rare name matched, on a log scale in [0, 1]: coverage alone rates
    "Mohammed Ali" fully matched as highly as "Sergey Chemezov"; the rarity-weighted
    sum of the matched parts tells them apart."""
    return min(1.0, math.log1p(matched) / _LOG_SATURATION)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
