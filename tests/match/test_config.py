"""MatchConfig: explicit, validated, serializable."""

from __future__ import annotations

import pytest

from embargo.exc import MatchConfigError
from embargo.match.config import DEFAULT_CONFIG, MatchConfig


def test_round_trip_through_json() -> None:
    config = MatchConfig(name="strict", version="7", threshold=0.9)
    again = MatchConfig.from_json(config.to_json())
    assert again == config
    assert again.label == "strict@7"
    assert again.calibration.weights == DEFAULT_CONFIG.calibration.weights


def test_validation_gathers_every_problem() -> None:
    with pytest.raises(MatchConfigError) as err:
        MatchConfig(name="", threshold=2.0, candidates=0)
    message = str(err.value)
    assert "name" in message and "threshold" in message and "candidates" in message


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(MatchConfigError, match="unknown MatchConfig keys: colour"):
        MatchConfig.from_dict({"colour": "red"})
    with pytest.raises(MatchConfigError, match="unknown calibration keys"):
        MatchConfig.from_dict({"calibration": {"slope": 1}})
    with pytest.raises(MatchConfigError, match="not valid JSON"):
        MatchConfig.from_json("{")


def test_with_threshold_keeps_identity() -> None:
    lower = DEFAULT_CONFIG.with_threshold(0.5)
    assert lower.threshold == 0.5 and lower.label == DEFAULT_CONFIG.label
