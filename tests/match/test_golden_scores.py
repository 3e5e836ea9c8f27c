"""Reviewed scoring cases: (query, listed entity, expected band), on the real reference list.

``tests/golden/match/scores.jsonl`` holds hand-reviewed pairs covering
transliteration, word order, honorifics, legal forms, typos, birth-date context and
namesakes. Each names a record of the benchmark reference list (real OFAC/UN data)
and the band its score must fall in under the default configuration:

* ``match``: at or above the configured threshold (an alert);
* ``review``: between 0.5 and the threshold (a near miss a reviewer may want to see);
* ``no_match``: below 0.5.

The entity is scored directly (not through retrieval) with the reference list's
rarity statistics. A band change is a behaviour change: review it like a golden file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from embargo.screen.party import Query
from tests.reference import reference_screener

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "match" / "scores.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines() if line.strip()
]


def band(score: float, threshold: float) -> str:
    if score >= threshold:
        return "match"
    return "review" if score >= 0.5 else "no_match"


def test_golden_file_covers_every_group() -> None:
    groups = {case["group"] for case in CASES}
    assert groups == {"translit", "order", "honorific", "orgtype", "typo", "context", "namesake"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['group']}:{c['query']['names'][0]}")
def test_golden_band(case: dict[str, Any]) -> None:
    screener = reference_screener()
    matcher = screener.matcher
    query = Query(**case["query"])
    prepared = matcher.prepare(
        query.schema, query.names, query.birth_dates, query.countries, query.identifier_pairs
    )
    entity = screener.index.entity_ids.index(case["entity"])
    scored = matcher.score(prepared, entity)
    got = band(scored.score, screener.config.threshold)
    assert got == case["band"], f"{case['why']}: score {scored.score:.3f}"
