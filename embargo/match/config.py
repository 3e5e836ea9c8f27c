"""MatchConfig: every knob of the matcher, explicit and serializable.

A screening decision must be reproducible years later, so the configuration is a
value passed as an argument (never read from the environment), and its ``name`` and
``version`` are stamped on every result. Change any number → bump the version.

The defaults are the calibrated profile documented in ``docs/matching.md``; the
logistic weights in `Calibration` were fitted by ``benchmarks/fit_calibration.py``
on one half of the development split of the screening benchmark and checked on
the other half.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from embargo.exc import MatchConfigError


@dataclass(frozen=True, slots=True)
class Calibration:
    """Logistic map from match features to a score in [0, 1].

    ``score = 1 / (1 + exp(-(intercept + Σ weight·feature)))``. Feature names are
    those of `embargo.match.scoring.FEATURES`.
    """

    intercept: float = -3.376
    weights: dict[str, float] = field(
        default_factory=lambda: {
            # fitted: benchmarks/fit_calibration.py --fit all (dev split)
            "query_coverage": 1.258,
            "candidate_coverage": 1.044,
            "weakest_part": 1.342,
            "weakest_listed": 1.018,
            "contained": 1.343,
            "distinctive": 0.772,
            "single_part": -0.499,
            "weak_alias": -0.442,
            # priors: rounded log-likelihood ratios (see the fitting script)
            "date_match": 2.0,
            "date_conflict": -4.0,
            "country_match": 0.5,
            "country_conflict": -1.0,
            "identifier": 2.0,
        }
    )


#: Designating authorities first (the UN Security Council, whose designations
#: national lists implement, then national lists), consolidations of other lists last.
DEFAULT_LIST_PRIORITY: tuple[str, ...] = (
    "un_sc",
    "us_ofac_sdn",
    "us_ofac_cons",
    "eu_fsf",
    "gb_ofsi",
    "gb_fcdo",
    "ca_sema",
    "au_dfat",
    "jp_mof",
    "jp_meti_eul",
    "us_bis_dpl",
    "us_csl",
    "opensanctions",
)


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """The matcher's configuration.

    Attributes:
        name: profile name stamped on results.
        version: profile version; bump on any change.
        threshold: score at or above which a candidate is a match (an alert).
        candidates: how many candidate entities the index retrieves.
        scored_candidates: how many of them (best evidence first) are scored in full;
            the others only when their evidence covers most of the query.
        scored_forms: how many names of a candidate (best evidence first) are
            aligned with the query.
        min_token_similarity: token pairs less similar than this do not align.
        typo_similarity: the same for a query part that no listed name contains
            (most likely a slip: ``kah`` for ``kat``), compared without the extra
            cost of short parts.
        phonetic_similarity: similarity credited to two tokens with the same
            phonetic key (when their spelling is further apart).
        symbol_similarity: similarity credited to two tokens that are known forms
            of the same name (rigour name symbols, e.g. Евгений / Yevgeny).
        initial_similarity: similarity of an initial to a name starting with it
            (person names only).
        weak_weight: the weight cap of weak parts (particles, honorifics, legal
            forms) relative to rarity weights, which run from about 1 (a part on
            every third entity) to ln(N) (a part on one entity).
        unknown_weight: weight of a query part that no listed name contains
            (0: ln(1 + N), as rare as a part can be).
        exact_logit: name evidence (logit) of a name identical to a listed name.
        live_symbols: look up name symbols of query parts in rigour's names
            database at query time (also for original-script parts the index does
            not know). Off by default: the database takes many seconds to load in
            each process; the index already holds the symbols of every listed part.
        group_designations: report records of one target on several lists as one
            hit (see `embargo.index.memory.MemoryIndex.entity_group`). Off by
            default: the screening services group hits themselves
            (`embargo.screen.grouping`), and benchmark runs need one result per
            record.
        list_priority: which list's record represents a grouped hit, and breaks
            ties between equal scores: the designating authorities first, lists
            that re-publish others (trade.gov's consolidated list, OpenSanctions)
            last; lists not named come after the named ones.
        calibration: logistic weights from features to the score.
    """

    name: str = "embargo-default"
    version: str = "5"
    threshold: float = 0.76
    candidates: int = 30
    scored_candidates: int = 8
    scored_forms: int = 3
    min_token_similarity: float = 0.7
    typo_similarity: float = 0.6
    phonetic_similarity: float = 0.85
    symbol_similarity: float = 0.9
    initial_similarity: float = 0.7
    weak_weight: float = 1.0
    unknown_weight: float = 0.0  # 0 → ln(1 + N) of the index
    exact_logit: float = 5.0
    live_symbols: bool = False
    group_designations: bool = False
    list_priority: tuple[str, ...] = DEFAULT_LIST_PRIORITY
    calibration: Calibration = field(default_factory=Calibration)

    def __post_init__(self) -> None:
        object.__setattr__(self, "list_priority", tuple(self.list_priority))
        errors: list[str] = []
        if not self.name:
            errors.append("name must not be empty")
        if not 0.0 < self.threshold <= 1.0:
            errors.append(f"threshold must be in (0, 1], got {self.threshold}")
        if self.candidates < 1:
            errors.append(f"candidates must be >= 1, got {self.candidates}")
        for attr in (
            "min_token_similarity",
            "typo_similarity",
            "phonetic_similarity",
            "symbol_similarity",
            "initial_similarity",
        ):
            value = getattr(self, attr)
            if not 0.0 <= value <= 1.0:
                errors.append(f"{attr} must be in [0, 1], got {value}")
        if errors:
            raise MatchConfigError("invalid MatchConfig: " + "; ".join(errors))

    @property
    def label(self) -> str:
        """``name@version``, as stamped on results."""
        return f"{self.name}@{self.version}"

    def with_threshold(self, threshold: float) -> MatchConfig:
        """A copy with another threshold (same name and version: the threshold is
        stamped on results separately)."""
        return replace(self, threshold=threshold)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchConfig:
        """Build from `to_dict` output; unknown keys are an error, missing keys
        take their defaults."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise MatchConfigError(f"unknown MatchConfig keys: {', '.join(unknown)}")
        values = dict(data)
        cal = values.get("calibration")
        if isinstance(cal, dict):
            cal_known = {f.name for f in fields(Calibration)}
            bad = sorted(set(cal) - cal_known)
            if bad:
                raise MatchConfigError(f"unknown calibration keys: {', '.join(bad)}")
            values["calibration"] = Calibration(**cal)
        try:
            return cls(**values)
        except TypeError as exc:
            raise MatchConfigError(f"invalid MatchConfig: {exc}") from exc

    @classmethod
    def from_json(cls, text: str) -> MatchConfig:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MatchConfigError(f"MatchConfig is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise MatchConfigError("MatchConfig JSON must be an object")
        return cls.from_dict(data)


DEFAULT_CONFIG = MatchConfig()
