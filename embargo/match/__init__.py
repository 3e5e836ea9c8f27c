"""Matching: from a query and a listed entity to an explained score in [0, 1].

`MatchConfig` holds every parameter (stamped on results); `Matcher` scores queries
against an index; `compare` scores one entity against another.
"""

from embargo.match.compare import Comparison, compare
from embargo.match.config import DEFAULT_CONFIG, Calibration, MatchConfig
from embargo.match.scoring import Matcher

__all__ = ["DEFAULT_CONFIG", "Calibration", "Comparison", "MatchConfig", "Matcher", "compare"]
